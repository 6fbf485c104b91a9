import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  apiSession,
  login,
  openBrowser,
  openWith,
  screenshot,
  settle,
  switchUser,
  uniqueUscc,
} from './browser';

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

describe('personal API tokens', () => {
  it('a token made on 我的账户 acts for its owner until it is revoked there, then is refused at once', async () => {
    const { page } = browser;
    // The browser may be signed in already (the tests before share it).
    await switchUser(page, base, 'leader');
    await page.goto(`${base}/account`);
    const name = `e2e 集成 ${Date.now() % 100_000}`;
    // The page loads lazily: click once its table is there and it has settled.
    await page.getByTestId('token-table').waitFor();
    await settle(page);
    await openWith(page, 'token-new', 'token-name');
    await page.getByTestId('token-name').fill(name);
    await page.locator('.ant-modal-footer .ant-btn-primary').filter({ visible: true }).click();
    const shown = await page.getByTestId('token-plaintext').textContent();
    const token = /tc_\S+/.exec(shown ?? '')?.[0];
    expect(token, shown ?? '').toBeTruthy();
    const me = () => fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    // Twice: the second from the instance's cache of token owners.
    for (let i = 0; i < 2; i++) {
      const res = await me();
      expect(res.status).toBe(200);
      expect((await res.json()).username).toBe('leader');
    }
    await page.getByRole('button', { name: '我已保存' }).click();
    const row = page.getByTestId('token-table').locator('tr', { hasText: name });
    await row.locator('[data-testid^="token-revoke-"]').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').filter({ visible: true }).click();
    await row.getByText('已吊销').waitFor();
    expect((await me()).status).toBe(401);
    await screenshot(page, 'security-token-revoked');
  });
});
