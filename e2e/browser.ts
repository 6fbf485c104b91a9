import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const SCREENSHOTS = path.resolve('e2e/screenshots');

/** Headless Debian Chromium with the flags this machine's closed network needs. */
export async function openBrowser(
  viewport = { width: 1366, height: 768 },
): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    locale: 'zh-CN',
    acceptDownloads: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Signs in through the login form. */
export async function login(page: Page, base: string, username: string, password = 'Tongchou@2020') {
  await page.goto(`${base}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

/**
 * Picks an option of an antd Select. The dropdown animates in, so a click can land
 * while it is still moving; retry until the select shows the choice.
 */
export async function chooseOption(page: Page, testId: string, title: string) {
  const select = page.getByTestId(testId);
  const option = page.locator(
    `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${title}"]`,
  );
  for (let attempt = 0; attempt < 4; attempt++) {
    await select.click();
    try {
      await option.waitFor({ state: 'visible', timeout: 5_000 });
      await option.click({ timeout: 5_000 });
    } catch {
      await page.keyboard.press('Escape');
    }
    const chosen = select.locator(`[title="${title}"]`);
    if (await chosen.count()) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`could not choose "${title}" in ${testId}`);
}
