import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_START } from '../../clock';
import { schema } from '../../db/client';
import { AppError } from '../../lib/errors';
import { type Agent, createTestApp, type TestApp } from '../../test/setup';
import { reviewApplication } from './applications';
import { isResumedOn, resumedOnSql, statusOnSql } from './status';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(() => t.clock.set!(DEFAULT_SCENARIO_START));

type Enterprise = Awaited<ReturnType<TestApp['makeEnterprise']>>;

const complete = (plannedDate = '2020-03-12') => ({
  plannedDate,
  workforce: {
    normalWorkforce: 120,
    returningWorkers: 100,
    fromOutsideProvince: 6,
    fromKeyAreas: 0,
    underObservation: 2,
  },
  prevention: {
    maskStockDays: 14,
    disinfectantStockDays: 30,
    temperatureCheckpoints: 2,
    isolationRoom: true,
    canteenArrangement: '分餐制，错峰就餐',
    shuttleDormitoryArrangement: '班车每日消毒；宿舍每间不超过4人',
    emergencyPlan: true,
    preventionOfficer: { name: '刘晓东', phone: '13804145210' },
  },
  safety: {
    equipmentChecked: true,
    hazardousMaterialsInspected: true,
    safetyTrainingDone: true,
    emergencyDrillDone: true,
  },
});

/** An enterprise in 平山区 with its own account, a stationed liaison and the district's clerk. */
async function story(over: Parameters<TestApp['makeEnterprise']>[0] = {}) {
  const ent = await t.makeEnterprise({ divisionCode: '210502', ...over });
  const enterprise = await t.as('enterprise', { enterpriseId: ent.id });
  const liaison = await t.as('liaison', { divisionCode: '210502' });
  await t.assign(liaison.user.id, ent.id, 'liaison');
  const district = await t.as('district', { divisionCode: '210502' });
  return { ent, enterprise, liaison, district };
}

/** Drafts and submits a complete application as `who`; returns its id. */
async function submitted(who: Agent, ent: Enterprise, plannedDate?: string): Promise<number> {
  const created = await who.post('/api/resumption-applications', {
    enterpriseId: ent.id,
    ...complete(plannedDate),
  });
  expect(created.statusCode, created.body).toBe(201);
  const app = created.json();
  const res = await who.post(`/api/resumption-applications/${app.id}/submit`, { version: app.version });
  expect(res.statusCode, res.body).toBe(200);
  return app.id;
}

/** Moves the scenario clock to 09:00 of a day (sessions do not survive a day's jump: sign in again). */
const at = (day: string) => t.clock.set!(`${day}T09:00:00+08:00`);
const relogin = (a: Agent) => t.login(a.username);

describe('POST /api/resumption-applications', () => {
  it('401, 400 naming the field, 403 for roles that do not apply, 404 outside scope', async () => {
    const { ent, enterprise } = await story();
    expect((await t.anon.post('/api/resumption-applications', { enterpriseId: ent.id })).statusCode).toBe(
      401,
    );
    const noId = await enterprise.post('/api/resumption-applications', {});
    expect(noId.statusCode).toBe(400);
    expect(noId.json().error.details[0].path).toBe('enterpriseId');
    const negative = await enterprise.post('/api/resumption-applications', {
      enterpriseId: ent.id,
      workforce: { returningWorkers: -1 },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.details[0].path).toBe('workforce.returningWorkers');
    for (const role of ['district', 'commander', 'leader'] as const) {
      const a = await t.as(role);
      expect((await a.post('/api/resumption-applications', { enterpriseId: ent.id })).statusCode).toBe(403);
    }
    const other = await t.makeEnterprise();
    expect(
      (await enterprise.post('/api/resumption-applications', { enterpriseId: other.id })).statusCode,
    ).toBe(404);
    const stranger = await t.as('liaison');
    expect((await stranger.post('/api/resumption-applications', { enterpriseId: ent.id })).statusCode).toBe(
      404,
    );
  });

  it('the enterprise saves an incomplete draft; a second open application is 409', async () => {
    const { ent, enterprise } = await story();
    const res = await enterprise.post('/api/resumption-applications', {
      enterpriseId: ent.id,
      plannedDate: '2020-03-15',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      enterpriseId: ent.id,
      status: 'draft',
      plannedDate: '2020-03-15',
      onBehalf: false,
      revisionNo: 0,
      version: 1,
      revisions: [],
      phase: { code: 'general', earliestDate: '2020-02-10', open: true, requiresVerification: true },
    });
    expect(res.json().abilities).toEqual(['edit', 'submit']);
    const again = await enterprise.post('/api/resumption-applications', { enterpriseId: ent.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'application_exists', details: { id: res.json().id } });
  });

  it('the liaison applies on behalf; attachment ids must be this enterprise’s uploads', async () => {
    const { ent, liaison } = await story();
    const bad = await liaison.post('/api/resumption-applications', {
      enterpriseId: ent.id,
      attachmentIds: [999999],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({
      path: 'attachmentIds.0',
      reason: 'unknown_attachment',
    });
    const res = await liaison.post('/api/resumption-applications', { enterpriseId: ent.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      onBehalf: true,
      createdBy: { id: liaison.user.id },
      attachmentIds: [],
    });
  });
});

describe('editing and submitting', () => {
  it('submission lists every missing item; edits need the current version; revisions are kept', async () => {
    const { ent, enterprise, liaison } = await story({ hazardousChemicals: true });
    const draft = (
      await enterprise.post('/api/resumption-applications', {
        enterpriseId: ent.id,
        workforce: { normalWorkforce: 50 },
      })
    ).json();
    const incomplete = await enterprise.post(`/api/resumption-applications/${draft.id}/submit`, {
      version: 1,
    });
    expect(incomplete.statusCode).toBe(400);
    const err = incomplete.json().error;
    expect(err.code).toBe('incomplete_application');
    const paths = err.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'plannedDate',
        'workforce.returningWorkers',
        'prevention.isolationRoom',
        'prevention.preventionOfficer.phone',
        'safety.hazardousMaterialsInspected',
      ]),
    );
    expect(paths).not.toContain('workforce.normalWorkforce');
    expect(err.details[0].message).toBeTruthy();

    const edit = await enterprise.patch(`/api/resumption-applications/${draft.id}`, {
      version: 1,
      ...complete(),
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().version).toBe(2);
    const stale = await enterprise.patch(`/api/resumption-applications/${draft.id}`, {
      version: 1,
      plannedDate: null,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    const bad = await enterprise.patch(`/api/resumption-applications/${draft.id}`, {
      version: 2,
      plannedDate: '3.12',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('plannedDate');

    const sub = await liaison.post(`/api/resumption-applications/${draft.id}/submit`, { version: 2 });
    expect(sub.statusCode).toBe(200);
    expect(sub.json()).toMatchObject({ status: 'submitted', revisionNo: 1, onBehalf: true, daysWaiting: 0 });
    expect(sub.json().revisions).toHaveLength(1);
    expect(sub.json().revisions[0]).toMatchObject({
      revisionNo: 1,
      onBehalf: true,
      content: { plannedDate: '2020-03-12' },
    });
    const hist = (await enterprise.get(`/api/enterprises/${ent.id}/resumption-history`)).json();
    expect(hist.status).toBe('applied');
    expect(hist.events.map((e: { status: string }) => e.status)).toEqual(['applied']);
  });

  it('GET one application: 404 outside scope, 200 with its history inside', async () => {
    const { ent, enterprise } = await story();
    const id = await submitted(enterprise, ent);
    const outsider = await t.as('enterprise');
    expect((await outsider.get(`/api/resumption-applications/${id}`)).statusCode).toBe(404);
    expect(
      (await (await t.as('district', { divisionCode: '210503' })).get(`/api/resumption-applications/${id}`))
        .statusCode,
    ).toBe(404);
    expect((await (await t.as('auditor')).get(`/api/resumption-applications/${id}`)).statusCode).toBe(403);
    const dept = await t.as('department');
    expect((await dept.get(`/api/resumption-applications/${id}`)).json()).toMatchObject({
      id,
      status: 'submitted',
    });
  });
});

describe('review: return, resubmit, verify, approve', () => {
  it('401, 400, 403 for liaison and enterprise, 404 for another district', async () => {
    const { ent, enterprise, liaison } = await story();
    const id = await submitted(enterprise, ent);
    expect(
      (await t.anon.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' })).statusCode,
    ).toBe(401);
    const district = await t.as('district', { divisionCode: '210502' });
    const bad = await district.post(`/api/resumption-applications/${id}/review`, { decision: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('decision');
    for (const a of [enterprise, liaison]) {
      expect(
        (await a.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' })).statusCode,
      ).toBe(403);
    }
    const other = await t.as('district', { divisionCode: '210503' });
    expect(
      (await other.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' })).statusCode,
    ).toBe(404);
    const noReason = await district.post(`/api/resumption-applications/${id}/review`, { decision: 'return' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0]).toMatchObject({ path: 'reason', reason: 'required' });
  });

  it('returned with a reason the enterprise sees, edited and resubmitted, verified, then approved', async () => {
    const { ent, enterprise, liaison, district } = await story();
    const id = await submitted(enterprise, ent);
    const ret = await district.post(`/api/resumption-applications/${id}/review`, {
      decision: 'return',
      reason: '口罩储备不足两周，请补充后再报',
    });
    expect(ret.statusCode).toBe(200);
    const seen = (await enterprise.get(`/api/resumption-applications/${id}`)).json();
    expect(seen).toMatchObject({ status: 'returned', returnReason: '口罩储备不足两周，请补充后再报' });
    expect(seen.reviews[0]).toMatchObject({ decision: 'return', by: { id: district.user.id } });
    expect((await enterprise.get(`/api/enterprises/${ent.id}`)).json().resumptionStatus).toBe('returned');

    const fixed = await enterprise.patch(`/api/resumption-applications/${id}`, {
      version: seen.version,
      prevention: { ...complete().prevention, maskStockDays: 21 },
    });
    expect(fixed.statusCode).toBe(200);
    const resub = await enterprise.post(`/api/resumption-applications/${id}/submit`, {
      version: fixed.json().version,
    });
    expect(resub.statusCode).toBe(200);
    const r = resub.json();
    expect(
      r.revisions.map(
        (x: { content: { prevention: { maskStockDays: number } } }) => x.content.prevention.maskStockDays,
      ),
    ).toEqual([14, 21]);

    // Two-person rule: no approval without a passed on-site verification.
    const early = await district.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('verification_required');
    expect(
      (await district.post(`/api/resumption-applications/${id}/verify`, { note: 'x', passed: true }))
        .statusCode,
    ).toBe(403);
    const stranger = await t.as('liaison');
    expect(
      (await stranger.post(`/api/resumption-applications/${id}/verify`, { note: 'x', passed: true }))
        .statusCode,
    ).toBe(404);
    expect(
      (await liaison.post(`/api/resumption-applications/${id}/verify`, { passed: true })).json().error
        .details[0].path,
    ).toBe('note');
    const failed = await liaison.post(`/api/resumption-applications/${id}/verify`, {
      note: '隔离室未设置',
      passed: false,
    });
    expect(failed.statusCode).toBe(200);
    expect(
      (await district.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' })).json().error
        .code,
    ).toBe('verification_required');
    await liaison.post(`/api/resumption-applications/${id}/verify`, {
      note: '复查：隔离室已设置，测温点2处',
      passed: true,
    });
    const ok = await district.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'approved',
      verification: { required: true, latest: { passed: true } },
    });
    expect(ok.json().verifications).toHaveLength(2);
    const hist = (await district.get(`/api/enterprises/${ent.id}/resumption-history`)).json();
    expect(hist.events.map((e: { status: string }) => e.status)).toEqual([
      'applied',
      'returned',
      'applied',
      'approved',
    ]);
    expect(hist.events[1]).toMatchObject({ reason: '口罩储备不足两周，请补充后再报', applicationId: id });
  });

  it('an on-site verification counts only for the version it checked', async () => {
    const { ent, enterprise, liaison, district } = await story();
    const id = await submitted(enterprise, ent);
    await liaison.post(`/api/resumption-applications/${id}/verify`, {
      note: '第一版现场核查通过',
      passed: true,
    });
    const ret = await district.post(`/api/resumption-applications/${id}/review`, {
      decision: 'return',
      reason: '请补充应急预案',
    });
    expect(ret.statusCode).toBe(200);
    const fixed = await enterprise.patch(`/api/resumption-applications/${id}`, {
      version: ret.json().version,
      prevention: { ...complete().prevention, disinfectantStockDays: 45 },
    });
    await enterprise.post(`/api/resumption-applications/${id}/submit`, { version: fixed.json().version });
    const stale = await district.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('verification_required');
    await liaison.post(`/api/resumption-applications/${id}/verify`, { note: '第二版复查通过', passed: true });
    const ok = await district.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' });
    expect(ok.statusCode).toBe(200);
  });

  it('the verifier cannot approve (403), even holding a reviewing role', async () => {
    const { ent, enterprise, liaison } = await story();
    const id = await submitted(enterprise, ent);
    await liaison.post(`/api/resumption-applications/${id}/verify`, { note: '现场核查通过', passed: true });
    const ctx = await t.ctxFor(liaison.user);
    ctx.actor = { ...ctx.actor!, role: 'commander' };
    const err = await reviewApplication(ctx, id, { decision: 'approve' }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 403, code: 'verifier_cannot_approve' });
  });

  it('every illegal step on an application is 409 invalid_transition', async () => {
    const { ent, enterprise, liaison, district } = await story();
    const draft = (
      await enterprise.post('/api/resumption-applications', { enterpriseId: ent.id, ...complete() })
    ).json();
    const expect409 = async (res: Promise<{ statusCode: number; json(): any }>, label: string) => {
      const r = await res;
      expect(r.statusCode, label).toBe(409);
      expect(r.json().error.code, label).toBe('invalid_transition');
    };
    const review = (id: number, decision: string) =>
      district.post(`/api/resumption-applications/${id}/review`, { decision, reason: '理由' });
    const verify = (id: number) =>
      liaison.post(`/api/resumption-applications/${id}/verify`, { note: '核查', passed: true });
    // draft: no review, no verification; the message names the statuses in the user's language
    const first = await review(draft.id, 'approve');
    expect(first.json().error).toMatchObject({
      code: 'invalid_transition',
      message: 'Something that is "Draft" cannot become "Approved"',
      details: { from: 'draft', to: 'approved' },
    });
    const zh = await district.post(
      `/api/resumption-applications/${draft.id}/review`,
      { decision: 'approve' },
      { 'accept-language': 'zh-CN' },
    );
    expect(zh.json().error.message).toBe('当前状态为“草稿”，不能变更为“已批准”');
    await expect409(review(draft.id, 'return'), 'draft return');
    await expect409(verify(draft.id), 'draft verify');
    // submitted: no edit, no second submission
    await enterprise.post(`/api/resumption-applications/${draft.id}/submit`, { version: 1 });
    await expect409(
      enterprise.patch(`/api/resumption-applications/${draft.id}`, { version: 2, plannedDate: null }),
      'submitted edit',
    );
    await expect409(
      enterprise.post(`/api/resumption-applications/${draft.id}/submit`, { version: 2 }),
      'submitted submit',
    );
    // returned: no review, no verification
    await review(draft.id, 'return');
    await expect409(review(draft.id, 'approve'), 'returned approve');
    await expect409(review(draft.id, 'return'), 'returned return');
    await expect409(verify(draft.id), 'returned verify');
    // approved: nothing more
    const cur = (await enterprise.get(`/api/resumption-applications/${draft.id}`)).json();
    await enterprise.post(`/api/resumption-applications/${draft.id}/submit`, { version: cur.version });
    await verify(draft.id);
    expect((await review(draft.id, 'approve')).statusCode).toBe(200);
    const done = (await enterprise.get(`/api/resumption-applications/${draft.id}`)).json();
    await expect409(
      enterprise.patch(`/api/resumption-applications/${draft.id}`, { version: done.version }),
      'approved edit',
    );
    await expect409(
      enterprise.post(`/api/resumption-applications/${draft.id}/submit`, { version: done.version }),
      'approved submit',
    );
    await expect409(review(draft.id, 'approve'), 'approved approve');
    await expect409(review(draft.id, 'return'), 'approved return');
    await expect409(verify(draft.id), 'approved verify');
    // an approved enterprise cannot start another application
    await expect409(
      enterprise.post('/api/resumption-applications', { enterpriseId: ent.id }),
      'approved new application',
    );
  });
});

describe('the phase-date gate and exemptions', () => {
  it('before 2-10 a general-phase approval is 409 phase_not_open until the commander exempts', async () => {
    at('2020-02-06');
    const { ent, enterprise, liaison } = await story({ keyEnterprise: true, aboveScale: true });
    const id = await submitted(enterprise, ent, '2020-02-07');
    await liaison.post(`/api/resumption-applications/${id}/verify`, {
      note: '连续生产，防疫措施到位',
      passed: true,
    });
    const district = await t.as('district', { divisionCode: '210502' });
    const early = await district.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'phase_not_open',
      details: { phase: 'general', earliestDate: '2020-02-10' },
    });
    expect(early.json().error.message).toContain('2020-02-10');
    const commander = await t.as('commander');
    await commander.post(`/api/enterprises/${ent.id}/resumption-exemption`, {
      reason: '高炉连续生产，不能停炉',
    });
    const ok = await district.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' });
    expect(ok.statusCode).toBe(200);
    const hist = (await district.get(`/api/enterprises/${ent.id}/resumption-history`)).json();
    expect(hist.events.at(-1)).toMatchObject({ status: 'approved', effectiveDate: '2020-02-06' });
  });

  it('the guarantee phase opens on 1-25 and needs no verification; a held phase never opens', async () => {
    at('2020-01-28');
    const util = await story({ industryCode: '4610', publicUtility: true });
    const id = await submitted(util.enterprise, util.ent, '2020-01-29');
    const ok = await util.district.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().verification).toEqual({ required: false, latest: null });

    t.clock.set!(DEFAULT_SCENARIO_START);
    const bar = await story({ industryCode: '9013', sizeClass: 'micro' });
    const barId = await submitted(bar.enterprise, bar.ent);
    await bar.liaison.post(`/api/resumption-applications/${barId}/verify`, {
      note: '现场核查',
      passed: true,
    });
    const held = await bar.district.post(`/api/resumption-applications/${barId}/review`, {
      decision: 'approve',
    });
    expect(held.statusCode).toBe(409);
    expect(held.json().error).toMatchObject({
      code: 'phase_not_open',
      details: { phase: 'held', earliestDate: null },
    });
    // Returning is always possible.
    expect(
      (
        await bar.district.post(`/api/resumption-applications/${barId}/review`, {
          decision: 'return',
          reason: '暂缓开业',
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('the review queue', () => {
  it('waiting ones first, oldest first, with days waited; scoped; 400 on a bad filter', async () => {
    at('2020-03-05');
    const a = await story();
    const first = await submitted(a.enterprise, a.ent, '2020-03-12');
    at('2020-03-08');
    const b = await story();
    const second = await submitted(b.enterprise, b.ent, '2020-03-12');
    const elsewhere = await story({ divisionCode: '210503' });
    const far = await submitted(elsewhere.enterprise, elsewhere.ent, '2020-03-12');
    t.clock.set!(DEFAULT_SCENARIO_START);
    const district = await t.as('district', { divisionCode: '210502' });
    const res = await district.get('/api/resumption-applications?status=submitted&pageSize=200');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: number; daysWaiting: number; abilities: string[] }[];
    const ids = items.map((i) => i.id);
    expect(ids).not.toContain(far);
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
    expect(items.find((i) => i.id === first)).toMatchObject({ daysWaiting: 5, abilities: ['review'] });
    expect(items.find((i) => i.id === second)?.daysWaiting).toBe(2);
    const mine = (await (await relogin(a.enterprise)).get('/api/resumption-applications')).json();
    expect(mine.items.map((i: { id: number }) => i.id)).toEqual([first]);
    const commander = await t.as('commander');
    const city = (await commander.get('/api/resumption-applications?division=210503&pageSize=200')).json();
    expect(city.items.map((i: { id: number }) => i.id)).toContain(far);
    expect(city.items.every((i: { divisionCode: string }) => i.divisionCode === '210503')).toBe(true);
    expect(
      (await district.get('/api/resumption-applications?status=nope')).json().error.details[0].path,
    ).toBe('status');
    expect((await t.anon.get('/api/resumption-applications')).statusCode).toBe(401);
    expect((await (await t.as('admin')).get('/api/resumption-applications')).statusCode).toBe(403);
  });
});

describe('status with dated history', () => {
  /** An enterprise approved on `day` through the guarantee phase (no verification needed). */
  async function approvedOn(day: string) {
    at(day);
    const s = await story({ industryCode: '4610', publicUtility: true });
    const id = await submitted(s.enterprise, s.ent, day);
    await s.district.post(`/api/resumption-applications/${id}/review`, { decision: 'approve' });
    return s;
  }

  it('401, 400 naming the field, 403 by role, 404 outside the territory', async () => {
    const { ent, enterprise } = await story();
    const url = `/api/enterprises/${ent.id}/resumption-status`;
    expect((await t.anon.post(url, { status: 'resumed', effectiveDate: '2020-03-10' })).statusCode).toBe(401);
    const district = await t.as('district', { divisionCode: '210502' });
    const bad = await district.post(url, { status: 'partying', effectiveDate: '2020/03/10' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['effectiveDate', 'status']);
    const noReason = await district.post(url, { status: 'suspended', effectiveDate: '2020-03-10' });
    expect(noReason.json().error.details[0]).toMatchObject({ path: 'reason', reason: 'required' });
    const future = await district.post(url, { status: 'resumed', effectiveDate: '2020-03-11' });
    expect(future.json().error.details[0]).toMatchObject({ path: 'effectiveDate', reason: 'date_in_future' });
    expect(
      (await (await t.as('leader')).post(url, { status: 'resumed', effectiveDate: '2020-03-10' })).statusCode,
    ).toBe(403);
    expect(
      (await (await t.as('liaison')).post(url, { status: 'resumed', effectiveDate: '2020-03-10' }))
        .statusCode,
    ).toBe(403);
    const closeOwn = await enterprise.post(url, { status: 'closed', effectiveDate: '2020-03-10' });
    expect(closeOwn.statusCode).toBe(403);
    const other = await t.as('district', { divisionCode: '210503' });
    expect((await other.post(url, { status: 'closed', effectiveDate: '2020-03-10' })).statusCode).toBe(404);
    expect((await other.get(`/api/enterprises/${ent.id}/resumption-history`)).statusCode).toBe(404);
  });

  it('illegal status changes are 409 invalid_transition', async () => {
    const { ent, enterprise, district } = await story();
    const url = `/api/enterprises/${ent.id}/resumption-status`;
    const expect409 = async (body: object, who: Agent = district) => {
      const r = await who.post(url, { effectiveDate: '2020-03-10', reason: '原因', ...body });
      expect(r.statusCode, JSON.stringify(body)).toBe(409);
      expect(r.json().error.code).toBe('invalid_transition');
    };
    // not applied: cannot resume or suspend
    await expect409({ status: 'resumed' }, enterprise);
    await expect409({ status: 'suspended' });
    // applied: still cannot resume
    await submitted(enterprise, ent);
    await expect409({ status: 'resumed' }, enterprise);
    await expect409({ status: 'suspended' });
    // closed: nothing more
    expect(
      (await district.post(url, { status: 'closed', effectiveDate: '2020-03-10', reason: '注销' }))
        .statusCode,
    ).toBe(200);
    await expect409({ status: 'resumed' });
    await expect409({ status: 'closed' });
  });

  it('answers "resumed on D" before and after each change', async () => {
    const s = await approvedOn('2020-02-01');
    const url = `/api/enterprises/${s.ent.id}/resumption-status`;
    at('2020-02-03');
    let ent = await relogin(s.enterprise);
    const resumed = await ent.post(url, { status: 'resumed', effectiveDate: '2020-02-02' });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ status: 'resumed', statusAsOf: 'resumed' });
    // A change may not predate the previous one.
    expect((await ent.post(url, { status: 'resumed', effectiveDate: '2020-01-31' })).statusCode).toBe(409);
    at('2020-02-21');
    let district = await relogin(s.district);
    const backdated = await district.post(url, {
      status: 'suspended',
      effectiveDate: '2020-02-01',
      reason: '发现疑似病例',
    });
    expect(backdated.json().error.details[0]).toMatchObject({
      path: 'effectiveDate',
      reason: 'before_previous_status',
    });
    expect(
      (
        await district.post(url, {
          status: 'suspended',
          effectiveDate: '2020-02-20',
          reason: '发现疑似病例，停工消杀',
        })
      ).statusCode,
    ).toBe(200);
    at('2020-02-26');
    ent = await relogin(s.enterprise);
    expect((await ent.post(url, { status: 'resumed', effectiveDate: '2020-02-25' })).statusCode).toBe(200);
    t.clock.set!(DEFAULT_SCENARIO_START);
    district = await relogin(s.district);
    const h = (on: string) => district.get(`/api/enterprises/${s.ent.id}/resumption-history?asOf=${on}`);
    const expectations: [string, string, boolean][] = [
      ['2020-01-31', 'not_applied', false],
      ['2020-02-01', 'approved', false],
      ['2020-02-02', 'resumed', true],
      ['2020-02-19', 'resumed', true],
      ['2020-02-20', 'suspended', false],
      ['2020-02-24', 'suspended', false],
      ['2020-02-25', 'resumed', true],
      ['2020-03-10', 'resumed', true],
    ];
    for (const [day, status, resumedAsOf] of expectations) {
      const v = (await h(day)).json();
      expect(v, day).toMatchObject({ asOf: day, statusAsOf: status, resumedAsOf, status: 'resumed' });
      expect(await isResumedOn(t.database.db, s.ent.id, day), day).toBe(resumedAsOf);
      const [{ n }] = await t.database.db
        .select({ n: count() })
        .from(schema.enterprises)
        .where(sql`${schema.enterprises.id} = ${s.ent.id} and ${resumedOnSql(day)}`);
      expect(Number(n), day).toBe(resumedAsOf ? 1 : 0);
      // In a select list too (drizzle leaves single-table columns unqualified there).
      const [row] = await t.database.db
        .select({ s: statusOnSql(day) })
        .from(schema.enterprises)
        .where(sql`${schema.enterprises.id} = ${s.ent.id}`);
      expect(row.s, day).toBe(status);
    }
    const all = (await h('2020-03-10')).json();
    expect(
      all.events.map((e: { status: string; effectiveDate: string }) => `${e.effectiveDate} ${e.status}`),
    ).toEqual([
      '2020-02-01 applied',
      '2020-02-01 approved',
      '2020-02-02 resumed',
      '2020-02-20 suspended',
      '2020-02-25 resumed',
    ]);
    expect(all.events[3]).toMatchObject({ reason: '发现疑似病例，停工消杀', by: { id: s.district.user.id } });
    expect((await district.get(`/api/enterprises/${s.ent.id}/resumption-history?asOf=3-10`)).statusCode).toBe(
      400,
    );
  });
});
