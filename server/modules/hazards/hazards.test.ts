import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_START } from '../../clock';
import { rows, schema } from '../../db/client';
import { escalateOverdueHazards } from '../../jobs/escalate-hazards';
import { makeHazard, makeSquad, outsiders, PNG, upload } from '../../test/safety-factories';
import { cloneRow, createTestApp, type TestApp } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => t.clock.set!(DEFAULT_SCENARIO_START));

const body = (enterpriseId: number, over: Record<string, unknown> = {}) => ({
  enterpriseId,
  line: 'safety',
  category: 'fire',
  severity: 'general',
  description: '二号车间灭火器压力不足',
  location: '二号车间',
  ...over,
});

describe('POST /api/hazards', () => {
  it('401 without a session, 403 for roles that cannot raise hazards', async () => {
    const e = await t.makeEnterprise();
    expect((await t.anon.post('/api/hazards', body(e.id))).statusCode).toBe(401);
    for (const role of ['leader', 'auditor', 'admin'] as const) {
      const a = await t.as(role);
      const res = await a.post('/api/hazards', body(e.id));
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    const ent = await t.as('enterprise', { enterpriseId: e.id });
    expect((await ent.post('/api/hazards', body(e.id))).statusCode).toBe(403);
  });

  it('defaults the deadline by severity on the scenario clock (general 7, major 30 days)', async () => {
    const e = await t.makeEnterprise();
    const district = await t.as('district', { divisionCode: '210502' });
    const general = await district.post('/api/hazards', body(e.id));
    expect(general.statusCode).toBe(201);
    expect(general.json()).toMatchObject({
      status: 'open',
      foundOn: '2020-03-10',
      deadline: '2020-03-17',
      overdue: false,
      responsiblePerson: e.contactName,
      transitions: [],
    });
    expect(general.json().history).toHaveLength(1);
    expect(general.json().history[0]).toMatchObject({ action: 'create', toStatus: 'open' });
    const major = await district.post(
      '/api/hazards',
      body(e.id, { severity: 'major', foundOn: '2020-03-01' }),
    );
    expect(major.json()).toMatchObject({ severity: 'major', deadline: '2020-03-31' });
    const explicit = await district.post('/api/hazards', body(e.id, { deadline: '2020-03-12' }));
    expect(explicit.json().deadline).toBe('2020-03-12');
  });

  it('400 for a category of the other line, a future date, a deadline before discovery, unknown fields', async () => {
    const e = await t.makeEnterprise();
    const commander = await t.as('commander');
    const r1 = await commander.post('/api/hazards', body(e.id, { category: 'temperature' }));
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details[0]).toMatchObject({ path: 'category', reason: 'category_line_mismatch' });
    const r2 = await commander.post('/api/hazards', body(e.id, { foundOn: '2020-03-11' }));
    expect(r2.json().error.details[0]).toMatchObject({ path: 'foundOn', reason: 'future_date' });
    const r3 = await commander.post(
      '/api/hazards',
      body(e.id, { foundOn: '2020-03-05', deadline: '2020-03-04' }),
    );
    expect(r3.json().error.details[0]).toMatchObject({ path: 'deadline', reason: 'deadline_before_found' });
    const r4 = await commander.post('/api/hazards', body(e.id, { status: 'closed' }));
    expect(r4.statusCode).toBe(400);
    expect(r4.json().error.details[0].path).toBe('status');
    const r5 = await commander.post('/api/hazards', body(e.id, { severity: 'huge' }));
    expect(r5.json().error.details[0].path).toBe('severity');
  });

  it('404 for an enterprise outside scope', async () => {
    const other = await t.makeEnterprise({ divisionCode: '210503' });
    const district = await t.as('district', { divisionCode: '210502' });
    expect((await district.post('/api/hazards', body(other.id))).statusCode).toBe(404);
    const liaison = await t.as('liaison');
    expect((await liaison.post('/api/hazards', body(other.id))).statusCode).toBe(404);
  });

  it('refuses photos of another enterprise', async () => {
    const mine = await t.makeEnterprise();
    const theirs = await t.makeEnterprise();
    const commander = await t.as('commander');
    const photo = (await upload(t, commander, theirs.id, 'a.png', PNG)).json();
    const res = await commander.post('/api/hazards', body(mine.id, { attachmentIds: [photo.id] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({
      path: 'attachmentIds.0',
      reason: 'unknown_attachment',
    });
    const own = (await upload(t, commander, mine.id, 'b.png', PNG)).json();
    const ok = await commander.post('/api/hazards', body(mine.id, { attachmentIds: [own.id] }));
    expect(ok.statusCode).toBe(201);
    expect(ok.json().attachmentIds).toEqual([own.id]);
  });
});

describe('the closed loop over HTTP', () => {
  it('open → rectifying → submitted → closed, every step in the history and the audit log', async () => {
    const e = await t.makeEnterprise();
    const district = await t.as('district', { divisionCode: '210502' });
    const ent = await t.as('enterprise', { enterpriseId: e.id });
    const h = (await district.post('/api/hazards', body(e.id))).json();
    const seen = (await ent.get(`/api/hazards/${h.id}`)).json();
    expect(seen.transitions).toEqual(['rectifying']);

    const accepted = await ent.post(`/api/hazards/${h.id}/transitions`, {
      to: 'rectifying',
      note: '三日内更换',
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'rectifying', rectificationPlan: '三日内更换' });

    const photo = (await upload(t, ent, e.id, '整改后.png', PNG)).json();
    const submitted = await ent.post(`/api/hazards/${h.id}/transitions`, {
      to: 'submitted',
      note: '已更换 4 具灭火器',
      attachmentIds: [photo.id],
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({
      status: 'submitted',
      evidence: '已更换 4 具灭火器',
      evidenceAttachmentIds: [photo.id],
      submittedBy: ent.user.id,
    });
    expect((await district.get(`/api/hazards/${h.id}`)).json().transitions.sort()).toEqual([
      'closed',
      'rectifying',
    ]);

    const closed = await district.post(`/api/hazards/${h.id}/transitions`, { to: 'closed' });
    expect(closed.statusCode).toBe(200);
    const d = closed.json();
    expect(d).toMatchObject({
      status: 'closed',
      closedBy: district.user.id,
      // Names where the page shows people, not ids.
      enterpriseName: e.name,
      reportedByName: district.user.displayName,
      submittedByName: ent.user.displayName,
      closedByName: district.user.displayName,
    });
    const listed = (await district.get(`/api/hazards?enterprise=${e.id}`)).json().items[0];
    expect(listed).toMatchObject({
      id: h.id,
      reportedByName: district.user.displayName,
      submittedByName: ent.user.displayName,
      closedByName: district.user.displayName,
    });
    expect(h).toMatchObject({ reportedByName: district.user.displayName, submittedByName: null });
    expect(d.history.map((x: { action: string }) => x.action)).toEqual([
      'create',
      'accept',
      'submit',
      'verify',
    ]);
    expect(d.history[2].attachmentIds).toEqual([photo.id]);
    expect(d.history[3].actorName).toBe(district.user.displayName);

    const auditor = await t.as('auditor');
    const log = (await auditor.get(`/api/audit?entity=hazard&entityId=${h.id}&pageSize=50`)).json();
    expect(log.items.map((x: { action: string }) => x.action).sort()).toEqual(
      ['hazard.accept', 'hazard.create', 'hazard.submit', 'hazard.verify'].sort(),
    );
  });

  it('409 invalid_transition for skipped steps and for anything after closing', async () => {
    const e = await t.makeEnterprise();
    const commander = await t.as('commander');
    const h = (await commander.post('/api/hazards', body(e.id))).json();
    const skip = await commander.post(`/api/hazards/${h.id}/transitions`, { to: 'closed' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error).toMatchObject({
      code: 'invalid_transition',
      message: expect.stringMatching(/"Open" cannot become "Verified closed"/),
      details: { from: 'open', to: 'closed' },
    });
    const done = await makeHazard(t, e.id, { status: 'closed' });
    for (const to of ['open', 'rectifying', 'submitted', 'closed']) {
      const res = await commander.post(`/api/hazards/${done.id}/transitions`, { to });
      expect(res.statusCode, to).toBe(409);
    }
    const bad = await commander.post(`/api/hazards/${h.id}/transitions`, { to: 'fixed' });
    expect(bad.statusCode).toBe(400);
    expect((await commander.post('/api/hazards/999999/transitions', { to: 'rectifying' })).statusCode).toBe(
      404,
    );
  });

  it('403 when the submitter tries to verify their own evidence; another verifier may', async () => {
    const e = await t.makeEnterprise();
    const liaison = await t.as('liaison');
    await t.assign(liaison.user.id, e.id, 'liaison');
    const h = await makeHazard(t, e.id, { status: 'rectifying' });
    const sub = await liaison.post(`/api/hazards/${h.id}/transitions`, { to: 'submitted', note: '已整改' });
    expect(sub.statusCode).toBe(200);
    expect(sub.json().transitions).toEqual([]);
    const self = await liaison.post(`/api/hazards/${h.id}/transitions`, { to: 'closed' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('self_verification');
    const selfReject = await liaison.post(`/api/hazards/${h.id}/transitions`, {
      to: 'rectifying',
      note: '不行',
    });
    expect(selfReject.json().error.code).toBe('self_verification');
    const supervisor = await t.as('supervisor');
    await makeSquad(t, { members: [supervisor.user.id], enterprises: [e.id] });
    const ok = await supervisor.post(`/api/hazards/${h.id}/transitions`, { to: 'closed' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('closed');
  });

  it('a major hazard needs a plan to accept and a district or city verifier', async () => {
    const e = await t.makeEnterprise();
    const ent = await t.as('enterprise', { enterpriseId: e.id });
    const commander = await t.as('commander');
    const h = (
      await commander.post('/api/hazards', body(e.id, { severity: 'major', category: 'hazardous_chemicals' }))
    ).json();
    expect(h.deadline).toBe('2020-04-09');
    const noPlan = await ent.post(`/api/hazards/${h.id}/transitions`, { to: 'rectifying' });
    expect(noPlan.statusCode).toBe(400);
    expect(noPlan.json().error.details[0]).toMatchObject({ path: 'note', reason: 'plan_required' });
    await ent.post(`/api/hazards/${h.id}/transitions`, {
      to: 'rectifying',
      note: '停用旧库房，新建合规危化品库',
    });
    await ent.post(`/api/hazards/${h.id}/transitions`, { to: 'submitted', note: '新库房已验收' });

    const supervisor = await t.as('supervisor');
    await makeSquad(t, { members: [supervisor.user.id], enterprises: [e.id] });
    expect((await supervisor.get(`/api/hazards/${h.id}`)).json().transitions).toEqual([]);
    const low = await supervisor.post(`/api/hazards/${h.id}/transitions`, { to: 'closed' });
    expect(low.statusCode).toBe(403);
    expect(low.json().error.code).toBe('verifier_level');
    const department = await t.as('department');
    expect(
      (await department.post(`/api/hazards/${h.id}/transitions`, { to: 'closed' })).json().error.code,
    ).toBe('verifier_level');
    const district = await t.as('district', { divisionCode: '210502' });
    const ok = await district.post(`/api/hazards/${h.id}/transitions`, {
      to: 'closed',
      note: '现场复核合格',
    });
    expect(ok.statusCode).toBe(200);
  });

  it('rejection needs a reason and sends it back to rectifying; the enterprise cannot verify', async () => {
    const e = await t.makeEnterprise();
    const ent = await t.as('enterprise', { enterpriseId: e.id });
    const h = await makeHazard(t, e.id, { status: 'rectifying' });
    await ent.post(`/api/hazards/${h.id}/transitions`, { to: 'submitted', note: '已整改' });
    const selfClose = await ent.post(`/api/hazards/${h.id}/transitions`, { to: 'closed' });
    expect(selfClose.statusCode).toBe(403);
    expect(selfClose.json().error.code).toBe('forbidden');
    const department = await t.as('department');
    const noReason = await department.post(`/api/hazards/${h.id}/transitions`, { to: 'rectifying' });
    expect(noReason.json().error.details[0]).toMatchObject({ path: 'note', reason: 'reason_required' });
    const back = await department.post(`/api/hazards/${h.id}/transitions`, {
      to: 'rectifying',
      note: '照片不清晰，请补充',
    });
    expect(back.statusCode).toBe(200);
    expect(back.json().status).toBe('rectifying');
    const again = await ent.post(`/api/hazards/${h.id}/transitions`, { to: 'submitted', note: '补充照片' });
    expect(again.json().status).toBe('submitted');
    const closed = await department.post(`/api/hazards/${h.id}/transitions`, { to: 'closed' });
    expect(closed.json().history.map((x: { action: string }) => x.action)).toEqual([
      'submit',
      'reject',
      'submit',
      'verify',
    ]);
  });

  it('404 for a hazard outside scope, on read and on transition', async () => {
    const other = await t.makeEnterprise({ divisionCode: '210503' });
    const h = await makeHazard(t, other.id);
    const district = await t.as('district', { divisionCode: '210502' });
    expect((await district.get(`/api/hazards/${h.id}`)).statusCode).toBe(404);
    expect((await district.post(`/api/hazards/${h.id}/transitions`, { to: 'rectifying' })).statusCode).toBe(
      404,
    );
    const ent = await t.as('enterprise');
    expect((await ent.post(`/api/hazards/${h.id}/transitions`, { to: 'rectifying' })).statusCode).toBe(404);
  });
});

describe('GET /api/hazards', () => {
  it('filters by status, line, severity, division and overdue; the enterprise and its liaison see their overdue list', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210504' });
    const late = await makeHazard(t, e.id, { foundOn: '2020-02-20', status: 'rectifying' });
    const fresh = await makeHazard(t, e.id, {
      foundOn: '2020-03-09',
      line: 'epidemic',
      category: 'temperature',
    });
    const done = await makeHazard(t, e.id, { foundOn: '2020-02-10', status: 'closed' });
    const major = await makeHazard(t, e.id, { foundOn: '2020-03-01', severity: 'major' });
    const ids = (res: { json(): { items: { id: number }[] } }) =>
      res
        .json()
        .items.map((x) => x.id)
        .sort();

    const ent = await t.as('enterprise', { enterpriseId: e.id });
    const overdue = await ent.get('/api/hazards?overdue=true');
    expect(ids(overdue)).toEqual([late.id]);
    expect(overdue.json().items[0]).toMatchObject({ overdue: true, daysOverdue: 12, deadline: '2020-02-27' });
    const liaison = await t.as('liaison');
    await t.assign(liaison.user.id, e.id, 'liaison');
    expect(ids(await liaison.get('/api/hazards?overdue=true'))).toEqual([late.id]);
    expect((await liaison.get('/api/hazards')).json().total).toBe(4);

    const commander = await t.as('commander');
    const q = (s: string) => commander.get(`/api/hazards?division=210504&${s}`);
    expect(ids(await q('status=closed'))).toEqual([done.id]);
    expect(ids(await q('status=pending'))).toEqual([late.id, fresh.id, major.id].sort());
    expect(ids(await q('line=epidemic'))).toEqual([fresh.id]);
    expect(ids(await q('severity=major'))).toEqual([major.id]);
    expect(ids(await q('overdue=false')).length).toBe(3);
    expect(ids(await q('from=2020-03-01&to=2020-03-09'))).toEqual([fresh.id, major.id].sort());
    expect((await commander.get('/api/hazards?division=210505')).json().total).toBe(0);
    expect((await commander.get('/api/hazards?overdue=maybe')).statusCode).toBe(400);
    const other = await t.as('district', { divisionCode: '210502' });
    expect(ids(await other.get('/api/hazards?division=210504'))).toEqual([]);
  });
});

describe('GET /api/hazards/stats', () => {
  it('counts found, closed, overdue and the rate by division, line, category and severity; as of a past day', async () => {
    const a = await t.makeEnterprise({ divisionCode: '210505' });
    const b = await t.makeEnterprise({ divisionCode: '210505' });
    await makeHazard(t, a.id, {
      foundOn: '2020-02-12',
      status: 'closed',
      closedAt: new Date('2020-02-15T10:00:00+08:00'),
    });
    await makeHazard(t, a.id, {
      foundOn: '2020-02-20',
      status: 'closed',
      closedAt: new Date('2020-03-02T10:00:00+08:00'),
    });
    await makeHazard(t, b.id, {
      foundOn: '2020-02-25',
      status: 'rectifying',
      line: 'epidemic',
      category: 'disinfection',
    });
    await makeHazard(t, b.id, { foundOn: '2020-03-08', status: 'open', severity: 'major' });
    const commander = await t.as('commander');
    const res = await commander.get('/api/hazards/stats?division=210505');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ found: 4, closed: 2, overdue: 1, rectificationRate: 0.5, to: '2020-03-10' });
    expect(s.byLine.find((x: { key: string }) => x.key === 'epidemic')).toMatchObject({
      found: 1,
      overdue: 1,
    });
    expect(s.bySeverity.find((x: { key: string }) => x.key === 'major')).toMatchObject({
      found: 1,
      closed: 0,
    });
    expect(s.byCategory.find((x: { key: string }) => x.key === 'fire')).toMatchObject({
      found: 3,
      closed: 2,
    });
    const towns = s.byDivision.reduce((n: number, x: { found: number }) => n + x.found, 0);
    expect(towns).toBe(4);

    // As it stood on 2020-02-28: three found, one closed; the second closed only on 3-02, so it
    // was overdue (deadline 2-27) on that day.
    const past = (await commander.get('/api/hazards/stats?division=210505&to=2020-02-28')).json();
    expect(past).toMatchObject({ found: 3, closed: 1, overdue: 1, rectificationRate: 0.3333 });
    const window = (
      await commander.get('/api/hazards/stats?division=210505&from=2020-02-20&to=2020-03-10')
    ).json();
    expect(window.found).toBe(3);

    const city = (await commander.get('/api/hazards/stats')).json();
    expect(city.byDivision.find((x: { key: string }) => x.key === '210505')).toMatchObject({
      found: 4,
      closed: 2,
      name: 'Nanfen District',
    });
    const district = await t.as('district', { divisionCode: '210502' });
    const own = (await district.get('/api/hazards/stats?division=210505')).json();
    expect(own.found).toBe(0);
    expect((await commander.get('/api/hazards/stats?from=2020-03-10&to=2020-03-01')).statusCode).toBe(400);
    const ent = await t.as('enterprise', { enterpriseId: a.id });
    expect((await ent.get('/api/hazards/stats')).statusCode).toBe(403);
  });
});

describe('GET /api/hazards/stats: the division breakdown', () => {
  it('goes by town for a district user, and for anyone whose hazards all lie in one district', async () => {
    const towns = await t.database.db.query.divisions.findMany({
      where: (d, { eq }) => eq(d.parentCode, '210522'),
      limit: 2,
    });
    const a = await t.makeEnterprise({ divisionCode: '210522', townCode: towns[0].code });
    const b = await t.makeEnterprise({ divisionCode: '210522', townCode: towns[1].code });
    const noTown = await t.makeEnterprise({ divisionCode: '210522', townCode: null });
    await makeHazard(t, a.id, { foundOn: '2020-03-01', status: 'closed' });
    await makeHazard(t, a.id, { foundOn: '2020-03-02' });
    await makeHazard(t, b.id, { foundOn: '2020-03-03' });
    await makeHazard(t, noTown.id, { foundOn: '2020-03-03' });
    const keyed = (s: { byDivision: { key: string; found: number; closed: number; name: string }[] }) =>
      Object.fromEntries(s.byDivision.map((x) => [x.key, x]));

    const district = await t.as('district', { divisionCode: '210522' });
    const own = (await district.get('/api/hazards/stats')).json();
    expect(own).toMatchObject({ divisionLevel: 'town', found: 4 });
    const byTown = keyed(own);
    expect(byTown[towns[0].code]).toMatchObject({ found: 2, closed: 1, name: towns[0].nameEn });
    expect(byTown[towns[1].code]).toMatchObject({ found: 1, closed: 0 });
    expect(byTown['']).toMatchObject({ found: 1, name: 'No town recorded' });
    // Every town's bucket drills down to the same hazards.
    const drill = (await district.get(`/api/hazards?division=${towns[0].code}`)).json();
    expect(drill.total).toBe(2);

    // A district user with nothing found yet still gets the town level (an empty breakdown).
    const quiet = await t.as('district', { divisionCode: '210505' });
    expect((await quiet.get('/api/hazards/stats?from=2030-01-01&to=2030-01-02')).json()).toMatchObject({
      divisionLevel: 'town',
      found: 0,
      byDivision: [],
    });

    // A supervisor whose enterprises all lie in 桓仁: by town too; the commander city-wide: by district.
    const supervisor = await t.as('supervisor');
    await makeSquad(t, { members: [supervisor.user.id], enterprises: [a.id, b.id] });
    const theirs = (await supervisor.get('/api/hazards/stats')).json();
    expect(theirs.divisionLevel).toBe('town');
    expect(theirs.byDivision.map((x: { key: string }) => x.key).sort()).toEqual(
      [towns[0].code, towns[1].code].sort(),
    );
    const commander = await t.as('commander');
    const city = (await commander.get('/api/hazards/stats?from=2020-03-01&to=2020-03-03')).json();
    expect(city.divisionLevel).toBe('district');
    // As of 03-03: the closed one was closed only today.
    expect(keyed(city)['210522']).toMatchObject({ found: 4, closed: 0 });
    const filtered = (await commander.get('/api/hazards/stats?division=210522')).json();
    expect(filtered.divisionLevel).toBe('town');
    expect(keyed(filtered)[towns[0].code]).toMatchObject({ found: 2 });
  });
});

describe('overdue escalation', () => {
  it('goes to the district after the deadline and to the city 3 working days later, once', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210521' });
    // Found Fri 2020-02-28, deadline Fri 2020-03-06.
    const h = await makeHazard(t, e.id, { foundOn: '2020-02-28', status: 'rectifying' });
    const commander = await t.as('commander');
    const ctx = await t.ctxFor(commander.user);

    const levels = async () =>
      (
        await t.database.db
          .select({ level: schema.hazardEscalations.level })
          .from(schema.hazardEscalations)
          .where(eq(schema.hazardEscalations.hazardId, h.id))
      )
        .map((r) => r.level)
        .sort();

    t.clock.set!('2020-03-06T20:00:00+08:00');
    await escalateOverdueHazards(ctx);
    expect(await levels()).toEqual([]);

    t.clock.set!('2020-03-07T09:00:00+08:00');
    const first = await commander.post('/api/hazards/escalate');
    expect(first.statusCode).toBe(200);
    expect(first.json().today).toBe('2020-03-07');
    expect(first.json().district).toBeGreaterThanOrEqual(1);
    expect(await levels()).toEqual(['district']);
    const again = (await commander.post('/api/hazards/escalate')).json();
    expect(again).toMatchObject({ district: 0, city: 0 });

    // Mon 9, Tue 10, Wed 11 are the district's three working days; the city gets it on Thu 12.
    t.clock.set!('2020-03-11T18:00:00+08:00');
    await escalateOverdueHazards(ctx);
    expect(await levels()).toEqual(['district']);
    t.clock.set!('2020-03-12T08:00:00+08:00');
    await escalateOverdueHazards(ctx);
    expect(await levels()).toEqual(['city', 'district']);
    expect(await escalateOverdueHazards(ctx)).toMatchObject({ district: 0, city: 0 });

    const rows = await t.database.db
      .select()
      .from(schema.hazardEscalations)
      .where(eq(schema.hazardEscalations.hazardId, h.id));
    expect(rows.map((r) => [r.level, r.dueOn, r.divisionCode]).sort()).toEqual([
      ['city', '2020-03-12', '210521'],
      ['district', '2020-03-07', '210521'],
    ]);
    // Two days on, the session has expired: sign in again.
    const fresh = await t.login(commander.username);
    const d = (await fresh.get(`/api/hazards/${h.id}`)).json();
    expect(d).toMatchObject({
      escalationLevel: 'city',
      escalationDates: { district: '2020-03-07', city: '2020-03-12' },
    });
    expect(d.history.filter((x: { action: string }) => x.action === 'escalate')).toHaveLength(2);
    const list = (await fresh.get('/api/hazards?escalation=city&division=210521')).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([h.id]);
  });

  it('escalates 9,000 overdue hazards in one run (more rows than one statement may carry), once', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210521' });
    const h = await makeHazard(t, e.id, { foundOn: '2020-02-28', status: 'rectifying' });
    await cloneRow(t.database, 'hazards', h.id, 8999);
    const ctx = await t.ctxFor((await t.as('commander')).user);
    // Past both levels' days: each hazard gets two escalation rows and two history events.
    t.clock.set!('2020-03-12T08:00:00+08:00');
    const run = await escalateOverdueHazards(ctx);
    expect(run.district).toBeGreaterThanOrEqual(9000);
    expect(run.city).toBeGreaterThanOrEqual(9000);
    const [counts] = await rows<{ hazards: number; city: number; escalations: number; events: number }>(
      t.database.db,
      sql`select (select count(*)::int from hazards where enterprise_id = ${e.id}) as hazards,
        (select count(*)::int from hazards where enterprise_id = ${e.id} and escalation_level = 'city') as city,
        (select count(*)::int from hazard_escalations x join hazards h on h.id = x.hazard_id
          where h.enterprise_id = ${e.id}) as escalations,
        (select count(*)::int from hazard_events v join hazards h on h.id = v.hazard_id
          where h.enterprise_id = ${e.id} and v.action = 'escalate') as events`,
    );
    expect(counts).toEqual({ hazards: 9000, city: 9000, escalations: 18000, events: 18000 });
    expect(await escalateOverdueHazards(ctx)).toMatchObject({ district: 0, city: 0 });
  });

  it('skips the extended Spring Festival when counting working days', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210522' });
    const h = await makeHazard(t, e.id, { foundOn: '2020-01-15', deadline: '2020-01-22', status: 'open' });
    const commander = await t.as('commander');
    const ctx = await t.ctxFor(commander.user);
    t.clock.set!('2020-02-04T10:00:00+08:00');
    await escalateOverdueHazards(ctx);
    const [row] = await t.database.db.select().from(schema.hazards).where(eq(schema.hazards.id, h.id));
    expect(row.escalationLevel).toBe('district');
    t.clock.set!('2020-02-05T10:00:00+08:00');
    await escalateOverdueHazards(ctx);
    const [after] = await t.database.db.select().from(schema.hazards).where(eq(schema.hazards.id, h.id));
    expect(after.escalationLevel).toBe('city');
  });

  it('never escalates a closed hazard; only the commander may trigger a run', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210590' });
    const h = await makeHazard(t, e.id, { foundOn: '2020-02-01', status: 'closed' });
    const commander = await t.as('commander');
    await commander.post('/api/hazards/escalate');
    const rows = await t.database.db
      .select()
      .from(schema.hazardEscalations)
      .where(eq(schema.hazardEscalations.hazardId, h.id));
    expect(rows).toEqual([]);
    const district = await t.as('district', { divisionCode: '210590' });
    expect((await district.post('/api/hazards/escalate')).statusCode).toBe(403);
  });
});

describe('scope denials', () => {
  it('404 on every hazard endpoint for another district, another enterprise and a supervisor assigned elsewhere', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    const h = await makeHazard(t, e.id);
    const { district, enterprise, supervisor } = await outsiders(t);
    for (const [who, a] of Object.entries({ district, enterprise, supervisor })) {
      expect((await a.get(`/api/hazards/${h.id}`)).statusCode, who).toBe(404);
      const step = await a.post(`/api/hazards/${h.id}/transitions`, { to: 'rectifying' });
      expect(step.statusCode, who).toBe(404);
      expect(step.json().error.code).toBe('not_found');
      expect((await a.get(`/api/hazards?enterprise=${e.id}`)).json(), who).toEqual({ items: [], total: 0 });
    }
    for (const [who, a] of Object.entries({ district, supervisor })) {
      expect((await a.post('/api/hazards', body(e.id))).statusCode, who).toBe(404);
      const stats = (await a.get('/api/hazards/stats?division=210502')).json();
      expect(stats.found, who).toBe(0);
    }
    const [row] = await t.database.db.select().from(schema.hazards).where(eq(schema.hazards.id, h.id));
    expect(row.status).toBe('open');
  });
});
