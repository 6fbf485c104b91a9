import { type SQL, sql } from 'drizzle-orm';
import { KPI_START, type KpiKey, rate } from '../../../shared/kpi';
import { daysBetween } from '../../../shared/resumption';
import { KPI_SERIES_MAX_DAYS, type KpiSeriesPoint, type KpiSeriesQuery } from '../../../shared/schemas/kpis';
import { addCalendarDays, earlierDate, laterDate } from '../../../shared/workdays';
import { schema } from '../../db/client';
import type { Ctx } from '../../lib/context';
import { invalid } from '../../lib/errors';
import { cellDistricts, seriesFromCells, settledThrough } from './cells';
import { aboveScaleIndustrialSql, enterpriseWhere, type KpiScope, resolveDivision, smeSql } from './filter';
import { analytic } from './service';

const e = schema.enterprises;
const r = schema.dailyReports;
const h = schema.hazards;
const ev = schema.resumptionStatusEvents;

/**
 * How the series computes a day's figure without a query per day: every status change and report
 * is turned into dated steps (+w when a resumed spell or a report's validity starts, −w when it
 * ends), the steps are summed per day and accumulated over the range with a window function.
 * The result is the same as the as-of-D figure for each D (the tests check this), at a cost that
 * grows with the rows in the range, not with enterprises × days.
 */
interface Plan {
  /** The population (a boolean SQL over `ents` columns). */
  population: SQL;
  /** Numerator steps (or points): `select day, w` rows. */
  numerator: SQL;
  /** The denominator before any step: an aggregate over `ents` (none: 0). */
  baseDenominator?: SQL;
  /** Denominator steps: `select day, w` rows. */
  denominator: SQL;
  /** Whether numerator rows are one-day points (reports of that day) rather than steps. */
  pointNumerator?: boolean;
  /** fen → yuan. */
  scale?: number;
}

/** Spells of one status clipped to [from, end): `enterprise_id, a, b` plus the ents columns. */
const spells = (status: 'resumed' | 'closed') =>
  sql`select sp.a, sp.b, ents.* from sp join ents on ents.id = sp.enterprise_id where sp.status = ${status}`;

/** Steps of spells: +w at the start, −w at the end. */
const spellSteps = (status: 'resumed' | 'closed', w: SQL, sign = 1) =>
  sql`select a as day, ${sign} * (${w}) as w from (${spells(status)}) s
      union all select b as day, ${-sign} * (${w}) as w from (${spells(status)}) s`;

/** Steps of "latest report × resumed" segments. */
const segmentSteps = (w: SQL) =>
  sql`select a as day, (${w}) as w from seg union all select b as day, -(${w}) as w from seg`;

const PLANS: Record<Exclude<KpiKey, 'hazardRectificationRate'>, Plan> = {
  resumptionRate: {
    population: sql`asi`,
    numerator: spellSteps('resumed', sql`1`),
    baseDenominator: sql`count(*)`,
    denominator: spellSteps('closed', sql`1`, -1),
  },
  smeResumptionRate: {
    population: sql`sme`,
    numerator: spellSteps('resumed', sql`1`),
    baseDenominator: sql`count(*)`,
    denominator: spellSteps('closed', sql`1`, -1),
  },
  capacityReleaseRate: {
    population: sql`asi`,
    numerator: segmentSteps(sql`round(output_fen * coalesce(capacity_pct, 0) / 100.0)`),
    baseDenominator: sql`coalesce(sum(output_fen), 0)`,
    denominator: spellSteps('closed', sql`output_fen`, -1),
    scale: 100,
  },
  onDutyRate: {
    population: sql`true`,
    numerator: segmentSteps(sql`coalesce(on_site_workers, 0)`),
    denominator: spellSteps('resumed', sql`workforce`),
  },
  reportCompleteness: {
    population: sql`true`,
    numerator: sql`select rp.date as day, 1 as w from rp`,
    pointNumerator: true,
    denominator: spellSteps('resumed', sql`1`),
  },
  reportTimeliness: {
    population: sql`true`,
    numerator: sql`select rp.date as day, 1 as w from rp where rp.on_time`,
    pointNumerator: true,
    denominator: spellSteps('resumed', sql`1`),
  },
};

/** The checked range: `to` defaults to today, `from` to KPI_START or `to` − 119 days. */
export function seriesRange(ctx: Ctx, q: { from?: string; to?: string }) {
  const to = q.to ?? ctx.clock.today();
  const earliest = addCalendarDays(to, -(KPI_SERIES_MAX_DAYS - 1));
  // The campaign start, or 120 days back when that is further; never after `to`.
  const from = q.from ?? earlierDate(to, laterDate(earliest, KPI_START));
  if (from > to) throw invalid([{ path: 'from', reason: 'date_range' }]);
  if (daysBetween(from, to) + 1 > KPI_SERIES_MAX_DAYS)
    throw invalid([{ path: 'to', reason: 'range_too_long', params: { max: KPI_SERIES_MAX_DAYS } }]);
  return { from, to };
}

/** GET /api/kpis/series: one KPI per day over a range (≤ 120 days), in a single statement. */
export async function kpiSeries(ctx: Ctx, q: KpiSeriesQuery): Promise<KpiSeriesPoint[]> {
  const division = resolveDivision(ctx, q.division);
  const { from, to } = seriesRange(ctx, q);
  const scope: KpiScope = { division };
  const list =
    q.metric === 'hazardRectificationRate'
      ? await hazardSeries(ctx, scope, from, to)
      : ((await settledSeries(ctx, scope, q.metric, from, to)) ??
        (await enterpriseSeries(ctx, scope, PLANS[q.metric], from, to)));
  return list.map((x) => ({ ...x, value: rate(x.numerator, x.denominator) }));
}

/**
 * The settled days of the range from the precomputed cells (cells.ts), the rest live; null when
 * the cells cannot serve (no settled day, a town, too many days missing): the live series then.
 */
async function settledSeries(
  ctx: Ctx,
  scope: KpiScope,
  metric: Exclude<KpiKey, 'hazardRectificationRate'>,
  from: string,
  to: string,
) {
  const settled = settledThrough(ctx);
  const districts = from <= settled ? cellDistricts(ctx, scope.division) : null;
  if (!districts) return null;
  const cached = await seriesFromCells(ctx, districts, metric, from, earlierDate(to, settled));
  if (!cached) return null;
  if (to <= settled) return cached;
  return [...cached, ...(await enterpriseSeries(ctx, scope, PLANS[metric], addCalendarDays(settled, 1), to))];
}

async function enterpriseSeries(ctx: Ctx, scope: KpiScope, plan: Plan, from: string, to: string) {
  // Open spells and the latest report's validity end the day after the range.
  const end = addCalendarDays(to, 1);
  const where = enterpriseWhere(ctx, scope);
  const list = await analytic<{ date: string; num: unknown; den: unknown }>(
    ctx,
    sql`with ents as not materialized (
      select * from (
        select ${e.id} as id, ${aboveScaleIndustrialSql} as asi, ${smeSql} as sme,
          ${e.normalWorkforce} as workforce, ${e.normalDailyOutputFen} as output_fen
        from ${e} ${where ? sql`where ${where}` : sql``}
      ) x where ${plan.population}
    ), evs as (
      select ${ev.enterpriseId} as enterprise_id, ${ev.status} as status, ${ev.effectiveDate} as a,
        lead(${ev.effectiveDate}) over (partition by ${ev.enterpriseId} order by ${ev.effectiveDate}, ${ev.id}) as b
      from ${ev}
      where ${ev.enterpriseId} in (select id from ents) and ${ev.effectiveDate} <= ${to}
    ), sp as (
      select enterprise_id, status, greatest(a, ${from}::date) as a, least(coalesce(b, ${end}::date), ${end}::date) as b
      from evs
      where status in ('resumed', 'closed')
        and greatest(a, ${from}::date) < least(coalesce(b, ${end}::date), ${end}::date)
    ), rep0 as (
      select ${r.enterpriseId} as enterprise_id, ${r.date} as date, ${r.capacityPct} as capacity_pct,
        ${r.onSiteWorkers} as on_site_workers, ${r.onTime} as on_time
      from ${r}
      where ${r.enterpriseId} in (select id from ents) and ${r.date} >= ${from} and ${r.date} <= ${to}
      union all
      select l.* from ents cross join lateral (
        select ${r.enterpriseId} as enterprise_id, ${r.date} as date, ${r.capacityPct} as capacity_pct,
          ${r.onSiteWorkers} as on_site_workers, ${r.onTime} as on_time
        from ${r} where ${r.enterpriseId} = ents.id and ${r.date} < ${from}
        order by ${r.date} desc limit 1
      ) l
    ), rep as (
      select enterprise_id, date as a,
        coalesce(lead(date) over (partition by enterprise_id order by date), ${end}::date) as b,
        capacity_pct, on_site_workers
      from rep0
    ), seg as (
      select greatest(rep.a, sp.a) as a, least(rep.b, sp.b) as b, rep.capacity_pct, rep.on_site_workers, ents.*
      from rep join sp on sp.enterprise_id = rep.enterprise_id and sp.status = 'resumed'
        and rep.a < sp.b and rep.b > sp.a
      join ents on ents.id = rep.enterprise_id
    ), rp as (
      select ${r.date} as date, ${r.onTime} as on_time from ${r}
      join sp on sp.enterprise_id = ${r.enterpriseId} and sp.status = 'resumed'
        and ${r.date} >= sp.a and ${r.date} < sp.b
      where ${r.date} >= ${from} and ${r.date} <= ${to}
    ), num_steps as (${plan.numerator}),
    den_steps as (${plan.denominator}),
    ns as (select day, sum(w) as w from num_steps group by day),
    ds as (select day, sum(w) as w from den_steps group by day),
    days as (select d::date as day from generate_series(${from}::date, ${to}::date, interval '1 day') d)
    select days.day::text as date,
      ${
        plan.pointNumerator ? sql`coalesce(ns.w, 0)` : sql`sum(coalesce(ns.w, 0)) over (order by days.day)`
      } as num,
      ${plan.baseDenominator ? sql`(select ${plan.baseDenominator} from ents)` : sql`0`} + sum(coalesce(ds.w, 0)) over (order by days.day) as den
    from days left join ns on ns.day = days.day left join ds on ds.day = days.day
    order by days.day`,
  );
  const scale = plan.scale ?? 1;
  return list.map((x) => ({
    date: x.date,
    numerator: Math.round(Number(x.num)) / scale,
    denominator: Math.round(Number(x.den)) / scale,
  }));
}

/**
 * Hazard rectification per day d: found in [window start, d] and closed by the end of d. The
 * window starts at KPI_START (or at `from` when the range starts earlier).
 */
async function hazardSeries(ctx: Ctx, scope: KpiScope, from: string, to: string) {
  const windowStart = earlierDate(from, KPI_START);
  const where = enterpriseWhere(ctx, scope, { archived: true });
  const list = await analytic<{ date: string; num: unknown; den: unknown }>(
    ctx,
    sql`with hz as (
      select ${h.foundOn} as found_on,
        ((${h.closedAt} at time zone 'UTC') + interval '8 hours')::date as closed_day
      from ${h} join ${e} on ${e.id} = ${h.enterpriseId}
      where ${h.foundOn} >= ${windowStart} and ${h.foundOn} <= ${to} ${where ? sql`and ${where}` : sql``}
    ), steps as (
      select greatest(found_on, ${from}::date) as day, 0 as n, 1 as d from hz
      union all
      select greatest(found_on, closed_day, ${from}::date) as day, 1 as n, 0 as d from hz
      where closed_day is not null and closed_day <= ${to}
    ), st as (select day, sum(n) as n, sum(d) as d from steps group by day),
    days as (select g::date as day from generate_series(${from}::date, ${to}::date, interval '1 day') g)
    select days.day::text as date,
      sum(coalesce(st.n, 0)) over (order by days.day) as num,
      sum(coalesce(st.d, 0)) over (order by days.day) as den
    from days left join st on st.day = days.day
    order by days.day`,
  );
  return list.map((x) => ({ date: x.date, numerator: Number(x.num), denominator: Number(x.den) }));
}
