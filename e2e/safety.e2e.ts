import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, openBrowser, screenshot, settle, switchUser } from './browser';

const base = inject('baseURL');
const PASSWORD = 'Tongchou@2020';
const PHONE = { width: 390, height: 844 };

let browser: Awaited<ReturnType<typeof openBrowser>>;
let enterpriseName = '';
let enterpriseId = 0;
let hazardIds: number[] = [];

/** A signed-in API session as one of the demo accounts. */
const session = (username: string, password = PASSWORD) => apiSession(base, username, password);

/** A real PNG to upload as a site photo: a picture of the page itself. */
async function photo(page: Page, name: string) {
  return {
    name,
    mimeType: 'image/png',
    buffer: await page.screenshot({ clip: { x: 0, y: 0, width: 390, height: 300 } }),
  };
}

beforeAll(async () => {
  browser = await openBrowser(PHONE);
  // The demo enterprise account's own enterprise, which the demo squad member supervises.
  const ent = await session('enterprise');
  const me = await ent.get<{ enterpriseId: number }>('/api/me');
  const e = await ent.get<{ name: string }>(`/api/enterprises/${me.enterpriseId}`);
  enterpriseName = e.name;
  enterpriseId = me.enterpriseId;
});

afterAll(async () => {
  await browser?.close();
});

describe('safety: inspect on a phone, hazards through the closed loop', () => {
  it('a squad member inspects on a phone: two items fail and become hazards at sign-off', async () => {
    const { page } = browser;
    await switchUser(page, base, 'supervisor');
    await page.goto(`${base}/inspections/new`);
    await page.getByTestId('inspection-start').waitFor();

    const select = page.getByTestId('inspection-enterprise');
    await select.click();
    await page.keyboard.type(enterpriseName.slice(2, 6));
    await page.locator('.ant-select-item-option').filter({ hasText: enterpriseName }).first().click();
    // The demo's production-safety checklist (other specs may add templates of their own).
    await page.getByTestId('inspection-template').getByText('企业复工复产安全生产检查表').click();
    await screenshot(page, 'safety-inspection-start');
    await page.getByTestId('inspection-begin').click();
    await page.waitForURL(/\/inspections\/\d+$/);
    await page.getByTestId('inspection-page').waitFor();

    const items = page.locator('[data-testid^="item-"][data-testid$="-result"]');
    const count = await items.count();
    expect(count).toBeGreaterThanOrEqual(3);

    // Item 1: a note and a photo, then fail.
    await page.getByTestId('item-0-note').fill('危化品库房标识脱落，部分桶装溶剂未分区存放');
    await page
      .getByTestId('item-0')
      .locator('input[type=file]')
      .setInputFiles(await photo(page, '库房.png'));
    await page.getByTestId('item-0').getByTestId('photo-thumb').waitFor();
    await page.getByTestId('item-0-fail').click();
    await page.getByTestId('item-0-draft').waitFor();
    // Item 2 fails too; the rest pass.
    await page.getByTestId('item-1-fail').click();
    await page.getByTestId('item-1-draft').waitFor();
    for (let i = 2; i < count; i++) await page.getByTestId(`item-${i}-pass`).click();

    // The first draft hazard is edited before sign-off.
    await page.getByTestId('item-0-draft-edit').click();
    await page
      .getByTestId('draft-description')
      .fill('危化品库房标识脱落、溶剂未分区存放，须重新张贴标识并分区');
    await settle(page);
    await screenshot(page, 'safety-inspection-draft-edit');
    await page.getByTestId('draft-save').click();
    await page.getByTestId('item-0-draft').getByText('须重新张贴标识并分区').waitFor();
    await page.getByTestId('item-0-draft').scrollIntoViewIfNeeded();
    await screenshot(page, 'safety-inspection-items');

    const sign = page.getByTestId('inspection-sign');
    await expect.poll(() => sign.textContent(), { timeout: 15_000 }).toContain('签字确认');
    await expect.poll(() => sign.isEnabled(), { timeout: 15_000 }).toBe(true);
    await sign.click();
    await page.getByTestId('sign-confirm').click();
    await page.getByTestId('inspection-signed').waitFor();
    expect(await page.getByTestId('inspection-status').textContent()).toBe('已签字');
    const links = page.getByTestId('raised-hazard');
    await expect.poll(() => links.count()).toBe(2);
    hazardIds = (await links.allTextContents()).map((s) => Number(s.replace('#', '')));
    await settle(page);
    await screenshot(page, 'safety-inspection-signed');
  });

  it('the enterprise sees its hazards on a phone, accepts one and submits evidence', async () => {
    const { page } = browser;
    await switchUser(page, base, 'enterprise');
    await page.goto(`${base}/hazards?status=open`);
    await page.getByTestId('hazard-cards').waitFor();
    await page.getByTestId('hazard-card').first().waitFor();
    await screenshot(page, 'safety-enterprise-hazards');

    await page.goto(`${base}/hazards/${hazardIds[0]}`);
    await page.getByTestId('hazard-detail').waitFor();
    expect(await page.getByTestId('hazard-status').first().textContent()).toBe('待整改');
    await page.getByTestId('hazard-accept').click();
    await page
      .getByTestId('transition-note')
      .fill('本周内重新张贴危化品标识，溶剂按类分区存放，安全员每日巡查');
    await page.getByTestId('transition-confirm').click();
    await expect.poll(() => page.getByTestId('hazard-status').first().textContent()).toBe('整改中');

    await page.getByTestId('hazard-submit').click();
    await page.getByTestId('transition-note').fill('已重新张贴标识，溶剂分区存放完毕，见整改后照片');
    await page.locator('.ant-modal input[type=file]').setInputFiles(await photo(page, '整改后.png'));
    await page.locator('.ant-modal').getByTestId('photo-thumb').waitFor();
    await settle(page);
    await screenshot(page, 'safety-enterprise-evidence');
    await page.getByTestId('transition-confirm').click();
    await expect.poll(() => page.getByTestId('hazard-status').first().textContent()).toBe('待验收');
    expect(await page.getByTestId('hazard-evidence').textContent()).toContain('已重新张贴标识');
    // The submitter has no verify button.
    expect(await page.getByTestId('hazard-verify').count()).toBe(0);
  });

  it('a district user verifies it and the hazard closes', async () => {
    const { page } = browser;
    await switchUser(page, base, 'district');
    await page.goto(`${base}/hazards/${hazardIds[0]}`);
    await page.getByTestId('hazard-detail').waitFor();
    await page.getByTestId('hazard-verify').click();
    await page.getByTestId('transition-note').fill('现场复核，整改到位');
    await page.getByTestId('transition-confirm').click();
    await expect.poll(() => page.getByTestId('hazard-status').first().textContent()).toBe('已销号');
    expect(await page.getByTestId('hazard-history').textContent()).toContain('验收销号');
    await settle(page);
    await screenshot(page, 'safety-hazard-closed');
    await page.getByTestId('hazard-history').scrollIntoViewIfNeeded();
    await screenshot(page, 'safety-hazard-history');

    const district = await session('district');
    const h = await district.get<{ status: string }>(`/api/hazards/${hazardIds[0]}`);
    expect(h.status).toBe('closed');
    const other = await district.get<{ status: string }>(`/api/hazards/${hazardIds[1]}`);
    expect(other.status).toBe('open');
  });

  it('the statistics and campaigns render on a desktop', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${base}/hazards/stats`);
    await page.getByTestId('stats-chart').locator('canvas').waitFor();
    await settle(page);
    await screenshot(page, 'safety-hazard-stats');
    await page.goto(`${base}/campaigns`);
    await page.getByTestId('campaign-card').first().waitFor();
    await screenshot(page, 'safety-campaigns');
    await page.goto(`${base}/hazards?overdue=true`);
    await page.getByTestId('hazard-table').locator('tbody tr').first().waitFor();
    await screenshot(page, 'safety-hazards-overdue');
    await page.goto(`${base}/enterprises/${enterpriseId}`);
    await page.getByTestId('responsibility-card').getByText('岗位责任').first().waitFor();
    await page.getByTestId('responsibility-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'safety-responsibility');
  });
});
