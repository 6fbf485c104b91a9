import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { rows } from './client';

/**
 * Upkeep of the embedded database. PGlite runs PostgreSQL without its background workers, so
 * there is no autovacuum: a table is never analyzed (the planner guesses its size and
 * selectivities, and picks scans and joins for an empty table) and the space of updated and
 * deleted rows is never reclaimed (every correction, seal and status change leaves a dead row
 * for good). PGlite's statistics counters are not kept either, so what autovacuum decides from
 * them is decided here from the tables' sizes: a table is due when it holds data and was never
 * analyzed, or when it has grown by more than a tenth (and 8 pages) since it last was — growth
 * that inserts and the new versions of updated rows both make. A due table gets VACUUM
 * (ANALYZE), one table at a time, other statements running in between.
 *
 * PostgreSQL does this itself (autovacuum); there `upkeep` does nothing.
 */

/** Growth since the last VACUUM or ANALYZE that makes a table due: a tenth, and at least 8 pages. */
const GROWTH = 0.1;
const MIN_PAGES = 8;

export interface TableSize {
  name: string;
  /** Pages now. */
  pages: number;
  /** Pages at the last VACUUM or ANALYZE (0 if never). */
  relpages: number;
  /** False until the table is first analyzed (it has statistics in pg_stats). */
  analyzed: boolean;
}

/** Whether a table needs VACUUM (ANALYZE), by the rule above. */
export function isDue(t: TableSize): boolean {
  if (t.pages === 0) return false;
  if (!t.analyzed) return true;
  return t.pages >= t.relpages * (1 + GROWTH) + MIN_PAGES;
}

/** The sizes of the tables of the application's schema. */
export async function tableSizes(database: Database): Promise<TableSize[]> {
  return rows<TableSize>(
    database.db,
    // Statistics, not just a row estimate: CREATE INDEX on a table with data sets reltuples too.
    sql`select c.relname as name, c.relpages::int as relpages,
        c.reltuples >= 0
          and exists (select 1 from pg_stats s where s.schemaname = n.nspname and s.tablename = c.relname) as analyzed,
        (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r'
      order by c.relname`,
  );
}

export interface UpkeepResult {
  /** The tables vacuumed and analyzed, in order. */
  tables: string[];
  ms: number;
}

/**
 * On PGlite: VACUUM (ANALYZE) every due table (`isDue`). Null on PostgreSQL (autovacuum's work).
 * Run by the scheduler (at start and every 10 minutes) and after the demo city is seeded.
 */
export async function upkeep(database: Database): Promise<UpkeepResult | null> {
  if (database.kind !== 'pglite' || !database.lite) return null;
  const began = performance.now();
  const tables: string[] = [];
  for (const t of await tableSizes(database)) {
    if (!isDue(t)) continue;
    // Not in a transaction (VACUUM refuses one); requests queued meanwhile run between tables.
    await database.lite.exec(`vacuum (analyze) "${t.name.replaceAll('"', '""')}"`);
    tables.push(t.name);
    await new Promise((done) => setImmediate(done));
  }
  return { tables, ms: Math.round(performance.now() - began) };
}
