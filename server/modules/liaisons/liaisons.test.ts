import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const activeLiaisonAssignments = async () => {
  const a = schema.enterpriseAssignments;
  const [{ n }] = await t.database.db
    .select({ n: count() })
    .from(a)
    .where(and(eq(a.kind, 'liaison'), isNull(a.endedAt)));
  return Number(n);
};

// Auto-assignment runs in 南芬区 (210505), which no other test here touches.
describe('POST /api/liaisons/auto-assign', () => {
  it('401, 400 naming the field, 403 for roles that may not assign, 400 outside the territory', async () => {
    expect((await t.anon.post('/api/liaisons/auto-assign', { dryRun: true })).statusCode).toBe(401);
    const district = await t.as('district', { divisionCode: '210505' });
    const bad = await district.post('/api/liaisons/auto-assign', { maxLoad: 0 });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['dryRun', 'maxLoad']);
    for (const role of ['leader', 'liaison', 'supervisor'] as const) {
      expect((await (await t.as(role)).post('/api/liaisons/auto-assign', { dryRun: true })).statusCode).toBe(
        403,
      );
    }
    const outside = await district.post('/api/liaisons/auto-assign', { dryRun: true, division: '210503' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details[0]).toMatchObject({
      path: 'division',
      reason: 'out_of_scope_division',
    });
  });

  it('covers by priority within the load, previews without writing, is deterministic and stable', async () => {
    const mk = (o: Parameters<TestApp['makeEnterprise']>[0] = {}) =>
      t.makeEnterprise({ divisionCode: '210505', ...o });
    const key = await mk({ keyEnterprise: true });
    const above = await mk({ aboveScale: true });
    const chem = await mk({ hazardousChemicals: true });
    const others = [await mk(), await mk(), await mk()];
    const shut = await mk({ longTermShutdown: true });
    const archived = await mk({ archivedAt: new Date('2020-02-01T00:00:00Z') });
    const l1 = await t.makeUser('liaison', { divisionCode: '210505' });
    const l2 = await t.makeUser('liaison', { divisionCode: '210505' });
    const elsewhere = await t.makeUser('liaison', { divisionCode: '210504' });
    const district = await t.as('district', { divisionCode: '210505' });

    const before = await activeLiaisonAssignments();
    const dry = await district.post('/api/liaisons/auto-assign', { dryRun: true, maxLoad: 2 });
    expect(dry.statusCode).toBe(200);
    const plan = dry.json();
    expect(await activeLiaisonAssignments()).toBe(before);
    const again = (await district.post('/api/liaisons/auto-assign', { dryRun: true, maxLoad: 2 })).json();
    expect(again).toEqual(plan);

    // Six enterprises need one, four places: key, above-scale, hazardous chemicals and the first other.
    expect(plan.summary).toMatchObject({ needing: 6, kept: 0, assigned: 4, uncovered: 2 });
    expect(plan.changes.map((c: { enterpriseId: number }) => c.enterpriseId)).toEqual([
      key.id,
      above.id,
      chem.id,
      others[0].id,
    ]);
    expect(plan.uncovered.map((u: { id: number }) => u.id)).toEqual([others[1].id, others[2].id]);
    const assignedTo = plan.changes.map((c: { to: { id: number } }) => c.to.id);
    expect(assignedTo.filter((id: number) => id === l1.id)).toHaveLength(2);
    expect(assignedTo.filter((id: number) => id === l2.id)).toHaveLength(2);
    expect(assignedTo).not.toContain(elsewhere.id);
    const touched = plan.changes.map((c: { enterpriseId: number }) => c.enterpriseId);
    expect(touched).not.toContain(shut.id);
    expect(touched).not.toContain(archived.id);

    const run = await district.post('/api/liaisons/auto-assign', { dryRun: false, maxLoad: 2 });
    expect(run.statusCode).toBe(200);
    expect(run.json().changes).toEqual(plan.changes);
    expect(await activeLiaisonAssignments()).toBe(before + 4);

    // Stable: nothing changes on a second run; a higher limit only fills the gaps.
    const second = (await district.post('/api/liaisons/auto-assign', { dryRun: false, maxLoad: 2 })).json();
    expect(second.changes).toEqual([]);
    expect(second.summary).toMatchObject({ kept: 4, assigned: 0, moved: 0, uncovered: 2 });
    const third = (await district.post('/api/liaisons/auto-assign', { dryRun: false, maxLoad: 3 })).json();
    expect(
      third.changes.map((c: { enterpriseId: number; reason: string }) => [c.enterpriseId, c.reason]),
    ).toEqual([
      [others[1].id, 'gap'],
      [others[2].id, 'gap'],
    ]);
    expect(third.summary).toMatchObject({ kept: 4, uncovered: 0 });

    // An overload (three on one liaison) is rebalanced once a colleague joins, least urgent first.
    const l3 = await t.makeUser('liaison', { divisionCode: '210505' });
    const commander = await t.as('commander');
    const rebalance = (
      await commander.post('/api/liaisons/auto-assign', { dryRun: false, maxLoad: 2, division: '210505' })
    ).json();
    expect(
      rebalance.changes.every(
        (c: { reason: string; to: { id: number } }) => c.reason === 'overload' && c.to.id === l3.id,
      ),
    ).toBe(true);
    expect(rebalance.changes).toHaveLength(2);
    const loads = (await district.get('/api/liaisons?pageSize=200')).json().items;
    for (const l of loads) expect(l.load).toBeLessThanOrEqual(2);
  });
});

describe('POST /api/enterprises/:id/liaison', () => {
  it('401, 400 naming the field, 403, 404 outside the territory, then stations and re-stations', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    const mine = await t.makeUser('liaison', { divisionCode: '210502' });
    const next = await t.makeUser('liaison', { divisionCode: '210502' });
    const foreign = await t.makeUser('liaison', { divisionCode: '210503' });
    const notLiaison = await t.makeUser('supervisor');
    const url = `/api/enterprises/${e.id}/liaison`;
    expect((await t.anon.post(url, { liaisonId: mine.id, reason: '派驻' })).statusCode).toBe(401);
    const district = await t.as('district', { divisionCode: '210502' });
    expect((await district.post(url, { liaisonId: mine.id })).json().error.details[0].path).toBe('reason');
    const wrongDistrict = await district.post(url, { liaisonId: foreign.id, reason: '派驻' });
    expect(wrongDistrict.json().error.details[0]).toMatchObject({
      path: 'liaisonId',
      reason: 'liaison_other_division',
    });
    const wrongRole = await district.post(url, { liaisonId: notLiaison.id, reason: '派驻' });
    expect(wrongRole.json().error.details[0]).toMatchObject({ path: 'liaisonId', reason: 'unknown_liaison' });
    expect((await (await t.as('leader')).post(url, { liaisonId: mine.id, reason: '派驻' })).statusCode).toBe(
      403,
    );
    const other = await t.as('district', { divisionCode: '210503' });
    expect((await other.post(url, { liaisonId: mine.id, reason: '派驻' })).statusCode).toBe(404);

    const ok = await district.post(url, { liaisonId: mine.id, reason: '首次派驻' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().liaison).toEqual({ id: mine.id, displayName: mine.displayName });
    expect((await district.post(url, { liaisonId: mine.id, reason: '重复' })).json().error.code).toBe(
      'already_assigned',
    );
    const moved = await district.post(url, { liaisonId: next.id, reason: '原指导员调岗' });
    expect(moved.json().liaison.id).toBe(next.id);
    expect((await district.get(`/api/enterprises/${e.id}`)).json().liaison.id).toBe(next.id);
    const a = schema.enterpriseAssignments;
    const history = await t.database.db.select().from(a).where(eq(a.enterpriseId, e.id));
    expect(history.map((h) => [h.userId, h.endedAt !== null, h.reason])).toEqual([
      [mine.id, true, '首次派驻'],
      [next.id, false, '原指导员调岗'],
    ]);
    const ended = await district.post(url, { liaisonId: null, reason: '企业注销' });
    expect(ended.json().liaison).toBeNull();
  });
});

describe('visits and the liaison page', () => {
  it('POST /api/liaison-visits: 401, 400, 403, 404 for an enterprise not assigned, 201', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502', name: '本溪测试走访企业有限公司' });
    const liaison = await t.as('liaison');
    await t.assign(liaison.user.id, e.id, 'liaison');
    const body = {
      enterpriseId: e.id,
      date: '2020-03-09',
      purpose: 'prevention',
      checked: '测温点、隔离室、食堂分餐',
      findings: '隔离室缺少消毒记录',
      problems: [{ category: 'preventionSupplies', description: '84消毒液仅够3天' }],
    };
    expect((await t.anon.post('/api/liaison-visits', body)).statusCode).toBe(401);
    const bad = await liaison.post('/api/liaison-visits', { ...body, purpose: 'party', date: '2020-03-11' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('purpose');
    const future = await liaison.post('/api/liaison-visits', { ...body, date: '2020-03-11' });
    expect(future.json().error.details[0]).toMatchObject({ path: 'date', reason: 'date_in_future' });
    expect((await (await t.as('district')).post('/api/liaison-visits', body)).statusCode).toBe(403);
    const other = await t.makeEnterprise();
    expect((await liaison.post('/api/liaison-visits', { ...body, enterpriseId: other.id })).statusCode).toBe(
      404,
    );
    const ok = await liaison.post('/api/liaison-visits', body);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      enterpriseId: e.id,
      liaison: { id: liaison.user.id },
      problems: [{ category: 'preventionSupplies', status: 'open' }],
    });

    const list = await liaison.get(`/api/liaison-visits?enterpriseId=${e.id}`);
    expect(list.json().items.map((v: { id: number }) => v.id)).toEqual([ok.json().id]);
    const district = await t.as('district', { divisionCode: '210502' });
    expect((await district.get(`/api/liaison-visits?enterpriseId=${e.id}`)).json().total).toBe(1);
    const far = await t.as('district', { divisionCode: '210503' });
    expect((await far.get(`/api/liaison-visits?enterpriseId=${e.id}`)).json().total).toBe(0);
    expect(
      (await (await t.as('enterprise', { enterpriseId: e.id })).get('/api/liaison-visits')).statusCode,
    ).toBe(403);
    expect((await t.anon.get('/api/liaison-visits')).statusCode).toBe(401);
    expect((await liaison.get('/api/liaison-visits?enterpriseId=x')).statusCode).toBe(400);

    const me = await liaison.get('/api/liaisons/me/enterprises');
    expect(me.statusCode).toBe(200);
    expect(me.json().items).toEqual([
      expect.objectContaining({
        id: e.id,
        lastVisitDate: '2020-03-09',
        daysSinceVisit: 1,
        resumptionStatus: 'not_applied',
        openProblems: 1,
        application: null,
        phase: { code: 'general', name: 'Open all that should open' },
        contactPhone: '13800001234',
      }),
    ]);
    expect((await district.get('/api/liaisons/me/enterprises')).statusCode).toBe(403);
    expect((await t.anon.get('/api/liaisons/me/enterprises')).statusCode).toBe(401);
  });
});

describe('GET /api/liaisons and coverage', () => {
  it('lists liaisons with load in the territory; coverage counts gaps, overloads and stale visits', async () => {
    // 桓仁 (210522): one enterprise without a liaison, one overloaded liaison, one visited recently.
    const e = await Promise.all([1, 2, 3, 4, 5].map(() => t.makeEnterprise({ divisionCode: '210522' })));
    const busy = await t.as('liaison', { divisionCode: '210522' });
    for (const x of e.slice(0, 4)) await t.assign(busy.user.id, x.id, 'liaison');
    await busy.post('/api/liaison-visits', { enterpriseId: e[0].id, date: '2020-03-08', purpose: 'safety' });
    await busy.post('/api/liaison-visits', { enterpriseId: e[1].id, date: '2020-03-01', purpose: 'service' });

    expect((await t.anon.get('/api/liaisons/coverage')).statusCode).toBe(401);
    expect((await busy.get('/api/liaisons/coverage')).statusCode).toBe(403);
    const district = await t.as('district', { divisionCode: '210522' });
    expect((await district.get('/api/liaisons/coverage?days=0')).json().error.details[0].path).toBe('days');
    const res = await district.get('/api/liaisons/coverage');
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.divisions).toEqual([
      {
        code: '210522',
        name: 'Huanren Manchu Autonomous County',
        enterprises: 5,
        covered: 4,
        withoutLiaison: 1,
        liaisons: 1,
        overLoad: 1,
        notVisited: 4,
      },
    ]);
    expect(c.withoutLiaison.map((x: { id: number }) => x.id)).toEqual([e[4].id]);
    expect(c.overLoaded).toEqual([expect.objectContaining({ id: busy.user.id, load: 4 })]);
    expect(c.notVisited.map((x: { id: number }) => x.id)).not.toContain(e[0].id);
    expect(c.notVisited.find((x: { id: number }) => x.id === e[1].id)).toMatchObject({
      lastVisitDate: '2020-03-01',
      liaison: { id: busy.user.id },
    });
    const longer = (await district.get('/api/liaisons/coverage?days=14')).json();
    expect(longer.divisions[0].notVisited).toBe(3);

    const leader = await t.as('leader');
    const city = (await leader.get('/api/liaisons/coverage')).json();
    expect(city.divisions.length).toBe(7);
    expect((await leader.get('/api/liaisons')).statusCode).toBe(403);

    const list = await district.get('/api/liaisons');
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: busy.user.id, load: 4, divisionCode: '210522', disabled: false }),
    ]);
    expect((await district.get('/api/liaisons?division=210502')).statusCode).toBe(400);
    expect((await t.anon.get('/api/liaisons')).statusCode).toBe(401);
  });
});
