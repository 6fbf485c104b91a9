import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseOption, login, openBrowser, screenshot } from './browser';

const base = inject('baseURL');
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
/** A past day nobody has chased yet (the scheduler chases yesterday and today only). */
const PAST_DAY = '2020-03-05';

let browser: Awaited<ReturnType<typeof openBrowser>>;
let directiveId = 0;

async function switchUser(page: Page, username: string, viewport = DESKTOP) {
  await browser.context.clearCookies();
  await page.setViewportSize(viewport);
  await login(page, base, username);
}

/** Lets popovers and messages settle before a screenshot. */
const settle = (page: Page) => page.waitForTimeout(600);

async function json<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${base}${path}`);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

type Compliance = { total: { targeted: number; acknowledged: number; completed: number } };

beforeAll(async () => {
  browser = await openBrowser(DESKTOP);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('report oversight: directives, completeness and chasing, the form', () => {
  it('the commander issues a directive; the liaison acknowledges it for the enterprise; compliance moves', async () => {
    const { page } = browser;
    await switchUser(page, 'commander');
    await page.goto(`${base}/directives/new`);
    await page.getByTestId('directive-form').waitFor();
    await page.locator('#title').fill('本溪市新冠肺炎疫情防控指挥部令（第9号）');
    await page.locator('#body').fill('平山区已复工企业须于三日内完成员工健康复查并更新消杀台账。');
    await page.locator('#actions_0_label').fill('已完成员工健康复查');
    await page.getByText('添加措施').click();
    await page.locator('#actions_1_label').fill('已更新消杀台账');
    await chooseOption(page, 'directive-divisions', '平山区');
    await page.keyboard.press('Escape');
    await page.getByTestId('directive-submit').click();
    await page.waitForURL(/\/directives\/\d+$/, { timeout: 30_000 });
    directiveId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('directive-compliance').waitFor();
    const before = await json<Compliance>(page, `/api/directives/${directiveId}/compliance`);
    expect(before.total.targeted).toBeGreaterThan(0);
    expect(before.total).toMatchObject({ acknowledged: 0, completed: 0 });
    await expect(page.getByTestId('directive-compliance').textContent()).resolves.toContain('已签收 0 家');

    // The demo enterprise's liaison acknowledges and completes it on the enterprise's behalf.
    await switchUser(page, 'liaison');
    await page.goto(`${base}/directives/${directiveId}`);
    const card = page.getByTestId('directive-on-behalf');
    await card.waitFor();
    // The liaison is stationed with three bound enterprises: pick the demo one.
    await chooseOption(page, 'directive-on-behalf-enterprise', '本溪华晟特钢有限公司');
    await card.getByTestId('directive-action-action1').check();
    await card.getByTestId('directive-action-action2').check();
    await card.getByTestId('directive-ack').click();
    await card.getByText('指导员代签').waitFor({ timeout: 15_000 });
    await card.locator('.ant-tag', { hasText: '已落实' }).waitFor();
    await settle(page);
    await screenshot(page, 'oversight-directive-on-behalf');

    // The commander sees it: one more acknowledged and completed, marked as done by the liaison.
    await switchUser(page, 'commander');
    await page.goto(`${base}/directives/${directiveId}?tstatus=completed`);
    await page.getByTestId('directive-compliance').waitFor();
    const after = await json<Compliance>(page, `/api/directives/${directiveId}/compliance`);
    expect(after.total).toMatchObject({ targeted: before.total.targeted, acknowledged: 1, completed: 1 });
    await expect(page.getByTestId('directive-compliance').textContent()).resolves.toContain('已落实 1 家');
    const done = page
      .getByTestId('directive-targets')
      .locator('tbody tr', { hasText: '本溪华晟特钢有限公司' });
    await done.waitFor();
    await expect(done.textContent()).resolves.toContain('指导员代签');
    await screenshot(page, 'oversight-directive-compliance');
  });

  it('the commander drills into today’s completeness, sees the missing first and chases them', async () => {
    const { page } = browser;
    await switchUser(page, 'commander');
    await page.goto(`${base}/reports/completeness`);
    await page.getByTestId('completeness').waitFor();
    await page.getByTestId('total-expected').click();
    const drill = page.getByTestId('completeness-drill');
    await drill.locator('tbody tr.ant-table-row').first().waitFor();
    // Every expected enterprise, missing ones first (ordered on the server, across pages).
    await expect(drill.locator('tbody tr.ant-table-row').first().textContent()).resolves.toContain('未报');
    const today = await json<{ items: { submission: string }[]; total: number }>(
      page,
      `/api/daily-reports/status?status=expected&pageSize=200`,
    );
    const ranks = today.items.map((i) => ['missing', 'late', 'on_time'].indexOf(i.submission));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    // Before today's 10:00 deadline a chase sends nothing and says so.
    await page.getByTestId('chase-reports').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    const notDue = page.getByTestId('chase-result');
    await notDue.waitFor();
    await expect(notDue.textContent()).resolves.toContain('截止时间 10:00 未到');

    // A past day: every stage is due; the non-filers, their liaisons and districts are told.
    await page.goto(`${base}/reports/completeness?date=${PAST_DAY}&status=missing`);
    await drill.locator('tbody tr.ant-table-row').first().waitFor();
    await expect(drill.locator('tbody tr.ant-table-row').first().textContent()).resolves.toContain('未报');
    await page.getByTestId('chase-reports').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    const result = page.getByTestId('chase-result');
    await result.waitFor();
    const text = (await result.textContent()) ?? '';
    const missing = Number(/未报 (\d+) 家/.exec(text)?.[1]);
    const queued = Number(/短信\/消息 (\d+) 条/.exec(text)?.[1]);
    expect(missing).toBeGreaterThan(0);
    expect(queued).toBeGreaterThan(0);
    await expect(result.getByTestId('chase-stage-liaison').textContent()).resolves.toMatch(/站内 [1-9]/);
    await settle(page);
    await screenshot(page, 'oversight-completeness-chased');

    // Chasing again tells nobody twice.
    await page.getByTestId('chase-reports').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByText('这些企业今天已提醒过，未重复发送。').waitFor();
  });

  it('the commander adds an optional field; the enterprise’s filing page shows it', async () => {
    const { page } = browser;
    await switchUser(page, 'commander');
    await page.goto(`${base}/reports/form`);
    await page.getByTestId('form-field-table').waitFor();
    const version = Number(
      /第 (\d+) 版/.exec((await page.getByTestId('form-version').textContent()) ?? '')?.[1],
    );
    await page.getByTestId('field-add').click();
    const row = (await page.locator('[data-testid^="field-remove-"]').count()) - 1;
    await page.getByTestId(`field-key-${row}`).fill('maskStockDays');
    await page.getByTestId(`field-labelZh-${row}`).fill('口罩储备天数');
    await page.getByTestId(`field-labelEn-${row}`).fill('Mask stock (days)');
    await page.getByTestId(`field-up-${row}`).click();
    await page.getByTestId('form-save').click();
    await page
      .getByTestId('form-version')
      .filter({ hasText: `第 ${version + 1} 版` })
      .waitFor();
    await screenshot(page, 'oversight-form-saved');

    await switchUser(page, 'enterprise', PHONE);
    await page.goto(`${base}/reports/today`);
    await page.getByTestId('report-filing-page').waitFor();
    // Filed already today (another journey may have run first): open the form again.
    const again = page.getByTestId('report-file-again');
    const form = page.locator('#filing_maskStockDays');
    await Promise.race([again.waitFor(), page.getByTestId('report-zero').waitFor()]);
    if (await again.isVisible()) await again.click();
    await form.waitFor();
    await expect(page.locator('label[for="filing_maskStockDays"]').textContent()).resolves.toBe(
      '口罩储备天数',
    );
    await form.scrollIntoViewIfNeeded();
    await screenshot(page, 'oversight-filing-new-field');
  });

  it('ends with each oversight page at desktop size', async () => {
    const { page } = browser;
    await switchUser(page, 'commander');
    const pages: [string, string, string][] = [
      ['/reports/completeness', 'completeness', 'oversight-completeness'],
      ['/reports/alerts', 'alerts', 'oversight-alerts'],
      ['/directives', 'directives', 'oversight-directives'],
      [`/directives/${directiveId}`, 'directive-compliance', 'oversight-directive'],
      ['/directives/new', 'directive-form', 'oversight-directive-issue'],
      ['/reports/upload', 'upload-template', 'oversight-upload'],
      ['/reports/form', 'form-field-table', 'oversight-form'],
    ];
    for (const [path, testId, name] of pages) {
      await page.goto(`${base}${path}`);
      await page.getByTestId(testId).first().waitFor();
      await settle(page);
      await screenshot(page, name);
    }
  });
});
