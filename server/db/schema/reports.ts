import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { CrossFieldRule, FormField, ReportValue, ReportValues } from '../../../shared/daily-reports';
import type { DirectiveAction, DirectiveTarget } from '../../../shared/schemas/directives';
import { users } from './accounts';
import { enterprises } from './enterprises';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const day = () => date({ mode: 'string' });

/** 日报告数据集: each change of the form is a new version; reports keep the version they were filed with. */
export const reportForms = pgTable('report_forms', {
  version: integer().primaryKey(),
  fields: jsonb().$type<FormField[]>().notNull(),
  rules: jsonb().$type<CrossFieldRule[]>().notNull().default([]),
  /** HH:MM Asia/Shanghai. */
  deadline: text().notNull(),
  lockAfterDays: integer().notNull(),
  note: text(),
  createdAt: ts().notNull(),
  createdBy: integer().references(() => users.id),
});

/**
 * 日报告: one enterprise's report for one day (the latest revision's values). `onTime` is fixed at
 * the first filing; `capacityPct` and `onSiteWorkers` are copied out of `values` for the KPIs.
 */
export const dailyReports = pgTable(
  'daily_reports',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    date: day().notNull(),
    formVersion: integer()
      .notNull()
      .references(() => reportForms.version),
    values: jsonb().$type<ReportValues>().notNull(),
    zero: boolean().notNull().default(false),
    content: text({ enum: ['zero', 'normal', 'abnormal'] }).notNull(),
    onTime: boolean().notNull(),
    onSiteWorkers: integer(),
    capacityPct: doublePrecision(),
    revision: integer().notNull().default(1),
    onBehalf: boolean().notNull().default(false),
    firstFiledAt: ts().notNull(),
    firstFiledBy: integer().references(() => users.id),
    updatedAt: ts().notNull(),
    updatedBy: integer().references(() => users.id),
  },
  (t) => [
    // One report per enterprise per day; also serves "latest report on or before D" per enterprise.
    uniqueIndex('daily_reports_enterprise_date_key').on(t.enterpriseId, t.date),
    // A day's reports across the city (completeness, drill-down). It also carries the columns the
    // KPIs read (on time, capacity, on site), so a day's figures come from the index alone.
    index('daily_reports_date_enterprise_idx').on(
      t.date,
      t.enterpriseId,
      t.onTime,
      t.capacityPct,
      t.onSiteWorkers,
    ),
  ],
);

/** Every filing of a report, immutable: who, when, on whose behalf, and what changed. */
export const dailyReportRevisions = pgTable(
  'daily_report_revisions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    reportId: integer()
      .notNull()
      .references(() => dailyReports.id),
    revision: integer().notNull(),
    formVersion: integer().notNull(),
    values: jsonb().$type<ReportValues>().notNull(),
    zero: boolean().notNull(),
    content: text({ enum: ['zero', 'normal', 'abnormal'] }).notNull(),
    changes: jsonb()
      .$type<Record<string, { from: ReportValue | null; to: ReportValue | null }>>()
      .notNull()
      .default({}),
    onBehalf: boolean().notNull(),
    source: text({ enum: ['web', 'api', 'import'] }).notNull(),
    filedBy: integer().references(() => users.id),
    filedAt: ts().notNull(),
  },
  (t) => [uniqueIndex('daily_report_revisions_report_revision_key').on(t.reportId, t.revision)],
);

/** An abnormal report's alert to the district and the liaison; open until the action taken is recorded. */
export const reportAlerts = pgTable(
  'report_alerts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    reportId: integer()
      .notNull()
      .references(() => dailyReports.id),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    date: day().notNull(),
    revision: integer().notNull(),
    values: jsonb().$type<ReportValues>().notNull(),
    status: text({ enum: ['open', 'acknowledged'] }).notNull(),
    createdAt: ts().notNull(),
    acknowledgedAt: ts(),
    acknowledgedBy: integer().references(() => users.id),
    actionTaken: text(),
  },
  (t) => [
    // At most one open alert per report: a corrected, still abnormal report does not raise another.
    uniqueIndex('report_alerts_open_key').on(t.reportId).where(sql`${t.status} = 'open'`),
    index().on(t.status, t.createdAt),
    index().on(t.enterpriseId, t.date),
  ],
);

/**
 * In-app notifications. `dedupeKey` is (kind, subject, enterprise, date, recipient) written out:
 * sending the same reminder twice never makes a second row.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    kind: text().notNull(),
    enterpriseId: integer().references(() => enterprises.id),
    refDate: day(),
    subjectType: text(),
    subjectId: integer(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text().notNull(),
    createdAt: ts().notNull(),
    readAt: ts(),
  },
  (t) => [uniqueIndex('notifications_dedupe_key').on(t.dedupeKey), index().on(t.userId, t.id)],
);

/**
 * Messages for an external gateway (SMS, messaging webhook) with their delivery state; a sender
 * posts them to TONGCHOU_WEBHOOK_URL and retries with backoff. Deduplicated like notifications.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    channel: text({ enum: ['sms', 'webhook'] }).notNull(),
    /** Phone number (sms) or the recipient's user id (webhook). */
    recipient: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull(),
    lastError: text(),
    dedupeKey: text().notNull(),
    createdAt: ts().notNull(),
    sentAt: ts(),
  },
  (t) => [uniqueIndex('outbox_dedupe_key').on(t.dedupeKey), index().on(t.status, t.nextAttemptAt)],
);

/** Scheduled chase runs, one row per (kind, day, stage): the unique key makes a run happen once across nodes. */
export const chaseRuns = pgTable(
  'chase_runs',
  {
    kind: text().notNull(),
    date: day().notNull(),
    stage: text().notNull(),
    ranAt: ts().notNull(),
    result: jsonb(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.date, t.stage] })],
);

/** 指挥部令: an order from the command HQ with required actions, target enterprises and a due date. */
export const directives = pgTable(
  'directives',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    title: text().notNull(),
    body: text().notNull(),
    actions: jsonb().$type<DirectiveAction[]>().notNull(),
    target: jsonb().$type<DirectiveTarget>().notNull(),
    dueDate: day().notNull(),
    targetCount: integer().notNull().default(0),
    issuedAt: ts().notNull(),
    issuedBy: integer().references(() => users.id),
  },
  (t) => [index().on(t.dueDate)],
);

/** The enterprises a directive binds (fixed when issued) and each one's acknowledgement and ticks. */
export const directiveTargets = pgTable(
  'directive_targets',
  {
    directiveId: integer()
      .notNull()
      .references(() => directives.id),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    acknowledgedAt: ts(),
    acknowledgedBy: integer().references(() => users.id),
    onBehalf: boolean().notNull().default(false),
    actions: jsonb().$type<Record<string, boolean>>().notNull().default({}),
    completedAt: ts(),
    updatedAt: ts(),
  },
  (t) => [primaryKey({ columns: [t.directiveId, t.enterpriseId] }), index().on(t.enterpriseId)],
);
