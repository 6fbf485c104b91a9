import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiSession, chooseOption, openBrowser, openWith, screenshot, settle, switchUser } from './browser';

const base = inject('baseURL');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

let browser: Awaited<ReturnType<typeof openBrowser>>;
/** An enterprise in 南芬区 that the demo squad member does not supervise yet. */
let target = { id: 0, name: '' };
let supervisorName = '';
let groupLabel = '';
let checklistId = 0;
let campaignId = 0;
const SQUAD = { code: 'E2E-01', name: '南芬区危化品专项小分队' };
const CHECKLIST = { name: '危化品仓储专项检查表', nameEn: 'Hazardous chemicals storage checklist' };
const CAMPAIGN = '南芬区危化品仓储专项整治';
const HAZARD = '危化品仓库门口堆放易燃包装物，消防通道被占用';

/** Switches the UI language the way a user does (it is kept as the account's preference). */
async function setLanguage(page: Page, label: 'English' | '中文') {
  await page.getByTestId('lang-switch').getByText(label, { exact: true }).click();
  await page.waitForTimeout(300);
}

/** Types into a searchable antd select and picks the option that shows `text`. */
async function searchAndPick(page: Page, testId: string, query: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(query);
  const option = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: text })
    .first();
  await option.waitFor({ timeout: 15_000 });
  await option.click();
}

beforeAll(async () => {
  browser = await openBrowser(DESKTOP);
  const commander = await apiSession(base, 'commander');
  const supervisor = await apiSession(base, 'supervisor');
  const candidates = await commander.get<{ items: { username: string; displayName: string }[] }>(
    '/api/supervision/candidates?q=supervisor',
  );
  supervisorName = candidates.items.find((c) => c.username === 'supervisor')!.displayName;
  const groups = await commander.get<{ items: { code: string; name: string }[] }>('/api/supervision/groups');
  groupLabel = `${groups.items[3].code} ${groups.items[3].name}`;
  const list = await commander.get<{ items: { id: number; name: string }[] }>(
    '/api/enterprises?division=210505&archived=false&pageSize=50&sort=name',
  );
  for (const e of list.items) {
    if ((await supervisor.status(`/api/enterprises/${e.id}`)) === 404) {
      target = e;
      break;
    }
  }
  expect(target.id).toBeGreaterThan(0);
});

afterAll(async () => {
  await browser?.close();
});

describe('safety administration: squads, checklists, campaigns, hazards outside inspections', () => {
  it('the commander creates a squad, adds the supervisor and assigns an enterprise', async () => {
    const { page } = browser;
    await switchUser(page, base, 'commander');
    await page.goto(`${base}/supervision`);
    await page.getByTestId('squad-table').locator('tbody tr').first().waitFor();
    await screenshot(page, 'safety-admin-supervision');

    await openWith(page, 'squad-new', 'squad-group');
    await chooseOption(page, 'squad-group', groupLabel);
    await page.getByTestId('squad-code').fill(SQUAD.code);
    await page.getByTestId('squad-name').fill(SQUAD.name);
    await settle(page);
    await screenshot(page, 'safety-admin-squad-new');
    await page.getByTestId('squad-save').click();
    await page.waitForURL(/\/supervision\/squads\/\d+$/);
    expect(await page.getByTestId('unit-title').textContent()).toBe(SQUAD.name);

    // The demo squad member joins on the emergency (safety) line; the department follows the line.
    await page.getByTestId('member-add').click();
    await searchAndPick(page, 'member-account', 'supervisor', `${supervisorName}（supervisor）`);
    await settle(page);
    await screenshot(page, 'safety-admin-member-add');
    await page.getByTestId('member-save').click();
    await page.getByTestId('member-table').getByText(supervisorName).waitFor();
    expect(await page.getByTestId('member-table').textContent()).toContain('市应急管理局');

    await page.getByTestId('assignment-add').click();
    await searchAndPick(page, 'assignment-enterprise', target.name.slice(2, 6), target.name);
    await settle(page);
    await screenshot(page, 'safety-admin-assignment-add');
    await page.getByTestId('assignment-save').click();
    await page.getByTestId('assignment-table').getByText(target.name).waitFor();
    await settle(page);
    await screenshot(page, 'safety-admin-squad');

    // The assignment is the supervisor's scope from now on.
    const supervisor = await apiSession(base, 'supervisor');
    expect(await supervisor.status(`/api/enterprises/${target.id}`)).toBe(200);
  });

  it('the commander creates a checklist template with two items', async () => {
    const { page } = browser;
    await page.goto(`${base}/checklists`);
    await page.getByTestId('checklist-table').locator('tbody tr').first().waitFor();
    await page.getByTestId('checklist-new').click();
    await page.waitForURL(/\/checklists\/new$/);
    await page.getByTestId('checklist-name').fill(CHECKLIST.name);
    await page.getByTestId('checklist-name-en').fill(CHECKLIST.nameEn);
    await page.getByTestId('checklist-item-0-label').fill('危化品仓库分区分类存放，标识清晰');
    await page.getByTestId('checklist-item-0-label-en').fill('Chemicals stored by class, clearly labelled');
    await chooseOption(page, 'checklist-item-0-category', '危险化学品储存与标识');
    await page.getByTestId('checklist-add-item').click();
    await page.getByTestId('checklist-item-1-label').fill('仓库消防通道畅通，灭火器在有效期内');
    await page.getByTestId('checklist-item-1-label-en').fill('Fire lanes clear, extinguishers in date');
    await chooseOption(page, 'checklist-item-1-category', '消防设施与安全出口');
    await screenshot(page, 'safety-admin-checklist-new');
    await page.getByTestId('checklist-save').click();
    await page.waitForURL(/\/checklists\/\d+$/);
    checklistId = Number(page.url().split('/').pop());
    // Saved as version 1: editing it now would publish version 2.
    await expect.poll(() => page.getByTestId('checklist-save').textContent()).toContain('发布第 2 版');
    const commander = await apiSession(base, 'commander');
    const saved = await commander.get<{ version: number; items: { category: string }[] }>(
      `/api/checklists/${checklistId}`,
    );
    expect(saved.version).toBe(1);
    expect(saved.items.map((i) => i.category)).toEqual(['hazardous_chemicals', 'fire']);
  });

  it('the commander launches a campaign for 南芬区 with that checklist', async () => {
    const { page } = browser;
    await page.goto(`${base}/campaigns`);
    await page.getByTestId('campaign-card').first().waitFor();
    await page.getByTestId('campaign-new').click();
    await page.waitForURL(/\/campaigns\/new$/);
    await page.getByTestId('campaign-name').fill(CAMPAIGN);
    await page.getByTestId('campaign-name-en').fill('Nanfen chemicals storage campaign');
    await chooseOption(page, 'campaign-divisions', '南芬区');
    await page.keyboard.press('Escape');
    await chooseOption(page, 'campaign-checklist', `${CHECKLIST.name} · v1`);
    await screenshot(page, 'safety-admin-campaign-new');
    await page.getByTestId('campaign-save').click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    campaignId = Number(page.url().split('/').pop());
    await page.getByTestId('campaign-progress').waitFor();
    expect(await page.getByTestId('campaign-title').textContent()).toBe(CAMPAIGN);
    expect(await page.getByTestId('campaign-checklist-view').textContent()).toContain(CHECKLIST.name);
    expect(await page.getByTestId('campaign-scope-divisions').textContent()).toContain('南芬区');
    await settle(page);
    await screenshot(page, 'safety-admin-campaign-detail');
  });

  it('the supervisor sees the new squad and the campaign, with progress over their enterprises', async () => {
    const { page } = browser;
    await switchUser(page, base, 'supervisor');
    await page.goto(`${base}/supervision`);
    await page.getByTestId('squad-table').getByText(SQUAD.name).waitFor();
    expect(await page.getByTestId('squad-new').count()).toBe(0);
    await page.goto(`${base}/campaigns`);
    const card = page.getByTestId('campaign-card').filter({ hasText: CAMPAIGN });
    await card.waitFor();
    await screenshot(page, 'safety-admin-supervisor-campaigns');
    await card.getByTestId('campaign-link').click();
    await page.waitForURL(new RegExp(`/campaigns/${campaignId}$`));
    await page.getByTestId('campaign-by-division').getByText('南芬区').waitFor();
    // Not the commander: no edit button, but the campaign's checklist one tap away.
    expect(await page.getByTestId('campaign-edit').count()).toBe(0);
    await page.getByTestId('campaign-inspect').waitFor();
    await settle(page);
    await screenshot(page, 'safety-admin-supervisor-campaign');
    const supervisor = await apiSession(base, 'supervisor');
    const c = await supervisor.get<{ progress: { enterprisesInScope: number } }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(c.progress.enterprisesInScope).toBeGreaterThanOrEqual(1);
  });

  it('on a phone the supervisor records a hazard found outside an inspection; it appears in the hazard list', async () => {
    const { page } = browser;
    onTestFailed(async () => {
      await screenshot(page, 'safety-admin-failure');
    });
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/enterprises/${target.id}`);
    await page.getByTestId('enterprise-record-hazard').click();
    await page.waitForURL(/\/hazards\/new\?/);
    await page.getByTestId('hazard-create').waitFor();
    // Opened from the enterprise's page: the enterprise is chosen already.
    await page.getByTestId('hazard-enterprise').getByText(target.name).waitFor();
    await chooseOption(page, 'hazard-category', '消防设施与安全出口');
    await page.getByTestId('hazard-description-input').fill(HAZARD);
    await page
      .getByTestId('hazard-create')
      .locator('input[type=file]')
      .setInputFiles({
        name: '现场.png',
        mimeType: 'image/png',
        buffer: await page.screenshot({ clip: { x: 0, y: 0, width: 390, height: 300 } }),
      });
    await page.getByTestId('hazard-create').getByTestId('photo-thumb').waitFor();
    await screenshot(page, 'safety-admin-hazard-new-phone');
    await page.getByTestId('hazard-create-submit').click();
    await page.waitForURL(/\/hazards\/\d+$/);
    await page.getByTestId('hazard-detail').waitFor();
    expect(await page.getByTestId('hazard-description').textContent()).toBe(HAZARD);
    expect(await page.getByTestId('hazard-reported-by').textContent()).toBe(supervisorName);
    expect(await page.getByTestId('hazard-deadline').textContent()).toBe('2020-03-17');
    await settle(page);
    await screenshot(page, 'safety-admin-hazard-recorded');

    await page.goto(`${base}/hazards`);
    await page
      .locator('input[data-testid="hazard-search"], [data-testid="hazard-search"] input')
      .first()
      .fill('消防通道被占用');
    await page.keyboard.press('Enter');
    const card = page.getByTestId('hazard-card').filter({ hasText: HAZARD });
    await card.waitFor();
    expect(await card.textContent()).toContain(target.name);
    await screenshot(page, 'safety-admin-hazard-list-phone');

    // The commander sees it in the list too, on a desktop, in English.
    await page.setViewportSize(DESKTOP);
    await switchUser(page, base, 'commander');
    await page.goto(`${base}/hazards?enterprise=${target.id}`);
    await setLanguage(page, 'English');
    await page.getByTestId('hazard-table').getByText(HAZARD).waitFor();
    await page.getByText('Record a hazard').first().waitFor();
    await screenshot(page, 'safety-admin-hazard-list-en');
    await page.goto(`${base}/campaigns/${campaignId}`);
    await page.getByTestId('campaign-progress').getByText('Hazards found').waitFor();
    const c = await (await apiSession(base, 'commander')).get<{ progress: { hazardsFound: number } }>(
      `/api/campaigns/${campaignId}`,
    );
    expect(c.progress.hazardsFound).toBe(1);
    await settle(page);
    await screenshot(page, 'safety-admin-campaign-detail-en');
    await setLanguage(page, '中文');
  });
});
