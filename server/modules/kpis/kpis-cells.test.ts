import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KPI_KEYS } from '../../../shared/kpi';
import type { KpiQuery, KpiSnapshot } from '../../../shared/schemas/kpis';
import { addCalendarDays } from '../../../shared/workdays';
import { DivisionTree } from '../../access/divisions';
import { buildApp, SESSION_COOKIE } from '../../app';
import { rows, schema } from '../../db/client';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import type { Ctx } from '../../lib/context';
import { type Agent, cloneRow, createTestApp, eventually, type TestApp, testUscc } from '../../test/setup';
import { cellDistricts, precomputeKpiCells, settledThrough } from './cells';
import { SETTLED_LAG_DAYS } from './events';
import { createKpiMemory, type KpiMemory, type KpiRefresh } from './memory';
import { analytic, kpiSnapshot } from './service';

/**
 * The precomputed figures of settled days (cells.ts) on the seeded demo city (today 2020-03-10
 * 09:00, so days up to 03-06 are settled): served from `kpi_day_cells` they equal the live
 * computation, and every kind of write that can change a settled day invalidates them.
 *
 * "Live" = the same request with the manual clock set to the day asked for, when that day is not
 * settled and kpiSnapshot computes everything from the base tables as before.
 */
const TODAY = '2020-03-10T09:00:00+08:00';
const S = '2020-03-04';
let t: TestApp;
let commander: Agent;
let district: Agent;
let ctx: Ctx;

beforeAll(async () => {
  t = await createTestApp({ clock: TODAY });
  const u = await t.makeUser('commander');
  ctx = await t.ctxFor(u);
  await seedDemo(ctx);
  commander = await t.login('commander', DEMO_PASSWORD);
  district = await t.as('district', { divisionCode: '210502' });
}, 300_000);
afterAll(() => t.close());

/** Numbers to 6 decimals: sums of yuan in another order may differ in the last bit. */
const rounded = (x: unknown): unknown => {
  if (typeof x === 'number') return Math.round(x * 1e6) / 1e6;
  if (Array.isArray(x)) return x.map(rounded);
  if (x && typeof x === 'object')
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, rounded(v)]));
  return x;
};

const get = async (agent: Agent, url: string): Promise<KpiSnapshot> => {
  const res = await agent.get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return rounded(res.json()) as KpiSnapshot;
};

/**
 * The snapshot computed from the base tables: kpiSnapshot without this instance's memory, with the
 * clock on the day asked for (so the day is not settled and no cells are read).
 */
async function live(agent: Agent, url: string): Promise<KpiSnapshot> {
  const query = Object.fromEntries(new URL(url, 'http://test').searchParams) as KpiQuery;
  const [user] = await t.database.db
    .select()
    .from(schema.users)
    .where(eq(schema.users.username, agent.username));
  const ctx = await t.ctxFor(user);
  t.clock.set!(`${query.asOf}T12:00:00+08:00`);
  try {
    return rounded(JSON.parse(JSON.stringify(await kpiSnapshot(ctx, query)))) as KpiSnapshot;
  } finally {
    t.clock.set!(TODAY);
  }
}

const cellCount = async (day = S) =>
  Number(
    (
      await rows<{ n: string }>(
        t.database.db,
        sql`select count(*) as n from kpi_day_cells where day = ${day}`,
      )
    )[0].n,
  );
const generations = () =>
  rows<{ district_code: string; gen: string }>(
    t.database.db,
    sql`select district_code, gen from kpi_generations order by district_code`,
  );

/** Served from cells, equal to live; returns the snapshot. */
async function fromCellsEqualsLive(agent: Agent, url: string): Promise<KpiSnapshot> {
  const cached = await get(agent, url);
  expect(cached).toEqual(await live(agent, url));
  return cached;
}

/** An enterprise of 平山区 resumed on S (and since), with a report on S. */
async function resumedWithReport(skip: number[] = []) {
  const list = await rows<{ id: number; version: number }>(
    t.database.db,
    sql`select e.id, e.version from enterprises e
      join daily_reports r on r.enterprise_id = e.id and r.date = ${S}
      where e.division_code = '210502' and e.archived_at is null and e.above_scale
        and (select status from resumption_status_events v where v.enterprise_id = e.id
          order by effective_date desc, id desc limit 1) = 'resumed'
        and (select max(effective_date) from resumption_status_events v where v.enterprise_id = e.id) < ${S}
      order by e.id`,
  );
  return list.find((x) => !skip.includes(x.id))!;
}

const reportValues = (capacityPct: number, onSiteWorkers: number) => ({
  onSiteWorkers,
  returnedToday: 0,
  fromOutsideProvince: 0,
  fromKeyAreas: 0,
  underObservation: 0,
  feverOrSymptoms: 0,
  suspected: 0,
  confirmed: 0,
  capacityPct,
});

describe('settled days from kpi_day_cells', () => {
  it('the settled boundary: today − 4 days, after a grace period past midnight', () => {
    expect(SETTLED_LAG_DAYS).toBe(4);
    expect(settledThrough(t)).toBe('2020-03-06');
    t.clock.set!('2020-03-10T00:05:00+08:00');
    expect(settledThrough(t)).toBe('2020-03-05');
    t.clock.set!(TODAY);
  });

  it('equal the live figures for the city, a district and a town (live), and are stored', async () => {
    expect(await cellCount()).toBe(0);
    const city = await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}`);
    expect(city.counts.aboveScaleIndustrial).toBeGreaterThan(200);
    expect(city.byDivision.length).toBeGreaterThan(5);
    expect(city.byIndustrySection.length).toBeGreaterThan(3);
    // Cells for S and the day before, for every district.
    expect(await cellCount()).toBeGreaterThan(50);
    expect(await cellCount(addCalendarDays(S, -1))).toBeGreaterThan(50);
    const pingshan = await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}&division=210502`);
    expect(pingshan.counts).toEqual(city.byDivision.find((d) => d.divisionCode === '210502')!.counts);
    expect(await fromCellsEqualsLive(district, `/api/kpis?asOf=${S}`)).toEqual(pingshan);
    const town = pingshan.byDivision.find((d) => d.divisionCode !== '210502' && d.counts.sme > 0)!;
    const inTown = await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}&division=${town.divisionCode}`);
    expect(inTown.counts).toEqual(town.counts);
    // An unsettled day is never stored.
    await get(commander, '/api/kpis?asOf=2020-03-08');
    expect(await cellCount('2020-03-08')).toBe(0);
  });

  it('a district clerk correcting a report on a settled day invalidates the district', async () => {
    const before = await get(commander, `/api/kpis?asOf=${S}&division=210502`);
    const ent = await resumedWithReport();
    const res = await district.post('/api/daily-reports', {
      enterpriseId: ent.id,
      date: S,
      values: reportValues(3, 1),
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}&division=210502`);
    expect(after.counts.releasedOutput).toBeLessThan(before.counts.releasedOutput);
    expect(after.counts.onSiteWorkers).toBeLessThan(before.counts.onSiteWorkers);
    await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}`);
  });

  it('a status change effective on a settled day invalidates it', async () => {
    const before = await get(commander, `/api/kpis?asOf=${S}`);
    const ent = await resumedWithReport();
    const res = await district.post(`/api/enterprises/${ent.id}/resumption-status`, {
      status: 'suspended',
      effectiveDate: S,
      reason: '设备检修',
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}`);
    expect(after.counts.aboveScaleIndustrialResumed).toBe(before.counts.aboveScaleIndustrialResumed - 1);
    // The day before is unchanged, and still agrees.
    expect(after.previous).toEqual(before.previous);
  });

  it('an enterprise edit (size class, workforce) invalidates it', async () => {
    const before = await get(commander, `/api/kpis?asOf=${S}&division=210502`);
    const ent = await resumedWithReport();
    const [row] = await t.database.db
      .select()
      .from(schema.enterprises)
      .where(eq(schema.enterprises.id, ent.id));
    const res = await district.patch(`/api/enterprises/${ent.id}`, {
      version: row.version,
      sizeClass: row.sizeClass === 'micro' ? 'large' : 'micro',
      normalWorkforce: row.normalWorkforce + 1000,
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}&division=210502`);
    expect(after.bySize).not.toEqual(before.bySize);
    expect(after.counts.normalWorkforce).toBe(before.counts.normalWorkforce + 1000);
  });

  it('an enterprise created invalidates it (it counts on every day, registered or not)', async () => {
    const before = await get(commander, `/api/kpis?asOf=${S}`);
    const res = await commander.post('/api/enterprises', {
      uscc: testUscc('210502'),
      name: '缓存失效测试有限公司',
      divisionCode: '210502',
      industryCode: '3120',
      sizeClass: 'large',
      aboveScale: true,
      normalWorkforce: 100,
      normalDailyOutput: 1000,
      contactPhone: '13912345678',
    });
    expect(res.statusCode, res.body).toBe(201);
    const after = await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}`);
    expect(after.counts.aboveScaleIndustrial).toBe(before.counts.aboveScaleIndustrial + 1);
  });

  it('an enterprise moved to another district invalidates both', async () => {
    const city = await get(commander, `/api/kpis?asOf=${S}`);
    const count = (k: KpiSnapshot, code: string) =>
      k.byDivision.find((d) => d.divisionCode === code)!.counts.aboveScaleIndustrial;
    const ent = await resumedWithReport();
    const [row] = await t.database.db
      .select()
      .from(schema.enterprises)
      .where(eq(schema.enterprises.id, ent.id));
    const res = await commander.patch(`/api/enterprises/${ent.id}`, {
      version: row.version,
      divisionCode: '210503',
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}`);
    expect(count(after, '210502')).toBe(count(city, '210502') - 1);
    expect(count(after, '210503')).toBe(count(city, '210503') + 1);
    await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}&division=210503`);
    await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}&division=210502`);
  });

  it('a hazard found on a settled day invalidates its district; one found today leaves the cells alone', async () => {
    const before = await get(commander, `/api/kpis?asOf=${S}&division=210502`);
    const ent = await resumedWithReport();
    const hazard = (foundOn: string) =>
      district.post('/api/hazards', {
        enterpriseId: ent.id,
        line: 'epidemic',
        category: 'temperature',
        severity: 'general',
        description: '食堂消毒记录缺失',
        location: '食堂',
        foundOn,
      });
    const gens = await generations();
    const today = await hazard('2020-03-10');
    expect(today.statusCode, today.body).toBe(201);
    expect(await generations()).toEqual(gens);
    const backDated = await hazard(S);
    expect(backDated.statusCode, backDated.body).toBe(201);
    const after = await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}&division=210502`);
    expect(after.counts.hazardsFound).toBe(before.counts.hazardsFound + 1);
    expect(after.previous.counts.hazardsFound).toBe(before.previous.counts.hazardsFound);
    await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}`);
  });

  it("an enterprise filing today's (or a correctable day's) report leaves the generations alone", async () => {
    const ent = await resumedWithReport();
    const agent = await t.as('enterprise', { enterpriseId: ent.id });
    const gens = await generations();
    for (const date of ['2020-03-10', '2020-03-07']) {
      const res = await agent.post('/api/daily-reports', {
        enterpriseId: ent.id,
        date,
        values: reportValues(90, 5),
      });
      expect(res.statusCode, `${date}: ${res.body}`).toBeLessThan(300);
    }
    expect(await generations()).toEqual(gens);
    // A correction of a settled day by the district does bump 平山区 (and only it).
    const res = await district.post('/api/daily-reports', {
      enterpriseId: ent.id,
      date: S,
      values: reportValues(95, 6),
    });
    expect(res.statusCode, res.body).toBe(200);
    const bumped = (await generations()).filter(
      (g) => g.gen !== gens.find((x) => x.district_code === g.district_code)?.gen,
    );
    expect(bumped.map((g) => g.district_code)).toEqual(['210502']);
  });
});

/** An enterprise of 平山区 resumed before `day` (today), without a report that day, not in `skip`. */
async function resumedWithoutReport(skip: number[] = [], day = '2020-03-10') {
  const list = await rows<{ id: number }>(
    t.database.db,
    sql`select e.id from enterprises e
      where e.division_code = '210502' and e.archived_at is null
        and not exists (select 1 from daily_reports r where r.enterprise_id = e.id and r.date = ${day})
        and (select status from resumption_status_events v where v.enterprise_id = e.id
          order by effective_date desc, id desc limit 1) = 'resumed'
        and (select max(effective_date) from resumption_status_events v where v.enterprise_id = e.id) < ${day}
      order by e.id`,
  );
  return list.find((x) => !skip.includes(x.id))!;
}

describe('open days kept in memory (memory.ts)', () => {
  const memory = () => t.app.deps.kpiMemory;
  const TODAY_URL = '/api/kpis?asOf=2020-03-10';

  it('equal the live figures for the city and a district, on open and settled days, and are read again', async () => {
    await eventually(() => memory().stats().listening);
    // The notices of the earlier tests' filings (the announcer sends them within 200 ms) must not
    // arrive between two readings below.
    await new Promise((r) => setTimeout(r, 500));
    for (const asOf of ['2020-03-10', '2020-03-08', S]) {
      for (const division of [null, '210502']) {
        const url = `/api/kpis?asOf=${asOf}${division ? `&division=${division}` : ''}`;
        const first = await get(commander, url);
        expect(first, url).toEqual(await live(commander, url));
        const before = memory().stats();
        expect(await get(commander, url)).toEqual(first);
        const after = memory().stats();
        // Settled days come from the cells in the database, not memory.
        expect(after.hits, url).toBe(before.hits + (asOf > S ? 1 : 0));
      }
    }
  });

  it("a district clerk reading an open day the commander's reading put in memory gets its own district only", async () => {
    // From memory (every district held), once no late notice of the tests before forgets one.
    let own: KpiSnapshot | undefined;
    await eventually(async () => {
      await get(commander, TODAY_URL);
      const hits = memory().stats().hits;
      own = await get(district, TODAY_URL);
      return memory().stats().hits === hits + 1;
    });
    if (!own) throw new Error('no reading');
    expect(own.division).toBe('210502');
    expect(own).toEqual(await live(district, TODAY_URL));
    expect(own.byDivision.every((d) => d.divisionCode.startsWith('210502'))).toBe(true);
    // Held or not, another district's figures and the city's are refused.
    for (const division of ['210503', '210500'])
      expect((await district.get(`${TODAY_URL}&division=${division}`)).statusCode, division).toBe(404);
  });

  it('a filing, a hazard and a status change made through this instance show in the next reading', async () => {
    await get(commander, TODAY_URL);
    const ent = await resumedWithoutReport();
    const agent = await t.as('enterprise', { enterpriseId: ent.id });
    const before = await get(commander, TODAY_URL);
    const filed = await agent.post('/api/daily-reports', {
      enterpriseId: ent.id,
      date: '2020-03-10',
      values: reportValues(80, 4),
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const afterFiling = await get(commander, TODAY_URL);
    expect(afterFiling.counts.reportsReceived).toBe(before.counts.reportsReceived + 1);
    expect(afterFiling).toEqual(await live(commander, TODAY_URL));

    const hazard = await district.post('/api/hazards', {
      enterpriseId: ent.id,
      line: 'safety',
      category: 'fire',
      severity: 'general',
      description: '配电室灭火器过期',
      location: '配电室',
    });
    expect(hazard.statusCode, hazard.body).toBe(201);
    const afterHazard = await get(commander, TODAY_URL);
    expect(afterHazard.counts.hazardsFound).toBe(afterFiling.counts.hazardsFound + 1);

    // Forgotten by the request itself, before it is answered (the notice may come later).
    const forget = vi.spyOn(memory(), 'forget');
    const suspended = await district.post(`/api/enterprises/${ent.id}/resumption-status`, {
      status: 'suspended',
      effectiveDate: '2020-03-10',
      reason: '停产检修',
    });
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect(forget).toHaveBeenCalledWith('resumption', expect.arrayContaining(['210502']), '2020-03-10');
    forget.mockRestore();
    const afterStatus = await get(commander, TODAY_URL);
    expect(afterStatus.counts.reportsExpected).toBe(afterHazard.counts.reportsExpected - 1);
    expect(afterStatus).toEqual(await live(commander, TODAY_URL));
  });

  it('a filing for today leaves the open days before it held; one for yesterday recomputes yesterday and today', async () => {
    const YESTERDAY_URL = '/api/kpis?asOf=2020-03-09';
    const file = async (enterpriseId: number, date: string) => {
      const agent = await t.as('enterprise', { enterpriseId });
      const filed = await agent.post('/api/daily-reports', {
        enterpriseId,
        date,
        values: reportValues(60, 2),
      });
      expect(filed.statusCode, filed.body).toBe(201);
      // Its notice (announced within 200 ms) has arrived too: it forgets what the request did.
      await new Promise((r) => setTimeout(r, 400));
    };
    // No late notice of the tests before may forget a day between the readings below.
    await new Promise((r) => setTimeout(r, 400));
    await get(commander, YESTERDAY_URL);
    const before = await get(commander, TODAY_URL);

    const ent = await resumedWithoutReport();
    await file(ent.id, '2020-03-10');
    let statements = memory().stats().statements;
    const yesterday = await get(commander, YESTERDAY_URL);
    expect(memory().stats().statements, 'yesterday is still held').toBe(statements);
    expect(yesterday).toEqual(await live(commander, YESTERDAY_URL));
    const today = await get(commander, TODAY_URL);
    expect(memory().stats().statements, "today's enterprise figures of 平山区 computed again").toBe(
      statements + 1,
    );
    expect(today.counts.reportsReceived).toBe(before.counts.reportsReceived + 1);
    expect(today).toEqual(await live(commander, TODAY_URL));

    const late = await resumedWithoutReport([ent.id], '2020-03-09');
    await file(late.id, '2020-03-09');
    statements = memory().stats().statements;
    const yesterdayAgain = await get(commander, YESTERDAY_URL);
    expect(yesterdayAgain.counts.reportsReceived).toBe(yesterday.counts.reportsReceived + 1);
    expect(yesterdayAgain).toEqual(await live(commander, YESTERDAY_URL));
    // Today's "day before" changed with it.
    const todayAgain = await get(commander, TODAY_URL);
    expect(memory().stats().statements).toBe(statements + 2);
    expect(todayAgain).toEqual(await live(commander, TODAY_URL));
  });

  it('another instance keeps them too, and forgets a district once the notice of a change there arrives', async () => {
    const other = await buildApp({
      database: t.database,
      clock: t.clock,
      env: t.app.deps.env,
      strictAudit: true,
    });
    try {
      const kept = other.deps.kpiMemory;
      await eventually(() => kept.stats().listening);
      const [user] = await t.database.db
        .select()
        .from(schema.users)
        .where(eq(schema.users.username, 'commander'));
      const ctx = { ...(await t.ctxFor(user)), kpiMemory: kept };
      const read = async () => (await kpiSnapshot(ctx, { asOf: '2020-03-10' })).counts;
      const before = await read();
      // Read again from memory: at once, unless a late notice of the tests before (announced up
      // to 200 ms after their writes) came during the first reading, which then kept nothing.
      await eventually(async () => {
        const hits = kept.stats().hits;
        await read();
        return kept.stats().hits === hits + 1;
      });
      expect(await read()).toEqual(before);

      const ent = await resumedWithoutReport();
      const agent = await t.as('enterprise', { enterpriseId: ent.id });
      const filed = await agent.post('/api/daily-reports', {
        enterpriseId: ent.id,
        date: '2020-03-10',
        values: reportValues(70, 3),
      });
      expect(filed.statusCode, filed.body).toBe(201);
      await eventually(async () => (await read()).reportsReceived === before.reportsReceived + 1);
      const again = kept.stats().hits;
      await read();
      expect(kept.stats().hits).toBe(again + 1);
    } finally {
      await other.close();
    }
  });
});

const ctxOfCommander = async () => {
  const [user] = await t.database.db
    .select()
    .from(schema.users)
    .where(eq(schema.users.username, 'commander'));
  return t.ctxFor(user);
};

/**
 * Runs `fn` with a KPI memory of its own (on the app's bus and tree), listening, and the
 * commander's context reading through it; closes the memory after.
 */
async function withOwnMemory(
  opts: Parameters<typeof createKpiMemory>[2],
  fn: (memory: KpiMemory, ctx: Ctx) => Promise<void>,
  tree = t.app.deps.tree,
): Promise<void> {
  const memory = createKpiMemory(t.app.deps.kpiBus, tree, opts);
  try {
    await eventually(() => memory.stats().listening);
    await fn(memory, { ...(await ctxOfCommander()), kpiMemory: memory });
  } finally {
    await memory.close();
  }
}

describe('open days kept in memory: ordering and expiry', () => {
  it('are forgotten before the live streams hear of the change (a dashboard reloads fresh figures)', async () => {
    const memory = t.app.deps.kpiMemory;
    await eventually(() => memory.stats().listening);
    await get(commander, '/api/kpis?asOf=2020-03-10');
    const held = memory.stats().entries;
    expect(held).toBeGreaterThan(1);
    // A stream subscribing now, as a dashboard does: by the time it hears the notice, the memory
    // no longer holds 平山区.
    const heardWith: number[] = [];
    const unsubscribe = await t.app.deps.kpiBus.subscribe((m) => {
      if (m.type === 'kpi') heardWith.push(memory.stats().entries);
    });
    try {
      // A report of today in 平山区: today's enterprise figures there (other days may be held too).
      await t.database.db.execute(
        sql`select pg_notify('tongchou_kpi', json_build_object('source', 'daily_report',
          'divisions', json_build_array('210502'), 'from', '2020-03-10')::text)`,
      );
      await eventually(() => heardWith.length > 0);
      expect(heardWith[0]).toBe(held - 1);
    } finally {
      unsubscribe();
    }
  });

  it('a filing forgets the enterprise figures of its district and keeps the hazard counts; a hazard forgets both', async () => {
    // A memory of its own, holding one day only.
    await withOwnMemory({}, async (memory, ctx) => {
      const read = () => kpiSnapshot(ctx, { asOf: '2020-03-10' });
      const notice = (source: string, code: string) =>
        t.database.db.execute(
          sql`select pg_notify('tongchou_kpi', json_build_object('source', ${source}::text,
            'divisions', json_build_array(${code}::text))::text)`,
        );
      const first = await read();
      // Every district of the city, both parts.
      const held = memory.stats().entries;
      expect(held).toBe(2 * cellDistricts(ctx, null)!.length);
      await notice('daily_report', '210502');
      await eventually(() => memory.stats().entries === held - 1);
      // Targets are no figures of a district: nothing forgotten (the notices arrive in order).
      await notice('targets', '210504');
      await notice('hazard', '210503');
      await eventually(() => memory.stats().entries === held - 3);
      // Read again: what was forgotten is computed (one reading, a miss), and the figures are the same.
      const misses = memory.stats().misses;
      const again = await read();
      expect(memory.stats()).toMatchObject({ misses: misses + 1, entries: held });
      expect(again).toEqual(first);
    });
  });

  it('a notice with a day forgets the enterprise figures of that day on; hazard counts and notices without a day, of every day', async () => {
    await withOwnMemory({}, async (memory, ctx) => {
      const days = ['2020-03-08', '2020-03-09', '2020-03-10'];
      for (const asOf of days) await kpiSnapshot(ctx, { asOf });
      const held = days.length * 2 * cellDistricts(ctx, null)!.length;
      expect(memory.stats().entries).toBe(held);
      const notice = (source: string, code: string, from: string | null) =>
        t.database.db.execute(
          sql`select pg_notify('tongchou_kpi', json_build_object('source', ${source}::text,
            'divisions', json_build_array(${code}::text), 'from', ${from}::text)::text)`,
        );
      // A report dated 03-09: the enterprise figures of 03-09 and 03-10 (notices arrive in order).
      await notice('daily_report', '210502', '2020-03-09');
      await eventually(() => memory.stats().entries === held - 2);
      const statements = memory.stats().statements;
      await kpiSnapshot(ctx, { asOf: '2020-03-08' });
      expect(memory.stats().statements).toBe(statements);
      // A status change effective 03-10: that day's only.
      await notice('resumption', '210503', '2020-03-10');
      await eventually(() => memory.stats().entries === held - 3);
      // No day (a notice from an older server, an edit of the registry): every day.
      await notice('daily_report', '210504', null);
      await eventually(() => memory.stats().entries === held - 6);
      // A hazard's day does not bound its counts: they are forgotten for every day.
      await notice('hazard', '210505', '2020-03-10');
      await eventually(() => memory.stats().entries === held - 12);
      // Read again (nothing was written: only what was forgotten is computed), the same figures.
      for (const asOf of days)
        expect(rounded(await kpiSnapshot(ctx, { asOf })), asOf).toEqual(
          rounded(await kpiSnapshot({ ...ctx, kpiMemory: undefined }, { asOf })),
        );
    });
  });

  it('readings of a day not held, made at once (the dashboards a stream reloads together), compute it once', async () => {
    await withOwnMemory({}, async (memory, ctx) => {
      const [city, ...others] = await Promise.all([
        kpiSnapshot(ctx, { asOf: '2020-03-09' }),
        kpiSnapshot(ctx, { asOf: '2020-03-09' }),
        kpiSnapshot(ctx, { asOf: '2020-03-09', division: '210502' }),
        kpiSnapshot(ctx, { asOf: '2020-03-09' }),
      ]);
      // The two parts of every district, once each (not jointly: two statements).
      expect(memory.stats()).toMatchObject({ statements: 2, misses: 4 });
      expect(rounded(others[0])).toEqual(rounded(city));
      expect(rounded(others[2])).toEqual(rounded(city));
      expect(rounded(others[1])).toEqual(
        rounded(
          await kpiSnapshot({ ...ctx, kpiMemory: undefined }, { asOf: '2020-03-09', division: '210502' }),
        ),
      );
    });
  });

  it('jointly (PGlite), a reading with another hazard window and a usual one made at once share the enterprise figures', async () => {
    const other = { asOf: '2020-03-08', from: '2020-03-01' };
    const usual = { asOf: '2020-03-08' };
    const noMemory = async (q: KpiQuery) =>
      rounded(await kpiSnapshot({ ...(await ctxOfCommander()), kpiMemory: undefined }, q));
    // The usual reading first: one statement for both parts, which the other joins for its
    // enterprise figures (its own window's hazards are computed live, outside the memory).
    await withOwnMemory({ jointly: true }, async (memory, ctx) => {
      const [a, b] = await Promise.all([kpiSnapshot(ctx, usual), kpiSnapshot(ctx, other)]);
      expect(memory.stats().statements).toBe(1);
      expect(rounded(a)).toEqual(await noMemory(usual));
      expect(rounded(b)).toEqual(await noMemory(other));
    });
    // The other first: it computes the enterprise figures alone; the usual one joins them and
    // computes only the hazard counts.
    await withOwnMemory({ jointly: true }, async (memory, ctx) => {
      const [b, a] = await Promise.all([kpiSnapshot(ctx, other), kpiSnapshot(ctx, usual)]);
      expect(memory.stats().statements).toBe(2);
      expect(rounded(a)).toEqual(await noMemory(usual));
      expect(rounded(b)).toEqual(await noMemory(other));
      // Both parts of every district held.
      expect(memory.stats().entries).toBe(2 * cellDistricts(ctx, null)!.length);
    });
  });

  it('a window of hazards other than the usual one keeps and computes only the enterprise figures', async () => {
    await withOwnMemory({}, async (memory, ctx) => {
      const q = { asOf: '2020-03-10', from: '2020-03-01' };
      const kept = await kpiSnapshot(ctx, q);
      // The hazard counts of that window come live, not from a held part of the usual window.
      expect(memory.stats().entries).toBe(cellDistricts(ctx, null)!.length);
      expect(rounded(kept)).toEqual(rounded(await kpiSnapshot({ ...ctx, kpiMemory: undefined }, q)));
    });
  });

  it('jointly (PGlite), the first reading of a day computes both parts in one statement; each is then forgotten and computed apart', async () => {
    // Not jointly (PostgreSQL): two statements, run in parallel.
    await withOwnMemory({}, async (memory, ctx) => {
      await kpiSnapshot(ctx, { asOf: '2020-03-10' });
      expect(memory.stats().statements).toBe(2);
    });
    await withOwnMemory({ jointly: true }, async (memory, ctx) => {
      const districts = cellDistricts(ctx, null)!.length;
      const usual = { asOf: '2020-03-10' };
      const otherWindow = { asOf: '2020-03-10', from: '2020-03-01' };
      const live = (q: KpiQuery) => kpiSnapshot({ ...ctx, kpiMemory: undefined }, q);
      const notice = (source: string, code: string) =>
        t.database.db.execute(
          sql`select pg_notify('tongchou_kpi', json_build_object('source', ${source}::text,
            'divisions', json_build_array(${code}::text))::text)`,
        );
      // An enterprise with hazards (none since 03-01) archived and alone in its industry division:
      // its hazards count, so that division is a group of the usual window's hazard counts, but
      // neither of the enterprise figures nor of the window from 03-01.
      const [{ id }] = await rows<{ id: number }>(
        t.database.db,
        sql`select enterprise_id as id from hazards group by enterprise_id
          having max(found_on) < '2020-03-01' order by enterprise_id limit 1`,
      );
      const [before] = await rows<{ industry_code: string }>(
        t.database.db,
        sql`select industry_code from enterprises where id = ${id}`,
      );
      await t.database.db.execute(
        sql`update enterprises set archived_at = now(), industry_code = '9901' where id = ${id}`,
      );
      try {
        const first = await kpiSnapshot(ctx, usual);
        expect(memory.stats()).toMatchObject({ entries: 2 * districts, statements: 1 });
        expect(rounded(first)).toEqual(rounded(await live(usual)));
        expect(first.byIndustrySection.map((x) => x.section)).toContain('?');
        // The enterprise figures kept are those computed apart: read with another window's hazards
        // (computed live), no group of the archived enterprise's division comes from them.
        const other = await kpiSnapshot(ctx, otherWindow);
        expect(other.byIndustrySection.map((x) => x.section)).not.toContain('?');
        expect(rounded(other)).toEqual(rounded(await live(otherWindow)));
        expect(memory.stats().statements).toBe(1);

        await notice('daily_report', '210502');
        await eventually(() => memory.stats().entries === 2 * districts - 1);
        expect(rounded(await kpiSnapshot(ctx, usual))).toEqual(rounded(first));
        expect(memory.stats()).toMatchObject({ entries: 2 * districts, statements: 2 });
        await notice('hazard', '210503');
        await eventually(() => memory.stats().entries === 2 * districts - 2);
        expect(rounded(await kpiSnapshot(ctx, usual))).toEqual(rounded(first));
        expect(memory.stats()).toMatchObject({ entries: 2 * districts, statements: 3 });
      } finally {
        await t.database.db.execute(
          sql`update enterprises set archived_at = null, industry_code = ${before.industry_code} where id = ${id}`,
        );
      }
    });
  });

  it('hold nothing longer than their time to live (a notice that never came costs at most that)', async () => {
    await withOwnMemory({ ttlMs: 1000 }, async (_memory, ctx) => {
      const found = async () => (await kpiSnapshot(ctx, { asOf: '2020-03-10' })).counts.hazardsFound;
      const before = await found();
      // A hazard found today, written behind the server's back: no notice.
      const [h] = await rows<{ id: number }>(
        t.database.db,
        sql`select id from hazards order by id desc limit 1`,
      );
      await cloneRow(t.database, 'hazards', h.id, 1);
      await t.database.db.execute(
        sql`update hazards set found_on = '2020-03-10' where id = (select max(id) from hazards)`,
      );
      expect(await found()).toBe(before);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await found()).toBe(before + 1);
    });
  });
});

describe('open days computed ahead of readers (refresh)', () => {
  const OPEN_DAYS = ['2020-03-10', '2020-03-09', '2020-03-08', '2020-03-07'];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** The refresh settings of a test: short quiet time, the commander's context. */
  const refreshOf = async (extra: Partial<KpiRefresh> = {}): Promise<KpiRefresh> => {
    const ctx = await ctxOfCommander();
    return { quietMs: 100, perDistrict: true, context: () => ctx, ...extra };
  };
  const passes = (memory: KpiMemory) => memory.stats().refresh?.passes ?? 0;
  /** `eventually` with room for a pass on a slow machine (a pass of the demo city here: 1–2 s). */
  const until = async (check: () => boolean, ms = 20_000) => {
    const end = performance.now() + ms;
    while (!check()) {
      if (performance.now() > end) throw new Error(`condition not met within ${ms} ms`);
      await sleep(50);
    }
  };
  /** What reading the day through `ctx` gives, as JSON (as the API would answer it). */
  const snapshot = async (ctx: Ctx, asOf: string, division?: string) =>
    rounded(JSON.parse(JSON.stringify(await kpiSnapshot(ctx, { asOf, division })))) as KpiSnapshot;

  /**
   * After the first pass, once late notices of the tests before came and were computed, today read
   * (only while open days are read is anything computed ahead): the memory's counters then.
   */
  const settled = async (memory: KpiMemory, ctx: Ctx) => {
    await until(() => passes(memory) >= 1);
    await sleep(500);
    await snapshot(ctx, '2020-03-10');
    await until(() => !memory.stats().refresh?.refreshing);
    return memory.stats();
  };

  it('every open day of every district is held before the first reading, equal to the live figures', async () => {
    await withOwnMemory({ refresh: await refreshOf() }, async (memory, ctx) => {
      // The server goes on answering during a pass (PGlite would otherwise hold the event loop
      // from its first statement to its last): timers fire while it runs.
      let whileRefreshing = 0;
      const timer = setInterval(() => {
        if (memory.stats().refresh?.refreshing) whileRefreshing++;
      }, 5);
      await until(() => passes(memory) >= 1);
      clearInterval(timer);
      expect(whileRefreshing).toBeGreaterThan(1);
      const before = memory.stats();
      expect(before.refresh).toMatchObject({ failures: 0 });
      for (const asOf of OPEN_DAYS) {
        const url = `/api/kpis?asOf=${asOf}`;
        expect(await snapshot(ctx, asOf), asOf).toEqual(await live(commander, url));
        expect(await snapshot(ctx, asOf, '210502'), asOf).toEqual(
          await live(commander, `${url}&division=210502`),
        );
      }
      // Read from memory, nothing computed by the readings.
      expect(memory.stats()).toMatchObject({
        hits: before.hits + 8,
        misses: before.misses,
        statements: before.statements,
      });
    });
  });

  it("a filing is in the figures computed after it, before anyone reads them; only its district's day is computed", async () => {
    await withOwnMemory({ refresh: await refreshOf() }, async (memory, ctx) => {
      await until(() => passes(memory) >= 1);
      const before = await snapshot(ctx, '2020-03-10');
      // Once late notices of the tests before have come and their figures were computed again.
      await sleep(500);
      await until(() => !memory.stats().refresh?.refreshing);
      const ent = await resumedWithoutReport();
      const agent = await t.as('enterprise', { enterpriseId: ent.id });
      const start = memory.stats();
      const filed = await agent.post('/api/daily-reports', {
        enterpriseId: ent.id,
        date: '2020-03-10',
        values: reportValues(75, 5),
      });
      expect(filed.statusCode, filed.body).toBe(201);
      // The notice (within 200 ms), the quiet time (100 ms), then the pass.
      await until(() => passes(memory) > start.refresh!.passes && !memory.stats().refresh?.refreshing);
      const computed = memory.stats();
      // 平山区's enterprise figures of today: one statement (the hazard counts and the other days
      // are still held).
      expect(computed.statements).toBe(start.statements + 1);
      const after = await snapshot(ctx, '2020-03-10');
      expect(memory.stats()).toMatchObject({ hits: computed.hits + 1, statements: computed.statements });
      expect(after.counts.reportsReceived).toBe(before.counts.reportsReceived + 1);
      expect(after).toEqual(await live(commander, '/api/kpis?asOf=2020-03-10'));
    });
  });

  it('while changes keep coming, nothing is computed ahead; once they stop, it is', async () => {
    await withOwnMemory({ refresh: await refreshOf() }, async (memory, ctx) => {
      const start = await settled(memory, ctx);
      // A change every 30 ms for 600 ms (a rush of filings), each under the quiet time.
      for (let i = 0; i < 20; i++) {
        memory.forget('daily_report', ['210502'], '2020-03-10');
        await sleep(30);
      }
      expect(memory.stats().statements).toBe(start.statements);
      expect(passes(memory)).toBe(start.refresh!.passes);
      await until(() => passes(memory) === start.refresh!.passes + 1);
      expect(memory.stats().statements).toBe(start.statements + 1);
    });
  });

  it('readers first: while readings follow each other, nothing is computed ahead; in the gap after them, it is', async () => {
    await withOwnMemory({ refresh: await refreshOf() }, async (memory, ctx) => {
      await until(() => passes(memory) >= 1);
      await sleep(500);
      await until(() => !memory.stats().refresh?.refreshing);
      const start = memory.stats();
      memory.forget('daily_report', ['210502'], '2020-03-10');
      // Readings of a held day one after the other for 800 ms (the quiet time after the change
      // is 100 ms): none computes, and the pass waits for them.
      const stop = performance.now() + 800;
      let readings = 0;
      while (performance.now() < stop) {
        await snapshot(ctx, '2020-03-08');
        readings++;
        // A turn of the event loop between them, as between two requests (timers fire).
        await new Promise((r) => setImmediate(r));
      }
      expect(memory.stats()).toMatchObject({ statements: start.statements, hits: start.hits + readings });
      await until(() => memory.stats().statements === start.statements + 1);
      await until(() => passes(memory) === start.refresh!.passes + 1);
    });
  });

  it('only while open days are read: an instance nobody reads them on computes nothing ahead after its first pass (the start counts as a reading)', async () => {
    await withOwnMemory({ refresh: await refreshOf({ watchMs: 1000 }) }, async (memory, ctx) => {
      await until(() => passes(memory) >= 1);
      await sleep(1200);
      const idle = memory.stats();
      memory.forget('daily_report', ['210502'], '2020-03-10');
      await sleep(400);
      expect(memory.stats()).toMatchObject({ statements: idle.statements, refresh: idle.refresh });
      // Read again (computing what the change forgot): the next change is computed ahead.
      await snapshot(ctx, '2020-03-10');
      const read = memory.stats();
      expect(read.statements).toBe(idle.statements + 1);
      memory.forget('daily_report', ['210502'], '2020-03-10');
      await until(() => passes(memory) > read.refresh!.passes);
      expect(memory.stats().statements).toBe(read.statements + 1);
    });
  });

  it('figures being read are computed again before their time to live runs out', async () => {
    // A memory of the city and 平山区 only (a pass: a few statements), read at 平山区.
    const all = [...t.app.deps.tree.byCode.values()];
    const small = new DivisionTree(all.filter((n) => n.code === '210500' || n.code.startsWith('210502')));
    await withOwnMemory(
      { ttlMs: 3000, refresh: await refreshOf() },
      async (memory, ctx) => {
        await until(() => passes(memory) >= 1);
        await snapshot(ctx, '2020-03-10', '210502');
        const start = memory.stats();
        const began = performance.now();
        // For longer than the time to live, read every 250 ms: always held (computed ahead,
        // checked every 375 ms, once 1.5 s old), never computed by a reading.
        for (let i = 0; i < 16; i++) {
          await sleep(250);
          await snapshot(ctx, '2020-03-10', '210502');
        }
        expect(performance.now() - began).toBeGreaterThan(3000);
        const end = memory.stats();
        expect(end.misses).toBe(start.misses);
        expect(end.hits).toBe(start.hits + 16);
        expect(end.refresh!.passes).toBeGreaterThan(start.refresh!.passes + 1);
        expect(end.statements).toBeGreaterThan(start.statements);
      },
      small,
    );
  });

  it('a district changed during a pass is computed once it is quiet, not at the next check', async () => {
    await withOwnMemory({ refresh: await refreshOf() }, async (memory) => {
      await until(() => passes(memory) >= 1);
      await until(() => !memory.stats().refresh?.refreshing);
      // Every district's hazard counts forgotten: a pass over every code (about a second here).
      memory.forget('hazard', null);
      await until(() => memory.stats().refresh?.refreshing === true, 5000);
      memory.forget('hazard', ['210502']);
      const during = passes(memory);
      await until(() => !memory.stats().refresh?.refreshing);
      // That pass, then one for 平山区 soon after (the periodic check would come after 7.5 s).
      await until(() => passes(memory) >= during + 2, 3000);
    });
  });

  it('a district that keeps changing does not hold back the others', async () => {
    await withOwnMemory({ refresh: await refreshOf() }, async (memory, ctx) => {
      const start = await settled(memory, ctx);
      memory.forget('daily_report', ['210503'], '2020-03-10');
      // 平山区 changing every 80 ms for 1.2 s (a steady morning); 溪湖区 changed once at the start.
      for (let i = 0; i < 15; i++) {
        memory.forget('daily_report', ['210502'], '2020-03-10');
        await sleep(80);
      }
      // 溪湖区's enterprise figures of today computed meanwhile, in a gap, 平山区's not.
      expect(memory.stats().statements).toBe(start.statements + 1);
      expect(memory.stats().refresh?.passes).toBe(start.refresh!.passes + 1);
      await until(() => memory.stats().statements === start.statements + 2);
    });
  });

  it('during a rush of changes nothing is computed, not even the districts that went quiet', async () => {
    await withOwnMemory({ refresh: await refreshOf() }, async (memory, ctx) => {
      const start = await settled(memory, ctx);
      memory.forget('daily_report', ['210503'], '2020-03-10');
      // 平山区 changing every few milliseconds for 800 ms; 溪湖区 quiet after the first.
      const stop = performance.now() + 800;
      while (performance.now() < stop) {
        memory.forget('daily_report', ['210502'], '2020-03-10');
        await sleep(5);
      }
      expect(memory.stats().statements).toBe(start.statements);
      // Once it ends: both.
      await until(() => memory.stats().statements === start.statements + 2);
    });
  });

  it('a failing computation ahead is logged and leaves readings to compute as before', async () => {
    const ctx = await ctxOfCommander();
    const down = new Error('connection refused');
    const db = new Proxy(ctx.db, {
      get: (target, prop) =>
        prop === 'transaction' || prop === 'execute' ? () => Promise.reject(down) : Reflect.get(target, prop),
    });
    const failing: Ctx = { ...ctx, db };
    const warnings: unknown[] = [];
    const log = { warn: (o: unknown) => warnings.push(o) } as unknown as FastifyBaseLogger;
    await withOwnMemory(
      { log, refresh: await refreshOf({ context: () => failing }) },
      async (memory, reader) => {
        await until(() => (memory.stats().refresh?.failures ?? 0) >= 1);
        expect(warnings[0]).toEqual({ err: down });
        const before = memory.stats();
        expect(await snapshot(reader, '2020-03-10')).toEqual(
          await live(commander, '/api/kpis?asOf=2020-03-10'),
        );
        expect(memory.stats().misses).toBe(before.misses + 1);
      },
    );
  });

  it('an instance configured with TONGCHOU_KPI_REFRESH_MS answers its first reading of today from memory', async () => {
    const other = await buildApp({
      database: t.database,
      clock: t.clock,
      env: { ...t.app.deps.env, TONGCHOU_KPI_REFRESH_MS: 100 },
      strictAudit: true,
    });
    try {
      const kept = other.deps.kpiMemory;
      await until(() => (kept.stats().refresh?.passes ?? 0) >= 1);
      await until(() => !kept.stats().refresh?.refreshing);
      const res = await other.inject({
        method: 'GET',
        url: '/api/kpis?asOf=2020-03-10',
        headers: { cookie: `${SESSION_COOKIE}=${commander.cookie}`, 'accept-language': 'en' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(kept.stats()).toMatchObject({ hits: 1, misses: 0 });
      expect(rounded(res.json())).toEqual(await live(commander, '/api/kpis?asOf=2020-03-10'));
      // A district clerk on that instance: its own district from the figures computed ahead, and
      // another district's refused as before.
      const asClerk = (url: string) =>
        other.inject({
          method: 'GET',
          url,
          headers: { cookie: `${SESSION_COOKIE}=${district.cookie}`, 'accept-language': 'en' },
        });
      const own = await asClerk('/api/kpis?asOf=2020-03-10');
      expect(own.statusCode, own.body).toBe(200);
      expect(kept.stats()).toMatchObject({ hits: 2, misses: 0 });
      expect(rounded(own.json())).toEqual(await live(district, '/api/kpis?asOf=2020-03-10'));
      expect(
        own.json().byDivision.every((d: { divisionCode: string }) => d.divisionCode.startsWith('210502')),
      ).toBe(true);
      expect((await asClerk('/api/kpis?asOf=2020-03-10&division=210503')).statusCode).toBe(404);
    } finally {
      await other.close();
    }
    // The test app itself computes only when read (the tests' setting).
    expect(t.app.deps.kpiMemory.stats().refresh).toBeNull();
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'KPI figures in memory when the listening connection drops',
  () => {
    it('are not used while notices cannot be heard, and are kept again once they can', async () => {
      const memory = t.app.deps.kpiMemory;
      await eventually(() => memory.stats().listening);
      // The test before wrote a hazard behind the server's back (no notice): start from nothing held.
      memory.forget('hazard', null);
      const before = await get(commander, '/api/kpis?asOf=2020-03-10');
      await t.database.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'LISTEN tongchou_kpi'`,
      );
      await eventually(() => !memory.stats().listening);
      // A hazard written behind the server's back (no notice): seen at once while nothing is kept.
      const [h] = await rows<{ id: number }>(
        t.database.db,
        sql`select id from hazards where found_on = '2020-03-09' order by id limit 1`,
      );
      await cloneRow(t.database, 'hazards', h.id, 1);
      const down = memory.stats();
      const whileDown = await get(commander, '/api/kpis?asOf=2020-03-10');
      expect(whileDown.counts.hazardsFound).toBe(before.counts.hazardsFound + 1);
      expect(memory.stats()).toMatchObject({ hits: down.hits, misses: down.misses });
      // Back (after about a second): kept again.
      await eventually(() => memory.stats().listening);
      expect(await get(commander, '/api/kpis?asOf=2020-03-10')).toEqual(whileDown);
      const back = memory.stats();
      await get(commander, '/api/kpis?asOf=2020-03-10');
      expect(memory.stats().hits).toBe(back.hits + 1);
    });
  },
);

describe('analytic statements', () => {
  it('price random page reads as cached data on PostgreSQL (at most 1.1), and leave PGlite as it is', async () => {
    const setting = sql`select current_setting('random_page_cost') as v`;
    // The server's own setting (4 unless its administrator changed it): the statements' is lower only.
    const [server] = await rows<{ v: string }>(t.database.db, setting);
    const [inside] = await analytic<{ v: string }>(ctx, setting);
    expect(Number(inside.v)).toBe(
      t.database.kind === 'postgres' ? Math.min(Number(server.v), 1.1) : Number(server.v),
    );
  });
});

describe('precomputeKpiCells', () => {
  it('fills every settled day for every district; a second run computes nothing', async () => {
    await t.database.db.execute(sql`delete from kpi_day_cells`);
    const first = await precomputeKpiCells(ctx, { from: '2020-02-20' });
    expect(first).toMatchObject({ from: '2020-02-20', to: '2020-03-06', days: 16, statements: 8 });
    expect(first.cells).toBeGreaterThan(16 * 7);
    for (let d = '2020-02-20'; d <= '2020-03-06'; d = addCalendarDays(d, 1))
      expect(await cellCount(d)).toBeGreaterThan(7);
    expect(await cellCount('2020-02-19')).toBe(0);
    expect(await cellCount('2020-03-07')).toBe(0);
    expect(await precomputeKpiCells(ctx, { from: '2020-02-20' })).toMatchObject({
      days: 0,
      statements: 0,
      cells: 0,
    });
    // What it stored is what the live computation gives.
    await fromCellsEqualsLive(commander, '/api/kpis?asOf=2020-02-25');
    // A write to a settled day makes its district stale again: only that is recomputed.
    const ent = await resumedWithReport();
    const res = await district.post('/api/daily-reports', {
      enterpriseId: ent.id,
      date: S,
      values: reportValues(40, 7),
    });
    expect(res.statusCode, res.body).toBe(200);
    const again = await precomputeKpiCells(ctx, { from: '2020-02-20' });
    expect(again.days).toBe(16);
    const perDay = again.cells / 16;
    expect(perDay).toBeLessThan(first.cells / 16);
    expect(
      await rows(
        t.database.db,
        sql`select 1 from kpi_day_cells k join kpi_generations g using (district_code) where k.gen <> g.gen`,
      ),
    ).toEqual([]);
    await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}`);
  });

  it('drops cells ahead of the settled horizon (a clock that went back), so they are never read stale', async () => {
    await precomputeKpiCells(ctx, { from: '2020-02-20' });
    expect(await cellCount('2020-03-06')).toBeGreaterThan(0);
    // The scenario clock restarts two days earlier: 03-05 and 03-06 are open again, and a filing
    // there bumps nothing; their cells must not survive until the clock reaches them again.
    t.clock.set!('2020-03-08T09:00:00+08:00');
    try {
      await precomputeKpiCells(ctx, { from: '2020-02-20' });
      expect(await cellCount('2020-03-06')).toBe(0);
      expect(await cellCount('2020-03-05')).toBe(0);
      expect(await cellCount('2020-03-04')).toBeGreaterThan(0);
    } finally {
      t.clock.set!(TODAY);
    }
  });

  it('leaves the cells of other generations out of the figures', async () => {
    // A cell tampered with at an old generation is never read.
    const [g] = await t.database.db
      .select()
      .from(schema.kpiGenerations)
      .where(eq(schema.kpiGenerations.districtCode, '210502'));
    await t.database.db
      .update(schema.kpiDayCells)
      .set({ aboveScaleIndustrial: 99_999, gen: g.gen - 1 })
      .where(and(eq(schema.kpiDayCells.day, S), eq(schema.kpiDayCells.districtCode, '210502')));
    const k = await fromCellsEqualsLive(commander, `/api/kpis?asOf=${S}&division=210502`);
    expect(k.counts.aboveScaleIndustrial).toBeLessThan(99_999);
  });
});

describe('GET /api/kpis/series over settled days', () => {
  it('reads the settled days from cells (filling a few missing ones) and equals the live series', async () => {
    await precomputeKpiCells(ctx, { from: '2020-02-10' });
    expect(await cellCount('2020-02-05')).toBe(0);
    const metrics = KPI_KEYS.filter((k) => k !== 'hazardRectificationRate');
    for (const division of ['', '&division=210502']) {
      for (const metric of metrics) {
        const url = `/api/kpis/series?metric=${metric}&from=2020-02-05&to=2020-03-10${division}`;
        const res = await commander.get(url);
        expect(res.statusCode, res.body).toBe(200);
        // Live: the clock on the first day, when none of the range is settled.
        t.clock.set!('2020-02-05T12:00:00+08:00');
        const live = await commander.get(url);
        t.clock.set!(TODAY);
        expect([url, rounded(res.json())]).toEqual([url, rounded(live.json())]);
      }
    }
    // 02-05 … 02-09 were missing: filled by the first request (three statements).
    expect(await cellCount('2020-02-05')).toBeGreaterThan(7);
  });
});
