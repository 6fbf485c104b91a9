import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { login, openBrowser, screenshot } from './browser';

const base = inject('baseURL');
const PHONE = { width: 390, height: 844 };
const TODAY = '2020-03-10';

let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  browser = await openBrowser(PHONE);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('daily report, zero report (phone)', () => {
  it('the enterprise files a zero report with its workforce figures', async () => {
    const { page } = browser;
    await login(page, base, 'enterprise');
    await page.goto(`${base}/reports/today`);
    await page.getByTestId('report-filing-page').waitFor();
    await page.getByTestId('report-zero').waitFor();
    await screenshot(page, 'daily-report-form');

    // The workforce figures (the scene's numbers, whatever yesterday's prefilled).
    const figures: Record<string, string> = {
      onSiteWorkers: '412',
      returnedToday: '6',
      fromOutsideProvince: '3',
      fromKeyAreas: '0',
      underObservation: '2',
      capacityPct: '85',
    };
    for (const [key, value] of Object.entries(figures)) {
      const input = page.locator(`#filing_${key}`);
      await input.fill('');
      await input.fill(value);
    }
    await page.getByTestId('report-zero').click();

    const filed = page.getByTestId('report-filed');
    await filed.waitFor({ timeout: 15_000 });
    await expect(filed.getByTestId('report-content').textContent()).resolves.toBe('零报告');
    await expect(filed.getByTestId('report-timeliness').textContent()).resolves.toBe('按时');
    await expect(filed.getByTestId('report-revision').textContent()).resolves.toBe('第 1 版');
    await screenshot(page, 'daily-report-filed');

    // The API, with the browser's session, holds a zero report for today.
    const me = (await (await page.request.get(`${base}/api/me`)).json()) as { enterpriseId: number };
    expect(me.enterpriseId).toBeGreaterThan(0);
    const res = await page.request.get(
      `${base}/api/daily-reports?enterpriseId=${me.enterpriseId}&date=${TODAY}`,
    );
    expect(res.status()).toBe(200);
    const body = (await res.json()) as {
      items: { zero: boolean; content: string; onTime: boolean; values: Record<string, unknown> }[];
    };
    expect(body.items).toHaveLength(1);
    const [report] = body.items;
    expect(report.zero).toBe(true);
    expect(report.content).toBe('zero');
    expect(report.onTime).toBe(true);
    expect(report.values.onSiteWorkers).toBe(412);
    expect(report.values.feverOrSymptoms).toBe(0);

    // Filing again says it makes revision 2.
    await page.getByTestId('report-file-again').click();
    await page.getByTestId('report-new-revision').waitFor();
    expect(await page.getByTestId('report-new-revision').textContent()).toContain('第 2 版');
  }, 120_000);
});
