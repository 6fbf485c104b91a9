import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_KEYS } from '../../../shared/kpi';
import type { KpiSnapshot } from '../../../shared/schemas/kpis';
import { addCalendarDays } from '../../../shared/workdays';
import { rows, schema } from '../../db/client';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import type { Ctx } from '../../lib/context';
import { type Agent, createTestApp, type TestApp, testUscc } from '../../test/setup';
import { precomputeKpiCells, settledThrough } from './cells';
import { SETTLED_LAG_DAYS } from './events';

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

/** The snapshot computed from the base tables: the clock on the day asked for (not settled). */
async function live(agent: Agent, url: string): Promise<KpiSnapshot> {
  const day = /asOf=([\d-]+)/.exec(url)![1];
  t.clock.set!(`${day}T12:00:00+08:00`);
  try {
    return await get(agent, url);
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
