import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FORM, validateValues } from '../../shared/daily-reports';
import { rows, schema } from '../db/client';
import { resumedOnSql } from '../modules/resumption/status';
import { createTestApp, type TestApp } from '../test/setup';
import { CAPACITY_TARGET, type ReportsSeedSummary } from './reports';
import { DEMO_PASSWORD, seedDemo } from './seed';

let t: TestApp;
let summary: ReportsSeedSummary;
beforeAll(async () => {
  t = await createTestApp();
  const u = await t.makeUser('commander');
  await seedDemo(await t.ctxFor(u));
  const [entry] = await t.database.db
    .select()
    .from(schema.auditLog)
    .where(eq(schema.auditLog.action, 'demo.seed'));
  summary = (entry.after as { reports: ReportsSeedSummary }).reports;
}, 600_000);
afterAll(() => t.close());

/** The KPI issue's capacity release rate as of a day, straight from the tables (DOMAIN.md §4). */
async function capacityReleaseRate(date: string) {
  const e = schema.enterprises;
  const [r] = await rows<{ num: number; den: number }>(
    t.database.db,
    sql`select
        sum(case when ${resumedOnSql(date)} then coalesce((select dr.capacity_pct from daily_reports dr
          where dr.enterprise_id = ${e.id} and dr.date <= ${date} order by dr.date desc limit 1), 0) else 0 end
          * ${e.normalDailyOutputFen} / 100.0)::float8 as num,
        sum(${e.normalDailyOutputFen})::float8 as den
      from ${e}
      where ${e.archivedAt} is null and not ${e.longTermShutdown} and ${e.aboveScale}
        and left(${e.industryCode}, 2) between '06' and '46'`,
  );
  return { rate: Number(r.num) / Number(r.den), num: Number(r.num), den: Number(r.den) };
}

describe('demo daily reports', () => {
  it('reports only for days each enterprise was resumed, ~97% complete on 2020-03-09, a minority in before 09:00 today', async () => {
    const db = t.database.db;
    const [{ n }] = await db.select({ n: count() }).from(schema.dailyReports);
    expect(Number(n)).toBe(summary.reports);
    expect(summary.reports).toBeGreaterThan(20_000);
    const r = schema.dailyReports;
    // No report for a day its enterprise was not resumed (latest status change on or before the day).
    const [bad] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from daily_reports r
        where coalesce((select ev.status from resumption_status_events ev where ev.enterprise_id = r.enterprise_id
          and ev.effective_date <= r.date order by ev.effective_date desc, ev.id desc limit 1), 'not_applied') <> 'resumed'`,
    );
    expect(Number(bad.n)).toBe(0);
    expect(
      (
        await db
          .select({ n: count() })
          .from(r)
          .where(sql`${r.date} < '2020-02-01' or ${r.date} > '2020-03-10'`)
      )[0].n,
    ).toBe(0);

    const commander = await t.login('commander', DEMO_PASSWORD);
    const day = (await commander.get('/api/daily-reports/completeness?date=2020-03-09')).json();
    expect(day.total.completeness).toBeGreaterThan(0.95);
    expect(day.total.completeness).toBeLessThan(0.99);
    expect(day.total.timeliness).toBeLessThan(day.total.completeness);
    expect(day.total.timeliness).toBeGreaterThan(0.8);
    expect(day.byDivision.length).toBe(7);
    expect(day.total).toMatchObject({
      expected: summary.lastFullDay.expected,
      received: summary.lastFullDay.received,
      onTime: summary.lastFullDay.onTime,
    });
    const today = (await commander.get('/api/daily-reports/completeness?date=2020-03-10')).json();
    expect(today.total.completeness).toBeGreaterThan(0.1);
    expect(today.total.completeness).toBeLessThan(0.4);
    expect(summary.late).toBeGreaterThan(0);
    expect(summary.revisions).toBeGreaterThan(summary.reports);
  });

  it('the capacity release rate on 2020-03-10 is above 85% (as the KPI issue computes it)', async () => {
    const { rate } = await capacityReleaseRate('2020-03-10');
    expect(rate).toBeGreaterThanOrEqual(0.85);
    expect(rate).toBeGreaterThanOrEqual(CAPACITY_TARGET - 0.001);
    expect(rate).toBeCloseTo(summary.capacityReleaseRate, 3);
    // Capacity rises: the KPI climbs through the weeks, and each enterprise ramps up after its restart.
    const feb = (await capacityReleaseRate('2020-02-15')).rate;
    const mar = (await capacityReleaseRate('2020-03-01')).rate;
    expect(feb).toBeLessThan(mar);
    expect(mar).toBeLessThan(rate);
    const [m] = await rows<{ rising: number; falling: number }>(
      t.database.db,
      sql`with s as (select enterprise_id,
          (array_agg(capacity_pct order by date))[1] as first, (array_agg(capacity_pct order by date desc))[1] as last
          from daily_reports group by enterprise_id having count(*) >= 10)
        select count(*) filter (where last > first)::int as rising, count(*) filter (where last < first)::int as falling from s`,
    );
    expect(Number(m.rising)).toBeGreaterThan(Number(m.falling) * 5);
  });

  it('every stored report is valid for the form; workers on site fit the workforce', async () => {
    const all = await t.database.db
      .select({
        values: schema.dailyReports.values,
        zero: schema.dailyReports.zero,
        workforce: schema.enterprises.normalWorkforce,
      })
      .from(schema.dailyReports)
      .innerJoin(schema.enterprises, eq(schema.enterprises.id, schema.dailyReports.enterpriseId));
    const problems = all.filter(
      (x) => validateValues(DEFAULT_FORM, x.values, { zero: x.zero }).issues.length,
    );
    expect(problems.slice(0, 3)).toEqual([]);
    expect(all.filter((x) => (x.values.onSiteWorkers as number) > Math.max(1, x.workforce)).length).toBe(0);
  });

  it('the demo enterprise filed every resumed day on time and has not filed today yet; alerts and directives tell their story', async () => {
    const ent = await t.login('enterprise', DEMO_PASSWORD);
    const me = (await ent.get('/api/me')).json();
    const list = (await ent.get(`/api/daily-reports?enterpriseId=${me.enterpriseId}&pageSize=200`)).json();
    expect(list.total).toBeGreaterThan(10);
    expect(list.items.every((x: { onTime: boolean }) => x.onTime)).toBe(true);
    expect(list.items.map((x: { date: string }) => x.date)).not.toContain('2020-03-10');
    expect(list.items[0].date).toBe('2020-03-09');
    const filed = await ent.post('/api/daily-reports', {
      enterpriseId: me.enterpriseId,
      date: '2020-03-10',
      zero: true,
      values: {
        onSiteWorkers: 300,
        returnedToday: 2,
        fromOutsideProvince: 5,
        fromKeyAreas: 0,
        underObservation: 0,
        capacityPct: 96,
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().onTime).toBe(true);

    const byStatus: Record<string, number> = {};
    for (const a of await t.database.db.select().from(schema.reportAlerts))
      byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    expect(byStatus.open).toBe(1);
    expect(byStatus.acknowledged).toBeGreaterThanOrEqual(3);
    const commander = await t.login('commander', DEMO_PASSWORD);
    const open = (await commander.get('/api/alerts')).json();
    expect(open.items[0].status).toBe('open');

    const dirs = (await commander.get('/api/directives')).json();
    expect(dirs.total).toBe(2);
    const latest = dirs.items[0];
    const compliance = (await commander.get(`/api/directives/${latest.id}/compliance`)).json();
    expect(compliance.total.targeted).toBeGreaterThan(100);
    expect(compliance.total.completed).toBeLessThan(compliance.total.targeted);
    const mine = (await ent.get('/api/directives')).json();
    expect(mine.items.find((d: { id: number }) => d.id === latest.id).mine.status).toBe('pending');
    const [{ n }] = await t.database.db
      .select({ n: count() })
      .from(schema.dailyReportRevisions)
      .where(and(eq(schema.dailyReportRevisions.revision, 2)));
    expect(Number(n)).toBeGreaterThan(0);
  });
});
