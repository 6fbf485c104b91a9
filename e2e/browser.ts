import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { USCC_ALPHABET, usccCheckChar } from '../shared/uscc';

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

/** Signs the browser out (cookies gone) and in again as someone else. */
export async function switchUser(page: Page, base: string, username: string, password = 'Tongchou@2020') {
  await page.context().clearCookies();
  await login(page, base, username, password);
}

/** Lets modal, drawer and message animations finish before a screenshot. */
export async function settle(page: Page, ms = 600) {
  await page.waitForTimeout(ms);
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
 * Clicks a button that opens a dialog (or a form) and waits for an element of it. A click that
 * lands while the page is still laying itself out can be lost: click again, up to 4 times.
 */
export async function openWith(page: Page, buttonTestId: string, shownTestId: string) {
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.getByTestId(buttonTestId).click();
    try {
      await page.getByTestId(shownTestId).waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch {
      await page.waitForTimeout(300);
    }
  }
  throw new Error(`${buttonTestId} did not open ${shownTestId}`);
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

/** A signed-in API session (cookie + CSRF token) for setting or reading the scene of a spec. */
export async function apiSession(base: string, username: string, password = 'Tongchou@2020') {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = (await res.json()) as { csrfToken: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': me.csrfToken,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    /** The status of a GET, for checks that expect a refusal. */
    status: async (path: string) => (await fetch(`${base}${path}`, { headers: { cookie } })).status,
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
    put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
    patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
  };
}

/** A valid USCC of a 平山区 company that differs from run to run (the demo's codes are fixed). */
export function uniqueUscc(seed: number, division = '210502'): string {
  const body = Array.from({ length: 9 }, (_, i) => USCC_ALPHABET[Math.floor(seed / 31 ** i) % 31]).join('');
  const first = `91${division}${body}`;
  return first + usccCheckChar(first);
}
