import { integer, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';
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
