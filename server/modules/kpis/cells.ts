import { and, isNull, sql } from 'drizzle-orm';
import type { SizeClass } from '../../../shared/enums';
import { KPI_PARTS, KPI_START, type KpiCountKey, type KpiKey } from '../../../shared/kpi';
import { addCalendarDays, earlierDate, laterDate } from '../../../shared/workdays';
import { shanghaiDate } from '../../clock';
import { num, rows, schema } from '../../db/client';
import { actorOf, type Ctx } from '../../lib/context';
import { SETTLED_LAG_DAYS } from './events';
import {
  analytic,
  enterpriseAggregates,
  enterpriseCounts,
  enterpriseDayRows,
  type GroupedRow,
  HAZARD_COUNTS,
  hazardRowsSql,
} from './service';

/**
 * Precomputed enterprise figures of settled days (docs/kpis.md, "Settled days"): per day, district
 * and grouping, in `kpi_day_cells`, each cell valid while its `gen` equals the district's
 * `kpi_generations.gen`, which notifyKpi (events.ts) bumps in every write that can change a settled
 * day. Stale or missing cells are recomputed on demand, by the statement that computes the figures
 * live, and stored.
 */

const e = schema.enterprises;
const c = schema.kpiDayCells;
const g = schema.kpiGenerations;

/**
 * A day is read from cells only once it has been settled for this long: a write that started
 * before midnight (when its day was not yet settled, so it bumped nothing) has committed by then.
 * Covers write transactions and clock skew between instances shorter than this.
 */
export const SETTLE_GRACE_MS = 10 * 60_000;

/** Advisory lock of the precompute run (one instance computes, the others find the cells made). */
const RUN_LOCK = 20200425;

/** The last settled day whose cells may be read and stored now. */
export function settledThrough(ctx: Pick<Ctx, 'clock'>): string {
  const day = shanghaiDate(new Date(ctx.clock.now().getTime() - SETTLE_GRACE_MS));
  return addCalendarDays(day, -SETTLED_LAG_DAYS);
}

/**
 * The counts a cell keeps: the KPI count, its alias in the live statement (service.ts
 * enterpriseAggregates) and its cell column, in the order the statements below produce them.
 */
const COUNT_COLUMNS = [
  ['aboveScaleIndustrial', 'asi', 'above_scale_industrial'],
  ['aboveScaleIndustrialResumed', 'asi_resumed', 'above_scale_industrial_resumed'],
  ['normalOutput', 'normal_fen', 'normal_output_fen'],
  ['releasedOutput', 'released_fen', 'released_output_fen'],
  ['sme', 'sme', 'sme'],
  ['smeResumed', 'sme_resumed', 'sme_resumed'],
  ['normalWorkforce', 'workforce', 'normal_workforce'],
  ['onSiteWorkers', 'on_site', 'on_site_workers'],
  ['reportsExpected', 'expected', 'reports_expected'],
  ['reportsReceived', 'received', 'reports_received'],
  ['reportsOnTime', 'on_time', 'reports_on_time'],
  ['hazardsFound', 'hazards_found', 'hazards_found'],
  ['hazardsClosed', 'hazards_closed', 'hazards_closed'],
  ['hazardsOverdue', 'hazards_overdue', 'hazards_overdue'],
] as const;
/** The hazard counts' aliases and their names in the hazard statement (service.ts HAZARD_COUNTS). */
const HAZARD_ALIASES = [
  ['hazards_found', 'found'],
  ['hazards_closed', 'closed'],
  ['hazards_overdue', 'overdue'],
] as const;
const ALIASES = COUNT_COLUMNS.map(([, a]) => a);
const ENTERPRISE_ALIASES = ALIASES.filter((a) => !a.startsWith('hazards_'));
const COLUMNS = COUNT_COLUMNS.map(([, , col]) => col);
/** SQL: the counts of a group of cells, summed, under their live aliases. */
const SUMS = COUNT_COLUMNS.map(([, alias, col]) => sql.raw(`sum(k.${col})::bigint as ${alias}`));
/** The cell column of a KPI count (only the enterprise counts have one). */
const CELL_COLUMN: Partial<Record<KpiCountKey, string>> = Object.fromEntries(
  COUNT_COLUMNS.map(([key, , col]) => [key, col]),
);

/** The counts of a cell computed apart (computeCells): the enterprise figures, or the hazards'. */
export type CellPart = 'enterprises' | 'hazards';

/** One cell as read: counts are integers (output in fen). */
export interface CellRow {
  day: string;
  district_code: string | null;
  kind: 'town' | 'industry' | 'size' | 'total';
  key: string;
  /**
   * Cells computed with both parts only (`computeCells` without `part`; cellOfPart reads them):
   * whether the enterprise figures / the hazard counts computed apart would have this group (a
   * district's total cell they always have, of zeros if nothing else). With `part`, only the
   * flag of that part is true.
   */
  of_enterprises?: boolean;
  of_hazards?: boolean;
  [count: string]: unknown;
}

/**
 * A cell of both parts as that part computed apart gives it (the other part's counts 0), or null
 * when that part has no such group.
 */
export function cellOfPart(cell: CellRow, part: CellPart): CellRow | null {
  if (!(part === 'enterprises' ? cell.of_enterprises : cell.of_hazards)) return null;
  const out: CellRow = { ...cell };
  for (const alias of ALIASES) if (alias.startsWith('hazards_') === (part === 'enterprises')) out[alias] = 0;
  return out;
}

/**
 * The districts (enterprises' `division_code`s) whose cells make up the figures of a division, or
 * null when the figures must be computed live: a town (cells are per district), or a caller whose
 * enterprise scope is narrower than the division asked for.
 */
export function cellDistricts(ctx: Ctx, division: string | null): string[] | null {
  const actor = actorOf(ctx);
  if (ctx.scoper.enterprises(actor)) {
    const own = ctx.scoper.territory(actor);
    if (!own || !division || !ctx.tree.within(division, own)) return null;
  }
  const node = division ? ctx.tree.get(division) : undefined;
  if (division && !node) return null;
  if (node?.level === 'town') return null;
  const codes = division ? ctx.tree.descendants(division) : [...ctx.tree.byCode.keys()];
  return codes.filter((code) => ctx.tree.get(code)?.level !== 'town');
}

/** `g`: the districts given with their current generation (none yet = 0). */
const generationsOf = (districts: readonly string[]) =>
  sql`select d.code, coalesce(${g.gen}, 0) as gen
    from jsonb_array_elements_text(${JSON.stringify(districts)}::jsonb) d(code)
    left join ${g} on ${g.districtCode} = d.code`;

/** SQL: the district has valid cells for both days (their totals at its current generation). */
const validFor = (day: string, prev: string) =>
  sql`(select count(*) from ${c} where ${c.day} in (${day}::date, ${prev}::date) and ${c.districtCode} = gen.code
    and ${c.kind} = 'total' and ${c.key} = '' and ${c.gen} = gen.gen) = 2`;

/**
 * The enterprise figures of `asOf` and the day before for the given districts (both days settled),
 * from their valid cells; districts without them are computed in one statement and stored.
 * Grouped like the live statement (kpiSnapshot consumes either).
 */
export async function enterpriseFiguresFromCells(
  ctx: Ctx,
  districts: readonly string[],
  asOf: string,
): Promise<GroupedRow[]> {
  // Above a district the figures are by district: its towns are summed in SQL (towns lie in their
  // district, which the registry checks), so the city reads a row per district, not per town.
  const townDetail = districts.length === 1;
  const prev = addCalendarDays(asOf, -1);
  const loaded = await rows<CellRow>(
    ctx.db,
    sql`with gen as (${generationsOf(districts)}),
    ok as (select gen.code, gen.gen from gen where ${validFor(asOf, prev)})
    select k.day::text as day, k.kind collate "C" as kind,
      case when k.kind in ('town', 'total') then k.district_code end collate "C" as district_code,
      ${townDetail ? sql`k.key` : sql`case when k.kind = 'town' then '' else k.key end`} collate "C" as key,
      ${sql.join(SUMS, sql`, `)}
    from ok join ${c} k on k.day in (${asOf}::date, ${prev}::date) and k.district_code = ok.code and k.gen = ok.gen
    group by k.day, 2, 3, 4`,
  );
  const present = new Set(loaded.filter((x) => x.kind === 'total').map((x) => x.district_code));
  const missing = districts.filter((d) => !present.has(d));
  const computed = missing.length ? await computeCells(ctx, missing, asOf) : [];
  return groupedRows([...loaded, ...computed], asOf);
}

/** The KPI counts of summed cells: the enterprise figures and the hazards of the usual window. */
const cellCounts = (x: Record<string, number>) => ({
  ...enterpriseCounts(x, ''),
  hazardsFound: x.hazards_found ?? 0,
  hazardsClosed: x.hazards_closed ?? 0,
  hazardsOverdue: x.hazards_overdue ?? 0,
});

/** Cells (of both days) → the grouped rows of the live statement, summing integers before yuan. */
export function groupedRows(cells: CellRow[], asOf: string): GroupedRow[] {
  const groups = new Map<
    string,
    { cell: CellRow; now: Record<string, number>; prev: Record<string, number> }
  >();
  for (const cell of cells) {
    const id = `${cell.kind}|${cell.kind === 'town' ? cell.district_code : ''}|${cell.key}`;
    let group = groups.get(id);
    if (!group) {
      group = { cell, now: {}, prev: {} };
      groups.set(id, group);
    }
    const into = cell.day === asOf ? group.now : group.prev;
    for (const a of ALIASES) into[a] = (into[a] ?? 0) + num(cell[a]);
  }
  const out: GroupedRow[] = [];
  for (const { cell, now, prev } of groups.values()) {
    const key = cell.key || null;
    out.push({
      kind: cell.kind === 'town' ? 'division' : cell.kind,
      divisionCode: cell.kind === 'town' ? cell.district_code : null,
      townCode: cell.kind === 'town' ? key : null,
      industry: cell.kind === 'industry' ? key : null,
      sizeClass: cell.kind === 'size' ? (key as SizeClass | null) : null,
      counts: cellCounts(now),
      previous: cellCounts(prev),
    });
  }
  return out;
}

/**
 * Computes the cells of `asOf` and the day before for the districts, in ONE statement: the live
 * statement's per-enterprise rows restricted to those districts, grouped per district by town,
 * industry division, size class and in total, each cell stamped with the district's generation
 * read in the same statement (a write committed after it has bumped the generation, so what it
 * stores is stale at once rather than wrong). Stored with an upsert that never replaces a newer
 * generation (unless `store` is false: an open day's, see memory.ts); returns the cells
 * computed. `onlyStale` leaves out districts whose cells are valid by the time the statement runs
 * (the precompute: another instance may have just made them). `part` computes only the enterprise
 * counts or only the hazard counts (the others 0), for cells that are not stored: memory.ts keeps
 * the two apart, since most writes change only the first.
 */
export async function computeCells(
  ctx: Ctx,
  districts: readonly string[],
  asOf: string,
  opts: { onlyStale?: boolean; lock?: boolean; store?: boolean; part?: CellPart } = {},
): Promise<CellRow[]> {
  if (opts.part && opts.store !== false) throw new Error('cells of one part are not stored');
  const enterprises = opts.part !== 'hazards';
  const hazards = opts.part !== 'enterprises';
  const prev = addCalendarDays(asOf, -1);
  // The codes as one array too: the planner then reads those districts' enterprises by index
  // (from the subquery alone it expects every enterprise, and scans them all with their hazards).
  const inDistricts = sql`${e.divisionCode} = any(${sql.param([...districts])}::text[])
    and ${e.divisionCode} in (select code from gen)`;
  const where = and(isNull(e.archivedAt), inDistricts);
  const now = ALIASES.map((a) => `k.${a}`).join(', ');
  const before = ALIASES.map((a) => `k.p_${a}`).join(', ');
  // A group of either statement as (district, kind, key), so the two can be joined.
  const kindKey =
    sql.raw(`case g when 3 then 'town' when 5 then 'industry' when 6 then 'size' else 'total' end as kind,
        coalesce(case g when 3 then town_code when 5 then industry when 6 then size_class end, '') as key`);
  // Each count of both days from its part's groups (`a`, `ha`), or 0 when that part is not computed.
  const countsFrom = (computed: boolean, from: string, pairs: readonly (readonly [string, string])[]) =>
    pairs.flatMap(([alias, src]) =>
      computed
        ? [`coalesce(${from}.${src}, 0) as ${alias}`, `coalesce(${from}.p_${src}, 0) as p_${alias}`]
        : [`0 as ${alias}`, `0 as p_${alias}`],
    );
  const joined = sql.raw(
    [
      ...countsFrom(
        enterprises,
        'a',
        ENTERPRISE_ALIASES.map((a) => [a, a] as const),
      ),
      ...countsFrom(hazards, 'ha', HAZARD_ALIASES),
    ].join(', '),
  );
  // The groups of k: of both parts (joined), or of the one computed.
  const only = !hazards ? 'a' : !enterprises ? 'ha' : null;
  const keyOf = (col: string) => sql.raw(only ? `${only}.${col}` : `coalesce(a.${col}, ha.${col})`);
  // Whether the part has the group (a district's total it always has, zeros if nothing else);
  // computing one part, that part has every group and the other none.
  const has = (part: 'a' | 'ha') =>
    sql.raw(
      only
        ? `${only === part}`
        : `(${part}.division_code is not null or coalesce(a.kind, ha.kind) = 'total')`,
    );
  const groupsFrom = sql.raw(
    only ?? 'a full join ha on ha.division_code = a.division_code and ha.kind = a.kind and ha.key = a.key',
  );
  const zeros = ALIASES.map(() => '0').join(', ');
  const cols = sql.raw(COLUMNS.join(', '));
  const aliases = sql.raw(ALIASES.join(', '));
  const enterpriseGroups = sql`${enterpriseDayRows(where, asOf)},
    a as (
      select ${kindKey}, grouped.*
      from (select division_code, town_code, industry, size_class, grouping(town_code, industry, size_class) as g,
          ${enterpriseAggregates('', asOf)}, ${enterpriseAggregates('p_', prev)}
        from y
        group by grouping sets ((division_code, town_code), (division_code, industry), (division_code, size_class),
          (division_code))) grouped
    ),`;
  const hazardGroups = sql`hz as (
      ${hazardRowsSql(inDistricts, earlierDate(asOf, KPI_START), asOf)}
    ), ha as (
      select ${kindKey}, grouped.*
      from (select division_code, town_code, industry, size_class, grouping(town_code, industry, size_class) as g,
          ${HAZARD_COUNTS}
        from hz
        group by grouping sets ((division_code, town_code), (division_code, industry), (division_code, size_class),
          (division_code))) grouped
    ),`;
  const query = sql`with gen as (
      select * from (${generationsOf(districts)}) gen ${opts.onlyStale ? sql`where not ${validFor(asOf, prev)}` : sql``}
    ), ${enterprises ? enterpriseGroups : sql``} ${hazards ? hazardGroups : sql``}
    k as (
      select ${keyOf('division_code')} as division_code, ${keyOf('kind')} as kind, ${keyOf('key')} as key, ${joined},
        ${has('a')} as of_enterprises, ${has('ha')} as of_hazards
      from ${groupsFrom}
    ), cells as (
      select v.day, k.division_code as district_code, k.kind, k.key, gen.gen, k.of_enterprises, k.of_hazards,
        ${sql.raw(ALIASES.map((x) => `v.${x}`).join(', '))}
      from k join gen on gen.code = k.division_code
      cross join lateral (values (${asOf}::date, ${sql.raw(now)}), (${prev}::date, ${sql.raw(before)}))
        v(day, ${aliases})
      union all
      select d.day, gen.code, 'total', '', gen.gen, true, true, ${sql.raw(zeros)}
      from gen cross join (values (${asOf}::date), (${prev}::date)) d(day)
      where not exists (select 1 from k where k.division_code = gen.code)
    )${
      opts.store === false
        ? sql``
        : sql`, stored as (
      insert into ${c} (day, district_code, kind, key, gen, ${cols})
      select day, district_code, kind, key, gen, ${aliases} from cells
      order by day, district_code, kind, key
      on conflict (day, district_code, kind, key) do update set gen = excluded.gen,
        ${sql.raw(COLUMNS.map((col) => `${col} = excluded.${col}`).join(', '))}
      where ${c.gen} <= excluded.gen
    )`
    }
    select day::text as day, district_code, kind, key, of_enterprises, of_hazards, ${aliases} from cells`;
  const run = () => analytic<CellRow>(ctx, query, opts.lock ? RUN_LOCK : undefined);
  try {
    return await run();
  } catch (err) {
    // Two computations storing the same cells at once may deadlock (one is cancelled): once more.
    if ((err as { code?: string }).code !== '40P01') throw err;
    return run();
  }
}

/**
 * The statements that fill missing cells: newest day first, two days a statement (a day's
 * statement also gives the day before), each over the districts missing either day.
 */
function pairsOf(missing: Map<string, readonly string[]>, from: string) {
  const done = new Set<string>();
  const pairs: { day: string; days: number; codes: string[] }[] = [];
  for (const day of [...missing.keys()].sort().reverse()) {
    if (done.has(day)) continue;
    const before = addCalendarDays(day, -1);
    const both = missing.has(before) && before >= from;
    const codes = new Set([...missing.get(day)!, ...(both ? missing.get(before)! : [])]);
    done.add(day);
    if (both) done.add(before);
    pairs.push({ day, days: both ? 2 : 1, codes: [...codes].sort() });
  }
  return pairs;
}

/** The days the precompute covers by default: up to 120 up to the last settled one, from KPI_START. */
export const PRECOMPUTE_DAYS = 120;

/**
 * Fills every missing or stale cell of the settled days in [from, to] (default: the last 120
 * settled days, from KPI_START on) for every district: one statement per two days (a statement computes a day and
 * the day before), each under the run's advisory lock and only for the districts still stale when
 * it runs, so concurrent runs on several instances do the work once. Also drops cells a newer
 * generation left behind. Idempotent: a second run computes nothing.
 */
export async function precomputeKpiCells(
  ctx: Ctx,
  opts: {
    from?: string;
    to?: string;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<{ from: string; to: string; days: number; statements: number; cells: number }> {
  const last = settledThrough(ctx);
  // No cell can be ahead of the settled horizon unless the clock went back (the demo's scenario
  // clock restarts at its start on every boot): writes to those days, open again, bump nothing,
  // so their cells must go before the clock reaches them again.
  await ctx.db.execute(sql`delete from ${c} where ${c.day} > ${last}::date`);
  const to = opts.to ? earlierDate(opts.to, last) : last;
  const from = opts.from ?? laterDate(addCalendarDays(to, -(PRECOMPUTE_DAYS - 1)), KPI_START);
  const districts = [...ctx.tree.byCode.values()].filter((d) => d.level !== 'town').map((d) => d.code);
  if (from > to) return { from, to, days: 0, statements: 0, cells: 0 };
  await ctx.db.execute(
    sql`delete from ${c} using ${g} where ${g.districtCode} = ${c.districtCode} and ${c.gen} < ${g.gen}`,
  );
  const stale = await rows<{ day: string; code: string }>(
    ctx.db,
    sql`with gen as (${generationsOf(districts)})
    select d.day::date::text as day, gen.code
    from generate_series(${from}::date, ${to}::date, interval '1 day') d(day) cross join gen
    where not exists (select 1 from ${c} where ${c.day} = d.day::date and ${c.districtCode} = gen.code
      and ${c.kind} = 'total' and ${c.key} = '' and ${c.gen} = gen.gen)`,
  );
  const byDay = new Map<string, string[]>();
  for (const x of stale) (byDay.get(x.day) ?? byDay.set(x.day, []).get(x.day)!).push(x.code);
  const pairs = pairsOf(byDay, from);
  let cells = 0;
  let daysDone = 0;
  opts.onProgress?.(0, byDay.size);
  for (const pair of pairs) {
    const made = await computeCells(ctx, pair.codes, pair.day, { onlyStale: true, lock: true });
    cells += made.length;
    daysDone += pair.days;
    opts.onProgress?.(daysDone, byDay.size);
  }
  return { from, to, days: byDay.size, statements: pairs.length, cells };
}

/** More statements than this to fill a trend's missing cells: compute the trend live instead. */
const SERIES_MAX_FILLS = 3;

/**
 * A trend's points for settled days [from, to] from the cells of the districts (totals), filling
 * a few missing days first (one statement per two days). Null when more are missing than that —
 * the one-statement live series is then cheaper — or the KPI is not an enterprise figure.
 */
export async function seriesFromCells(
  ctx: Ctx,
  districts: readonly string[],
  metric: KpiKey,
  from: string,
  to: string,
): Promise<{ date: string; numerator: number; denominator: number }[] | null> {
  const { numerator, denominator } = KPI_PARTS[metric];
  const num = CELL_COLUMN[numerator];
  const den = CELL_COLUMN[denominator];
  if (!num || !den) return null;
  const scale = numerator === 'releasedOutput' ? 100 : 1;
  const load = () =>
    rows<{ day: string; n: string; num: string; den: string; present: string[] | null }>(
      ctx.db,
      sql`with gen as (${generationsOf(districts)})
      select k.day::text as day, count(*) as n, sum(k.${sql.raw(num)}) as num, sum(k.${sql.raw(den)}) as den,
        case when count(*) < ${districts.length} then json_agg(k.district_code) end as present
      from ${c} k join gen on gen.code = k.district_code and k.gen = gen.gen
      where k.day between ${from}::date and ${to}::date and k.kind = 'total' and k.key = ''
      group by k.day`,
    );
  const missingOf = (list: Awaited<ReturnType<typeof load>>) => {
    const byDay = new Map(list.map((x) => [x.day, x]));
    const missing = new Map<string, string[]>();
    for (let day = from; day <= to; day = addCalendarDays(day, 1)) {
      const x = byDay.get(day);
      if (x && Number(x.n) === districts.length) continue;
      const present = new Set(x?.present ?? []);
      missing.set(
        day,
        districts.filter((d) => !present.has(d)),
      );
    }
    return missing;
  };
  let list = await load();
  let missing = missingOf(list);
  if (missing.size) {
    const pairs = pairsOf(missing, from);
    if (pairs.length > SERIES_MAX_FILLS) return null;
    for (const pair of pairs) await computeCells(ctx, pair.codes, pair.day);
    list = await load();
    missing = missingOf(list);
    // Invalidated meanwhile: leave it to the live statement.
    if (missing.size) return null;
  }
  return list
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((x) => ({
      date: x.day,
      numerator: Math.round(Number(x.num)) / scale,
      denominator: Math.round(Number(x.den)) / scale,
    }));
}
