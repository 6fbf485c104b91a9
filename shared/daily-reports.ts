/**
 * 日报告、零报告: the daily report form and its rules as pure functions — validating a filing
 * against a form version, classifying what it says, deadlines, the correction lock, per-day status
 * and the completeness/timeliness rates. Shared by the server, the demo generator and the web app.
 */
import type { ReportContent, ReportFieldType, SubmissionStatus } from './enums';
import { daysBetween } from './resumption';

/** One data item of the form. `min`/`max` bound numbers; `abnormalIfNonZero` flags a health signal. */
export interface FormField {
  key: string;
  labelZh: string;
  labelEn: string;
  type: ReportFieldType;
  required: boolean;
  min?: number | null;
  max?: number | null;
  abnormalIfNonZero: boolean;
}

/** A cross-field rule: `values[field] ≤ values[lte]` whenever both are given. */
export interface CrossFieldRule {
  field: string;
  lte: string;
}

/** A version of the form (数据集): fields, rules, the daily deadline and the correction lock. */
export interface ReportFormDef {
  fields: FormField[];
  rules: CrossFieldRule[];
  /** HH:MM, Asia/Shanghai: a report filed later than this on its day is late. */
  deadline: string;
  /** Days after the report's date after which only the district (or HQ) may correct it. */
  lockAfterDays: number;
}

export type ReportValue = number | string | boolean;
export type ReportValues = Record<string, ReportValue>;

/** One problem with a filing, addressed as `values.<key>` (or `zero`). */
export interface ValueIssue {
  path: string;
  reason: string;
  params?: Record<string, unknown>;
}

/** The default form's keys, in form order (the issue's contract). */
export const DEFAULT_FIELD_KEYS = [
  'onSiteWorkers',
  'returnedToday',
  'fromOutsideProvince',
  'fromKeyAreas',
  'underObservation',
  'feverOrSymptoms',
  'suspected',
  'confirmed',
  'capacityPct',
  'remarks',
] as const;

const count = (
  key: string,
  labelZh: string,
  labelEn: string,
  abnormal = false,
  required = true,
): FormField => ({
  key,
  labelZh,
  labelEn,
  type: 'integer',
  required,
  min: 0,
  max: 1_000_000,
  abnormalIfNonZero: abnormal,
});

/** The form the platform starts with (version 1). */
export const DEFAULT_FORM: ReportFormDef = {
  fields: [
    count('onSiteWorkers', '在岗人数', 'Workers on site'),
    count('returnedToday', '当日返岗人数', 'Returned today'),
    count('fromOutsideProvince', '其中省外返岗', 'From outside the province'),
    count('fromKeyAreas', '其中来自疫情重点地区', 'From key epidemic areas'),
    count('underObservation', '居家或集中医学观察人数', 'Under medical observation'),
    count('feverOrSymptoms', '发热或有症状人数', 'Fever or symptoms', true),
    count('suspected', '疑似病例', 'Suspected cases', true),
    count('confirmed', '确诊病例', 'Confirmed cases', true),
    {
      key: 'capacityPct',
      labelZh: '产能恢复率（%）',
      labelEn: 'Capacity (%)',
      type: 'percent',
      required: true,
      min: 0,
      max: 100,
      abnormalIfNonZero: false,
    },
    {
      key: 'remarks',
      labelZh: '备注',
      labelEn: 'Remarks',
      type: 'text',
      required: false,
      abnormalIfNonZero: false,
    },
  ],
  rules: [
    { field: 'returnedToday', lte: 'onSiteWorkers' },
    { field: 'fromOutsideProvince', lte: 'onSiteWorkers' },
    { field: 'fromKeyAreas', lte: 'fromOutsideProvince' },
    { field: 'feverOrSymptoms', lte: 'onSiteWorkers' },
    { field: 'suspected', lte: 'onSiteWorkers' },
  ],
  deadline: '10:00',
  lockAfterDays: 3,
};

const TEXT_MAX = 1000;
const NUMERIC: readonly ReportFieldType[] = ['integer', 'decimal', 'percent'];
export const isNumericField = (f: Pick<FormField, 'type'>) => NUMERIC.includes(f.type);

/** A zero value of a field's type (what a zero report fills in for an abnormal field). */
function zeroOf(f: FormField): ReportValue {
  return f.type === 'boolean' ? false : 0;
}

function isNonZero(v: ReportValue | undefined): boolean {
  return v !== undefined && v !== 0 && v !== false && v !== '';
}

/**
 * Checks a filing's values against a form version: unknown fields, types, required fields,
 * bounds, cross-field rules, and for a zero report (`zero: true`) that every abnormal field is 0
 * (those left out are set to 0; the workforce figures are still required). Returns the values to
 * store (nulls dropped, zero fills applied) and every problem found.
 */
export function validateValues(
  form: Pick<ReportFormDef, 'fields' | 'rules'>,
  input: Record<string, unknown>,
  opts: { zero?: boolean } = {},
): { values: ReportValues; issues: ValueIssue[] } {
  const issues: ValueIssue[] = [];
  const values: ReportValues = {};
  const byKey = new Map(form.fields.map((f) => [f.key, f]));
  for (const key of Object.keys(input)) {
    if (!byKey.has(key)) issues.push({ path: `values.${key}`, reason: 'unknown_field' });
  }
  for (const f of form.fields) {
    const path = `values.${f.key}`;
    const raw = input[f.key];
    if (raw === undefined || raw === null || raw === '') {
      if (opts.zero && f.abnormalIfNonZero) values[f.key] = zeroOf(f);
      else if (f.required) issues.push({ path, reason: 'required' });
      continue;
    }
    const problem = typeProblem(f, raw);
    if (problem) {
      issues.push({ path, ...problem });
      continue;
    }
    const v = raw as ReportValue;
    if (typeof v === 'number') {
      const min = f.min ?? (f.type === 'percent' ? 0 : null);
      const max = f.max ?? (f.type === 'percent' ? 100 : null);
      if (min !== null && v < min) {
        issues.push({ path, reason: 'below_min', params: { min } });
        continue;
      }
      if (max !== null && v > max) {
        issues.push({ path, reason: 'above_max', params: { max } });
        continue;
      }
    }
    if (opts.zero && f.abnormalIfNonZero && isNonZero(v)) {
      issues.push({ path, reason: 'zero_report_abnormal' });
      continue;
    }
    values[f.key] = v;
  }
  for (const r of form.rules) {
    const a = values[r.field];
    const b = values[r.lte];
    if (typeof a === 'number' && typeof b === 'number' && a > b) {
      issues.push({ path: `values.${r.field}`, reason: 'exceeds', params: { other: r.lte, field: r.lte } });
    }
  }
  return { values, issues };
}

function typeProblem(f: FormField, v: unknown): Omit<ValueIssue, 'path'> | null {
  switch (f.type) {
    case 'integer':
      if (typeof v !== 'number' || !Number.isFinite(v))
        return { reason: 'not_a_number', params: { value: v } };
      if (!Number.isInteger(v)) return { reason: 'not_an_integer', params: { value: v } };
      return null;
    case 'decimal':
    case 'percent':
      if (typeof v !== 'number' || !Number.isFinite(v))
        return { reason: 'not_a_number', params: { value: v } };
      return null;
    case 'text':
      if (typeof v !== 'string') return { reason: 'not_text' };
      if (v.length > TEXT_MAX) return { reason: 'too_long', params: { max: TEXT_MAX } };
      return null;
    case 'boolean':
      return typeof v === 'boolean' ? null : { reason: 'not_boolean' };
  }
}

/** The abnormal non-zero values of a filing (what an alert is about). */
export function abnormalValues(form: Pick<ReportFormDef, 'fields'>, values: ReportValues): ReportValues {
  const out: ReportValues = {};
  for (const f of form.fields)
    if (f.abnormalIfNonZero && isNonZero(values[f.key])) out[f.key] = values[f.key];
  return out;
}

/**
 * What a filed report says: abnormal when any abnormal field is non-zero; a zero report when the
 * filer declared "nothing abnormal today" (never inferred from silence); otherwise normal.
 */
export function reportContent(
  form: Pick<ReportFormDef, 'fields'>,
  values: ReportValues,
  zero: boolean,
): ReportContent {
  if (Object.keys(abnormalValues(form, values)).length) return 'abnormal';
  return zero ? 'zero' : 'normal';
}

/** Field-by-field differences between two versions of the values (for a revision's "what changed"). */
export function changedValues(
  before: ReportValues | null,
  after: ReportValues,
): Record<string, { from: ReportValue | null; to: ReportValue | null }> {
  const out: Record<string, { from: ReportValue | null; to: ReportValue | null }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const k of keys) {
    const a = before?.[k] ?? null;
    const b = after[k] ?? null;
    if (a !== b) out[k] = { from: a, to: b };
  }
  return out;
}

/** The instant of a day's deadline (Asia/Shanghai, UTC+8 all year). */
export function deadlineInstant(date: string, deadline: string): Date {
  return new Date(`${date}T${deadline}:00+08:00`);
}

/** Whether a first filing at `filedAt` made the day's deadline. */
export function isOnTime(date: string, deadline: string, filedAt: Date): boolean {
  return filedAt.getTime() <= deadlineInstant(date, deadline).getTime();
}

/** Whether a day's report is past the correction window (only district/HQ may then change it). */
export function isLocked(date: string, today: string, lockAfterDays: number): boolean {
  return daysBetween(date, today) > lockAfterDays;
}

/** Whether and when a day's report came in, for an enterprise that was or was not expected. */
export function submissionStatus(expected: boolean, report: { onTime: boolean } | null): SubmissionStatus {
  if (!expected) return 'not_expected';
  if (!report) return 'missing';
  return report.onTime ? 'on_time' : 'late';
}

/**
 * Completeness (received ÷ expected) or timeliness (on time ÷ expected), DHIS2-style but never
 * above 1: callers count only the reports of expected enterprises. Null when nothing is expected.
 */
export function rate(part: number, expected: number): number | null {
  if (expected <= 0) return null;
  return Math.min(1, part / expected);
}

/**
 * Fields the KPIs read (on-duty rate, capacity release rate): they stay on every version of the
 * form with these types; the rest may be added, removed and reordered freely.
 */
export const KPI_FIELDS: Readonly<Record<string, ReportFieldType>> = {
  onSiteWorkers: 'integer',
  capacityPct: 'percent',
};

/** Problems with a form definition the commander saves (beyond the shape zod checks). */
export function validateForm(form: ReportFormDef): ValueIssue[] {
  const issues: ValueIssue[] = [];
  for (const [key, type] of Object.entries(KPI_FIELDS)) {
    const i = form.fields.findIndex((f) => f.key === key);
    if (i < 0) issues.push({ path: 'fields', reason: 'kpi_field_removed', params: { value: key } });
    else if (form.fields[i].type !== type)
      issues.push({ path: `fields.${i}.type`, reason: 'kpi_field_type', params: { value: key, type } });
  }
  const seen = new Map<string, number>();
  form.fields.forEach((f, i) => {
    const prev = seen.get(f.key);
    if (prev !== undefined)
      issues.push({ path: `fields.${i}.key`, reason: 'duplicate_key', params: { value: f.key } });
    else seen.set(f.key, i);
    if (f.min !== undefined && f.min !== null && f.max !== undefined && f.max !== null && f.min > f.max)
      issues.push({ path: `fields.${i}.max`, reason: 'max_below_min' });
    if ((f.min !== undefined && f.min !== null) || (f.max !== undefined && f.max !== null)) {
      if (!isNumericField(f)) issues.push({ path: `fields.${i}.min`, reason: 'bounds_not_numeric' });
    }
    if (f.abnormalIfNonZero && f.type === 'text')
      issues.push({ path: `fields.${i}.abnormalIfNonZero`, reason: 'abnormal_text' });
  });
  const byKey = new Map(form.fields.map((f) => [f.key, f]));
  form.rules.forEach((r, i) => {
    for (const side of ['field', 'lte'] as const) {
      const f = byKey.get(r[side]);
      if (!f)
        issues.push({ path: `rules.${i}.${side}`, reason: 'unknown_field_ref', params: { value: r[side] } });
      else if (!isNumericField(f))
        issues.push({ path: `rules.${i}.${side}`, reason: 'rule_not_numeric', params: { value: r[side] } });
    }
    if (r.field === r.lte)
      issues.push({ path: `rules.${i}.lte`, reason: 'rule_self', params: { value: r.lte } });
  });
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(form.deadline))
    issues.push({ path: 'deadline', reason: 'invalid_time' });
  return issues;
}

/** When the chase reaches whom, in minutes after the day's deadline. */
export const CHASE_STAGES = [
  { stage: 'enterprise', afterMinutes: 0 },
  { stage: 'liaison', afterMinutes: 60 },
  { stage: 'district', afterMinutes: 120 },
] as const;
export type ChaseStage = (typeof CHASE_STAGES)[number]['stage'];

/** The chase stages due at `now` for a day with this deadline. */
export function dueChaseStages(date: string, deadline: string, now: Date): ChaseStage[] {
  const base = deadlineInstant(date, deadline).getTime();
  return CHASE_STAGES.filter((s) => now.getTime() >= base + s.afterMinutes * 60_000).map((s) => s.stage);
}
