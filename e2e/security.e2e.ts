import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, login, openBrowser, screenshot, uniqueUscc } from './browser';

const base = inject('baseURL');
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(() => browser.close());

/** Markup that runs script if any page ever renders user input as HTML. */
const PAYLOADS = {
  name: `<img src=x onerror="window.__xss='name'">本溪探针厂`,
  address: `"><script>window.__xss='address'</script>`,
  legalRepresentative: `<svg onload="window.__xss='rep'">`,
};

describe('stored XSS', () => {
  it('markup saved in an enterprise’s fields shows as text on the list and the detail page, and runs nothing', async () => {
    const commander = await apiSession(base, 'commander');
    const created = await commander.post<{ id: number }>('/api/enterprises', {
      uscc: uniqueUscc(Date.now() % 800_000_000),
      divisionCode: '210502',
      industryCode: '3311',
      sizeClass: 'small',
      ...PAYLOADS,
    });
    const { page } = browser;
    await login(page, base, 'commander');
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${base}/enterprises?q=${encodeURIComponent('本溪探针厂')}`);
    await page.getByText(PAYLOADS.name).first().waitFor();
    await page.goto(`${base}/enterprises/${created.id}`);
    await page.getByText(PAYLOADS.name).first().waitFor();
    await page.getByText(PAYLOADS.address).first().waitFor();
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // No element was made from the payloads: they are text nodes.
    expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
    await screenshot(page, 'security-xss-inert');
  });
});
