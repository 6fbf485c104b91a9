import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseOption, login, openBrowser, screenshot } from './browser';

const base = inject('baseURL');
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(() => browser.close());

describe('administrator and auditor (三员分立)', () => {
  it('admin creates a district clerk who must change the first password; the auditor sees it and verifies the chain', async () => {
    const { page, context } = browser;
    await login(page, base, 'admin');
    await page.goto(`${base}/admin/users`);
    await page.getByTestId('user-new').click();
    await page.locator('#username').fill('e2e_clerk');
    await page.locator('#displayName').fill('溪湖区 测试员');
    await chooseOption(page, 'user-role', '县区');
    await chooseOption(page, 'user-division', '溪湖区');
    await page.locator('#password').fill('Clerk@2020x');
    await page.getByTestId('user-submit').click();
    const search = page
      .locator('input[data-testid="user-search"], [data-testid="user-search"] input')
      .first();
    await search.fill('e2e_clerk');
    await search.press('Enter');
    await page.getByTestId('user-table').getByText('e2e_clerk').waitFor();
    await screenshot(page, 'admin-user-created');

    // The admin reads no business data: the registry is refused.
    const registry = await page.request.get(`${base}/api/enterprises`);
    expect(registry.status()).toBe(403);

    await context.clearCookies();
    await login(page, base, 'e2e_clerk', 'Clerk@2020x');
    await page.getByTestId('must-change-password').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');

    await context.clearCookies();
    await login(page, base, 'auditor');
    await page.goto(`${base}/audit`);
    const table = page.getByTestId('audit-table');
    await table.getByText('user.create').first().waitFor();
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/日志链完整/);
    await screenshot(page, 'auditor-verified');
    const users = await page.request.get(`${base}/api/users`);
    expect(users.status()).toBe(403);
  });
});
