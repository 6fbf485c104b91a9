import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_KEYS, KPI_PARTS } from '../../../shared/kpi';
import type { KpiSeriesPoint, KpiSnapshot } from '../../../shared/schemas/kpis';
import { DEMO_RESUMPTION_RATE, DEMO_TODAY } from '../../demo/resumption';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { type Agent, createTestApp, type TestApp } from '../../test/setup';

/**
 * The demo city's KPIs (DOMAIN.md §5, SOURCE.md): as of 2020-03-10 the resumption rate of
 * above-scale industrial enterprises is 91.6% ± 0.5 points and the capacity release rate at least
 * 85% — computed by the engine from the generated applications and reports, not set anywhere.
 */
let t: TestApp;
let commander: Agent;
let snapshot: KpiSnapshot;

beforeAll(async () => {
  t = await createTestApp();
  const u = await t.makeUser('commander');
  await seedDemo(await t.ctxFor(u));
  commander = await t.login('commander', DEMO_PASSWORD);
});
afterAll(() => t.close());

/** Statements sent while `fn` runs (PGlite: counted at query/exec, inside transactions too). */
async function countQueries(fn: () => Promise<unknown>): Promise<number | null> {
  const lite = t.database.lite;
  if (!lite) {
    await fn();
    return null;
  }
  let n = 0;
  type Q = { query: (...a: never[]) => Promise<unknown>; exec: (...a: never[]) => Promise<unknown> };
  const counted = <T extends Q>(target: T) => {
    const query = target.query.bind(target);
    const exec = target.exec.bind(target);
    target.query = ((...a: never[]) => {
      n++;
      return query(...a);
    }) as T['query'];
    target.exec = ((...a: never[]) => {
      n++;
      return exec(...a);
    }) as T['exec'];
    return () => {
      target.query = query as T['query'];
      target.exec = exec as T['exec'];
    };
  };
  const restore = counted(lite as unknown as Q);
  const transaction = lite.transaction.bind(lite);
  lite.transaction = ((cb: (tx: unknown) => Promise<unknown>) =>
    transaction((tx) => {
      counted(tx as unknown as Q);
      return cb(tx);
    })) as typeof lite.transaction;
  try {
    await fn();
  } finally {
    restore();
    lite.transaction = transaction as typeof lite.transaction;
  }
  return n;
}

describe('the demo city on 2020-03-10', () => {
  it('shows resumption 91.6% ± 0.5 and capacity release ≥ 85%, with a handful of queries', async () => {
    let res!: Awaited<ReturnType<Agent['get']>>;
    const started = performance.now();
    const queries = await countQueries(async () => {
      res = await commander.get(`/api/kpis?asOf=${DEMO_TODAY}`);
    });
    const ms = performance.now() - started;
    expect(res.statusCode, res.body).toBe(200);
    snapshot = res.json();
    const k = snapshot;
    console.info(
      `demo KPIs ${DEMO_TODAY}: ${KPI_KEYS.map((key) => `${key} ${k[key] === null ? 'null' : (k[key]! * 100).toFixed(2)}%`).join(', ')}; counts ${JSON.stringify(k.counts)}; GET /api/kpis ${ms.toFixed(0)} ms, ${queries ?? '?'} queries`,
    );
    expect(Math.abs(k.resumptionRate! - DEMO_RESUMPTION_RATE)).toBeLessThanOrEqual(0.005);
    expect(k.counts.aboveScaleIndustrial).toBeGreaterThan(200);
    expect(k.capacityReleaseRate!).toBeGreaterThanOrEqual(0.85);
    expect(k.reportCompleteness!).toBeGreaterThan(0);
    expect(k.hazardRectificationRate!).toBeGreaterThan(0);
    expect(k.counts.hazardsFound).toBeGreaterThan(1000);
    // The day before shows the figures of a full day.
    expect(k.previous.reportCompleteness!).toBeGreaterThan(0.9);
    if (queries !== null) expect(queries).toBeLessThanOrEqual(10);
  });

  it('every district row adds up to the city, and the district clerk sees 平山区 alone', async () => {
    for (const key of Object.keys(snapshot.counts) as (keyof KpiSnapshot['counts'])[]) {
      const sum = snapshot.byDivision.reduce((s, d) => s + d.counts[key], 0);
      expect(sum, key).toBeCloseTo(snapshot.counts[key], 6);
    }
    const district = await t.login('district', DEMO_PASSWORD);
    const own: KpiSnapshot = (await district.get(`/api/kpis?asOf=${DEMO_TODAY}`)).json();
    expect(own.division).toBe('210502');
    expect(own.counts).toEqual(snapshot.byDivision.find((d) => d.divisionCode === '210502')!.counts);
    expect(own.byDivision.length).toBeGreaterThan(3);
  });

  it('the trends since 2020-02-01 end where the figures of the day are, for every KPI', async () => {
    for (const metric of KPI_KEYS) {
      const started = performance.now();
      const res = await commander.get(`/api/kpis/series?metric=${metric}&from=2020-02-01&to=${DEMO_TODAY}`);
      const ms = performance.now() - started;
      expect(res.statusCode, res.body).toBe(200);
      const series: KpiSeriesPoint[] = res.json();
      expect(series).toHaveLength(39);
      const last = series.at(-1)!;
      const { numerator, denominator } = KPI_PARTS[metric];
      expect([metric, last.numerator, last.denominator]).toEqual([
        metric,
        snapshot.counts[numerator],
        snapshot.counts[denominator],
      ]);
      const prev = series.at(-2)!;
      expect([metric, prev.numerator]).toEqual([metric, snapshot.previous.counts[numerator]]);
      console.info(`series ${metric}: ${ms.toFixed(0)} ms`);
    }
    const resumption: KpiSeriesPoint[] = (
      await commander.get('/api/kpis/series?metric=resumptionRate&from=2020-02-01&to=2020-03-10')
    ).json();
    // A curve: low before 2-10, most by early March.
    expect(resumption.find((p) => p.date === '2020-02-05')!.value!).toBeLessThan(0.3);
    expect(resumption.find((p) => p.date === '2020-03-01')!.value!).toBeGreaterThan(0.8);
  });
});
