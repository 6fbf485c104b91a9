import { z } from 'zod';
import { AlertStatus, ReportContent, ReportFieldType, SubmissionStatus } from '../enums';
import { IsoDate } from './common';
import { PersonRef } from './resumption';

const PageFields = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
const Id = z.number().int().positive();
const QueryId = z.coerce.number().int().positive();
const DivisionCode = z.string().regex(/^\d{6,12}$/, 'a division code');

// ---------------------------------------------------------------------------------------------
// The form (数据集) and its versions

export const FormFieldSchema = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'camelCase letters and digits, starting with a lower-case letter'),
  labelZh: z.string().trim().min(1).max(50),
  labelEn: z.string().trim().min(1).max(100),
  type: ReportFieldType,
  required: z.boolean(),
  min: z.number().finite().nullable().optional(),
  max: z.number().finite().nullable().optional(),
  abnormalIfNonZero: z.boolean().default(false),
});

export const CrossFieldRuleSchema = z.strictObject({
  field: z.string().trim().min(1).max(40),
  lte: z.string().trim().min(1).max(40),
});

/** A new version of the form; `version` is the current version as read (stale → 409). */
export const ReportFormInput = z.strictObject({
  version: z.number().int().positive(),
  fields: z.array(FormFieldSchema).min(1).max(50),
  rules: z.array(CrossFieldRuleSchema).max(50).default([]),
  deadline: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  lockAfterDays: z.number().int().min(0).max(60),
  note: z.string().trim().max(500).optional(),
});
export type ReportFormInput = z.infer<typeof ReportFormInput>;

export const ReportFormView = z.object({
  version: z.number().int(),
  fields: z.array(FormFieldSchema),
  rules: z.array(CrossFieldRuleSchema),
  deadline: z.string(),
  lockAfterDays: z.number().int(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: PersonRef.nullable(),
  /** Who must report (fixed rule, shown for clarity). */
  expectedRule: z.string(),
});
export type ReportFormView = z.infer<typeof ReportFormView>;

export const FormVersionParam = z.object({ version: z.coerce.number().int().positive() });

// ---------------------------------------------------------------------------------------------
// Filing

export const ReportValuesInput = z.record(
  z.string().max(40),
  z.union([z.number(), z.string().max(2000), z.boolean(), z.null()]),
);

/** POST /api/daily-reports: one enterprise's report for one day. */
export const FileReportInput = z.strictObject({
  enterpriseId: Id,
  date: IsoDate,
  /** 零报告: "nothing abnormal today" — abnormal fields must be 0 (or are set to 0). */
  zero: z.boolean().optional(),
  values: ReportValuesInput,
});
export type FileReportInput = z.infer<typeof FileReportInput>;

const StoredValues = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));

export const ReportView = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  date: z.string(),
  formVersion: z.number().int(),
  values: StoredValues,
  zero: z.boolean(),
  content: ReportContent,
  onTime: z.boolean(),
  /** The latest revision number (1 = as first filed). */
  revision: z.number().int(),
  /** Whether the latest revision was filed by someone other than the enterprise. */
  onBehalf: z.boolean(),
  firstFiledAt: z.string(),
  firstFiledBy: PersonRef.nullable(),
  updatedAt: z.string(),
  updatedBy: PersonRef.nullable(),
  /** Whether only the district (or HQ) may still correct it. */
  locked: z.boolean(),
  abilities: z.array(z.string()),
});
export type ReportView = z.infer<typeof ReportView>;

export const RevisionView = z.object({
  revision: z.number().int(),
  formVersion: z.number().int(),
  values: StoredValues,
  zero: z.boolean(),
  content: ReportContent,
  changes: z.record(
    z.string(),
    z.object({
      from: z.union([z.number(), z.string(), z.boolean()]).nullable(),
      to: z.union([z.number(), z.string(), z.boolean()]).nullable(),
    }),
  ),
  onBehalf: z.boolean(),
  source: z.enum(['web', 'api', 'import']),
  filedBy: PersonRef.nullable(),
  filedAt: z.string(),
});
export type RevisionView = z.infer<typeof RevisionView>;

export const ReportListQuery = z.object({
  enterpriseId: QueryId.optional(),
  date: IsoDate.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  division: DivisionCode.optional(),
  content: ReportContent.optional(),
  ...PageFields,
});
export type ReportListQuery = z.infer<typeof ReportListQuery>;

// ---------------------------------------------------------------------------------------------
// Completeness, timeliness and the enterprises behind each figure

export const CompletenessQuery = z.object({
  /** Default: today. */
  date: IsoDate.optional(),
  /** A district or town (within the caller's scope). */
  division: DivisionCode.optional(),
  /** Group by district (default) or by town/street. */
  level: z.enum(['district', 'town']).default('district'),
});
export type CompletenessQuery = z.infer<typeof CompletenessQuery>;

const Figures = {
  expected: z.number().int(),
  received: z.number().int(),
  onTime: z.number().int(),
  /** received ÷ expected, ≤ 1; null when nothing was expected. */
  completeness: z.number().nullable(),
  /** on time ÷ expected, ≤ 1. */
  timeliness: z.number().nullable(),
  abnormal: z.number().int(),
  zero: z.number().int(),
};

export const Completeness = z.object({
  date: z.string(),
  deadline: z.string(),
  total: z.object(Figures),
  byDivision: z.array(z.object({ divisionCode: z.string(), divisionName: z.string(), ...Figures })),
});
export type Completeness = z.infer<typeof Completeness>;

export const DAY_STATUS_FILTERS = [
  'expected',
  'received',
  'missing',
  'on_time',
  'late',
  'zero',
  'normal',
  'abnormal',
  'not_expected',
] as const;

export const DayStatusQuery = z.object({
  date: IsoDate.optional(),
  division: DivisionCode.optional(),
  status: z.enum(DAY_STATUS_FILTERS).default('expected'),
  ...PageFields,
});
export type DayStatusQuery = z.infer<typeof DayStatusQuery>;

export const EnterpriseDayStatus = z.object({
  enterpriseId: z.number().int(),
  name: z.string(),
  uscc: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  townCode: z.string().nullable(),
  submission: SubmissionStatus,
  content: ReportContent.nullable(),
  reportId: z.number().int().nullable(),
  firstFiledAt: z.string().nullable(),
  revision: z.number().int().nullable(),
});
export type EnterpriseDayStatus = z.infer<typeof EnterpriseDayStatus>;

// ---------------------------------------------------------------------------------------------
// Chasing

export const ChaseInput = z.strictObject({ date: IsoDate.optional() });

export const ChaseResult = z.object({
  date: z.string(),
  deadline: z.string(),
  /** Enterprises expected and not filed when the chase ran. */
  missing: z.number().int(),
  stages: z.array(
    z.object({
      stage: z.enum(['enterprise', 'liaison', 'district']),
      /** Whether the stage's time had come. */
      due: z.boolean(),
      notifications: z.number().int(),
      outbox: z.number().int(),
    }),
  ),
});
export type ChaseResult = z.infer<typeof ChaseResult>;

// ---------------------------------------------------------------------------------------------
// Abnormal-report alerts

export const AlertListQuery = z.object({
  status: AlertStatus.optional(),
  enterpriseId: QueryId.optional(),
  division: DivisionCode.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  ...PageFields,
});
export type AlertListQuery = z.infer<typeof AlertListQuery>;

export const AlertView = z.object({
  id: z.number().int(),
  reportId: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  date: z.string(),
  revision: z.number().int(),
  /** The abnormal values that raised it. */
  values: StoredValues,
  status: AlertStatus,
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: PersonRef.nullable(),
  actionTaken: z.string().nullable(),
  abilities: z.array(z.string()),
});
export type AlertView = z.infer<typeof AlertView>;

export const AcknowledgeInput = z.strictObject({ actionTaken: z.string().trim().min(2).max(2000) });

export const AlertList = z.object({
  items: z.array(AlertView),
  total: z.number().int(),
  open: z.number().int(),
});

// ---------------------------------------------------------------------------------------------
// Bulk upload

export const TemplateQuery = z.object({ date: IsoDate.optional() });
export const ImportQuery = z.object({ date: IsoDate.optional() });
