import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, chooseOption, openBrowser, screenshot, settle, switchUser } from './browser';

const base = inject('baseURL');
const PASSWORD = 'Tongchou@2020';
const NEW_PASSWORD = 'Jinrong#2020e2e';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };
const FINANCE = 'finance_office';
const DESCRIPTION =
  '受疫情影响一季度订单回款延迟，需流动资金贷款 800 万元用于采购废钢和合金原料，恳请协调银行续贷。';
const ANSWER = '已准备好 2019 年审计报告和 1—2 月纳税证明，可随时提交银行。';
/** Unique per run, so that the spec can also run again against a server that is already up. */
const RUN = Date.now() % 1_000_000;
const TEMPLATE = `协调银行放贷 ${RUN}`;
const RESOLUTION = '已协调本溪银行为企业办理流动资金贷款 800 万元，利率下浮 50 个基点，3 月 12 日放款。';

let browser: Awaited<ReturnType<typeof openBrowser>>;
/** The finance-office handler: the demo `department` account if it is that office, else one made here. */
let handler = { username: 'department', password: PASSWORD };
let demandId = 0;
let demandNumber = '';

const session = (username: string, password = PASSWORD) => apiSession(base, username, password);

/** Phone pages must not scroll sideways. */
async function expectNoHorizontalOverflow(page: Page) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(inner);
}

beforeAll(async () => {
  browser = await openBrowser(PHONE);
  browser.page.on('pageerror', (e) => console.error('page error:', e));
  // Financing demands go to the finance office (金融办). The demo department account is the
  // industry bureau, so the test gets a finance-office handler from the administrator.
  const dept = await session('department');
  const me = await dept.get<{ departmentCode: string | null }>('/api/me');
  if (me.departmentCode !== FINANCE) {
    const username = `e2e-jrb-${RUN}`;
    const admin = await session('admin');
    await admin.post('/api/users', {
      username,
      displayName: '金融办经办人',
      role: 'department',
      password: PASSWORD,
      departmentCode: FINANCE,
    });
    // Admin-created accounts must change their first password.
    const first = await session(username);
    await first.post('/api/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    handler = { username, password: NEW_PASSWORD };
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** On a failure, what the page showed (CI keeps the screenshots). */
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && browser)
    await screenshot(browser.page, `demands-failed-${ctx.task.name.slice(0, 24)}`);
});

describe('demands: an enterprise raises a financing demand, the finance office solves it, the enterprise rates it', () => {
  it('the enterprise raises a financing demand on a phone; it routes to the finance office', async () => {
    const { page } = browser;
    await switchUser(page, base, 'enterprise');
    await page.goto(`${base}/demands/new`);
    await page.getByTestId('demand-form').waitFor();
    await page.getByTestId('demand-own-enterprise').getByText(/\S/).waitFor();
    // Client-side checks first: nothing chosen, nothing sent.
    await page.getByTestId('demand-submit').click();
    await page.getByText('请选择诉求类别').waitFor();
    await page.getByText('请描述遇到的问题').waitFor();
    await settle(page);
    await screenshot(page, 'demands-raise-errors');

    await page.getByTestId('demand-category').getByText('融资信贷').click();
    await page.getByTestId('demand-urgency').getByText('紧急').click();
    await page.getByTestId('demand-description').fill(DESCRIPTION);
    await page
      .getByTestId('demand-form')
      .locator('input[type=file]')
      .setInputFiles({
        name: '贷款申请.png',
        mimeType: 'image/png',
        buffer: await page.screenshot({ clip: { x: 0, y: 0, width: 390, height: 300 } }),
      });
    await page.getByTestId('demand-form').getByTestId('photo-thumb').waitFor();
    await settle(page);
    await screenshot(page, 'demands-raise-form');
    await expectNoHorizontalOverflow(page);

    await page.getByTestId('demand-submit').click();
    await page.waitForURL(/\/demands\/mine/);
    await page.getByTestId('demand-raised').waitFor();
    // The confirmation names the new demand's number; its card carries the id.
    demandNumber =
      /SQ-\d{4}-\d+/.exec((await page.getByTestId('demand-raised').textContent()) ?? '')?.[0] ?? '';
    expect(demandNumber).not.toBe('');
    const card = page.locator('[data-testid^="my-demand-"]').filter({ hasText: demandNumber });
    await card.waitFor();
    demandId = Number((await card.getAttribute('data-testid'))?.replace('my-demand-', ''));
    expect(demandId).toBeGreaterThan(0);
    expect(await card.getByTestId('demand-holder').textContent()).toContain('金融办');
    expect(await card.getByTestId('demand-status').textContent()).toBe('待受理');
    await page.evaluate(() => window.scrollTo(0, 0));
    await settle(page);
    await screenshot(page, 'demands-mine-raised');
    await expectNoHorizontalOverflow(page);

    const ent = await session('enterprise');
    const d = await ent.get<{ number: string; leadDepartment: { code: string }; attachmentIds: number[] }>(
      `/api/demands/${demandId}`,
    );
    expect(d).toMatchObject({ number: demandNumber, leadDepartment: { code: FINANCE } });
    expect(d.attachmentIds).toHaveLength(1);
  });

  it('the finance office finds it in its new queue, accepts it and asks the enterprise for documents', async () => {
    const { page } = browser;
    await page.setViewportSize(DESKTOP);
    await switchUser(page, base, handler.username, handler.password);
    await page.goto(`${base}/demands`);
    await page.getByTestId('demand-queues').waitFor();
    await expect
      .poll(() => page.getByTestId('queue-new').textContent(), { timeout: 15_000 })
      .toMatch(/[1-9]/);
    await page.getByTestId('demand-table').locator('tbody tr[data-testid^="demand-row-"]').first().waitFor();
    await settle(page);
    await screenshot(page, 'demands-workbench');

    // Bulk accept: one of the other new demands (not ours) is ticked and accepted.
    const newCount = async () =>
      Number((await page.getByTestId('queue-new').textContent())?.match(/\d+/)?.[0]);
    const before = await newCount();
    const other = page
      .locator('tbody tr[data-testid^="demand-row-"]')
      .filter({ hasNotText: demandNumber })
      .first();
    await other.locator('.ant-checkbox-input').check();
    await page.getByTestId('bulk-accept').click();
    await page.getByText('已受理 1 件').waitFor();
    await expect.poll(newCount, { timeout: 15_000 }).toBe(before - 1);

    await page.getByTestId('queue-overdue').click();
    await page.getByTestId('demand-table').locator('tbody tr[data-testid^="demand-row-"]').first().waitFor();
    await settle(page);
    await screenshot(page, 'demands-workbench-overdue');

    // Ours, found in the new queue by its number (filters live in the URL, so a link finds it too).
    await page.goto(`${base}/demands?q=${demandNumber}`);
    await expect
      .poll(() => page.locator('tbody tr[data-testid^="demand-row-"]').count(), { timeout: 30_000 })
      .toBe(1);
    const row = page.getByTestId(`demand-row-${demandId}`);
    await row.waitFor();
    await row.getByTestId('demand-row-link').click();
    await page.getByTestId('demand-detail').waitFor();
    expect(await page.getByTestId('demand-number').textContent()).toContain(demandNumber);
    await screenshot(page, 'demands-detail-new');
    await page.getByTestId('demand-accept').click();
    await page.getByTestId('transition-confirm').click();
    await expect
      .poll(() => page.getByTestId('demand-status').first().textContent(), { timeout: 15_000 })
      .toBe('已受理');
    await page.getByTestId('demand-start').click();
    // The page refetches the demand after the step; the colleague below must act after that
    // refetch, or on a slow machine the page would pick up their version and see no conflict.
    const refetched = page.waitForResponse(
      (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/demands/${demandId}`,
    );
    await page.getByTestId('transition-confirm').click();
    await expect
      .poll(() => page.getByTestId('demand-status').first().textContent(), { timeout: 15_000 })
      .toBe('办理中');
    await refetched;

    // Someone else in the office moves it meanwhile (asks and resumes): this page's copy is stale.
    const colleague = await session(handler.username, handler.password);
    const now = await colleague.get<{ version: number }>(`/api/demands/${demandId}`);
    const asked = await colleague.post<{ version: number }>(`/api/demands/${demandId}/transitions`, {
      to: 'waiting',
      note: '（电话）请企业确认贷款期限。',
      version: now.version,
    });
    await colleague.post(`/api/demands/${demandId}/transitions`, {
      to: 'in_progress',
      note: '企业电话答复：期限一年。',
      version: asked.version,
    });
    await page.getByTestId('demand-wait').click();
    await page.getByTestId('transition-note').fill('请补充材料。');
    await page.getByTestId('transition-confirm').click();
    await page.getByTestId('transition-problem').getByText('刚刚被他人更新').waitFor();
    await settle(page);
    await screenshot(page, 'demands-conflict');
    await page.getByTestId('transition-reload').click();
    await page.getByTestId('demand-history').getByText('企业电话答复：期限一年。').waitFor();

    // Asking the enterprise needs a note; the clock stops meanwhile.
    await page.getByTestId('demand-wait').click();
    await page.getByTestId('transition-confirm').click();
    await page.getByText('请写明需要企业补充的内容').waitFor();
    await page
      .getByTestId('transition-note')
      .fill('请补充 2019 年审计报告和近两个月纳税证明，以便银行审批。');
    await page.getByTestId('transition-confirm').click();
    await expect
      .poll(() => page.getByTestId('demand-status').first().textContent(), { timeout: 15_000 })
      .toBe('待企业补充');
    expect(await page.getByTestId('demand-clock').textContent()).toContain('暂停');
    expect(await page.getByTestId('demand-history').textContent()).toContain('请企业补充');
    await settle(page);
    await screenshot(page, 'demands-detail-waiting');
  });

  it('the enterprise answers on its phone and handling resumes', async () => {
    const { page } = browser;
    await page.setViewportSize(PHONE);
    await switchUser(page, base, 'enterprise');
    await page.goto(`${base}/demands/mine`);
    const card = page.getByTestId(`my-demand-${demandId}`);
    await card.getByTestId('demand-question').waitFor();
    expect(await card.getByTestId('demand-question').textContent()).toContain('审计报告');
    await screenshot(page, 'demands-mine-question');
    await expectNoHorizontalOverflow(page);
    await card.getByTestId('demand-resume').click();
    await page.getByTestId('transition-note').fill(ANSWER);
    await settle(page);
    await screenshot(page, 'demands-mine-answer');
    await page.getByTestId('transition-confirm').click();
    await expect
      .poll(() => card.getByTestId('demand-status').textContent(), { timeout: 15_000 })
      .toBe('办理中');
  });

  it('the finance office resolves it with an account of what was done, from a reply template', async () => {
    const { page } = browser;
    await page.setViewportSize(DESKTOP);
    await switchUser(page, base, handler.username, handler.password);

    // A reply template of the department, then used when resolving.
    await page.goto(`${base}/demands/templates`);
    await page.getByTestId('template-add').click();
    await page.getByTestId('template-title').fill(TEMPLATE);
    await page.getByTestId('template-body').fill(RESOLUTION);
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-table').getByText(TEMPLATE).waitFor();
    await screenshot(page, 'demands-templates');

    await page.goto(`${base}/demands/${demandId}`);
    await page.getByTestId('demand-detail').waitFor();
    expect(await page.getByTestId('demand-history').textContent()).toContain(ANSWER);
    await page.getByTestId('demand-resolve').click();
    await chooseOption(page, 'template-pick', TEMPLATE);
    await expect
      .poll(() => page.getByTestId('transition-note').inputValue(), { timeout: 15_000 })
      .toBe(RESOLUTION);
    await settle(page);
    await screenshot(page, 'demands-resolve');
    await page.getByTestId('transition-confirm').click();
    await expect
      .poll(() => page.getByTestId('demand-status').first().textContent(), { timeout: 15_000 })
      .toBe('待企业确认');
    expect(await page.getByTestId('demand-resolution').textContent()).toContain('800 万元');
    // The handler cannot confirm or rate it.
    expect(await page.getByTestId('demand-confirm').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'demands-detail-resolved');
  });

  it('the enterprise confirms it solved and rates it 5 stars on its phone', async () => {
    const { page } = browser;
    await page.setViewportSize(PHONE);
    await switchUser(page, base, 'enterprise');
    await page.goto(`${base}/demands/mine`);
    const card = page.getByTestId(`my-demand-${demandId}`);
    await card.getByTestId('demand-resolution').waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'demands-mine-resolved');
    await card.getByTestId('demand-confirm').click();
    await page.getByTestId('confirm-solved').getByText('已解决').click();
    await page.locator('.ant-modal .ant-rate-star').nth(4).click();
    await page.getByTestId('confirm-comment').fill('金融办响应迅速，贷款及时到位，非常满意！');
    await settle(page);
    await screenshot(page, 'demands-confirm');
    await page.getByTestId('transition-confirm').click();
    await expect
      .poll(() => card.getByTestId('demand-status').textContent(), { timeout: 15_000 })
      .toBe('已办结');
    expect(await card.getByTestId('demand-verdict').textContent()).toContain('已解决');
    await settle(page);
    await screenshot(page, 'demands-mine-closed');
    await expectNoHorizontalOverflow(page);

    await page.goto(`${base}/demands/${demandId}`);
    await page.getByTestId('demand-detail').waitFor();
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'demands-detail-phone');

    const ent = await session('enterprise');
    const d = await ent.get<{ status: string; solved: boolean; rating: number; closure: string }>(
      `/api/demands/${demandId}`,
    );
    expect(d).toMatchObject({ status: 'closed', solved: true, rating: 5, closure: 'confirmed' });
  });

  it('the commander sees it in the statistics and the department ranking', async () => {
    const { page } = browser;
    await page.setViewportSize(DESKTOP);
    await switchUser(page, base, 'commander');
    await page.goto(`${base}/demands/stats?from=2020-02-01&to=2020-03-10`);
    await page.getByTestId('ranking-chart').locator('canvas').waitFor();
    await page.getByTestId(`stats-row-${FINANCE}`).waitFor();
    await settle(page);
    await screenshot(page, 'demands-stats');
    await page.getByTestId('stats-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'demands-stats-table');

    const commander = await session('commander');
    const stats = await commander.get<{
      rows: {
        key: string;
        received: number;
        solved: number;
        rated: number;
        meanSatisfaction: number | null;
      }[];
    }>('/api/demands/stats?from=2020-03-10&to=2020-03-10&groupBy=department');
    const finance = stats.rows.find((r) => r.key === FINANCE);
    expect(finance?.received).toBeGreaterThanOrEqual(1);
    expect(finance?.solved).toBeGreaterThanOrEqual(1);
    expect(finance?.rated).toBeGreaterThanOrEqual(1);

    const xlsx = await page.request.get(`${base}/api/demands/stats/export.xlsx?groupBy=department`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');

    await page.goto(`${base}/demands/routing`);
    await page.getByTestId('routing-table').waitFor();
    await screenshot(page, 'demands-routing');
    await page.goto(`${base}/demands?overdue=true`);
    await page.getByTestId('demand-table').waitFor();
    await screenshot(page, 'demands-list-overdue');
  });
});
