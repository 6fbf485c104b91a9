import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The plan as read, turned back into a PUT body. */
async function planBody(a: Agent) {
  const plan = (await a.get('/api/resumption/phases')).json();
  return {
    version: plan.version,
    phases: plan.phases.map((p: Record<string, unknown>) => {
      const { open: _o, ...rest } = p;
      return rest;
    }),
  };
}

describe('GET /api/resumption/phases', () => {
  it('401 without a session, 403 for the administrator', async () => {
    expect((await t.anon.get('/api/resumption/phases')).statusCode).toBe(401);
    expect((await (await t.as('admin')).get('/api/resumption/phases')).statusCode).toBe(403);
  });

  it("every business role reads Benxi's default plan, in priority order", async () => {
    const ent = await t.as('enterprise');
    const res = await ent.get('/api/resumption/phases');
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan.version).toBe(1);
    expect(plan.phases.map((p: { code: string }) => p.code)).toEqual(['guarantee', 'held', 'general']);
    expect(plan.phases[0]).toMatchObject({
      name: '保障运行',
      earliestDate: '2020-01-25',
      requiresVerification: false,
      rule: { flags: ['publicUtility', 'epidemicSupplies', 'cityOperation'] },
      open: true,
    });
    expect(plan.phases[1]).toMatchObject({ name: '暂缓开业', earliestDate: null, open: false });
    expect(plan.phases[1].rule.industryPrefixes).toEqual(expect.arrayContaining(['9011', '9013']));
    expect(plan.phases[2]).toMatchObject({
      name: '应开尽开',
      earliestDate: '2020-02-10',
      rule: {},
      requiresVerification: true,
    });
  });
});

describe('GET /api/enterprises/:id shows phase, status and liaison', () => {
  it('the phase with the rule that matched', async () => {
    const util = await t.makeEnterprise({ industryCode: '4610', publicUtility: true });
    const bar = await t.makeEnterprise({ industryCode: '9011', sizeClass: 'micro' });
    const plain = await t.makeEnterprise();
    const liaison = await t.as('liaison');
    await t.assign(liaison.user.id, plain.id, 'liaison');
    const commander = await t.as('commander');
    const u = (await commander.get(`/api/enterprises/${util.id}`)).json();
    expect(u.phase).toMatchObject({
      code: 'guarantee',
      earliestDate: '2020-01-25',
      matchedBy: [{ criterion: 'flag', value: 'publicUtility' }],
      overridden: false,
      open: true,
    });
    expect(u.resumptionStatus).toBe('not_applied');
    expect(u.liaison).toBeNull();
    const b = (await commander.get(`/api/enterprises/${bar.id}`)).json();
    expect(b.phase).toMatchObject({ code: 'held', earliestDate: null, open: false });
    expect(b.phase.matchedBy).toEqual([{ criterion: 'industryPrefix', value: '9011' }]);
    const p = (await commander.get(`/api/enterprises/${plain.id}`)).json();
    expect(p.phase).toMatchObject({ code: 'general', matchedBy: [] });
    expect(p.liaison).toEqual({ id: liaison.user.id, displayName: liaison.user.displayName });
    expect(p.abilities).toEqual(
      expect.arrayContaining(['resumption.override', 'resumption.exempt', 'liaison.assign']),
    );
    // The list stays lean: no per-row phase lookups.
    const list = (await commander.get('/api/enterprises?pageSize=5')).json();
    expect(list.items[0].phase).toBeUndefined();
  });
});

describe('POST /api/enterprises/:id/phase-override', () => {
  it('401, 400 naming the field, 403 for roles that may not, 404 outside the territory', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    expect((await t.anon.post(`/api/enterprises/${e.id}/phase-override`, {})).statusCode).toBe(401);
    const district = await t.as('district', { divisionCode: '210502' });
    const noReason = await district.post(`/api/enterprises/${e.id}/phase-override`, { phaseCode: 'held' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe('reason');
    const unknown = await district.post(`/api/enterprises/${e.id}/phase-override`, {
      phaseCode: 'nope',
      reason: '测试原因',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0]).toMatchObject({ path: 'phaseCode', reason: 'unknown_phase' });
    const leader = await t.as('leader');
    expect(
      (
        await leader.post(`/api/enterprises/${e.id}/phase-override`, {
          phaseCode: 'held',
          reason: '测试原因',
        })
      ).statusCode,
    ).toBe(403);
    const other = await t.as('district', { divisionCode: '210503' });
    expect(
      (await other.post(`/api/enterprises/${e.id}/phase-override`, { phaseCode: 'held', reason: '测试原因' }))
        .statusCode,
    ).toBe(404);
  });

  it('a district overrides in its territory with a reason; a null phase returns to the rules', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    const district = await t.as('district', { divisionCode: '210502' });
    const res = await district.post(`/api/enterprises/${e.id}/phase-override`, {
      phaseCode: 'guarantee',
      reason: '为医院供应氧气',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().phase).toMatchObject({
      code: 'guarantee',
      overridden: true,
      overrideReason: '为医院供应氧气',
    });
    const view = (await district.get(`/api/enterprises/${e.id}`)).json();
    expect(view.phase).toMatchObject({ code: 'guarantee', overridden: true });
    const commander = await t.as('commander');
    const cleared = await commander.post(`/api/enterprises/${e.id}/phase-override`, {
      phaseCode: null,
      reason: '恢复按规则',
    });
    expect(cleared.json().phase).toMatchObject({ code: 'general', overridden: false, overrideReason: null });
  });
});

describe('POST /api/enterprises/:id/resumption-exemption', () => {
  it('commander only; 400 without a reason; 404 for an unknown enterprise; 201 records it', async () => {
    const e = await t.makeEnterprise();
    expect(
      (await t.anon.post(`/api/enterprises/${e.id}/resumption-exemption`, { reason: 'x' })).statusCode,
    ).toBe(401);
    const district = await t.as('district');
    expect(
      (await district.post(`/api/enterprises/${e.id}/resumption-exemption`, { reason: '连续生产' }))
        .statusCode,
    ).toBe(403);
    const commander = await t.as('commander');
    const bad = await commander.post(`/api/enterprises/${e.id}/resumption-exemption`, {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('reason');
    expect(
      (await commander.post('/api/enterprises/999999/resumption-exemption', { reason: '连续生产' }))
        .statusCode,
    ).toBe(404);
    const ok = await commander.post(`/api/enterprises/${e.id}/resumption-exemption`, {
      reason: '高炉连续生产不能停',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      enterpriseId: e.id,
      phaseCode: 'general',
      reason: '高炉连续生产不能停',
    });
    expect((await commander.get(`/api/enterprises/${e.id}`)).json().phase).toMatchObject({
      exempted: true,
      open: true,
    });
  });
});

describe('PUT /api/resumption/phases and the preview', () => {
  it('401, 403 for a district, 400 naming each wrong field', async () => {
    const commander = await t.as('commander');
    const body = await planBody(commander);
    expect((await t.anon.put('/api/resumption/phases', body)).statusCode).toBe(401);
    const district = await t.as('district');
    expect((await district.put('/api/resumption/phases', body)).statusCode).toBe(403);
    expect((await district.post('/api/resumption/phases/preview', body)).statusCode).toBe(403);
    const wrong = structuredClone(body);
    wrong.phases[1].rule.industryPrefixes = ['9011', '99'];
    wrong.phases[2].code = 'held';
    for (const res of [
      await commander.put('/api/resumption/phases', wrong),
      await commander.post('/api/resumption/phases/preview', wrong),
    ]) {
      expect(res.statusCode).toBe(400);
      const paths = res.json().error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['phases.1.rule.industryPrefixes.1', 'phases.2.code']));
    }
    const shape = await commander.put('/api/resumption/phases', { ...body, phases: [{ code: 'X' }] });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.details.map((d: { path: string }) => d.path)).toContain('phases.0.code');
  });

  it('previews how many enterprises would move, writing nothing; then saves with versions', async () => {
    const commander = await t.as('commander');
    const steel = await Promise.all([
      t.makeEnterprise({ industryCode: '3130' }),
      t.makeEnterprise({ industryCode: '3120' }),
      t.makeEnterprise({ industryCode: '3130', publicUtility: true }),
    ]);
    const body = await planBody(commander);
    const before = (await commander.get('/api/resumption/phases')).json();
    // Hold back steel: the two non-utility steel works move from general to held.
    body.phases[1].rule.industryPrefixes = [...body.phases[1].rule.industryPrefixes, '31'];
    const preview = await commander.post('/api/resumption/phases/preview', body);
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    const movedIds = p.sample.map((s: { id: number }) => s.id);
    expect(movedIds).toEqual(expect.arrayContaining([steel[0].id, steel[1].id]));
    expect(movedIds).not.toContain(steel[2].id);
    expect(p.sample.find((s: { id: number }) => s.id === steel[0].id)).toMatchObject({
      from: 'general',
      to: 'held',
    });
    expect(p.moved).toBe(p.sample.length);
    expect(p.byPhase.held).toBeGreaterThanOrEqual(2);
    expect(p.total).toBe(p.byPhase.guarantee + p.byPhase.held + p.byPhase.general + p.unmatched);
    expect((await commander.get('/api/resumption/phases')).json()).toEqual(before);

    const saved = await commander.put('/api/resumption/phases', body);
    expect(saved.statusCode).toBe(200);
    const plan = saved.json();
    expect(plan.version).toBe(2);
    expect(plan.phases.map((x: { code: string; version: number }) => `${x.code}:${x.version}`)).toEqual([
      'guarantee:1',
      'held:2',
      'general:1',
    ]);
    expect((await commander.get(`/api/enterprises/${steel[0].id}`)).json().phase.code).toBe('held');

    // The same body again is stale: the plan moved on.
    const stale = await commander.put('/api/resumption/phases', body);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');

    // Removing a phase and adding one; an old phase version is refused.
    const next = await planBody(commander);
    const staleHeld = structuredClone(next);
    staleHeld.phases[1].version = 1;
    expect((await commander.put('/api/resumption/phases', staleHeld)).statusCode).toBe(409);
    next.phases = [
      next.phases[0],
      {
        code: 'key',
        name: '重点企业优先',
        nameEn: 'Key enterprises first',
        earliestDate: '2020-02-03',
        priority: 50,
        rule: { flags: ['keyEnterprise'], aboveScale: true },
        requiresVerification: true,
      },
      next.phases[2],
    ];
    const replaced = await commander.put('/api/resumption/phases', next);
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().phases.map((x: { code: string }) => x.code)).toEqual([
      'guarantee',
      'key',
      'general',
    ]);
    expect((await commander.get(`/api/enterprises/${steel[0].id}`)).json().phase.code).toBe('general');
  });
});
