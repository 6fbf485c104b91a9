import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import {
  DEMAND_CATEGORIES,
  DEMAND_CLOSURES,
  DEMAND_EVENTS,
  DEMAND_SOURCES,
  DEMAND_STATUSES,
  DEMAND_URGENCIES,
} from '../../../shared/demands';
import { users } from './accounts';
import { enterprises } from './enterprises';
import { departments } from './reference';
import { liaisonVisits } from './resumption';
import { inspections } from './safety';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const day = () => date({ mode: 'string' });

/** An enterprise's demand (企业诉求) and where it stands; its steps are in demand_events. */
export const demands = pgTable(
  'demands',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    category: text({ enum: DEMAND_CATEGORIES }).notNull(),
    description: text().notNull(),
    urgency: text({ enum: DEMAND_URGENCIES }).notNull().default('normal'),
    attachmentIds: jsonb().$type<number[]>().notNull().default(sql`'[]'::jsonb`),
    source: text({ enum: DEMAND_SOURCES }).notNull(),
    visitId: integer().references(() => liaisonVisits.id),
    /** Which of the visit's problems (its index in liaison_visits.problems). */
    visitProblemIndex: integer(),
    inspectionId: integer().references(() => inspections.id),
    raisedBy: integer().references(() => users.id),
    raisedAt: ts().notNull(),
    raisedOn: day().notNull(),
    leadDepartment: text()
      .notNull()
      .references(() => departments.code),
    coDepartments: text().array().notNull().default(sql`'{}'::text[]`),
    handlerId: integer().references(() => users.id),
    /** The routing rule set version that routed it (null: placed by hand). */
    routingVersion: integer(),
    status: text({ enum: DEMAND_STATUSES }).notNull(),
    acceptDays: smallint().notNull(),
    resolveDays: smallint().notNull(),
    acceptDueOn: day().notNull(),
    resolveDueOn: day().notNull(),
    pausedWorkdays: integer().notNull().default(0),
    pausedOn: day(),
    escalationLevel: smallint().notNull().default(0),
    acceptedAt: ts(),
    acceptedOnTime: boolean(),
    resolvedAt: ts(),
    resolvedOnTime: boolean(),
    resolution: text(),
    autoCloseOn: day(),
    closedAt: ts(),
    closure: text({ enum: DEMAND_CLOSURES }),
    solved: boolean(),
    rating: smallint(),
    comment: text(),
    reopenCount: integer().notNull().default(0),
    version: integer().notNull().default(1),
    createdAt: ts().notNull(),
    updatedAt: ts().notNull(),
  },
  (t) => [
    index().on(t.enterpriseId),
    index().on(t.leadDepartment, t.status),
    index().on(t.raisedOn),
    index().on(t.visitId),
    index('demands_open_idx').on(t.status).where(sql`${t.status} <> 'closed'`),
    check('demands_rating_range', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
    check('demands_escalation_range', sql`${t.escalationLevel} between 0 and 2`),
  ],
);

/** Every step, transfer, comment and escalation of a demand (who, when, from, to, note). */
export const demandEvents = pgTable(
  'demand_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    demandId: integer()
      .notNull()
      .references(() => demands.id),
    event: text({ enum: DEMAND_EVENTS }).notNull(),
    fromStatus: text({ enum: DEMAND_STATUSES }),
    toStatus: text({ enum: DEMAND_STATUSES }),
    fromDepartment: text(),
    toDepartment: text(),
    note: text(),
    actorId: integer().references(() => users.id),
    actorName: text().notNull().default(''),
    at: ts().notNull(),
  },
  (t) => [index().on(t.demandId, t.at)],
);

/**
 * Routing rules: category (optionally narrowed by division and industry prefix) → department, with
 * the SLA. Saving writes a whole new set with the next version; the current set is the highest
 * version, older ones stay for the record.
 */
export const demandRoutingRules = pgTable(
  'demand_routing_rules',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    version: integer().notNull(),
    position: integer().notNull(),
    category: text({ enum: DEMAND_CATEGORIES }).notNull(),
    divisionCode: text(),
    industryPrefix: text(),
    departmentCode: text()
      .notNull()
      .references(() => departments.code),
    acceptDays: smallint().notNull(),
    resolveDays: smallint().notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: ts().notNull(),
  },
  (t) => [index().on(t.version, t.position)],
);

/** A department's canned replies. */
export const demandTemplates = pgTable(
  'demand_templates',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    departmentCode: text()
      .notNull()
      .references(() => departments.code),
    category: text({ enum: DEMAND_CATEGORIES }),
    title: text().notNull(),
    body: text().notNull(),
    createdBy: integer().references(() => users.id),
    version: integer().notNull().default(1),
    createdAt: ts().notNull(),
    updatedAt: ts().notNull(),
  },
  (t) => [index().on(t.departmentCode)],
);
