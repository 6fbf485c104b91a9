import { z } from 'zod';
import { DirectiveTargetStatus, ENTERPRISE_FLAGS, SizeClass } from '../enums';
import { IsoDate } from './common';
import { PersonRef } from './resumption';

const PageFields = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const DirectiveAction = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][A-Za-z0-9_]{0,39}$/, 'letters, digits or _, starting with a lower-case letter'),
  label: z.string().trim().min(1).max(200),
  labelEn: z.string().trim().max(200).optional(),
});
export type DirectiveAction = z.infer<typeof DirectiveAction>;

/**
 * Which enterprises a directive binds: every criterion given must hold (an empty rule: all active
 * enterprises); within a list, any entry. `resumedOnly`: only those resumed on the issue date.
 */
export const DirectiveTarget = z.strictObject({
  divisions: z
    .array(z.string().regex(/^\d{6,12}$/))
    .max(50)
    .optional(),
  flags: z.array(z.enum(ENTERPRISE_FLAGS)).max(10).optional(),
  industryPrefixes: z
    .array(z.string().regex(/^\d{2,4}$/, 'a GB/T 4754 code prefix of 2–4 digits'))
    .max(100)
    .optional(),
  sizeClasses: z.array(SizeClass).max(4).optional(),
  aboveScale: z.boolean().optional(),
  resumedOnly: z.boolean().optional(),
});
export type DirectiveTarget = z.infer<typeof DirectiveTarget>;

export const DirectiveInput = z.strictObject({
  /** e.g. 本溪市新冠肺炎疫情防控指挥部令（第5号） */
  title: z.string().trim().min(2).max(200),
  body: z.string().trim().min(1).max(20_000),
  actions: z.array(DirectiveAction).min(1).max(30),
  target: DirectiveTarget,
  dueDate: IsoDate,
});
export type DirectiveInput = z.infer<typeof DirectiveInput>;

/** One enterprise's acknowledgement: the actions it has done (true) or undone (false). */
export const DirectiveAckInput = z.strictObject({
  /** Required when a liaison acknowledges on the enterprise's behalf. */
  enterpriseId: z.number().int().positive().optional(),
  actions: z.record(z.string().max(40), z.boolean()),
});
export type DirectiveAckInput = z.infer<typeof DirectiveAckInput>;

export const DirectiveTargetView = z.object({
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  status: DirectiveTargetStatus,
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: PersonRef.nullable(),
  onBehalf: z.boolean(),
  actions: z.record(z.string(), z.boolean()),
  completedAt: z.string().nullable(),
});
export type DirectiveTargetView = z.infer<typeof DirectiveTargetView>;

export const DirectiveView = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string(),
  actions: z.array(DirectiveAction),
  target: DirectiveTarget,
  dueDate: z.string(),
  overdue: z.boolean(),
  issuedAt: z.string(),
  issuedBy: PersonRef.nullable(),
  /** Enterprises bound when it was issued. */
  targetCount: z.number().int(),
  /** The acknowledgement of the caller's enterprise (enterprise accounts). */
  mine: DirectiveTargetView.nullable(),
  abilities: z.array(z.string()),
});
export type DirectiveView = z.infer<typeof DirectiveView>;

export const DirectiveListQuery = z.object({
  /** Only directives still open (due today or later) or overdue ones. */
  state: z.enum(['open', 'overdue', 'all']).default('all'),
  ...PageFields,
});
export type DirectiveListQuery = z.infer<typeof DirectiveListQuery>;

const ComplianceFigures = {
  targeted: z.number().int(),
  acknowledged: z.number().int(),
  completed: z.number().int(),
  /** completed ÷ targeted. */
  complianceRate: z.number().nullable(),
};

export const DirectiveCompliance = z.object({
  directiveId: z.number().int(),
  dueDate: z.string(),
  overdue: z.boolean(),
  total: z.object(ComplianceFigures),
  byDivision: z.array(z.object({ divisionCode: z.string(), divisionName: z.string(), ...ComplianceFigures })),
  /** How many targets have done each action. */
  actions: z.array(z.object({ key: z.string(), label: z.string(), done: z.number().int() })),
});
export type DirectiveCompliance = z.infer<typeof DirectiveCompliance>;

export const DirectiveTargetsQuery = z.object({
  status: DirectiveTargetStatus.optional(),
  division: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
  ...PageFields,
});
export type DirectiveTargetsQuery = z.infer<typeof DirectiveTargetsQuery>;

/** POST /api/directives/chase: one directive, or (none named) every overdue one in scope. */
export const DirectiveChaseInput = z.strictObject({ directiveId: z.number().int().positive().optional() });
export type DirectiveChaseInput = z.infer<typeof DirectiveChaseInput>;

export const DirectiveChaseResult = z.object({
  date: z.string(),
  directives: z.number().int(),
  overdueTargets: z.number().int(),
  notifications: z.number().int(),
  outbox: z.number().int(),
});
export type DirectiveChaseResult = z.infer<typeof DirectiveChaseResult>;
