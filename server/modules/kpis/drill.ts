import { type SQL, sql } from 'drizzle-orm';
import {
  HAZARD_STATUS_LABELS,
  type HazardStatus,
  RESUMPTION_STATUS_LABELS,
  type ResumptionStatus,
  type SizeClass,
  SUBMISSION_STATUS_LABELS,
} from '../../../shared/enums';
import type { KpiKey } from '../../../shared/kpi';
import { daysBetween } from '../../../shared/resumption';
import type { KpiDrillPage, KpiDrillQuery, KpiDrillRow } from '../../../shared/schemas/kpis';
import { schema } from '../../db/client';
import type { Ctx } from '../../lib/context';
import { likePattern } from '../../lib/sql';
import {
  aboveScaleIndustrialSql,
  enterpriseWhere,
  type KpiScope,
  latestStatusSql,
  resolveDivision,
  smeSql,
} from './filter';
import { analytic, closedBySql, datesOf } from './service';

const e = schema.enterprises;
const r = schema.dailyReports;
const h = schema.hazards;

/** The most rows an export of a drill-down writes. */
export const DRILL_EXPORT_CAP = 100_000;

type EnterpriseMetric = Exclude<KpiKey, 'hazardRectificationRate'>;

/**
 * Per enterprise metric: who is counted (the denominator), who is in the numerator, and the order
 * that puts what needs attention first (not resumed, missing, late, lowest capacity or on-duty).
 * Columns are those of the drill query below.
 */
function metricSql(metric: EnterpriseMetric, asOf: string): { population: SQL; included: SQL; order: SQL } {
  const received = sql`report_date is not distinct from ${asOf}::date`;
  switch (metric) {
    case 'resumptionRate':
    case 'smeResumptionRate':
      return {
        population:
          metric === 'resumptionRate' ? sql`asi and status <> 'closed'` : sql`sme and status <> 'closed'`,
        included: sql`status = 'resumed'`,
        order: sql`(status = 'resumed'), status_date desc nulls last`,
      };
    case 'capacityReleaseRate':
      return {
        population: sql`asi and status <> 'closed'`,
        included: sql`status = 'resumed'`,
        order: sql`(status = 'resumed'), coalesce(capacity_pct, 0), output_fen desc`,
      };
    case 'onDutyRate':
      return {
        population: sql`status = 'resumed'`,
        included: sql`true`,
        order: sql`coalesce(on_site_workers, 0)::float / nullif(workforce, 0) nulls first`,
      };
    case 'reportCompleteness':
      return {
        population: sql`status = 'resumed'`,
        included: received,
        order: sql`(${received}), coalesce(on_time, false)`,
      };
    case 'reportTimeliness':
      return {
        population: sql`status = 'resumed'`,
        included: sql`(${received} and coalesce(on_time, false))`,
        order: sql`(${received}), coalesce(on_time, false)`,
      };
  }
}

interface Page {
  offset: number;
  limit: number;
}

/**
 * The report a row shows: the day's own for completeness and timeliness (a hash join on the day's
 * slice of the (date, enterprise_id, …) index), the latest on or before the day for capacity and
 * on-duty (one probe per resumed enterprise), none for the resumption rates.
 */
function reportJoin(metric: EnterpriseMetric, asOf: string): SQL {
  const cols = sql`${r.date} as report_date, ${r.capacityPct} as capacity_pct,
    ${r.onSiteWorkers} as on_site_workers, ${r.onTime} as on_time`;
  if (metric === 'reportCompleteness' || metric === 'reportTimeliness')
    return sql`(select ${r.enterpriseId} as enterprise_id, ${cols} from ${r} where ${r.date} = ${asOf}::date) lr
      on lr.enterprise_id = b.id`;
  if (metric === 'capacityReleaseRate' || metric === 'onDutyRate')
    return sql`lateral (
      select ${cols} from ${r}
      where b.status = 'resumed' and ${r.enterpriseId} = b.id and ${r.date} <= ${asOf}
      order by ${r.date} desc limit 1
    ) lr on true`;
  return sql`(select null::date as report_date, null::float as capacity_pct, null::int as on_site_workers,
    null::boolean as on_time) lr on false`;
}

/** The enterprises behind an enterprise figure, with what each contributes, excluded first. */
async function enterpriseRows(
  ctx: Ctx,
  metric: EnterpriseMetric,
  scope: KpiScope,
  asOf: string,
  q: { part: 'denominator' | 'numerator'; q?: string },
  page: Page,
): Promise<KpiDrillPage> {
  const m = metricSql(metric, asOf);
  const where = enterpriseWhere(ctx, scope);
  const search = q.q ? sql`${e.searchText} like ${likePattern(q.q)}` : undefined;
  const conds = [where, search].filter(Boolean) as SQL[];
  const list = await analytic<Record<string, unknown>>(
    ctx,
    sql`with b0 as (
      select ${e.id} as id, ${e.name} as name, ${e.uscc} as uscc, ${e.divisionCode} as division_code,
        ${e.townCode} as town_code, ${e.industryCode} as industry_code, ${e.sizeClass} as size_class,
        ${aboveScaleIndustrialSql} as asi, ${smeSql} as sme,
        ${e.normalWorkforce} as workforce, ${e.normalDailyOutputFen} as output_fen,
        coalesce(st.status, 'not_applied') as status, st.effective_date as status_date
      from ${e} left join lateral (${latestStatusSql(asOf)}) st on true
      ${conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``}
    ), b as (select * from b0 where ${m.population}),
    x as (
      select b.*, lr.report_date, lr.capacity_pct, lr.on_site_workers, lr.on_time, (${m.included}) as included
      from b left join ${reportJoin(metric, asOf)}
    )
    select *, count(*) over () as total from x
    ${q.part === 'numerator' ? sql`where included` : sql``}
    order by ${m.order}, division_code, name, id
    limit ${page.limit} offset ${page.offset}`,
  );
  if (!list.length && page.offset > 0) {
    const first = await enterpriseRows(ctx, metric, scope, asOf, q, { offset: 0, limit: 1 });
    return { total: first.total, items: [] };
  }
  return {
    total: list.length ? Number(list[0].total) : 0,
    items: list.map((x) => presentEnterpriseRow(ctx, metric, asOf, x)),
  };
}

function presentEnterpriseRow(
  ctx: Ctx,
  metric: KpiKey,
  asOf: string,
  x: Record<string, unknown>,
): KpiDrillRow {
  const status = x.status as ResumptionStatus;
  const resumed = status === 'resumed';
  const statusLabel = RESUMPTION_STATUS_LABELS[status]?.[ctx.locale] ?? status;
  const reportDate = (x.report_date as string | null) ?? null;
  const outputYuan = Math.round(Number(x.output_fen ?? 0)) / 100;
  const base = {
    id: Number(x.id),
    ...enterpriseColumns(ctx, x, Number(x.id)),
    included: Boolean(x.included),
  };
  switch (metric) {
    case 'capacityReleaseRate':
      return {
        ...base,
        value: resumed ? Number(x.capacity_pct ?? 0) : 0,
        weight: outputYuan,
        detail: statusLabel,
        date: resumed ? reportDate : ((x.status_date as string | null) ?? null),
      };
    case 'onDutyRate':
      return {
        ...base,
        value: Number(x.on_site_workers ?? 0),
        weight: Number(x.workforce ?? 0),
        detail: statusLabel,
        date: reportDate,
      };
    case 'reportCompleteness':
    case 'reportTimeliness': {
      const received = reportDate === asOf;
      const submission = !received ? 'missing' : x.on_time ? 'on_time' : 'late';
      return {
        ...base,
        value: null,
        weight: null,
        detail: SUBMISSION_STATUS_LABELS[submission][ctx.locale],
        date: received ? reportDate : null,
      };
    }
    default:
      return {
        ...base,
        value: null,
        weight: null,
        detail: statusLabel,
        date: (x.status_date as string | null) ?? null,
      };
  }
}

/** The enterprise's columns of a drill row, from a row that joined the enterprise. */
function enterpriseColumns(ctx: Ctx, x: Record<string, unknown>, enterpriseId: number) {
  return {
    enterpriseId,
    enterpriseName: String(x.name),
    uscc: String(x.uscc),
    divisionCode: String(x.division_code),
    divisionName: divisionLabel(ctx, x.division_code as string, x.town_code as string | null),
    industryCode: String(x.industry_code),
    sizeClass: x.size_class as SizeClass,
  };
}

function divisionLabel(ctx: Ctx, district: string, town: string | null): string {
  const d = ctx.tree.name(district, ctx.locale) ?? district;
  const t = town ? ctx.tree.name(town, ctx.locale) : null;
  return t ? `${d} · ${t}` : d;
}

/** The hazards behind the rectification rate: overdue first, then open, then closed. */
async function hazardRows(
  ctx: Ctx,
  scope: KpiScope,
  from: string,
  asOf: string,
  q: { part: 'denominator' | 'numerator'; q?: string },
  page: Page,
): Promise<KpiDrillPage> {
  const where = enterpriseWhere(ctx, scope, { archived: true });
  const search = q.q
    ? sql`(${e.searchText} like ${likePattern(q.q)} or lower(${h.description}) like ${likePattern(q.q)})`
    : undefined;
  const conds = [sql`${h.foundOn} >= ${from}`, sql`${h.foundOn} <= ${asOf}`, where, search].filter(
    Boolean,
  ) as SQL[];
  const list = await analytic<Record<string, unknown>>(
    ctx,
    sql`with x as (
      select ${h.id} as id, ${h.enterpriseId} as enterprise_id, ${e.name} as name, ${e.uscc} as uscc,
        ${e.divisionCode} as division_code, ${e.townCode} as town_code, ${e.industryCode} as industry_code,
        ${e.sizeClass} as size_class, ${h.status} as status, ${h.deadline} as deadline,
        ${h.description} as description, ${closedBySql(asOf)} as included,
        ${h.deadline} < ${asOf} as past_deadline
      from ${h} join ${e} on ${e.id} = ${h.enterpriseId}
      where ${sql.join(conds, sql` and `)}
    )
    select *, count(*) over () as total from x ${q.part === 'numerator' ? sql`where included` : sql``}
    order by included, (not included and past_deadline) desc, deadline, id
    limit ${page.limit} offset ${page.offset}`,
  );
  if (!list.length && page.offset > 0) {
    const first = await hazardRows(ctx, scope, from, asOf, q, { offset: 0, limit: 1 });
    return { total: first.total, items: [] };
  }
  const items = list.map((x): KpiDrillRow => {
    const closed = Boolean(x.included);
    const deadline = String(x.deadline);
    const overdue = !closed && deadline < asOf;
    const status: HazardStatus = closed
      ? 'closed'
      : x.status === 'closed'
        ? 'submitted'
        : (x.status as HazardStatus);
    const label = overdue
      ? ctx.locale === 'en'
        ? `Overdue ${daysBetween(deadline, asOf)} d`
        : `超期${daysBetween(deadline, asOf)}天`
      : HAZARD_STATUS_LABELS[status][ctx.locale];
    return {
      id: Number(x.id),
      ...enterpriseColumns(ctx, x, Number(x.enterprise_id)),
      included: closed,
      value: overdue ? daysBetween(deadline, asOf) : null,
      weight: null,
      detail: `${label} · ${String(x.description).slice(0, 80)}`,
      date: deadline,
    };
  });
  return { total: list.length ? Number(list[0].total) : 0, items };
}

/** The rows behind a figure, same filters as the figure; `page` null = all (for export, capped). */
export async function drillRows(ctx: Ctx, q: KpiDrillQuery, all = false): Promise<KpiDrillPage> {
  const division = resolveDivision(ctx, q.division);
  const { asOf, from } = datesOf(ctx, q);
  const scope: KpiScope = { division, section: q.section, sizeClass: q.sizeClass };
  const page = all
    ? { offset: 0, limit: DRILL_EXPORT_CAP }
    : { offset: (q.page - 1) * q.pageSize, limit: q.pageSize };
  if (q.metric === 'hazardRectificationRate') return hazardRows(ctx, scope, from, asOf, q, page);
  return enterpriseRows(ctx, q.metric, scope, asOf, q, page);
}
