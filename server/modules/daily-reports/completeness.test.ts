import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../db/client';
import { chaserTick } from '../../jobs/report-chaser';
import { jobContext } from '../../jobs/scheduler';
import { type Agent, createTestApp, type TestApp } from '../../test/setup';
import { chaseMissingReports } from './chase';

/**
 * Completeness, timeliness, drill-down, chasing and alerts on one small division (南芬区 210505)
 * where every enterprise's story is known:
 *   A resumed 03-01, files 03-09 on time          B resumed 03-01, files 03-09 late
 *   C resumed 03-01, suspended from 03-05          D resumed 03-01, never files (missing)
 *   E approved, never resumed (not expected)       F resumed 03-01, files 03-09 abnormal
 */
let t: TestApp;
const ids: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', number> = { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };
let accounts: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', Agent>;
let liaison: Agent & { user: { id: number } };
let district: Agent & { user: { id: number } };
const D = '2020-03-09';

const values = {
  onSiteWorkers: 50,
  returnedToday: 1,
  fromOutsideProvince: 2,
  fromKeyAreas: 0,
  underObservation: 0,
  feverOrSymptoms: 0,
  suspected: 0,
  confirmed: 0,
  capacityPct: 70,
};

async function status(enterpriseId: number, s: 'resumed' | 'suspended' | 'approved', effectiveDate: string) {
  await t.database.db
    .insert(schema.resumptionStatusEvents)
    .values({ enterpriseId, status: s, effectiveDate, at: t.clock.now() });
}

beforeAll(async () => {
  t = await createTestApp({ clock: '2020-03-09T08:00:00+08:00' });
  liaison = await t.as('liaison', { divisionCode: '210505' });
  district = await t.as('district', { divisionCode: '210505' });
  const made: Partial<typeof accounts> = {};
  for (const k of Object.keys(ids) as (keyof typeof ids)[]) {
    const e = await t.makeEnterprise({
      divisionCode: '210505',
      name: `南芬测试企业${k}`,
      contactPhone: `1380000${1000 + k.charCodeAt(0)}`,
    });
    ids[k] = e.id;
    made[k] = await t.as('enterprise', { enterpriseId: e.id });
    await t.assign(liaison.user.id, e.id, 'liaison');
    if (k === 'E') await status(e.id, 'approved', '2020-02-20');
    else await status(e.id, 'resumed', '2020-03-01');
  }
  accounts = made as typeof accounts;
  await status(ids.C, 'suspended', '2020-03-05');
  // 08:00 on D: A and F file on time; C tries (not expected).
  expect(
    (await accounts.A.post('/api/daily-reports', { enterpriseId: ids.A, date: D, zero: true, values }))
      .statusCode,
  ).toBe(201);
  const abnormal = await accounts.F.post('/api/daily-reports', {
    enterpriseId: ids.F,
    date: D,
    values: { ...values, feverOrSymptoms: 2 },
  });
  expect(abnormal.statusCode).toBe(201);
  const notExpected = await accounts.C.post('/api/daily-reports', { enterpriseId: ids.C, date: D, values });
  expect(notExpected.statusCode).toBe(400);
  expect(notExpected.json().error.details[0].path).toBe('date');
  // 11:30: B files late (sessions idle out after 30 minutes: sign in again).
  t.clock.set!(`${D}T11:30:00+08:00`);
  accounts.B = await t.login(accounts.B.username);
  expect(
    (await accounts.B.post('/api/daily-reports', { enterpriseId: ids.B, date: D, values })).statusCode,
  ).toBe(201);
});
afterAll(() => t.close());

/** The scenario clock jumps between tests; sign everyone in again (sessions idle out). */
beforeEach(async () => {
  liaison = { ...(await t.login(liaison.username)), user: liaison.user };
  district = { ...(await t.login(district.username)), user: district.user };
  for (const k of Object.keys(accounts) as (keyof typeof ids)[])
    accounts[k] = await t.login(accounts[k].username);
});

const fig = (x: { expected: number; received: number; onTime: number }) => [x.expected, x.received, x.onTime];

describe('GET /api/daily-reports/completeness', () => {
  it('counts expected (resumed that day), received and on time per division; suspended and never-resumed leave the denominator', async () => {
    const res = await district.get(`/api/daily-reports/completeness?date=${D}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ date: D, deadline: '10:00' });
    // Expected A B D F (C suspended, E never resumed); received A B F; on time A F.
    expect(fig(body.total)).toEqual([4, 3, 2]);
    expect(body.total.completeness).toBeCloseTo(0.75);
    expect(body.total.timeliness).toBeCloseTo(0.5);
    expect(body.total).toMatchObject({ abnormal: 1, zero: 1 });
    expect(body.byDivision).toEqual([
      expect.objectContaining({ divisionCode: '210505', expected: 4, received: 3, onTime: 2 }),
    ]);

    const commander = await t.as('commander');
    const city = (await commander.get(`/api/daily-reports/completeness?date=${D}&division=210505`)).json();
    expect(fig(city.total)).toEqual([4, 3, 2]);
    const towns = (
      await commander.get(`/api/daily-reports/completeness?date=${D}&division=210505&level=town`)
    ).json();
    expect(towns.byDivision.reduce((s: number, x: { expected: number }) => s + x.expected, 0)).toBe(4);
    // Before the first resumption nobody is expected: rates are null, not NaN or 100%.
    const early = (
      await commander.get('/api/daily-reports/completeness?date=2020-02-15&division=210505')
    ).json();
    expect(early.total).toMatchObject({ expected: 0, received: 0, completeness: null });
  });

  it('is scoped: another district sees nothing of 210505; department reads city-wide; enterprise may not', async () => {
    const other = await t.as('district', { divisionCode: '210502' });
    const res = (await other.get(`/api/daily-reports/completeness?date=${D}&division=210505`)).json();
    expect(res.total.expected).toBe(0);
    const dept = await t.as('department');
    expect(
      fig((await dept.get(`/api/daily-reports/completeness?date=${D}&division=210505`)).json().total),
    ).toEqual([4, 3, 2]);
    expect((await accounts.A.get(`/api/daily-reports/completeness?date=${D}`)).statusCode).toBe(403);
    expect((await t.anon.get(`/api/daily-reports/completeness?date=${D}`)).statusCode).toBe(401);
    expect((await district.get('/api/daily-reports/completeness?date=2020-3-9')).statusCode).toBe(400);
  });

  it('never exceeds 100%: a report of a day later back-dated into a suspension leaves numerator and denominator', async () => {
    const g = await t.makeEnterprise({ divisionCode: '210505', name: '南芬测试企业G' });
    await status(g.id, 'resumed', '2020-03-01');
    expect(
      (await district.post('/api/daily-reports', { enterpriseId: g.id, date: D, values })).statusCode,
    ).toBe(201);
    expect(fig((await district.get(`/api/daily-reports/completeness?date=${D}`)).json().total)).toEqual([
      5, 4, 2,
    ]);
    // G is reported suspended from D: its report stays on file but no longer counts.
    await status(g.id, 'suspended', D);
    const after = (await district.get(`/api/daily-reports/completeness?date=${D}`)).json().total;
    expect(fig(after)).toEqual([4, 3, 2]);
    expect(after.received).toBeLessThanOrEqual(after.expected);
  });
});

describe('GET /api/daily-reports/status (drill-down)', () => {
  const list = async (s: string) => {
    const res = await district.get(`/api/daily-reports/status?date=${D}&status=${s}&pageSize=200`);
    expect(res.statusCode).toBe(200);
    return res
      .json()
      .items.map((i: { enterpriseId: number }) => i.enterpriseId)
      .sort((a: number, b: number) => a - b);
  };
  it('lists the enterprises behind each figure with their status', async () => {
    expect(await list('missing')).toEqual([ids.D]);
    expect(await list('late')).toEqual([ids.B]);
    expect(await list('on_time')).toEqual([ids.A, ids.F].sort((a, b) => a - b));
    expect(await list('abnormal')).toEqual([ids.F]);
    expect(await list('zero')).toEqual([ids.A]);
    expect(await list('normal')).toEqual([ids.B]);
    expect(await list('not_expected')).toEqual(expect.arrayContaining([ids.C, ids.E]));
    const all = (await district.get(`/api/daily-reports/status?date=${D}&pageSize=200`)).json();
    const byId = new Map(all.items.map((i: { enterpriseId: number }) => [i.enterpriseId, i]));
    expect(byId.get(ids.B)).toMatchObject({ submission: 'late', content: 'normal' });
    expect(byId.get(ids.D)).toMatchObject({ submission: 'missing', content: null, reportId: null });
    expect(all.total).toBe(4);
    const liaisonView = (await liaison.get(`/api/daily-reports/status?date=${D}&status=missing`)).json();
    expect(liaisonView.items.map((i: { enterpriseId: number }) => i.enterpriseId)).toEqual([ids.D]);
  });

  it('puts missing enterprises first, then late ones, across pages (not only within one)', async () => {
    // By name the order would be A B D F; the one to chase (D) must still open page 1.
    const page = async (n: number, size: number) => {
      const res = await district.get(`/api/daily-reports/status?date=${D}&pageSize=${size}&page=${n}`);
      expect(res.statusCode).toBe(200);
      return res
        .json()
        .items.map((i: { enterpriseId: number; submission: string }) => [i.enterpriseId, i.submission]);
    };
    expect(await page(1, 1)).toEqual([[ids.D, 'missing']]);
    expect(await page(2, 1)).toEqual([[ids.B, 'late']]);
    expect(await page(2, 2)).toEqual([
      [ids.A, 'on_time'],
      [ids.F, 'on_time'],
    ]);
    const received = (
      await district.get(`/api/daily-reports/status?date=${D}&status=received&pageSize=1`)
    ).json();
    expect(received).toMatchObject({ total: 3, items: [{ enterpriseId: ids.B, submission: 'late' }] });
  });
});

describe('abnormal-report alerts', () => {
  it('an abnormal report opens one alert for the district and the liaison, listed first until acknowledged', async () => {
    const open = await district.get('/api/alerts?status=open');
    expect(open.statusCode).toBe(200);
    expect(open.json()).toMatchObject({ total: 1, open: 1 });
    const alert = open.json().items[0];
    expect(alert).toMatchObject({
      enterpriseId: ids.F,
      date: D,
      status: 'open',
      values: { feverOrSymptoms: 2 },
    });
    expect(alert.abilities).toEqual(['alert.acknowledge']);
    // Both were told.
    for (const a of [district, liaison]) {
      const notes = (await a.get('/api/notifications')).json();
      const n = notes.items.find((x: { kind: string }) => x.kind === 'report_abnormal');
      expect(n).toMatchObject({ enterpriseId: ids.F, subject: { type: 'alert', id: alert.id } });
      expect(n.body).toMatch(/Fever or symptoms 2/);
    }
    // A correction that is still abnormal does not raise a second alert while one is open.
    const again = await accounts.F.post('/api/daily-reports', {
      enterpriseId: ids.F,
      date: D,
      values: { ...values, feverOrSymptoms: 3 },
    });
    expect(again.statusCode).toBe(200);
    expect((await district.get('/api/alerts?status=open')).json().total).toBe(1);

    expect(
      (await accounts.F.post(`/api/alerts/${alert.id}/acknowledge`, { actionTaken: '已隔离' })).statusCode,
    ).toBe(403);
    const stranger = await t.as('district', { divisionCode: '210502' });
    expect(
      (await stranger.post(`/api/alerts/${alert.id}/acknowledge`, { actionTaken: '已隔离' })).statusCode,
    ).toBe(404);
    expect((await liaison.post(`/api/alerts/${alert.id}/acknowledge`, {})).statusCode).toBe(400);
    const ack = await liaison.post(`/api/alerts/${alert.id}/acknowledge`, {
      actionTaken: '2名发热员工已送发热门诊并居家隔离，车间已消杀',
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { id: liaison.user.id },
      abilities: [],
    });
    const twice = await district.post(`/api/alerts/${alert.id}/acknowledge`, { actionTaken: '再次处置' });
    expect(twice.statusCode).toBe(409);

    // A new abnormal filing after acknowledgement opens a new alert, listed above the closed one.
    await accounts.F.post('/api/daily-reports', {
      enterpriseId: ids.F,
      date: D,
      values: { ...values, suspected: 1 },
    });
    const all = (await district.get('/api/alerts')).json();
    expect(all.items.map((x: { status: string }) => x.status)).toEqual(['open', 'acknowledged']);
    const commander = await t.as('commander');
    expect((await commander.get('/api/alerts?status=open')).json().items[0].enterpriseId).toBe(ids.F);
    expect((await accounts.A.get('/api/alerts')).json().total).toBe(0);
  });
});

describe('chasing missing reports', () => {
  it('does nothing before the deadline, reminds only non-filers at it, tells liaison then district, never twice', async () => {
    const day = '2020-03-10';
    t.clock.set!(`${day}T09:00:00+08:00`);
    const commander = await t.as('commander');
    const early = await commander.post('/api/daily-reports/chase', { date: day });
    expect(early.statusCode, early.body).toBe(200);
    expect(early.json().stages.every((s: { due: boolean }) => !s.due)).toBe(true);

    // 09:30: A files today; everyone else expected (B, D, F) has not.
    t.clock.set!(`${day}T09:30:00+08:00`);
    const a = await t.login(accounts.A.username);
    expect((await a.post('/api/daily-reports', { enterpriseId: ids.A, date: day, values })).statusCode).toBe(
      201,
    );

    t.clock.set!(`${day}T10:05:00+08:00`);
    const c2 = await t.login(commander.username);
    const run = await c2.post('/api/daily-reports/chase', { date: day });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ missing: 3 });
    expect(run.json().stages).toEqual([
      { stage: 'enterprise', due: true, notifications: 3, outbox: 3 },
      { stage: 'liaison', due: false, notifications: 0, outbox: 0 },
      { stage: 'district', due: false, notifications: 0, outbox: 0 },
    ]);
    const again = await c2.post('/api/daily-reports/chase', { date: day });
    expect(again.json().stages[0]).toMatchObject({ due: true, notifications: 0, outbox: 0 });

    const reminded = async (k: keyof typeof ids) => {
      const agent = await t.login(accounts[k].username);
      return (await agent.get('/api/notifications'))
        .json()
        .items.filter((n: { kind: string }) => n.kind === 'report_missing');
    };
    expect(await reminded('A')).toEqual([]);
    expect(await reminded('C')).toEqual([]);
    const d = await reminded('D');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ enterpriseId: ids.D, date: day });
    expect(d[0].body).toMatch(/has not filed its daily report for 2020-03-10/);

    // 12:30 (scheduler mode): liaison and district stages run once, with the list.
    t.clock.set!(`${day}T12:30:00+08:00`);
    const sys = await t.ctxFor(commander.user);
    const sched = await chaseMissingReports(sys, day, { once: true });
    expect(sched.stages.map((s) => [s.stage, s.notifications])).toEqual([
      ['enterprise', 0],
      ['liaison', 1],
      ['district', 1],
    ]);
    const second = await chaseMissingReports(sys, day, { once: true });
    expect(second.stages.every((s) => s.notifications === 0 && s.outbox === 0)).toBe(true);
    const l = await t.login(liaison.username);
    const note = (await l.get('/api/notifications?unread=true'))
      .json()
      .items.find((n: { kind: string }) => n.kind === 'report_missing_liaison');
    expect(note.data.count).toBe(3);
    expect(note.data.enterprises.map((x: { id: number }) => x.id).sort()).toEqual(
      [ids.B, ids.D, ids.F].sort(),
    );
    const read = await l.post(`/api/notifications/${note.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBeTruthy();
    const dist = await t.login(district.username);
    expect((await dist.post(`/api/notifications/${note.id}/read`)).statusCode).toBe(404);
    const dNote = (await dist.get('/api/notifications'))
      .json()
      .items.find((n: { kind: string }) => n.kind === 'report_missing_district');
    expect(dNote.data.count).toBe(3);
    expect((await dist.post('/api/notifications/read-all')).json().updated).toBeGreaterThan(0);
    expect((await dist.get('/api/notifications?unread=true')).json().unread).toBe(0);

    const outbox = await t.database.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.status, 'pending'));
    const kinds = outbox.map((m) => `${m.channel}:${(m.payload as { kind: string }).kind}`);
    expect(kinds.filter((k) => k === 'sms:report_missing')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'webhook:report_missing_district')).toHaveLength(1);
    const c3 = await t.login(commander.username);
    expect((await c3.get('/api/outbox?status=pending')).json().total).toBe(outbox.length);
    expect((await dist.get('/api/outbox')).statusCode).toBe(403);
    expect((await l.post('/api/daily-reports/chase', {})).statusCode).toBe(403);
    const d2 = await t.login(accounts.D.username);
    expect((await d2.post('/api/daily-reports/chase', {})).statusCode).toBe(403);
  });
});

describe('the scheduled chaser', () => {
  it('runs each due stage once, even when two nodes tick together', async () => {
    const day = '2020-03-11';
    t.clock.set!(`${day}T12:30:00+08:00`);
    const before = await t.database.db.select().from(schema.notifications);
    const log = { error: (o: unknown) => console.error(o), debug: () => {} };
    await Promise.all([
      chaserTick(jobContext(t.app.deps), log as never),
      chaserTick(jobContext(t.app.deps), log as never),
    ]);
    const after = await t.database.db.select().from(schema.notifications);
    const fresh = after.filter((n) => !before.some((b) => b.id === n.id) && n.refDate === day);
    // Expected on 03-11: A, B, D, F (+G suspended): nobody filed. Enterprise reminders plus one list each.
    expect(fresh.filter((n) => n.kind === 'report_missing')).toHaveLength(4);
    expect(fresh.filter((n) => n.kind === 'report_missing_liaison')).toHaveLength(1);
    expect(fresh.filter((n) => n.kind === 'report_missing_district')).toHaveLength(1);
    const runs = await t.database.db.select().from(schema.chaseRuns).where(eq(schema.chaseRuns.date, day));
    expect(runs.map((r) => r.stage).sort()).toEqual(['district', 'enterprise', 'liaison']);
    await chaserTick(jobContext(t.app.deps), log as never);
    expect((await t.database.db.select().from(schema.notifications)).length).toBe(after.length);
  });
});

describe('a district chases its own territory', () => {
  it('reminds only its own non-filers; HQ then reaches the rest without repeating', async () => {
    const day = '2020-03-12';
    t.clock.set!(`${day}T10:30:00+08:00`);
    // 平山区 has a resumed enterprise that has not filed either.
    const far = await t.makeEnterprise({
      divisionCode: '210502',
      name: '平山未报企业',
      contactPhone: '13800009999',
    });
    await status(far.id, 'resumed', '2020-03-01');
    const farAccount = await t.as('enterprise', { enterpriseId: far.id });
    const dist = await t.login(district.username);
    const run = await dist.post('/api/daily-reports/chase', { date: day });
    expect(run.statusCode, run.body).toBe(200);
    // Expected in 南芬区 on 03-12: A B D F (C and G suspended, E never resumed), none filed.
    expect(run.json()).toMatchObject({ missing: 4 });
    expect(run.json().stages[0]).toMatchObject({ stage: 'enterprise', due: true, notifications: 4 });
    const kinds = async (a: Agent) =>
      (await a.get('/api/notifications')).json().items.map((n: { kind: string }) => n.kind);
    expect(await kinds(farAccount)).not.toContain('report_missing');

    const hq = await t.as('commander');
    const city = await hq.post('/api/daily-reports/chase', { date: day });
    expect(city.json()).toMatchObject({ missing: 5 });
    expect(city.json().stages[0]).toMatchObject({ notifications: 1, outbox: 1 });
    expect(await kinds(await t.login(farAccount.username))).toContain('report_missing');
  });
});
