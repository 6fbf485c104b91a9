import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_KEYS, KPI_PARTS, type KpiKey } from '../../../shared/kpi';
import type { KpiDrillRow, KpiSnapshot } from '../../../shared/schemas/kpis';
import { addCalendarDays } from '../../../shared/workdays';
import { SESSION_COOKIE } from '../../app';
import { shanghaiInstant } from '../../clock';
import { schema } from '../../db/client';
import { makeHazard } from '../../test/safety-factories';
import { type Agent, createTestApp, type TestApp } from '../../test/setup';
import { ensureDefaultForm } from '../daily-reports/form';

/**
 * Every KPI on a small hand-built city where each number is known (as of D = 2020-03-09):
 *
 * 南芬区 210505 (towns 南芬街道 …001, 思山岭街道 …004; some without a town):
 *   A  above-scale industrial, large, town 001: resumed 02-20; reports 03-08 (60%, 50 on site) and
 *      03-09 (80%, 70, on time). Output 10,000 yuan/day, workforce 100.
 *   B  above-scale industrial, medium (an SME), town 001: resumed 03-01; one report, 03-07 (50%, 90):
 *      missing on D, so capacity and on-duty come from the latest report on or before D.
 *      Output 20,000, workforce 200.
 *   C  above-scale industrial, large, town 004: resumed 02-15, suspended 03-05 (report 03-04, 90%).
 *      Output 30,000, workforce 300.
 *   Dd above-scale industrial, no town: resumed 02-20, closed 03-02 (out of the population from then).
 *   E  above-scale industrial but a long-term shutdown, small: never counted.
 *   F  small retail (SME), town 004: resumed 03-01, reports D late (15 on site of 20).
 *   G  micro retail (SME), no town: approved, not resumed.
 *   I  archived above-scale industrial, resumed: never counted.
 * 平山区 210502:
 *   H  above-scale industrial, large: resumed 03-01, reports D on time (100%, 50 of 50). Output 5,000.
 * Hazards (window from 02-01): on A h1 found 02-10 closed 02-18; h2 found 03-01, deadline 03-05,
 * open; h3 found 03-08, deadline 03-20, open; h4 found 03-05, deadline 03-07, closed D 15:00;
 * h5 found 01-20 (before the window); on B h7 found 03-02, deadline 03-04, closed 03-10 08:00
 * (after D); on H h6 found 03-02 closed 03-03.
 */
const D = '2020-03-09';
let t: TestApp;
let commander: Agent;
let district: Agent;
const ids: Record<string, number> = {};
let formVersion = 1;

async function status(enterpriseId: number, s: 'resumed' | 'suspended' | 'approved' | 'closed', day: string) {
  await t.database.db
    .insert(schema.resumptionStatusEvents)
    .values({ enterpriseId, status: s, effectiveDate: day, at: shanghaiInstant(day, '08:00') });
}

async function report(
  enterpriseId: number,
  date: string,
  capacityPct: number,
  onSiteWorkers: number,
  onTime = true,
) {
  const at = shanghaiInstant(date, onTime ? '09:00' : '11:00');
  await t.database.db.insert(schema.dailyReports).values({
    enterpriseId,
    date,
    formVersion,
    values: { onSiteWorkers, capacityPct },
    content: 'normal',
    onTime,
    onSiteWorkers,
    capacityPct,
    firstFiledAt: at,
    updatedAt: at,
  });
}

const get = async (agent: Agent, url: string) => {
  const res = await agent.get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await createTestApp();
  await ensureDefaultForm(t.database.db);
  formVersion = 1;
  commander = await t.as('commander');
  district = await t.as('district', { divisionCode: '210505' });
  const mk = async (
    key: string,
    o: Partial<typeof schema.enterprises.$inferInsert> & { industrial?: boolean },
  ) => {
    const { industrial = true, ...rest } = o;
    const e = await t.makeEnterprise({
      divisionCode: '210505',
      industryCode: industrial ? '3130' : '5212',
      aboveScale: industrial,
      name: `KPI测试企业${key}`,
      ...rest,
    });
    ids[key] = e.id;
    return e.id;
  };
  const out = (yuan: number) => yuan * 100;
  await mk('A', {
    sizeClass: 'large',
    townCode: '210505001',
    normalDailyOutputFen: out(10_000),
    normalWorkforce: 100,
  });
  await mk('B', {
    sizeClass: 'medium',
    townCode: '210505001',
    normalDailyOutputFen: out(20_000),
    normalWorkforce: 200,
  });
  await mk('C', {
    sizeClass: 'large',
    townCode: '210505004',
    normalDailyOutputFen: out(30_000),
    normalWorkforce: 300,
  });
  await mk('Dd', { sizeClass: 'large', normalDailyOutputFen: out(40_000), normalWorkforce: 400 });
  await mk('E', {
    sizeClass: 'small',
    longTermShutdown: true,
    normalDailyOutputFen: out(1_000),
    normalWorkforce: 10,
  });
  await mk('F', { sizeClass: 'small', industrial: false, townCode: '210505004', normalWorkforce: 20 });
  await mk('G', { sizeClass: 'micro', industrial: false, normalWorkforce: 5 });
  await mk('I', {
    sizeClass: 'large',
    archivedAt: shanghaiInstant('2020-03-01'),
    normalDailyOutputFen: out(9_000),
  });
  await mk('H', {
    divisionCode: '210502',
    sizeClass: 'large',
    normalDailyOutputFen: out(5_000),
    normalWorkforce: 50,
  });

  await status(ids.A, 'resumed', '2020-02-20');
  await status(ids.B, 'resumed', '2020-03-01');
  await status(ids.C, 'resumed', '2020-02-15');
  await status(ids.C, 'suspended', '2020-03-05');
  await status(ids.Dd, 'resumed', '2020-02-20');
  await status(ids.Dd, 'closed', '2020-03-02');
  await status(ids.F, 'resumed', '2020-03-01');
  await status(ids.G, 'approved', '2020-03-01');
  await status(ids.I, 'resumed', '2020-02-20');
  await status(ids.H, 'resumed', '2020-03-01');

  await report(ids.A, '2020-03-08', 60, 50);
  await report(ids.A, D, 80, 70);
  await report(ids.B, '2020-03-07', 50, 90);
  await report(ids.C, '2020-03-04', 90, 250);
  await report(ids.F, D, 0, 15, false);
  await report(ids.H, D, 100, 50);
  await report(ids.I, D, 100, 10);

  const hz = (key: string, o: Parameters<typeof makeHazard>[2]) => makeHazard(t, ids[key], o);
  await hz('A', {
    foundOn: '2020-02-10',
    deadline: '2020-02-20',
    status: 'closed',
    closedAt: shanghaiInstant('2020-02-18', '10:00'),
  });
  await hz('A', { foundOn: '2020-03-01', deadline: '2020-03-05' });
  await hz('A', { foundOn: '2020-03-08', deadline: '2020-03-20' });
  await hz('A', {
    foundOn: '2020-03-05',
    deadline: '2020-03-07',
    status: 'closed',
    closedAt: shanghaiInstant(D, '15:00'),
  });
  await hz('A', { foundOn: '2020-01-20', deadline: '2020-01-30' });
  await hz('B', {
    foundOn: '2020-03-02',
    deadline: '2020-03-04',
    status: 'closed',
    closedAt: shanghaiInstant('2020-03-10', '08:00'),
  });
  await hz('H', {
    foundOn: '2020-03-02',
    deadline: '2020-03-10',
    status: 'closed',
    closedAt: shanghaiInstant('2020-03-03', '08:00'),
  });
});
afterAll(() => t.close());

describe('GET /api/kpis: every KPI on hand-built cases', () => {
  it('counts the division as of D: suspended, closed, long-term shutdown, archived, late and missing reports', async () => {
    const k: KpiSnapshot = await get(commander, `/api/kpis?asOf=${D}&division=210505`);
    expect(k.asOf).toBe(D);
    expect(k.division).toBe('210505');
    expect(k.counts).toEqual({
      aboveScaleIndustrial: 3, // A, B, C (Dd closed, E long-term shutdown, I archived)
      aboveScaleIndustrialResumed: 2, // A, B (C suspended)
      normalOutput: 60_000,
      releasedOutput: 18_000, // A 80% × 10,000 + B 50% (its latest, 03-07) × 20,000; C suspended = 0
      sme: 3, // B, F, G (E is a long-term shutdown)
      smeResumed: 2,
      normalWorkforce: 320, // A, B, F
      onSiteWorkers: 175, // 70 + 90 (B's latest) + 15
      reportsExpected: 3,
      reportsReceived: 2, // A, F (B missing)
      reportsOnTime: 1, // A (F late)
      hazardsFound: 5, // h1 h2 h3 h4 h7 (h5 before the window)
      hazardsClosed: 2, // h1, h4 (closed D 15:00); h7 closed after D
      hazardsOverdue: 2, // h2, h7
    });
    expect(k.resumptionRate).toBeCloseTo(2 / 3, 10);
    expect(k.capacityReleaseRate).toBeCloseTo(0.3, 10);
    expect(k.smeResumptionRate).toBeCloseTo(2 / 3, 10);
    expect(k.onDutyRate).toBeCloseTo(175 / 320, 10);
    expect(k.reportCompleteness).toBeCloseTo(2 / 3, 10);
    expect(k.reportTimeliness).toBeCloseTo(1 / 3, 10);
    expect(k.hazardRectificationRate).toBeCloseTo(2 / 5, 10);
    expect(k.targets.resumptionRate).toBe(0.9);
  });

  it('travels in time: before and after a status change, latest report on or before the day', async () => {
    const before = await get(commander, '/api/kpis?asOf=2020-03-04&division=210505');
    // C still resumed (suspended 03-05), Dd closed 03-02: A, B, C resumed of A, B, C.
    expect(before.counts.aboveScaleIndustrial).toBe(3);
    expect(before.counts.aboveScaleIndustrialResumed).toBe(3);
    // Only C has a report on or before 03-04 (90% × 30,000).
    expect(before.counts.releasedOutput).toBe(27_000);
    expect(before.capacityReleaseRate).toBeCloseTo(0.45, 10);
    // h1 found and closed; h2 (deadline 03-05) and h7 (deadline 03-04: not past on 03-04) open, not overdue.
    expect(before.counts).toMatchObject({ hazardsFound: 3, hazardsClosed: 1, hazardsOverdue: 0 });
    const earlier = await get(commander, '/api/kpis?asOf=2020-02-19&division=210505');
    // Only C resumed (02-15); Dd not yet closed, so still counted.
    expect(earlier.counts).toMatchObject({ aboveScaleIndustrial: 4, aboveScaleIndustrialResumed: 1 });
    expect(earlier.resumptionRate).toBe(0.25);
    // Resumed C has no report yet: released output 0 of 100,000, not "no figure".
    expect(earlier.capacityReleaseRate).toBe(0);
    expect(earlier.reportCompleteness).toBe(0);
  });
});

describe('groupings', () => {
  it('a division with nothing in it has null rates, not 0', async () => {
    const k = await get(commander, `/api/kpis?asOf=${D}&division=210504`);
    for (const key of KPI_KEYS) expect(k[key], key).toBeNull();
    expect(Object.values(k.counts).every((v) => v === 0)).toBe(true);
  });

  it('the city equals the sum of its districts, count by count', async () => {
    const city: KpiSnapshot = await get(commander, `/api/kpis?asOf=${D}`);
    expect(city.division).toBeNull();
    expect(city.byDivision.map((d) => d.divisionCode)).toEqual(
      expect.arrayContaining(['210502', '210503', '210504', '210505', '210521', '210522', '210590']),
    );
    for (const key of Object.keys(city.counts) as (keyof KpiSnapshot['counts'])[]) {
      const sum = city.byDivision.reduce((s, d) => s + d.counts[key], 0);
      expect(sum, key).toBeCloseTo(city.counts[key], 6);
    }
    const pingshan = city.byDivision.find((d) => d.divisionCode === '210502')!;
    expect(pingshan.counts).toMatchObject({ aboveScaleIndustrial: 1, aboveScaleIndustrialResumed: 1 });
    expect(pingshan.resumptionRate).toBe(1);
    expect(city.byDivision.find((d) => d.divisionCode === '210504')!.resumptionRate).toBeNull();
    // And each district's row is the same as asking for that district.
    const nanfen = await get(commander, `/api/kpis?asOf=${D}&division=210505`);
    expect(city.byDivision.find((d) => d.divisionCode === '210505')!.counts).toEqual(nanfen.counts);
    // By section and by size class add up too.
    for (const rows of [city.byIndustrySection, city.bySize]) {
      const sum = rows.reduce((s: number, r: { counts: KpiSnapshot['counts'] }) => s + r.counts.sme, 0);
      expect(sum).toBe(city.counts.sme);
    }
    expect(city.byIndustrySection.map((s) => s.section)).toEqual(['C', 'F']);
    expect(city.bySize.map((s) => s.sizeClass)).toEqual(['large', 'medium', 'small', 'micro']);
  });

  it('a district breaks down by town, with a row for enterprises without a town', async () => {
    const k: KpiSnapshot = await get(commander, `/api/kpis?asOf=${D}&division=210505`);
    const town = (code: string) => k.byDivision.find((d) => d.divisionCode === code)!;
    expect(town('210505001').counts).toMatchObject({
      aboveScaleIndustrial: 2,
      aboveScaleIndustrialResumed: 2,
    });
    expect(town('210505004').counts).toMatchObject({ aboveScaleIndustrial: 1, sme: 1, smeResumed: 1 });
    expect(town('210505005').resumptionRate).toBeNull();
    const noTown = town('210505');
    expect(noTown.counts.sme).toBe(1); // G
    const sum = k.byDivision.reduce((s, d) => s + d.counts.hazardsFound, 0);
    expect(sum).toBe(k.counts.hazardsFound);
  });

  it('reports the day before for the change since yesterday', async () => {
    const k: KpiSnapshot = await get(commander, `/api/kpis?asOf=${D}&division=210505`);
    expect(k.previous.asOf).toBe('2020-03-08');
    // On 03-08 A's latest is 60%, B 50%: 6,000 + 10,000.
    expect(k.previous.counts.releasedOutput).toBe(16_000);
    expect(k.previous.counts.reportsReceived).toBe(1); // A
    expect(k.previous.counts.hazardsOverdue).toBe(3); // h2, h4 (closed only on D), h7
  });
});

describe('access', () => {
  it('a district clerk sees its own division by default, its towns, and nothing else (404)', async () => {
    const own: KpiSnapshot = await get(district, `/api/kpis?asOf=${D}`);
    expect(own.division).toBe('210505');
    expect(own.counts.aboveScaleIndustrial).toBe(3);
    expect(own.byDivision.some((d) => d.divisionCode === '210505001')).toBe(true);
    expect((await district.get(`/api/kpis?division=210505001&asOf=${D}`)).statusCode).toBe(200);
    for (const url of [
      '/api/kpis?division=210502',
      '/api/kpis?division=210500',
      '/api/kpis/series?metric=resumptionRate&division=210502',
      '/api/kpis/drill?metric=resumptionRate&division=210502',
      '/api/kpis/export.xlsx?division=210502',
      '/api/kpis/drill/export.xlsx?metric=resumptionRate&division=210502',
      '/api/kpis/stream?division=210502',
      '/api/kpis?division=999999',
    ]) {
      expect((await district.get(url)).statusCode, url).toBe(404);
    }
  });

  it('leaders and departments read city-wide; liaisons, supervisors, enterprises are refused', async () => {
    for (const role of ['leader', 'department'] as const) {
      const a = await t.as(role);
      expect((await get(a, `/api/kpis?asOf=${D}&division=210502`)).counts.aboveScaleIndustrial).toBe(1);
    }
    for (const role of ['liaison', 'supervisor', 'enterprise', 'admin', 'auditor'] as const) {
      const a = await t.as(role);
      for (const url of ['/api/kpis', '/api/kpis/series?metric=onDutyRate', '/api/kpis/targets']) {
        const res = await a.get(url);
        expect(res.statusCode, `${role} ${url}`).toBe(403);
      }
    }
    expect((await t.anon.get('/api/kpis')).statusCode).toBe(401);
  });

  it('refuses bad input with the field named', async () => {
    const bad = async (url: string, path: string) => {
      const res = await commander.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await bad('/api/kpis?asOf=2020-3-9', 'asOf');
    await bad('/api/kpis?asOf=2020-03-09&from=2020-03-10', 'from');
    await bad('/api/kpis/series?metric=nope', 'metric');
    await bad('/api/kpis/series?metric=resumptionRate&from=2020-01-01&to=2020-06-01', 'to');
    await bad('/api/kpis/series?metric=resumptionRate&from=2020-03-09&to=2020-03-01', 'from');
    await bad('/api/kpis/drill?metric=resumptionRate&part=all', 'part');
  });
});

describe('GET /api/kpis/series', () => {
  it('gives, for every KPI and every day, the same figure as asking for that day', async () => {
    const from = '2020-02-12';
    const snapshots = new Map<string, KpiSnapshot>();
    for (let d = from; d <= D; d = addCalendarDays(d, 1))
      snapshots.set(d, await get(commander, `/api/kpis?asOf=${d}&division=210505`));
    // Each day's "previous" is the day before asked for itself (status changes dated that very day included).
    for (const [d, k] of snapshots) {
      const before = snapshots.get(addCalendarDays(d, -1));
      if (before) expect([d, k.previous.counts]).toEqual([d, before.counts]);
    }
    for (const metric of KPI_KEYS) {
      const series = await get(
        commander,
        `/api/kpis/series?metric=${metric}&from=${from}&to=${D}&division=210505`,
      );
      expect(series).toHaveLength(snapshots.size);
      for (const p of series) {
        const k = snapshots.get(p.date)!;
        const { numerator, denominator } = KPI_PARTS[metric as KpiKey];
        expect([p.date, metric, p.numerator, p.denominator]).toEqual([
          p.date,
          metric,
          k.counts[numerator],
          k.counts[denominator],
        ]);
        expect(p.value).toBe(k[metric as KpiKey]);
      }
    }
  });

  it('defaults to the campaign start through today and is city-wide for the commander', async () => {
    const series = await get(commander, '/api/kpis/series?metric=resumptionRate');
    expect(series[0].date).toBe('2020-02-01');
    expect(series.at(-1).date).toBe('2020-03-10');
    const onD = series.find((p: { date: string }) => p.date === D);
    expect(onD).toMatchObject({ numerator: 3, denominator: 4 }); // A, B, H of A, B, C, H
  });
});

describe('GET /api/kpis/drill', () => {
  const drillAll = async (metric: KpiKey, part: 'numerator' | 'denominator', extra = '') => {
    const page = await get(
      commander,
      `/api/kpis/drill?metric=${metric}&asOf=${D}&division=210505&part=${part}&pageSize=200${extra}`,
    );
    expect(page.items).toHaveLength(page.total);
    return page as { total: number; items: KpiDrillRow[] };
  };

  it('rows add up to every figure, excluded first', async () => {
    const k: KpiSnapshot = await get(commander, `/api/kpis?asOf=${D}&division=210505`);
    for (const metric of KPI_KEYS) {
      const { numerator, denominator } = KPI_PARTS[metric];
      const rows = (await drillAll(metric, 'denominator')).items;
      const included = rows.filter((r) => r.included);
      const num = (await drillAll(metric, 'numerator')).items;
      expect(num.map((r) => r.id).sort()).toEqual(included.map((r) => r.id).sort());
      // Those not counted come first.
      const firstIncluded = rows.findIndex((r) => r.included);
      if (firstIncluded > 0) expect(rows.slice(firstIncluded).every((r) => r.included)).toBe(true);
      if (metric === 'capacityReleaseRate') {
        expect(rows.reduce((s, r) => s + r.weight!, 0)).toBe(k.counts[denominator]);
        expect(included.reduce((s, r) => s + Math.round(r.value! * r.weight!) / 100, 0)).toBe(
          k.counts[numerator],
        );
      } else if (metric === 'onDutyRate') {
        expect(rows.reduce((s, r) => s + r.weight!, 0)).toBe(k.counts[denominator]);
        expect(rows.reduce((s, r) => s + r.value!, 0)).toBe(k.counts[numerator]);
      } else {
        expect([metric, rows.length, included.length]).toEqual([
          metric,
          k.counts[denominator],
          k.counts[numerator],
        ]);
      }
    }
  });

  it('names who is missing, late, suspended, overdue', async () => {
    const completeness = (await drillAll('reportCompleteness', 'denominator')).items;
    expect(completeness.map((r) => [r.enterpriseName, r.included, r.detail])).toEqual([
      ['KPI测试企业B', false, 'Missing'],
      ['KPI测试企业F', true, 'Late'],
      ['KPI测试企业A', true, 'On time'],
    ]);
    const resumption = (await drillAll('resumptionRate', 'denominator')).items;
    expect(resumption[0]).toMatchObject({
      enterpriseId: ids.C,
      included: false,
      detail: 'Suspended',
      date: '2020-03-05',
    });
    const capacity = (await drillAll('capacityReleaseRate', 'denominator')).items;
    expect(capacity.find((r) => r.enterpriseId === ids.B)).toMatchObject({
      value: 50,
      weight: 20_000,
      date: '2020-03-07',
    });
    const hazards = (await drillAll('hazardRectificationRate', 'denominator')).items;
    expect(hazards.slice(0, 2).every((h) => !h.included && h.value! > 0)).toBe(true);
    expect(hazards[0].detail).toMatch(/^Overdue 5 d/); // h7, deadline 03-04
    expect(hazards.at(-1)!.included).toBe(true);
  });

  it('filters like the figure: section, size class, search, paging', async () => {
    const sme = await drillAll('smeResumptionRate', 'denominator', '&section=F');
    expect(sme.items.map((r) => r.enterpriseId).sort()).toEqual([ids.F, ids.G].sort());
    const medium = await drillAll('resumptionRate', 'denominator', '&sizeClass=medium');
    expect(medium.items.map((r) => r.enterpriseId)).toEqual([ids.B]);
    const search = await drillAll('resumptionRate', 'denominator', `&q=${encodeURIComponent('企业A')}`);
    expect(search.items.map((r) => r.enterpriseId)).toEqual([ids.A]);
    const page2 = await get(
      commander,
      `/api/kpis/drill?metric=resumptionRate&asOf=${D}&division=210505&pageSize=2&page=2`,
    );
    expect(page2.total).toBe(3);
    expect(page2.items).toHaveLength(1);
    const past = await get(
      commander,
      `/api/kpis/drill?metric=resumptionRate&asOf=${D}&division=210505&pageSize=2&page=9`,
    );
    expect(past).toEqual({ total: 3, items: [] });
  });
});

async function workbook(res: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }) {
  expect(res.statusCode).toBe(200);
  expect(String(res.headers['content-type'])).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as never);
  return wb;
}

describe('Excel export', () => {
  it('exports the KPI table by division with title, headers, % cells, a frozen header and a total', async () => {
    const wb = await workbook(await commander.get(`/api/kpis/export.xlsx?asOf=${D}&groupBy=division`));
    const ws = wb.worksheets[0];
    expect(String(ws.getCell(1, 1).value)).toContain(D);
    expect(String(ws.getCell(1, 1).value)).toContain('Benxi');
    const headers = (ws.getRow(2).values as unknown[]).slice(1).map(String);
    expect(headers[0]).toBe('Division');
    expect(headers).toContain('Resumption rate (above-scale industrial)');
    expect(headers.some((h) => h.includes('10k yuan/day'))).toBe(true);
    const col = headers.indexOf('Resumption rate (above-scale industrial)') + 1;
    expect(ws.getColumn(col).numFmt).toBe('0.0%');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const rows = ws.getRows(3, ws.rowCount - 2)!;
    const nanfen = rows.find((r) => String(r.getCell(1).value).startsWith('Nanfen'))!;
    expect(nanfen.getCell(col).value).toBeCloseTo(2 / 3, 10);
    expect(rows.at(-1)!.getCell(1).value).toBe('Total');
    expect(wb.worksheets[1].rowCount).toBe(2 + KPI_KEYS.length);
  });

  it('in Chinese by industry and by size, and a drill-down list', async () => {
    const zh = { 'accept-language': 'zh-CN' };
    const byIndustry = await workbook(
      await commander.get(`/api/kpis/export.xlsx?asOf=${D}&groupBy=industry`, zh),
    );
    const ws = byIndustry.worksheets[0];
    expect(String(ws.getCell(1, 1).value)).toContain('本溪市');
    expect(ws.getCell(2, 1).value).toBe('行业门类');
    expect(String(ws.getCell(3, 1).value)).toContain('制造业');
    const bySize = await workbook(await district.get(`/api/kpis/export.xlsx?asOf=${D}&groupBy=size`, zh));
    expect(String(bySize.worksheets[0].getCell(1, 1).value)).toContain('南芬区');
    expect(bySize.worksheets[0].getCell(3, 1).value).toBe('大型');
    const drill = await workbook(
      await commander.get(
        `/api/kpis/drill/export.xlsx?metric=reportCompleteness&asOf=${D}&division=210505`,
        zh,
      ),
    );
    const dws = drill.worksheets[0];
    expect(String(dws.getCell(1, 1).value)).toContain('日报完整率');
    expect(dws.rowCount).toBe(2 + 3);
    expect(dws.getCell(3, 1).value).toBe('KPI测试企业B');
  });
});

describe('targets', () => {
  it('start from the defaults, are saved by the commander with an audit entry, and show in the figures', async () => {
    const first = await get(commander, '/api/kpis/targets');
    expect(first).toMatchObject({ version: 0, targets: { resumptionRate: 0.9, capacityReleaseRate: 0.8 } });
    const saved = await commander.put('/api/kpis/targets', {
      targets: { resumptionRate: 0.92, smeResumptionRate: 0.75, reportTimeliness: null },
      version: 0,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      version: 1,
      targets: {
        resumptionRate: 0.92,
        smeResumptionRate: 0.75,
        reportTimeliness: null,
        capacityReleaseRate: 0.8,
      },
      defaults: { resumptionRate: 0.9 },
      updatedBy: { displayName: expect.any(String) },
    });
    const stale = await commander.put('/api/kpis/targets', { targets: { resumptionRate: 0.5 }, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    for (const body of [
      { targets: { resumptionRate: 1.5 }, version: 1 },
      { targets: { nope: 0.5 }, version: 1 },
      { targets: { resumptionRate: 'high' }, version: 1 },
    ]) {
      expect((await commander.put('/api/kpis/targets', body)).statusCode).toBe(400);
    }
    expect((await district.put('/api/kpis/targets', { targets: {}, version: 1 })).statusCode).toBe(403);
    const [entry] = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.action, 'kpi.targets.update'), eq(schema.auditLog.entity, 'kpi_targets')),
      );
    expect(entry.before).toMatchObject({ targets: { resumptionRate: 0.9 }, version: 0 });
    expect(entry.after).toMatchObject({ targets: { resumptionRate: 0.92 }, version: 1 });
    expect((await get(district, '/api/kpis')).targets.resumptionRate).toBe(0.92);
    expect((await get(commander, '/api/kpis/targets')).version).toBe(1);
  });
});

describe('GET /api/kpis/stream', () => {
  /** A live event stream: reads frames as they arrive. */
  function eventReader(res: Response) {
    const reader = res.body!.getReader();
    const events: { event: string; data: string }[] = [];
    let text = '';
    return {
      events,
      /** Reads until `want` holds or 10 s pass; returns the events so far. */
      async until(want: (ev: typeof events) => boolean, ms = 10_000) {
        const deadline = Date.now() + ms;
        while (!want(events) && Date.now() < deadline) {
          const chunk = await Promise.race([
            reader.read(),
            new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
          ]);
          if (!chunk || chunk.done) break;
          text += new TextDecoder().decode(chunk.value);
          let at = text.indexOf('\n\n');
          while (at >= 0) {
            const block = text.slice(0, at);
            text = text.slice(at + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (/^retry: \d+$/m.test(block)) events.push({ event: 'retry', data: '' });
            if (event) events.push({ event, data: data ?? '' });
            at = text.indexOf('\n\n');
          }
        }
        return events;
      },
      cancel: () => reader.cancel(),
    };
  }

  it('tells a signed-in dashboard when a daily report is filed (after commit), through the cookie session', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const open = (agent: Agent, query = '') =>
      fetch(`http://127.0.0.1:${port}/api/kpis/stream${query}`, {
        headers: { cookie: `${SESSION_COOKIE}=${agent.cookie}`, accept: 'text/event-stream' },
      });
    const res = await open(commander);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const pingshan = await t.as('district', { divisionCode: '210502' });
    const other = await open(pingshan);
    const mine = eventReader(res);
    const theirs = eventReader(other);
    const opened = await mine.until((ev) => ev.some((e) => e.event === 'ready'));
    expect(opened.map((e) => e.event)).toEqual(['retry', 'ready']);
    await theirs.until((ev) => ev.some((e) => e.event === 'ready'));

    // A report for D+1 (today) of A in 南芬区, filed by HQ on its behalf.
    const filed = await commander.post('/api/daily-reports', {
      enterpriseId: ids.A,
      date: '2020-03-10',
      values: {
        onSiteWorkers: 75,
        returnedToday: 0,
        fromOutsideProvince: 0,
        fromKeyAreas: 0,
        underObservation: 0,
        feverOrSymptoms: 0,
        suspected: 0,
        confirmed: 0,
        capacityPct: 85,
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const got = await mine.until((ev) => ev.some((e) => e.event === 'kpi'));
    const kpi = got.find((e) => e.event === 'kpi')!;
    expect(JSON.parse(kpi.data)).toMatchObject({
      source: 'daily_report',
      divisions: expect.arrayContaining(['210505']),
    });
    // 平山区's stream hears nothing of 南芬区's report.
    const quiet = await theirs.until((ev) => ev.some((e) => e.event === 'kpi'), 1500);
    expect(quiet.filter((e) => e.event === 'kpi')).toEqual([]);
    await mine.cancel();
    // `theirs` stays open: closing the server must end it (else afterAll would hang).
    // And the figure includes it at once.
    expect((await get(commander, '/api/kpis?asOf=2020-03-10&division=210505')).counts.reportsReceived).toBe(
      1,
    );
  });

  it('events closer together than a second reach a client as one per source, with the divisions of all', async () => {
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/api/kpis/stream`, {
      headers: { cookie: `${SESSION_COOKIE}=${commander.cookie}`, accept: 'text/event-stream' },
    });
    const stream = eventReader(res);
    await stream.until((ev) => ev.some((e) => e.event === 'ready'));
    // Four notices committed together: the first goes out at once, the three after it within the
    // second are held and sent together, one event per source.
    await t.database.db.execute(
      sql`select ${sql.join(
        [
          ['daily_report', '210502'],
          ['daily_report', '210505'],
          ['resumption', '210502'],
          ['daily_report', '210521'],
        ].map(
          ([source, code]) =>
            sql`pg_notify('tongchou_kpi', json_build_object('source', ${source}::text,
              'divisions', json_build_array(${code}::text))::text)`,
        ),
        sql`, `,
      )}`,
    );
    const kpis = () =>
      stream.events
        .filter((e) => e.event === 'kpi')
        .map((e) => JSON.parse(e.data) as { source: string; divisions: string[] | null });
    const alone = () => kpis().find((e) => e.source === 'daily_report' && e.divisions?.[0] === '210502');
    const reportsOf = () =>
      kpis().find((e) => e.source === 'daily_report' && e.divisions?.includes('210505'));
    const statusOf = () => kpis().find((e) => e.source === 'resumption');
    await stream.until(() => !!alone() && !!reportsOf() && !!statusOf(), 5000);
    await stream.cancel();
    // Not only the last one: each source's, with the divisions of both reports.
    expect(alone()?.divisions).toEqual(['210502']);
    expect(reportsOf()?.divisions?.sort()).toEqual(['210505', '210521']);
    expect(statusOf()?.divisions).toEqual(['210502']);
  });

  it("a district's stream names only the codes within the district, of a change that reached others too", async () => {
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const pingshan = await t.as('district', { divisionCode: '210502' });
    const res = await fetch(`http://127.0.0.1:${port}/api/kpis/stream`, {
      headers: { cookie: `${SESSION_COOKIE}=${pingshan.cookie}`, accept: 'text/event-stream' },
    });
    const stream = eventReader(res);
    await stream.until((ev) => ev.some((e) => e.event === 'ready'));
    // An import across two districts (平山区 and 南芬区) and one of 南芬区 alone.
    await t.database.db.execute(
      sql`select pg_notify('tongchou_kpi', json_build_object('source', 'enterprise',
          'divisions', json_build_array('210502', '210502001', '210505'))::text),
        pg_notify('tongchou_kpi', json_build_object('source', 'daily_report',
          'divisions', json_build_array('210505'))::text)`,
    );
    await stream.until((ev) => ev.some((e) => e.event === 'kpi'));
    // And nothing more within the next second and a half (南芬区's report does not concern it).
    const got = await stream.until(() => false, 1500);
    await stream.cancel();
    const kpis = got.filter((e) => e.event === 'kpi').map((e) => JSON.parse(e.data));
    expect(kpis).toEqual([
      { at: expect.any(String), source: 'enterprise', divisions: ['210502', '210502001'] },
    ]);
  });

  it('a client that does not ask for a stream gets the opening frames and the response ends', async () => {
    const res = await commander.get('/api/kpis/stream');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^retry: 3000\n\n/);
    expect(res.body).toContain('event: ready');
  });

  it('rolled-back writes announce nothing; committed ones do, once per transaction, to every listener', async () => {
    const { createKpiBus, notifyKpi } = await import('./events');
    // Two buses on one database: two server instances (on PostgreSQL, two LISTEN connections).
    const bus = createKpiBus(t.database, t.clock);
    const other = createKpiBus(t.database, t.clock);
    const seen: unknown[] = [];
    const seenByOther: unknown[] = [];
    await bus.subscribe((m) => seen.push(m));
    await other.subscribe((m) => seenByOther.push(m));
    await t.database.db
      .transaction(async (tx) => {
        await notifyKpi(tx, null, 'hazard', [ids.A]);
        throw new Error('rollback');
      })
      .catch(() => {});
    await t.database.db.transaction(async (tx) => {
      await notifyKpi(tx, null, 'resumption', [ids.H]);
      await notifyKpi(tx, null, 'resumption', [ids.H]);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([
      {
        type: 'kpi',
        event: { at: expect.any(String), source: 'resumption', divisions: ['210502'] },
        // No days given: figures of any day may have changed.
        from: null,
      },
    ]);
    expect(seenByOther).toEqual(seen);
    // With the days it changes, the notice names the first (another instance forgets from there).
    await t.database.db.transaction(async (tx) => {
      await notifyKpi(tx, null, 'daily_report', [ids.H], { today: '2020-03-10', from: '2020-03-09' });
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(seenByOther[1]).toMatchObject({ event: { source: 'daily_report' }, from: '2020-03-09' });
    await bus.close();
    await other.close();
  });

  it('announcements after commit are coalesced: one notice per source with every division touched', async () => {
    const { createKpiBus, createKpiAnnouncer } = await import('./events');
    const bus = createKpiBus(t.database, t.clock);
    const seen: {
      type: string;
      event?: { source: string; divisions: string[] | null };
      from?: string | null;
    }[] = [];
    await bus.subscribe((m) => seen.push(m as never));
    const announcer = createKpiAnnouncer(t.database.db, undefined, 50);
    announcer.announce('daily_report', ['210502'], '2020-03-10');
    announcer.announce('daily_report', ['210505', '210502'], '2020-03-08');
    announcer.announce('daily_report', ['210502'], '2020-03-09');
    announcer.announce('resumption', ['210502'], '2020-03-10');
    announcer.announce('resumption', null, '2020-03-10');
    announcer.announce('resumption', ['210505']);
    const deadline = Date.now() + 5000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.map((m) => m.event)).toEqual([
      { at: expect.any(String), source: 'daily_report', divisions: ['210502', '210505'] },
      { at: expect.any(String), source: 'resumption', divisions: null },
    ]);
    // The earliest day changed; one announcement without a day: any day.
    expect(seen.map((m) => m.from)).toEqual(['2020-03-08', null]);
    // Closing sends what is pending at once.
    announcer.announce('daily_report', ['210521'], '2020-03-10');
    await announcer.close();
    while (seen.length < 3 && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 20));
    expect(seen[2]).toMatchObject({
      event: { source: 'daily_report', divisions: ['210521'] },
      from: '2020-03-10',
    });
    await bus.close();
  });
});
