/**
 * The bare-SQL baselines of the read benchmarks, run straight on the driver (no HTTP, no auth,
 * no presenter): the headline KPI figures of a day for a set of divisions, and the enterprise
 * search the list page runs.
 */
import { likePattern } from '../server/lib/sql';

export type Query = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/**
 * Resumption rate of above-scale industrial enterprises, capacity release rate and report
 * completeness on day D, as DOMAIN.md §4 defines them, in one statement: each enterprise's
 * status is its latest change on or before D, its capacity the latest report on or before D.
 */
const KPI_SQL = `
with ents as (
  select e.id, e.normal_daily_output_fen,
    e.above_scale and not e.long_term_shutdown and substr(e.industry_code, 1, 2) between '06' and '46' as counted,
    coalesce((select s.status from resumption_status_events s
      where s.enterprise_id = e.id and s.effective_date <= $1
      order by s.effective_date desc, s.id desc limit 1), 'not_applied') as status
  from enterprises e
  where e.archived_at is null and ($2::text[] is null or e.division_code = any($2::text[]))
)
select
  count(*) filter (where counted) as above,
  count(*) filter (where counted and status = 'resumed') as above_resumed,
  coalesce(sum(normal_daily_output_fen) filter (where counted), 0) as normal_output,
  coalesce(sum(normal_daily_output_fen * (select r.capacity_pct from daily_reports r
      where r.enterprise_id = ents.id and r.date <= $1 order by r.date desc limit 1) / 100)
    filter (where counted and status = 'resumed'), 0) as released_output,
  count(*) filter (where status = 'resumed') as expected,
  (select count(*) from daily_reports r where r.date = $1
     and r.enterprise_id in (select id from ents where status = 'resumed')) as received
from ents`;

/** The headline KPI figures of a day for some divisions (null: all). */
export function bareKpi(query: Query, asOf: string, divisionCodes: string[] | null) {
  return query(KPI_SQL, [asOf, divisionCodes]);
}

/** The enterprise list's search: a page of 20 by name and the total, as the list endpoint runs them. */
export function bareSearch(query: Query, q: string) {
  const pattern = likePattern(q);
  return Promise.all([
    query(
      `select * from enterprises where archived_at is null and search_text like $1
       order by name, id limit 20`,
      [pattern],
    ),
    query(`select count(*) from enterprises where archived_at is null and search_text like $1`, [pattern]),
  ]);
}
