import { z } from 'zod';
import {
  DemandCategory,
  DemandClosure,
  DemandEvent,
  DemandQueue,
  DemandSource,
  DemandStatus,
  DemandUrgency,
} from '../demands';
import { IsoDate, QueryBool } from './common';

const Id = z.number().int().positive();
const Version = z.number().int().positive();
const Text = (max: number) => z.string().trim().max(max);
const AttachmentIds = z.array(Id).max(20);
const DepartmentCode = z.string().trim().min(1).max(40);
const PageFields = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
const Ref = z.object({ code: z.string(), name: z.string() });

// ---------------------------------------------------------------------------------------------
// Raising a demand

export const DemandCreateInput = z.strictObject({
  enterpriseId: Id,
  category: DemandCategory,
  description: z.string().trim().min(5).max(2000),
  urgency: DemandUrgency.default('normal'),
  attachmentIds: AttachmentIds.optional(),
  /**
   * Where it came from; defaults from the raiser's role: enterprise → enterprise, liaison → liaison,
   * leader → contact_leader, supervisor, district and commander → inspection. `visit` is set only
   * by a liaison visit.
   */
  source: DemandSource.exclude(['visit']).optional(),
  /** An inspection this demand came out of (must be of the same enterprise). */
  inspectionId: Id.optional(),
});
export type DemandCreateInput = z.infer<typeof DemandCreateInput>;

// ---------------------------------------------------------------------------------------------
// Views

export const DemandView = z.object({
  id: z.number().int(),
  /** A human reference: SQ-2020-000123. */
  number: z.string(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  category: DemandCategory,
  description: z.string(),
  urgency: DemandUrgency,
  attachmentIds: z.array(z.number().int()),
  source: DemandSource,
  visitId: z.number().int().nullable(),
  inspectionId: z.number().int().nullable(),
  raisedBy: z.number().int().nullable(),
  raisedByName: z.string(),
  raisedAt: z.string(),
  /** The Shanghai calendar day it was raised; the SLA counts working days after it. */
  raisedOn: z.string(),
  leadDepartment: Ref,
  coDepartments: z.array(Ref),
  handlerId: z.number().int().nullable(),
  handlerName: z.string().nullable(),
  status: DemandStatus,
  acceptDueOn: z.string(),
  resolveDueOn: z.string(),
  /** The deadline that matters now (null once resolved, closed or while waiting). */
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  /** Working days the enterprise kept it waiting (the resolve deadline moved back by them). */
  pausedWorkdays: z.number().int(),
  /** Since when it has been waiting (null unless waiting). */
  pausedOn: z.string().nullable(),
  escalationLevel: z.number().int().min(0).max(2),
  acceptedAt: z.string().nullable(),
  acceptedOnTime: z.boolean().nullable(),
  resolvedAt: z.string().nullable(),
  /** Whether the first resolution came within the resolve deadline (null until resolved). */
  resolvedOnTime: z.boolean().nullable(),
  resolution: z.string().nullable(),
  /** The last day the enterprise may confirm before it closes unrated (null unless resolved). */
  autoCloseOn: z.string().nullable(),
  closedAt: z.string().nullable(),
  closure: DemandClosure.nullable(),
  /** The enterprise's verdict: solved (解决) or not; null when closed unrated or not yet closed. */
  solved: z.boolean().nullable(),
  rating: z.number().int().min(1).max(5).nullable(),
  comment: z.string().nullable(),
  reopenCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The statuses this user may move it to now. */
  transitions: z.array(DemandStatus),
  /** Whether this user may transfer it (lead department) or reassign it (commander) now. */
  canTransfer: z.boolean(),
  /** Whether this user may add a comment (anyone who sees it, co-handlers included). */
  canComment: z.boolean(),
});
export type DemandView = z.infer<typeof DemandView>;

export const DemandHistoryEntry = z.object({
  id: z.number().int(),
  event: DemandEvent,
  fromStatus: DemandStatus.nullable(),
  toStatus: DemandStatus.nullable(),
  /** Department names (transfer, reassign); null otherwise. */
  fromDepartment: z.string().nullable(),
  toDepartment: z.string().nullable(),
  note: z.string().nullable(),
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  at: z.string(),
});
export type DemandHistoryEntry = z.infer<typeof DemandHistoryEntry>;

export const DemandDetail = DemandView.extend({
  history: z.array(DemandHistoryEntry),
  enterpriseContact: z.object({ name: z.string(), phone: z.string() }),
});
export type DemandDetail = z.infer<typeof DemandDetail>;

export const DemandListQuery = z.object({
  /** One status, or `open` for everything not yet closed. */
  status: z.union([DemandStatus, z.literal('open')]).optional(),
  /** Lead or co-handling department code. */
  department: z.string().trim().max(40).optional(),
  category: DemandCategory.optional(),
  urgency: DemandUrgency.optional(),
  overdue: QueryBool.optional(),
  queue: DemandQueue.optional(),
  enterpriseId: z.coerce.number().int().positive().optional(),
  division: z.string().trim().max(12).optional(),
  /** A handler's user id, or `me`. */
  handler: z.union([z.literal('me'), z.coerce.number().int().positive()]).optional(),
  escalated: QueryBool.optional(),
  source: DemandSource.optional(),
  visitId: z.coerce.number().int().positive().optional(),
  /** Raised on or after / on or before. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(['raisedAt', 'dueOn', 'updatedAt']).default('raisedAt'),
  ...PageFields,
});
export type DemandListQuery = z.infer<typeof DemandListQuery>;

/** The department workbench's counters (in the actor's scope). */
export const DemandQueueCounts = z.object({
  new: z.number().int(),
  due_soon: z.number().int(),
  overdue: z.number().int(),
  waiting: z.number().int(),
  /** Open demands (not resolved, not closed) per handler; `handlerId` null = not yet taken. */
  byHandler: z.array(
    z.object({
      handlerId: z.number().int().nullable(),
      handlerName: z.string().nullable(),
      open: z.number().int(),
    }),
  ),
});
export type DemandQueueCounts = z.infer<typeof DemandQueueCounts>;

// ---------------------------------------------------------------------------------------------
// Lifecycle, transfer, comments

export const DemandTransitionInput = z.strictObject({
  to: DemandStatus,
  /** What is asked of the enterprise (waiting), the handler's account (resolving), why (reopening), or a remark. */
  note: Text(2000).optional(),
  /** Only the enterprise, only when confirming. */
  rating: z.number().int().min(1).max(5).optional(),
  solved: z.boolean().optional(),
  comment: Text(1000).optional(),
  version: Version,
});
export type DemandTransitionInput = z.infer<typeof DemandTransitionInput>;

export const DemandTransferInput = z.strictObject({
  departmentCode: DepartmentCode,
  reason: z.string().trim().min(2).max(500),
  /** Co-handling departments (replaces the current list when given). */
  coDepartments: z.array(DepartmentCode).max(10).optional(),
  version: Version.optional(),
});
export type DemandTransferInput = z.infer<typeof DemandTransferInput>;

export const DemandCommentInput = z.strictObject({
  note: z.string().trim().min(1).max(2000),
});
export type DemandCommentInput = z.infer<typeof DemandCommentInput>;

export const DemandBulkAcceptInput = z.strictObject({
  ids: z.array(Id).min(1).max(200),
  note: Text(500).optional(),
});
export type DemandBulkAcceptInput = z.infer<typeof DemandBulkAcceptInput>;

export const DemandBulkAcceptResult = z.object({
  accepted: z.array(z.number().int()),
  /** Ids not accepted and why: not_found (out of scope), invalid_transition, not_lead, forbidden. */
  skipped: z.array(z.object({ id: z.number().int(), reason: z.string() })),
});
export type DemandBulkAcceptResult = z.infer<typeof DemandBulkAcceptResult>;

// ---------------------------------------------------------------------------------------------
// Routing rules

export const RoutingRuleInput = z.strictObject({
  category: DemandCategory,
  /** Narrow to a district or town (null: city-wide). */
  divisionCode: z.string().trim().min(6).max(12).nullable().default(null),
  /** Narrow to GB/T 4754 industry codes starting with this (null: any industry). */
  industryPrefix: z
    .string()
    .trim()
    .regex(/^[0-9]{2,4}$/)
    .nullable()
    .default(null),
  departmentCode: DepartmentCode,
  acceptDays: z.number().int().min(1).max(10).default(1),
  resolveDays: z.number().int().min(1).max(60),
});
export type RoutingRuleInput = z.infer<typeof RoutingRuleInput>;

export const RoutingRulesInput = z.strictObject({
  /** The version the editor started from (409 if someone saved in between). */
  version: z.number().int().min(0),
  rules: z.array(RoutingRuleInput).min(1).max(500),
});
export type RoutingRulesInput = z.infer<typeof RoutingRulesInput>;

export const RoutingRuleView = z.object({
  id: z.number().int(),
  category: DemandCategory,
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  industryPrefix: z.string().nullable(),
  departmentCode: z.string(),
  departmentName: z.string(),
  acceptDays: z.number().int(),
  resolveDays: z.number().int(),
});
export type RoutingRuleView = z.infer<typeof RoutingRuleView>;

export const RoutingRules = z.object({
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  rules: z.array(RoutingRuleView),
});
export type RoutingRules = z.infer<typeof RoutingRules>;

// ---------------------------------------------------------------------------------------------
// Reply templates (per department)

export const DemandTemplateInput = z.strictObject({
  /** Required for the commander; a department user's templates are always their own department's. */
  departmentCode: DepartmentCode.optional(),
  category: DemandCategory.nullable().default(null),
  title: z.string().trim().min(1).max(100),
  body: z.string().trim().min(1).max(2000),
});
export type DemandTemplateInput = z.infer<typeof DemandTemplateInput>;

export const DemandTemplateUpdate = z.strictObject({
  category: DemandCategory.nullable().optional(),
  title: z.string().trim().min(1).max(100).optional(),
  body: z.string().trim().min(1).max(2000).optional(),
  version: Version,
});
export type DemandTemplateUpdate = z.infer<typeof DemandTemplateUpdate>;

export const DemandTemplateQuery = z.object({
  departmentCode: z.string().trim().max(40).optional(),
  category: DemandCategory.optional(),
});
export type DemandTemplateQuery = z.infer<typeof DemandTemplateQuery>;

export const DemandTemplateView = z.object({
  id: z.number().int(),
  departmentCode: z.string(),
  departmentName: z.string(),
  category: DemandCategory.nullable(),
  title: z.string(),
  body: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type DemandTemplateView = z.infer<typeof DemandTemplateView>;

// ---------------------------------------------------------------------------------------------
// Statistics and escalation

export const DemandStatsQuery = z.object({
  /** Raised on or after / on or before (default: everything up to today). */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  groupBy: z.enum(['department', 'category', 'division']).default('department'),
  category: DemandCategory.optional(),
  department: z.string().trim().max(40).optional(),
  division: z.string().trim().max(12).optional(),
});
export type DemandStatsQuery = z.infer<typeof DemandStatsQuery>;

export const DemandStatsCounts = z.object({
  /** Demands raised in the range. */
  received: z.number().int(),
  accepted: z.number().int(),
  acceptedOnTime: z.number().int(),
  resolved: z.number().int(),
  resolvedOnTime: z.number().int(),
  /** 办结: closed, confirmed or automatically. */
  closed: z.number().int(),
  /** closed ÷ received. */
  closedRate: z.number().nullable(),
  /** 解决: the enterprise confirmed it solved. */
  solved: z.number().int(),
  /** solved ÷ received. */
  solvedRate: z.number().nullable(),
  rated: z.number().int(),
  /** Mean of the enterprises' ratings (1–5); unrated closures do not count. */
  meanSatisfaction: z.number().nullable(),
  reopened: z.number().int(),
  /** Demands reopened at least once ÷ received. */
  reopenRate: z.number().nullable(),
  /** Open and past the current deadline today. */
  overdue: z.number().int(),
});
export type DemandStatsCounts = z.infer<typeof DemandStatsCounts>;

export const DemandStatsRow = DemandStatsCounts.extend({
  key: z.string(),
  name: z.string(),
  /** Department ranking: 1 = best (by solved rate, then satisfaction, then on-time resolution). */
  rank: z.number().int().nullable(),
});
export type DemandStatsRow = z.infer<typeof DemandStatsRow>;

export const DemandStats = z.object({
  from: z.string().nullable(),
  to: z.string(),
  groupBy: z.enum(['department', 'category', 'division']),
  rows: z.array(DemandStatsRow),
  totals: DemandStatsCounts,
});
export type DemandStats = z.infer<typeof DemandStats>;

export const DemandEscalationRun = z.object({
  today: z.string(),
  checked: z.number().int(),
  level1: z.number().int(),
  level2: z.number().int(),
  autoClosed: z.number().int(),
});
export type DemandEscalationRun = z.infer<typeof DemandEscalationRun>;
