import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { enterprises } from './enterprises';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const day = () => date({ mode: 'string' });
const LINES = ['epidemic', 'safety'] as const;
const SEVERITIES = ['general', 'major'] as const;
const ids = () => jsonb().$type<number[]>().notNull().default(sql`'[]'::jsonb`);

/** 市级督导落实组: a city supervision group. */
export const supervisionGroups = pgTable('supervision_groups', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  code: text().notNull().unique(),
  name: text().notNull(),
  nameEn: text().notNull().default(''),
  sort: integer().notNull().default(0),
  version: integer().notNull().default(1),
  createdAt: ts().notNull(),
  updatedAt: ts().notNull(),
});

/** “三合一”督导小分队: a squad of one group, with members from three lines. */
export const supervisionSquads = pgTable(
  'supervision_squads',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    groupId: integer()
      .notNull()
      .references(() => supervisionGroups.id),
    code: text().notNull().unique(),
    name: text().notNull(),
    version: integer().notNull().default(1),
    createdAt: ts().notNull(),
    updatedAt: ts().notNull(),
  },
  (t) => [index().on(t.groupId)],
);

/**
 * A user serving in a squad, or in a group itself (group leaders). Rows are never deleted: leaving
 * sets `endedAt`, so who supervised what and when stays known.
 */
export const supervisionMembers = pgTable(
  'supervision_members',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    groupId: integer().references(() => supervisionGroups.id),
    squadId: integer().references(() => supervisionSquads.id),
    line: text({ enum: ['industry', 'health', 'emergency'] }).notNull(),
    departmentCode: text().notNull(),
    lead: boolean().notNull().default(false),
    joinedAt: ts().notNull(),
    endedAt: ts(),
  },
  (t) => [
    index().on(t.userId),
    index().on(t.squadId),
    index().on(t.groupId),
    check('supervision_members_one_unit', sql`(${t.groupId} is null) <> (${t.squadId} is null)`),
  ],
);

/** What a group or squad supervises: a division (district or town) or one enterprise. */
export const supervisionAssignments = pgTable(
  'supervision_assignments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    groupId: integer().references(() => supervisionGroups.id),
    squadId: integer().references(() => supervisionSquads.id),
    divisionCode: text(),
    enterpriseId: integer().references(() => enterprises.id),
    reason: text(),
    assignedAt: ts().notNull(),
    endedAt: ts(),
  },
  (t) => [
    index().on(t.squadId),
    index().on(t.groupId),
    index().on(t.enterpriseId),
    check('supervision_assignments_one_unit', sql`(${t.groupId} is null) <> (${t.squadId} is null)`),
    check(
      'supervision_assignments_one_target',
      sql`(${t.divisionCode} is null) <> (${t.enterpriseId} is null)`,
    ),
  ],
);

/**
 * 检查表: one version of a checklist template. Editing writes a new version of the same family
 * and retires the old one; inspections keep pointing at the version they used.
 */
export const checklistTemplates = pgTable(
  'checklist_templates',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    family: text().notNull(),
    version: integer().notNull(),
    line: text({ enum: LINES }).notNull(),
    name: text().notNull(),
    nameEn: text().notNull(),
    description: text().notNull().default(''),
    current: boolean().notNull().default(true),
    createdBy: integer().references(() => users.id),
    createdAt: ts().notNull(),
  },
  (t) => [uniqueIndex().on(t.family, t.version), index().on(t.current)],
);

export const checklistItems = pgTable(
  'checklist_items',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    templateId: integer()
      .notNull()
      .references(() => checklistTemplates.id),
    seq: integer().notNull(),
    label: text().notNull(),
    labelEn: text().notNull(),
    category: text().notNull(),
    defaultSeverity: text({ enum: SEVERITIES }).notNull().default('general'),
  },
  (t) => [uniqueIndex().on(t.templateId, t.seq)],
);

/** What an inspector proposes to raise for a failed item, editable until sign-off. */
export interface HazardDraftData {
  category: string;
  severity: 'general' | 'major';
  description: string;
  location: string;
  responsiblePerson: string;
  deadline: string | null;
}

/** 督导检查: one on-site inspection of an enterprise against a checklist version. */
export const inspections = pgTable(
  'inspections',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    templateId: integer()
      .notNull()
      .references(() => checklistTemplates.id),
    inspectorId: integer()
      .notNull()
      .references(() => users.id),
    squadId: integer().references(() => supervisionSquads.id),
    inspectedOn: day().notNull(),
    status: text({ enum: ['draft', 'signed'] })
      .notNull()
      .default('draft'),
    note: text().notNull().default(''),
    signedAt: ts(),
    version: integer().notNull().default(1),
    createdAt: ts().notNull(),
    updatedAt: ts().notNull(),
  },
  (t) => [index().on(t.enterpriseId), index().on(t.inspectedOn), index().on(t.inspectorId)],
);

export const inspectionItems = pgTable(
  'inspection_items',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    inspectionId: integer()
      .notNull()
      .references(() => inspections.id),
    checklistItemId: integer()
      .notNull()
      .references(() => checklistItems.id),
    seq: integer().notNull(),
    result: text({ enum: ['pass', 'fail', 'na'] }),
    note: text().notNull().default(''),
    attachmentIds: ids(),
    hazardDraft: jsonb().$type<HazardDraftData>(),
  },
  (t) => [uniqueIndex().on(t.inspectionId, t.seq)],
);

/** 隐患: a defect on the epidemic or the safety line, tracked until verified fixed (整改销号). */
export const hazards = pgTable(
  'hazards',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    inspectionId: integer().references(() => inspections.id),
    inspectionItemId: integer().references(() => inspectionItems.id),
    line: text({ enum: LINES }).notNull(),
    category: text().notNull(),
    severity: text({ enum: SEVERITIES }).notNull(),
    description: text().notNull(),
    location: text().notNull().default(''),
    responsiblePerson: text().notNull().default(''),
    foundOn: day().notNull(),
    deadline: day().notNull(),
    status: text({ enum: ['open', 'rectifying', 'submitted', 'closed'] }).notNull(),
    rectificationPlan: text(),
    evidence: text(),
    attachmentIds: ids(),
    evidenceAttachmentIds: ids(),
    reportedBy: integer().references(() => users.id),
    submittedBy: integer().references(() => users.id),
    submittedAt: ts(),
    closedBy: integer().references(() => users.id),
    closedAt: ts(),
    escalationLevel: text({ enum: ['district', 'city'] }),
    version: integer().notNull().default(1),
    createdAt: ts().notNull(),
    updatedAt: ts().notNull(),
  },
  (t) => [
    index().on(t.enterpriseId),
    index().on(t.status),
    index().on(t.foundOn),
    index('hazards_pending_deadline_idx').on(t.deadline).where(sql`${t.status} <> 'closed'`),
  ],
);

/** Every step of a hazard's life, in order (who, when, from, to, note, attachments). */
export const hazardEvents = pgTable(
  'hazard_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    hazardId: integer()
      .notNull()
      .references(() => hazards.id),
    action: text({ enum: ['create', 'accept', 'submit', 'verify', 'reject', 'escalate'] }).notNull(),
    fromStatus: text(),
    toStatus: text().notNull(),
    note: text(),
    attachmentIds: ids(),
    actorId: integer().references(() => users.id),
    actorName: text().notNull().default(''),
    at: ts().notNull(),
  },
  (t) => [index().on(t.hazardId)],
);

/** An overdue hazard's escalation; one row per hazard and level, so re-running never duplicates. */
export const hazardEscalations = pgTable(
  'hazard_escalations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    hazardId: integer()
      .notNull()
      .references(() => hazards.id),
    level: text({ enum: ['district', 'city'] }).notNull(),
    /** The district whose attention it needs (the enterprise's). */
    divisionCode: text().notNull(),
    dueOn: day().notNull(),
    createdAt: ts().notNull(),
  },
  (t) => [uniqueIndex().on(t.hazardId, t.level), index().on(t.divisionCode)],
);

/** Which enterprises a campaign covers: any listed industry prefix or any listed flag (none: all). */
export interface CampaignScopeData {
  industryPrefixes: string[];
  flags: string[];
  divisionCodes: string[];
}

/** 专项治理行动: a time-boxed drive with a scope and targets; its progress is computed from data. */
export const campaigns = pgTable('campaigns', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull(),
  nameEn: text().notNull().default(''),
  description: text().notNull().default(''),
  line: text({ enum: LINES }),
  startsOn: day().notNull(),
  endsOn: day().notNull(),
  scope: jsonb().$type<CampaignScopeData>().notNull(),
  targetInspections: integer().notNull().default(0),
  targetCoveragePct: integer().notNull().default(0),
  /** The checklist family inspectors use in this campaign (its current version); none: any. */
  checklistFamily: text(),
  version: integer().notNull().default(1),
  createdBy: integer().references(() => users.id),
  createdAt: ts().notNull(),
  updatedAt: ts().notNull(),
});

export interface ResponsibilityPost {
  post: string;
  person: string;
  phone: string;
}

/** 四级责任: territorial, principal, departmental and post responsibility of one enterprise. */
export const enterpriseResponsibilities = pgTable('enterprise_responsibilities', {
  enterpriseId: integer()
    .primaryKey()
    .references(() => enterprises.id),
  districtContactName: text().notNull().default(''),
  districtContactPhone: text().notNull().default(''),
  principalName: text().notNull().default(''),
  principalTitle: text().notNull().default(''),
  principalPhone: text().notNull().default(''),
  departmentCode: text(),
  departmentContactName: text().notNull().default(''),
  posts: jsonb().$type<ResponsibilityPost[]>().notNull().default(sql`'[]'::jsonb`),
  version: integer().notNull().default(1),
  updatedBy: integer().references(() => users.id),
  updatedAt: ts().notNull(),
});

/**
 * An uploaded photo or document. It belongs to an enterprise, so the enterprise scope decides who
 * may fetch it; the file on disk has a generated name, the client's name is only metadata.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    storedName: text().notNull().unique(),
    originalName: text().notNull(),
    kind: text({ enum: ['jpeg', 'png', 'webp', 'pdf', 'docx', 'xlsx'] }).notNull(),
    mime: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    uploadedBy: integer().references(() => users.id),
    createdAt: ts().notNull(),
  },
  (t) => [index().on(t.enterpriseId)],
);
