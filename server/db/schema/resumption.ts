import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { PhaseRule } from '../../../shared/phases';
import type { ApplicationContent } from '../../../shared/schemas/resumption';
import { users } from './accounts';
import { enterprises } from './enterprises';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const day = () => date({ mode: 'string' });

/** The resumption plan as a whole: one row, whose version guards concurrent edits of the phases. */
export const resumptionPlans = pgTable('resumption_plans', {
  id: integer().primaryKey(),
  version: integer().notNull().default(1),
  updatedAt: ts(),
  updatedBy: integer().references(() => users.id),
});

/** 梯次: a phase of the resumption plan with its earliest date and eligibility rule. */
export const resumptionPhases = pgTable('resumption_phases', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  code: text().notNull().unique(),
  name: text().notNull(),
  nameEn: text().notNull().default(''),
  /** Null: held back, no date yet. */
  earliestDate: day(),
  priority: integer().notNull(),
  rule: jsonb().$type<PhaseRule>().notNull(),
  requiresVerification: boolean().notNull().default(false),
  version: integer().notNull().default(1),
  createdAt: ts().notNull(),
  updatedAt: ts().notNull(),
});

/** Phase overrides, history kept: the newest row wins; a null phase clears the override. */
export const phaseOverrides = pgTable(
  'phase_overrides',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    phaseCode: text(),
    reason: text().notNull(),
    by: integer().references(() => users.id),
    at: ts().notNull(),
  },
  (t) => [index().on(t.enterpriseId, t.id)],
);

/** The commander's exemption from the phase-date gate for one enterprise. */
export const resumptionExemptions = pgTable(
  'resumption_exemptions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    /** The phase the enterprise was in when exempted (for the record). */
    phaseCode: text(),
    reason: text().notNull(),
    by: integer().references(() => users.id),
    at: ts().notNull(),
  },
  (t) => [index().on(t.enterpriseId)],
);

/** 复工申请: the working copy of an application; every submitted version is a revision. */
export const resumptionApplications = pgTable(
  'resumption_applications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    status: text({ enum: ['draft', 'submitted', 'returned', 'approved'] }).notNull(),
    plannedDate: day(),
    /** Workforce plan, prevention and safety checklists (drafts may be incomplete). */
    content: jsonb().$type<Omit<ApplicationContent, 'plannedDate'>>().notNull(),
    onBehalf: boolean().notNull().default(false),
    createdBy: integer().references(() => users.id),
    /** Submitted revisions so far. */
    revisionNo: integer().notNull().default(0),
    submittedAt: ts(),
    reviewedAt: ts(),
    reviewedBy: integer().references(() => users.id),
    returnReason: text(),
    version: integer().notNull().default(1),
    createdAt: ts().notNull(),
    updatedAt: ts().notNull(),
  },
  (t) => [
    index().on(t.enterpriseId),
    index().on(t.status, t.submittedAt),
    // One open application per enterprise.
    uniqueIndex('resumption_applications_open_key')
      .on(t.enterpriseId)
      .where(sql`${t.status} in ('draft', 'submitted', 'returned')`),
  ],
);

/** Every submitted version of an application, immutable. */
export const resumptionApplicationRevisions = pgTable(
  'resumption_application_revisions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer()
      .notNull()
      .references(() => resumptionApplications.id),
    revisionNo: integer().notNull(),
    plannedDate: day(),
    content: jsonb().$type<Omit<ApplicationContent, 'plannedDate'>>().notNull(),
    onBehalf: boolean().notNull().default(false),
    submittedBy: integer().references(() => users.id),
    submittedAt: ts().notNull(),
  },
  (t) => [uniqueIndex().on(t.applicationId, t.revisionNo)],
);

/** The district's decisions on an application. */
export const resumptionReviews = pgTable(
  'resumption_reviews',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer()
      .notNull()
      .references(() => resumptionApplications.id),
    revisionNo: integer().notNull(),
    decision: text({ enum: ['approve', 'return'] }).notNull(),
    reason: text(),
    by: integer().references(() => users.id),
    at: ts().notNull(),
  },
  (t) => [index().on(t.applicationId)],
);

/** A liaison's on-site verification (the first person of the two-person rule). */
export const resumptionVerifications = pgTable(
  'resumption_verifications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer()
      .notNull()
      .references(() => resumptionApplications.id),
    revisionNo: integer().notNull(),
    passed: boolean().notNull(),
    note: text().notNull(),
    by: integer().references(() => users.id),
    at: ts().notNull(),
  },
  (t) => [index().on(t.applicationId)],
);

/**
 * An enterprise's resumption status as dated changes. "Status on day D" is the latest row with
 * effective_date ≤ D (ties by id); the index serves exactly that lookup per enterprise.
 */
export const resumptionStatusEvents = pgTable(
  'resumption_status_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    status: text({
      enum: ['not_applied', 'applied', 'returned', 'approved', 'resumed', 'suspended', 'closed'],
    }).notNull(),
    effectiveDate: day().notNull(),
    at: ts().notNull(),
    by: integer().references(() => users.id),
    reason: text(),
    applicationId: integer().references(() => resumptionApplications.id),
  },
  (t) => [
    index('resumption_status_events_latest_idx').on(t.enterpriseId, t.effectiveDate, t.id),
    index().on(t.effectiveDate),
  ],
);

/** A liaison's visit to an enterprise, with the problems raised. */
export const liaisonVisits = pgTable(
  'liaison_visits',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    liaisonId: integer()
      .notNull()
      .references(() => users.id),
    date: day().notNull(),
    purpose: text({ enum: ['prevention', 'safety', 'service'] }).notNull(),
    checked: text().notNull().default(''),
    findings: text().notNull().default(''),
    problems: jsonb()
      .$type<{ category: string; description: string; status: 'open' | 'closed' }[]>()
      .notNull()
      .default([]),
    createdAt: ts().notNull(),
  },
  (t) => [index().on(t.enterpriseId, t.date), index().on(t.liaisonId, t.date)],
);
