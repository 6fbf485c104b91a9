import { bigint, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { KpiKey } from '../../../shared/kpi';
import { users } from './accounts';

/**
 * KPI targets set by the command HQ: one row (id 1), absent until first saved (then the defaults
 * of shared/kpi.ts apply). `version` guards concurrent edits.
 */
export const kpiTargets = pgTable('kpi_targets', {
  id: integer().primaryKey(),
  targets: jsonb().$type<Partial<Record<KpiKey, number | null>>>().notNull(),
  version: integer().notNull().default(1),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  updatedBy: integer().references(() => users.id),
});

const count = () => integer().notNull().default(0);
const fen = () => bigint({ mode: 'number' }).notNull().default(0);

/**
 * The enterprise and hazard figures of one settled day (docs/kpis.md, "Settled days"), per district and
 * grouping: `kind` 'town' (key = town code, '' for none), 'industry' (two-digit division), 'size'
 * (size class) or 'total' (key ''). A cell counts only while its `gen` equals the district's
 * `kpi_generations.gen`; a write that can change a settled day bumps that, so stale cells are never
 * read and are recomputed on demand. Derived data: not audited, safe to delete at any time.
 */
export const kpiDayCells = pgTable(
  'kpi_day_cells',
  {
    day: date({ mode: 'string' }).notNull(),
    districtCode: text().notNull(),
    kind: text().$type<'town' | 'industry' | 'size' | 'total'>().notNull(),
    key: text().notNull(),
    gen: bigint({ mode: 'number' }).notNull(),
    aboveScaleIndustrial: count(),
    aboveScaleIndustrialResumed: count(),
    normalOutputFen: fen(),
    releasedOutputFen: fen(),
    sme: count(),
    smeResumed: count(),
    normalWorkforce: fen(),
    onSiteWorkers: fen(),
    reportsExpected: count(),
    reportsReceived: count(),
    reportsOnTime: count(),
    /** Hazards found from KPI_START (or the day, if earlier) to the day; of those, closed by its end, overdue on it. */
    hazardsFound: count(),
    hazardsClosed: count(),
    hazardsOverdue: count(),
  },
  (t) => [primaryKey({ columns: [t.day, t.districtCode, t.kind, t.key] })],
);

/** Per district, a counter bumped by every write that can change its figures on a settled day. */
export const kpiGenerations = pgTable('kpi_generations', {
  districtCode: text().primaryKey(),
  gen: bigint({ mode: 'number' }).notNull().default(0),
});
