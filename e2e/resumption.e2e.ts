import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, chooseOption, openBrowser, screenshot, settle, switchUser, uniqueUscc } from './browser';

const base = inject('baseURL');
const PASSWORD = 'Tongchou@2020';
const NEW_PASSWORD = 'Fugong#2020e2e';
const ENTERPRISE_NAME = '本溪复工端到端测试机械厂';
const RETURN_REASON = '防疫负责人电话无法接通，请核实后重新填写；口罩储备不足 7 天，请补充。';
/** Unique per run, so that the spec can also run again against a server that is already up. */
const ACCOUNT = `e2e-fugong-${Date.now() % 1_000_000}`;
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let browser: Awaited<ReturnType<typeof openBrowser>>;

/** A signed-in API session as one of the demo accounts. */
const session = (username: string, password = PASSWORD) => apiSession(base, username, password);

let enterpriseId = 0;
let applicationId = 0;

beforeAll(async () => {
  browser = await openBrowser(DESKTOP);

  // The scene: a 平山区 enterprise that has not applied yet, its liaison, and its own account.
  const district = await session('district');
  const created = await district.post<{ id: number }>('/api/enterprises', {
    uscc: uniqueUscc(Date.now()),
    name: ENTERPRISE_NAME,
    divisionCode: '210502',
    industryCode: '3130',
    sizeClass: 'small',
    aboveScale: false,
    normalWorkforce: 80,
    contactName: '王厂长',
    contactPhone: '024-42800000',
  });
  enterpriseId = created.id;
  const liaisons = await district.get<{ items: { id: number; username: string }[] }>(
    '/api/liaisons?q=liaison&pageSize=50',
  );
  const liaison = liaisons.items.find((l) => l.username === 'liaison');
  if (!liaison) throw new Error('demo liaison account not found');
  await district.post(`/api/enterprises/${enterpriseId}/liaison`, {
    liaisonId: liaison.id,
    reason: '端到端测试：派驻本辖区指导员',
  });

  const admin = await session('admin');
  await admin.post('/api/users', {
    username: ACCOUNT,
    displayName: '测试机械厂填报员',
    role: 'enterprise',
    password: PASSWORD,
    enterpriseId,
  });
  // Admin-created accounts must change their first password.
  const first = await session(ACCOUNT);
  await first.post('/api/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
});

afterAll(async () => {
  await browser?.close();
});

async function fillNumber(page: Page, id: string, value: number) {
  await page.locator(`#${id}`).fill(String(value));
}

describe('resumption: apply, return, resubmit, verify, approve', () => {
  it('the enterprise applies; missing items are listed and block submission', async () => {
    const { page } = browser;
    await switchUser(page, base, ACCOUNT, NEW_PASSWORD);
    await page.getByTestId('main-menu').getByText('复工申请').click();
    await page.getByTestId('application-form').waitFor();
    expect(await page.getByTestId('still-missing').textContent()).toMatch(/尚缺 \d+ 项/);

    const date = page.locator('#plannedDate');
    await date.click();
    await date.fill('2020-03-12');
    await date.press('Enter');
    await fillNumber(page, 'workforce_normalWorkforce', 80);
    await fillNumber(page, 'workforce_returningWorkers', 60);
    await fillNumber(page, 'workforce_fromOutsideProvince', 5);
    await fillNumber(page, 'workforce_fromKeyAreas', 0);
    await fillNumber(page, 'workforce_underObservation', 0);
    await fillNumber(page, 'prevention_maskStockDays', 5);
    await fillNumber(page, 'prevention_disinfectantStockDays', 10);
    await fillNumber(page, 'prevention_temperatureCheckpoints', 2);
    await page.locator('#prevention_isolationRoom').check();
    await page.locator('#prevention_emergencyPlan').check();
    await page.locator('#prevention_canteenArrangement').fill('分三个时段错峰就餐，单向就座');
    await page.locator('#prevention_shuttleDormitoryArrangement').fill('不安排班车；宿舍每间不超过 4 人');
    await page.locator('#prevention_preventionOfficer_name').fill('李防疫');
    // The officer's phone and two safety confirmations are left out on purpose.
    await page.locator('#safety_equipmentChecked').check();
    // The resumption plan document, as an attachment.
    await page
      .getByTestId('application-form')
      .locator('input[type=file]')
      .setInputFiles({
        name: '复工方案.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
      });
    await page.getByTestId('application-form').getByText('复工方案.pdf').waitFor();

    await page.getByTestId('application-submit').click();
    const error = page.getByTestId('application-error');
    await error.waitFor();
    const listed = (await page.getByTestId('missing-items').textContent()) ?? '';
    expect(listed).toContain('防疫负责人电话');
    expect(listed).toContain('已完成复工安全培训');
    expect(listed).toContain('已开展应急演练');
    expect(await error.textContent()).toContain('3 项');
    await page.getByTestId('missing-items').scrollIntoViewIfNeeded();
    await screenshot(page, 'resumption-apply-incomplete');

    await page.locator('#prevention_preventionOfficer_phone').fill('13904140000');
    await page.locator('#safety_safetyTrainingDone').check();
    await page.locator('#safety_emergencyDrillDone').check();
    // The count follows the form as it re-renders after the last tick.
    await expect.poll(() => page.getByTestId('still-missing').textContent()).toContain('必填项已齐全');
    await page.getByTestId('application-submit').click();
    await page.getByTestId('application-detail').waitFor();
    expect(await page.getByTestId('application-status').textContent()).toBe('待审核');
    await page.getByTestId('enterprise-resumption-status').getByText('已申请').waitFor();
    await page.getByTestId('application-content').getByText('复工方案.pdf').waitFor();
    await screenshot(page, 'resumption-apply-submitted');
  });

  it('the district meets the two-person rule, then returns the application with a reason', async () => {
    const { page } = browser;
    const district = await session('district');
    const apps = await district.get<{ items: { id: number }[] }>(
      `/api/resumption-applications?enterpriseId=${enterpriseId}`,
    );
    applicationId = apps.items[0].id;

    await switchUser(page, base, 'district');
    await page.goto(`${base}/resumption/reviews`);
    const queue = page.getByTestId('review-queue');
    await queue.locator('tbody tr').first().waitFor();
    const waiting = await district.get<{ total: number }>(
      '/api/resumption-applications?status=submitted&pageSize=1',
    );
    if (waiting.total <= 20) expect(await queue.textContent()).toContain(ENTERPRISE_NAME);
    await screenshot(page, 'resumption-review-queue');

    await page.goto(`${base}/resumption/reviews?open=${applicationId}`);
    const drawer = page.locator('.ant-drawer');
    await drawer.getByTestId('review-panel').waitFor();
    expect(await drawer.getByTestId('verification-state').textContent()).toContain('尚未核查');

    // The phase needs a liaison's on-site check first: approving now is refused, and says why.
    await drawer.getByTestId('review-approve').click();
    await page.getByTestId('approve-confirm').click();
    const refusal = drawer.getByTestId('review-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('现场核查');
    await page.locator('.ant-modal-confirm').waitFor({ state: 'hidden' });
    await settle(page);
    await screenshot(page, 'resumption-review-verification-required');

    await drawer.getByTestId('review-return').click();
    await page.getByTestId('return-reason-input').fill(RETURN_REASON);
    await page.getByTestId('return-confirm').click();
    await drawer.getByText('已退回').first().waitFor();
    expect(await drawer.getByTestId('application-status').textContent()).toBe('已退回');
  });

  it('the enterprise sees the reason on a phone, fixes and resubmits', async () => {
    const { page } = browser;
    await page.setViewportSize(PHONE);
    await switchUser(page, base, ACCOUNT, NEW_PASSWORD);
    await page.goto(`${base}/resumption/apply`);
    const reason = page.getByTestId('return-reason');
    await reason.waitFor();
    expect(await reason.textContent()).toContain(RETURN_REASON);
    await screenshot(page, 'resumption-phone-returned');

    await page.locator('#prevention_preventionOfficer_phone').fill('13904141234');
    await fillNumber(page, 'prevention_maskStockDays', 14);
    await page.getByTestId('application-submit').click();
    await page.getByTestId('application-detail').waitFor();
    expect(await page.getByTestId('application-status').textContent()).toBe('待审核');
    // Both versions are kept; the second shows what changed.
    const revisions = page.getByTestId('revisions');
    expect(await revisions.textContent()).toContain('第 2 版');
    expect(await revisions.textContent()).toContain('第 1 版');
    expect(await revisions.textContent()).toContain('较上一版修改 2 项');
    await revisions.scrollIntoViewIfNeeded();
    await screenshot(page, 'resumption-phone-resubmitted');
  });

  it('the liaison logs a visit and verifies on site from a phone', async () => {
    const { page } = browser;
    await switchUser(page, base, 'liaison');
    await page.goto(`${base}/liaison/enterprises`);
    const card = page.getByTestId(`my-enterprise-${enterpriseId}`);
    await card.waitFor();
    expect(await card.textContent()).toContain('从未走访');
    await screenshot(page, 'resumption-phone-liaison-enterprises');

    await card.getByTestId(`visit-${enterpriseId}`).click();
    await page.getByTestId('visit-form').waitFor();
    await page.getByTestId('visit-checked').fill('测温登记、口罩储备、隔离观察室');
    await page.getByTestId('visit-findings').fill('测温记录完整，口罩储备 14 天');
    await page.getByTestId('problem-add').click();
    await chooseOption(page, 'problem-0-category', '用工');
    await page.getByTestId('problem-0-description').fill('缺少熟练焊工 6 名');
    await screenshot(page, 'resumption-phone-visit');
    await page.getByTestId('visit-submit').click();
    await page.getByTestId('my-enterprises').waitFor();
    await page.getByTestId(`my-enterprise-${enterpriseId}`).getByText('1 个问题待解决').waitFor();

    await page.getByTestId(`verify-${enterpriseId}`).click();
    await page.getByTestId('verify-panel').waitFor();
    await page
      .getByTestId('verify-note')
      .fill('现场核对：测温点 2 处、隔离室已设置、口罩储备 14 天，情况属实。');
    await page.getByTestId('verify-submit').click();
    await page.getByTestId('verification-state').getByText('核查通过').waitFor();
    await page.setViewportSize(DESKTOP);
  });

  it('the district approves; the enterprise page shows the status and its dated history', async () => {
    const { page } = browser;
    await switchUser(page, base, 'district');
    await page.goto(`${base}/resumption/reviews?open=${applicationId}`);
    const drawer = page.locator('.ant-drawer');
    await drawer.getByTestId('review-panel').waitFor();
    expect(await drawer.getByTestId('verification-state').textContent()).toContain('核查通过');
    await settle(page);
    await screenshot(page, 'resumption-review-drawer');
    await drawer.getByTestId('review-approve').click();
    await page.getByTestId('approve-confirm').click();
    await drawer.getByTestId('application-status').getByText('已批准').waitFor();

    await page.goto(`${base}/enterprises/${enterpriseId}`);
    await page.getByTestId('resumption-card').waitFor();
    expect(await page.getByTestId('enterprise-resumption-status').textContent()).toBe('已批准');
    expect(await page.getByTestId('enterprise-phase').textContent()).toContain('应开尽开');
    const history = (await page.getByTestId('resumption-history').textContent()) ?? '';
    for (const s of ['已申请', '已退回', '已批准']) expect(history).toContain(s);
    expect(history).toContain(RETURN_REASON);
    await screenshot(page, 'resumption-enterprise-detail');

    // The same page in English.
    await page.getByTestId('lang-switch').getByText('English').click();
    await page.getByTestId('resumption-card').getByText('Approved').first().waitFor();
    await screenshot(page, 'resumption-enterprise-detail-en');
    await page.getByTestId('lang-switch').getByText('中文').click();
    await page.getByTestId('resumption-card').getByText('已批准').first().waitFor();
  });

  it('the commander previews a plan change before saving and sees coverage', async () => {
    const { page } = browser;
    await switchUser(page, base, 'commander');
    await page.goto(`${base}/resumption/plan`);
    await page.getByTestId('phase-1').waitFor();
    // Hold back retail (GB/T 4754 division 52) too: the preview says how many would move, nothing is saved.
    await page.getByTestId('phase-1-prefixes').click();
    await page.keyboard.type('52,');
    await page.keyboard.press('Escape');
    await page.getByTestId('plan-preview').click();
    const result = page.getByTestId('plan-preview-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('将变更梯次');
    expect(await result.textContent()).toContain('变更示例');
    await screenshot(page, 'resumption-plan-preview');
    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-save-confirm').waitFor();
    await settle(page);
    await screenshot(page, 'resumption-plan-confirm');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /取\s*消/ })
      .click();

    await page.goto(`${base}/liaison/coverage`);
    await page.getByTestId('coverage-table').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('coverage-table').textContent()).toContain('平山区');
    await page.getByTestId('auto-assign').click();
    await page.getByTestId('assign-preview').click();
    await page.getByTestId('assign-summary').waitFor();
    await settle(page);
    await screenshot(page, 'resumption-coverage-auto-assign');
  });
});
