import { type SQL, sql } from 'drizzle-orm';
import { industryByCode, industrySectionOf } from '../../../shared/data/industries';
import { SIZE_CLASSES, type SizeClass } from '../../../shared/enums';
import { KPI_START, type KpiCountValues, ratesOf } from '../../../shared/kpi';
import type { KpiFigures, KpiQuery, KpiSnapshot } from '../../../shared/schemas/kpis';
import { addCalendarDays, earlierDate } from '../../../shared/workdays';
import { shanghaiInstant } from '../../clock';
import { databaseKind, num, rows, schema } from '../../db/client';
import type { Ctx } from '../../lib/context';
import { invalid } from '../../lib/errors';
import { statusOnSql } from '../resumption/status';
import { cellDistricts, enterpriseFiguresFromCells, settledThrough } from './cells';
import {
  aboveScaleIndustrialSql,
  childOf,
  enterpriseWhere,
  industryDivision,
  type KpiScope,
  latestStatusSql,
  resolveDivision,
  rootNode,
  smeSql,
} from './filter';
import { loadTargets } from './targets';

const e = schema.enterprises;
const r = schema.dailyReports;
const h = schema.hazards;

/** Every count at zero. */
export function zeroCounts(): KpiCountValues {
  return {
    aboveScaleIndustrial: 0,
    aboveScaleIndustrialResumed: 0,
    normalOutput: 0,
    releasedOutput: 0,
    sme: 0,
    smeResumed: 0,
    normalWorkforce: 0,
    onSiteWorkers: 0,
    reportsExpected: 0,
    reportsReceived: 0,
    reportsOnTime: 0,
    hazardsFound: 0,
    hazardsClosed: 0,
    hazardsOverdue: 0,
  };
}

function addInto(into: KpiCountValues, add: Partial<KpiCountValues>): KpiCountValues {
  for (const [k, v] of Object.entries(add)) into[k as keyof KpiCountValues] += v ?? 0;
  return into;
}

/** Output values come from fen; round to the fen so sums over rows and groups agree. */
export const yuan = (fen: unknown) => Math.round(num(fen)) / 100;

/** Rates from counts (the one derivation in shared/kpi.ts) plus the counts. */
export function figuresOf(counts: KpiCountValues): KpiFigures {
  return { ...ratesOf(counts), counts: { ...counts } };
}

/** The grouping of one result row (GROUPING() bits over division, town, industry, size). */
export type GroupKind = 'division' | 'industry' | 'size' | 'total';
const GROUP_BITS: Record<number, GroupKind> = { 3: 'division', 13: 'industry', 14: 'size', 15: 'total' };

export interface GroupedRow {
  kind: GroupKind;
  divisionCode: string | null;
  townCode: string | null;
  industry: string | null;
  sizeClass: SizeClass | null;
  /** As of the day asked for. */
  counts: Partial<KpiCountValues>;
  /** As of the day before. */
  previous: Partial<KpiCountValues>;
}

const GROUP_KEYS = sql.raw(
  'division_code, town_code, industry, size_class, grouping(division_code, town_code, industry, size_class) as g',
);
const GROUP_BY = sql.raw('group by grouping sets ((division_code, town_code), (industry), (size_class), ())');

/**
 * The enterprise aggregates for one day, over columns named with a prefix ('' = the day asked
 * for, 'p_' = the day before): status, report_date, capacity_pct, on_site_workers, on_time.
 */
export function enterpriseAggregates(p: '' | 'p_', day: string): SQL {
  const c = (name: string) => sql.raw(`${p}${name}`);
  const status = c('status');
  return sql`count(*) filter (where asi and ${status} <> 'closed') as ${c('asi')},
    count(*) filter (where asi and ${status} = 'resumed') as ${c('asi_resumed')},
    coalesce(sum(output_fen) filter (where asi and ${status} <> 'closed'), 0) as ${c('normal_fen')},
    coalesce(sum(round(output_fen * coalesce(${c('capacity_pct')}, 0) / 100.0))
      filter (where asi and ${status} = 'resumed'), 0) as ${c('released_fen')},
    count(*) filter (where sme and ${status} <> 'closed') as ${c('sme')},
    count(*) filter (where sme and ${status} = 'resumed') as ${c('sme_resumed')},
    coalesce(sum(workforce) filter (where ${status} = 'resumed'), 0) as ${c('workforce')},
    coalesce(sum(coalesce(${c('on_site_workers')}, 0)) filter (where ${status} = 'resumed'), 0) as ${c('on_site')},
    count(*) filter (where ${status} = 'resumed') as ${c('expected')},
    count(*) filter (where ${status} = 'resumed' and ${c('report_date')} = ${day}::date) as ${c('received')},
    count(*) filter (where ${status} = 'resumed' and ${c('report_date')} = ${day}::date and ${c('on_time')})
      as ${c('on_time')}`;
}

/** The enterprise counts of a row whose columns carry the aliases above (`p_`: the day before). */
export function enterpriseCounts(x: Record<string, unknown>, p: '' | 'p_'): Partial<KpiCountValues> {
  const n = (k: string) => num(x[`${p}${k}`]);
  return {
    aboveScaleIndustrial: n('asi'),
    aboveScaleIndustrialResumed: n('asi_resumed'),
    normalOutput: yuan(x[`${p}normal_fen`]),
    releasedOutput: yuan(x[`${p}released_fen`]),
    sme: n('sme'),
    smeResumed: n('sme_resumed'),
    normalWorkforce: n('workforce'),
    onSiteWorkers: n('on_site'),
    reportsExpected: n('expected'),
    reportsReceived: n('received'),
    reportsOnTime: n('on_time'),
  };
}

const groupOf = (x: Record<string, unknown>) => ({
  kind: GROUP_BITS[Number(x.g)] ?? 'total',
  divisionCode: (x.division_code as string | null) ?? null,
  townCode: (x.town_code as string | null) ?? null,
  industry: (x.industry as string | null) ?? null,
  sizeClass: (x.size_class as SizeClass | null) ?? null,
});

/**
 * Runs a query over the whole scope with JIT compilation off — PostgreSQL would otherwise spend
 * longer compiling these costly-looking plans than running them — and room to sort and hash in
 * memory (the trends sort a range of reports), both for this transaction only; with `lock`, under
 * that transaction-level advisory lock. On PostgreSQL, random page reads are also priced close to
 * sequential ones (at most 1.1; the default 4 is for spinning disks): what these statements read —
 * a district's enterprises, their reports, hazards and status changes — is cached or on SSD, and
 * at 4 the planner scans all 50,000 hazards of the province for a district's 500 (28 ms where its
 * 1,000 enterprises' index probes take 7). Not on PGlite, whose plans it does not improve.
 */
export async function analytic<T>(ctx: Ctx, query: SQL, lock?: number): Promise<T[]> {
  const pricePages = databaseKind(ctx.db) === 'postgres';
  return ctx.db.transaction(async (tx) => {
    if (lock !== undefined) await tx.execute(sql`select pg_advisory_xact_lock(${lock})`);
    await tx.execute(
      sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)${
        pricePages
          ? sql`, set_config('random_page_cost', least(current_setting('random_page_cost')::float8, 1.1)::text, true)`
          : sql``
      }`,
    );
    return rows<T>(tx, query);
  });
}

/**
 * The enterprise figures as of a day AND the day before, in ONE statement: each enterprise in
 * scope once (a materialized scan, so the per-enterprise look-ups run once each); its status that
 * day — the latest status change on or before it, one probe of the (enterprise_id, effective_date,
 * id) index, with a second probe for the day before only when the change is dated that very day —
 * and the latest report on or before each of the two days: the reports dated those two days come
 * from two range reads of the (date, enterprise_id, on_time, capacity_pct, on_site_workers)
 * covering index, hash-joined; only an enterprise resumed without a report the day before costs a
 * probe of the (enterprise_id, date) index for its latest older one. Counted per division/town,
 * industry division, size class and in total through GROUPING SETS.
 */
async function enterpriseFigures(ctx: Ctx, scope: KpiScope, asOf: string): Promise<GroupedRow[]> {
  const prev = addCalendarDays(asOf, -1);
  const list = await analytic<Record<string, unknown>>(
    ctx,
    sql`with ${enterpriseDayRows(enterpriseWhere(ctx, scope), asOf)}
    select ${GROUP_KEYS}, ${enterpriseAggregates('', asOf)}, ${enterpriseAggregates('p_', prev)}
    from y ${GROUP_BY}`,
  );
  return list.map((x) => ({
    ...groupOf(x),
    counts: enterpriseCounts(x, ''),
    previous: enterpriseCounts(x, 'p_'),
  }));
}

/**
 * The CTEs (`b`, `x`, `y`; to follow a `with`) of the enterprise figures: `y` has one row per
 * enterprise matching `where` with its status, latest report and figures as of `asOf` and, under
 * `p_` names, the day before — what enterpriseAggregates counts. See enterpriseFigures.
 */
export function enterpriseDayRows(where: SQL | undefined, asOf: string): SQL {
  const prev = addCalendarDays(asOf, -1);
  return sql`b as materialized (
      select ${e.id} as id, ${e.divisionCode} as division_code, ${e.townCode} as town_code,
        ${industryDivision} as industry, ${e.sizeClass} as size_class,
        ${aboveScaleIndustrialSql} as asi, ${smeSql} as sme,
        ${e.normalWorkforce} as workforce, ${e.normalDailyOutputFen} as output_fen,
        coalesce(st.status, 'not_applied') as status,
        case when st.effective_date = ${asOf}::date then ${statusOnSql(prev)}
          else coalesce(st.status, 'not_applied') end as p_status
      from ${e} left join lateral (${latestStatusSql(asOf)}) st on true
      ${where ? sql`where ${where}` : sql``}
    ), x as (
      select b.*, r0.date as d0, r0.capacity_pct as c0, r0.on_site_workers as w0, r0.on_time as t0,
        r1.date as d1, r1.capacity_pct as c1, r1.on_site_workers as w1, r1.on_time as t1,
        older.date as d2, older.capacity_pct as c2, older.on_site_workers as w2, older.on_time as t2
      from b
      left join ${r} r0 on r0.enterprise_id = b.id and r0.date = ${asOf}::date
      left join ${r} r1 on r1.enterprise_id = b.id and r1.date = ${prev}::date
      left join lateral (
        select ${r.date} as date, ${r.capacityPct} as capacity_pct, ${r.onSiteWorkers} as on_site_workers,
          ${r.onTime} as on_time
        from ${r}
        where r1.date is null and (b.status = 'resumed' or b.p_status = 'resumed')
          and ${r.enterpriseId} = b.id and ${r.date} < ${prev}::date
        order by ${r.date} desc limit 1
      ) older on true
    ), y as (
      select x.*,
        coalesce(d0, d1, d2) as report_date,
        case when d0 is not null then c0 when d1 is not null then c1 else c2 end as capacity_pct,
        case when d0 is not null then w0 when d1 is not null then w1 else w2 end as on_site_workers,
        case when d0 is not null then t0 when d1 is not null then t1 else t2 end as on_time,
        coalesce(d1, d2) as p_report_date,
        case when d1 is not null then c1 else c2 end as p_capacity_pct,
        case when d1 is not null then w1 else w2 end as p_on_site_workers,
        case when d1 is not null then t1 else t2 end as p_on_time
      from x
    )`;
}

/** The instant a day ends (closing before it counts as closed on that day). */
export const endOfDay = (date: string) => shanghaiInstant(addCalendarDays(date, 1)).toISOString();

/** SQL: the hazard was verified closed by the end of `asOf`. */
export const closedBySql = (asOf: string): SQL =>
  sql`(${h.closedAt} is not null and ${h.closedAt} < ${endOfDay(asOf)}::timestamptz)`;

/**
 * Each hazard of the enterprises matching `where` found in the window of `asOf` ([from, asOf]) or
 * of the day before ([from or that day, if later, day before]), with what the counts ask of it:
 * a SELECT for a CTE, whose rows HAZARD_COUNTS counts.
 */
export function hazardRowsSql(where: SQL | undefined, from: string, asOf: string): SQL {
  const prev = addCalendarDays(asOf, -1);
  const prevFrom = earlierDate(from, prev);
  return sql`select ${e.divisionCode} as division_code, ${e.townCode} as town_code, ${industryDivision} as industry,
      ${e.sizeClass} as size_class,
      ${h.foundOn} >= ${from}::date as in_window, ${h.foundOn} <= ${prev}::date as p_in_window,
      ${closedBySql(asOf)} as closed, ${closedBySql(prev)} as p_closed,
      ${h.deadline} < ${asOf}::date as past_deadline, ${h.deadline} < ${prev}::date as p_past_deadline
    from ${h} join ${e} on ${e.id} = ${h.enterpriseId}
    where ${h.foundOn} >= ${prevFrom} and ${h.foundOn} <= ${asOf} ${where ? sql`and ${where}` : sql``}`;
}

/** The hazard counts of a group of hazardRowsSql's rows ('p_': the day before). */
export const HAZARD_COUNTS = sql.raw(`count(*) filter (where in_window) as found,
      count(*) filter (where in_window and closed) as closed,
      count(*) filter (where in_window and not closed and past_deadline) as overdue,
      count(*) filter (where p_in_window) as p_found,
      count(*) filter (where p_in_window and p_closed) as p_closed,
      count(*) filter (where p_in_window and not p_closed and p_past_deadline) as p_overdue`);

const hazardCounts = (x: Record<string, unknown>, p: '' | 'p_') => ({
  hazardsFound: Number(x[`${p}found`] ?? 0),
  hazardsClosed: Number(x[`${p}closed`] ?? 0),
  hazardsOverdue: Number(x[`${p}overdue`] ?? 0),
});

/**
 * Hazards found in [from, asOf] and, of those, closed by the end of asOf and overdue on asOf (not
 * closed by then, deadline passed): the same rules as the hazard statistics. The day before
 * counts its own window, [from (or that day, if later), day before]. One statement, grouped like
 * the enterprise figures.
 */
async function hazardFigures(ctx: Ctx, scope: KpiScope, from: string, asOf: string): Promise<GroupedRow[]> {
  const list = await analytic<Record<string, unknown>>(
    ctx,
    sql`with x as (${hazardRowsSql(enterpriseWhere(ctx, scope, { archived: true }), from, asOf)})
    select ${GROUP_KEYS}, ${HAZARD_COUNTS} from x ${GROUP_BY}`,
  );
  return list.map((x) => ({ ...groupOf(x), counts: hazardCounts(x, ''), previous: hazardCounts(x, 'p_') }));
}

/** The rows without their hazard counts (a hazard window other than the cells' is computed apart). */
const withoutHazards = (list: GroupedRow[]): GroupedRow[] =>
  list.map((g) => {
    const { hazardsFound: _f, hazardsClosed: _c, hazardsOverdue: _o, ...counts } = g.counts;
    const { hazardsFound: _pf, hazardsClosed: _pc, hazardsOverdue: _po, ...previous } = g.previous;
    return { ...g, counts, previous };
  });

/** The dates a KPI request is about, checked: as-of (default today) and the hazard window start. */
export function datesOf(ctx: Ctx, q: { asOf?: string; from?: string }) {
  const asOf = q.asOf ?? ctx.clock.today();
  const from = q.from ?? earlierDate(asOf, KPI_START);
  if (from > asOf) throw invalid([{ path: 'from', reason: 'date_range' }]);
  return { asOf, from };
}

/** GET /api/kpis: every KPI as of a day for a division, with the day before, and by division, section and size. */
export async function kpiSnapshot(ctx: Ctx, q: KpiQuery): Promise<KpiSnapshot> {
  const division = resolveDivision(ctx, q.division);
  const { asOf, from } = datesOf(ctx, q);
  const previousDay = addCalendarDays(asOf, -1);
  const scope: KpiScope = { division };
  // By district, unless the scope is finer than one: a settled day from its precomputed cells
  // (cells.ts), an open day from this instance's memory (memory.ts). Both carry the hazard counts
  // of the usual window (from KPI_START); another window's are computed apart.
  const districts = cellDistricts(ctx, division);
  const memory = ctx.kpiMemory;
  const settled = asOf <= settledThrough(ctx);
  const fromCells = districts && (settled || memory) ? districts : null;
  const usualWindow = from === earlierDate(asOf, KPI_START);
  const kept = async (codes: string[]) => {
    const rows = settled
      ? await enterpriseFiguresFromCells(ctx, codes, asOf)
      : await memory!.openDayFigures(ctx, codes, asOf, { hazards: usualWindow });
    return usualWindow ? rows : withoutHazards(rows);
  };
  const [ent, haz, targets] = await Promise.all([
    fromCells ? kept(fromCells) : enterpriseFigures(ctx, scope, asOf),
    fromCells && usualWindow ? [] : hazardFigures(ctx, scope, from, asOf),
    loadTargets(ctx.db),
  ]);
  const all = [...ent, ...haz];
  const total = zeroCounts();
  const previous = zeroCounts();
  for (const g of all) {
    if (g.kind !== 'total') continue;
    addInto(total, g.counts);
    addInto(previous, g.previous);
  }

  // By child division: every child listed (zeros included), so a ranking shows all of them.
  const root = rootNode(ctx, division);
  const children = root ? (ctx.tree.children.get(root.code) ?? []) : [];
  const byChild = new Map<string, KpiCountValues>(children.map((c) => [c, zeroCounts()]));
  let unplaced: KpiCountValues | null = null;
  for (const g of all) {
    if (g.kind !== 'division' || !root || !children.length) continue;
    const child = childOf(ctx, root, g.divisionCode ?? '', g.townCode);
    if (child && byChild.has(child)) addInto(byChild.get(child)!, g.counts);
    else {
      unplaced ??= zeroCounts();
      addInto(unplaced, g.counts);
    }
  }
  const byDivision = [...byChild.entries()].map(([code, counts]) => ({
    divisionCode: code,
    divisionName: ctx.tree.name(code, ctx.locale) ?? code,
    ...figuresOf(counts),
  }));
  // Enterprises under no child (a district's enterprises without a town): one more row, so the
  // rows always add up to the total.
  if (unplaced && root)
    byDivision.push({
      divisionCode: root.code,
      divisionName: ctx.locale === 'en' ? 'No town recorded' : '未登记乡镇街道',
      ...figuresOf(unplaced),
    });

  const bySection = new Map<string, KpiCountValues>();
  for (const g of all) {
    if (g.kind !== 'industry') continue;
    const section = industrySectionOf(g.industry ?? '') ?? '?';
    addInto(bySection.get(section) ?? bySection.set(section, zeroCounts()).get(section)!, g.counts);
  }
  const byIndustrySection = [...bySection.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([section, counts]) => {
      const info = industryByCode(section);
      return {
        section,
        sectionName: info?.name ?? section,
        sectionNameEn: info?.nameEn ?? section,
        ...figuresOf(counts),
      };
    });

  const bySizeMap = new Map<SizeClass, KpiCountValues>(SIZE_CLASSES.map((s) => [s, zeroCounts()]));
  for (const g of all) if (g.kind === 'size' && g.sizeClass) addInto(bySizeMap.get(g.sizeClass)!, g.counts);
  const bySize = [...bySizeMap.entries()].map(([sizeClass, counts]) => ({ sizeClass, ...figuresOf(counts) }));

  return {
    asOf,
    division,
    divisionName: division ? ctx.tree.name(division, ctx.locale) : null,
    from,
    targets: targets.targets,
    ...figuresOf(total),
    previous: { asOf: previousDay, ...figuresOf(previous) },
    byDivision,
    byIndustrySection,
    bySize,
  };
}
