import { z } from 'zod';
import {
  CampaignStatus,
  ENTERPRISE_FLAGS,
  EscalationLevel,
  HazardCategory,
  HazardLine,
  HazardSeverity,
  HazardStatus,
  InspectionResult,
  InspectionStatus,
  SupervisionLine,
} from '../enums';
import { IsoDate, QueryBool } from './common';

const Id = z.number().int().positive();
const Version = z.number().int().positive();
const Text = (max: number) => z.string().trim().max(max);
const AttachmentIds = z.array(Id).max(20);
const PageFields = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

// ---------------------------------------------------------------------------------------------
// Supervision groups and squads

export const SupervisionAssignmentView = z.object({
  id: z.number().int(),
  groupId: z.number().int().nullable(),
  squadId: z.number().int().nullable(),
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  enterpriseId: z.number().int().nullable(),
  enterpriseName: z.string().nullable(),
  reason: z.string().nullable(),
  assignedAt: z.string(),
});
export type SupervisionAssignmentView = z.infer<typeof SupervisionAssignmentView>;

export const SupervisionMemberView = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  groupId: z.number().int().nullable(),
  squadId: z.number().int().nullable(),
  line: SupervisionLine,
  departmentCode: z.string(),
  departmentName: z.string(),
  lead: z.boolean(),
  joinedAt: z.string(),
});
export type SupervisionMemberView = z.infer<typeof SupervisionMemberView>;

export const SupervisionGroupView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  sort: z.number().int(),
  squadCount: z.number().int(),
  members: z.array(SupervisionMemberView),
  assignments: z.array(SupervisionAssignmentView),
  version: z.number().int(),
});
export type SupervisionGroupView = z.infer<typeof SupervisionGroupView>;

export const SquadView = z.object({
  id: z.number().int(),
  groupId: z.number().int(),
  groupName: z.string(),
  code: z.string(),
  name: z.string(),
  /** The lines present among the members: a complete squad has all three. */
  lines: z.array(SupervisionLine),
  members: z.array(SupervisionMemberView),
  assignments: z.array(SupervisionAssignmentView),
  version: z.number().int(),
});
export type SquadView = z.infer<typeof SquadView>;

export const SquadListQuery = z.object({
  group: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50).optional(),
  ...PageFields,
});
export type SquadListQuery = z.infer<typeof SquadListQuery>;

export const GroupCreateInput = z.strictObject({
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(2).max(50),
  nameEn: Text(100).optional(),
  sort: z.number().int().min(0).max(1000).optional(),
});
export type GroupCreateInput = z.infer<typeof GroupCreateInput>;

export const GroupUpdateInput = z.strictObject({
  version: Version,
  name: z.string().trim().min(2).max(50).optional(),
  nameEn: Text(100).optional(),
  sort: z.number().int().min(0).max(1000).optional(),
});
export type GroupUpdateInput = z.infer<typeof GroupUpdateInput>;

export const SquadCreateInput = z.strictObject({
  groupId: Id,
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(2).max(50),
});
export type SquadCreateInput = z.infer<typeof SquadCreateInput>;

export const SquadUpdateInput = z.strictObject({
  version: Version,
  groupId: Id.optional(),
  name: z.string().trim().min(2).max(50).optional(),
});
export type SquadUpdateInput = z.infer<typeof SquadUpdateInput>;

export const SupervisorCandidateQuery = z.object({
  q: z.string().trim().max(50).optional(),
  ...PageFields,
});
export type SupervisorCandidateQuery = z.infer<typeof SupervisorCandidateQuery>;

/** A supervisor account the commander can put into a squad or group, with the units it serves in now. */
export const SupervisorCandidate = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  departmentCode: z.string().nullable(),
  departmentName: z.string().nullable(),
  disabled: z.boolean(),
  units: z.array(z.object({ kind: z.enum(['group', 'squad']), id: z.number().int(), name: z.string() })),
});
export type SupervisorCandidate = z.infer<typeof SupervisorCandidate>;

/** A member of a squad, or of a group directly (exactly one of the two). */
export const MemberCreateInput = z.strictObject({
  userId: Id,
  squadId: Id.optional(),
  groupId: Id.optional(),
  line: SupervisionLine,
  departmentCode: z.string().trim().min(1).max(30),
  lead: z.boolean().optional(),
});
export type MemberCreateInput = z.infer<typeof MemberCreateInput>;

/** A unit (squad or group) supervises a division (city, district or town) or one enterprise. */
export const AssignmentCreateInput = z.strictObject({
  squadId: Id.optional(),
  groupId: Id.optional(),
  divisionCode: z.string().trim().min(6).max(12).optional(),
  enterpriseId: Id.optional(),
  reason: Text(200).optional(),
});
export type AssignmentCreateInput = z.infer<typeof AssignmentCreateInput>;

// ---------------------------------------------------------------------------------------------
// Checklist templates

export const ChecklistItemInput = z.strictObject({
  label: z.string().trim().min(2).max(200),
  labelEn: z.string().trim().min(2).max(300),
  category: HazardCategory,
  defaultSeverity: HazardSeverity.default('general'),
});

export const ChecklistCreateInput = z.strictObject({
  line: HazardLine,
  name: z.string().trim().min(2).max(100),
  nameEn: z.string().trim().min(2).max(200),
  description: Text(1000).optional(),
  items: z.array(ChecklistItemInput).min(1).max(100),
});
export type ChecklistCreateInput = z.infer<typeof ChecklistCreateInput>;

/** Editing writes a new version; `version` is the version being edited (it must be the current one). */
export const ChecklistUpdateInput = ChecklistCreateInput.omit({ line: true }).extend({ version: Version });
export type ChecklistUpdateInput = z.infer<typeof ChecklistUpdateInput>;

export const ChecklistItemView = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  label: z.string(),
  labelEn: z.string(),
  category: z.string(),
  defaultSeverity: HazardSeverity,
});

export const ChecklistView = z.object({
  id: z.number().int(),
  family: z.string(),
  version: z.number().int(),
  line: HazardLine,
  name: z.string(),
  nameEn: z.string(),
  description: z.string(),
  current: z.boolean(),
  items: z.array(ChecklistItemView),
  createdAt: z.string(),
});
export type ChecklistView = z.infer<typeof ChecklistView>;

export const ChecklistListQuery = z.object({
  line: HazardLine.optional(),
  /** Include retired versions. */
  all: QueryBool.optional(),
});

// ---------------------------------------------------------------------------------------------
// Inspections

/** The hazard an inspector proposes for a failed item (defaults from the checklist item). */
export const HazardDraft = z.object({
  category: HazardCategory,
  severity: HazardSeverity,
  description: z.string(),
  location: z.string(),
  responsiblePerson: z.string(),
  /** Null: the default by severity, counted from the inspection day. */
  deadline: IsoDate.nullable(),
});
export type HazardDraft = z.infer<typeof HazardDraft>;

export const HazardDraftPatch = z.strictObject({
  category: HazardCategory.optional(),
  severity: HazardSeverity.optional(),
  description: z.string().trim().min(2).max(1000).optional(),
  location: Text(200).optional(),
  responsiblePerson: Text(50).optional(),
  deadline: IsoDate.nullable().optional(),
});

export const InspectionCreateInput = z.strictObject({
  enterpriseId: Id,
  templateId: Id,
  /** Defaults to today; never in the future. */
  inspectedOn: IsoDate.optional(),
  note: Text(1000).optional(),
});
export type InspectionCreateInput = z.infer<typeof InspectionCreateInput>;

export const InspectionItemPatch = z.strictObject({
  id: Id,
  result: InspectionResult.nullable().optional(),
  note: Text(1000).optional(),
  attachmentIds: AttachmentIds.optional(),
  hazard: HazardDraftPatch.optional(),
});

export const InspectionUpdateInput = z.strictObject({
  version: Version,
  inspectedOn: IsoDate.optional(),
  note: Text(1000).optional(),
  items: z.array(InspectionItemPatch).max(100).optional(),
});
export type InspectionUpdateInput = z.infer<typeof InspectionUpdateInput>;

export const InspectionSignInput = z.strictObject({ version: Version });

export const InspectionItemView = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  checklistItemId: z.number().int(),
  label: z.string(),
  labelEn: z.string(),
  category: z.string(),
  defaultSeverity: HazardSeverity,
  result: InspectionResult.nullable(),
  note: z.string(),
  attachmentIds: z.array(z.number().int()),
  hazardDraft: HazardDraft.nullable(),
  hazardId: z.number().int().nullable(),
});

export const InspectionCounts = z.object({
  pass: z.number().int(),
  fail: z.number().int(),
  na: z.number().int(),
  pending: z.number().int(),
});

export const InspectionSummary = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  templateId: z.number().int(),
  templateName: z.string(),
  templateVersion: z.number().int(),
  line: HazardLine,
  inspectorId: z.number().int(),
  inspectorName: z.string(),
  squadId: z.number().int().nullable(),
  squadName: z.string().nullable(),
  inspectedOn: z.string(),
  status: InspectionStatus,
  note: z.string(),
  signedAt: z.string().nullable(),
  counts: InspectionCounts,
  version: z.number().int(),
  abilities: z.array(z.string()),
});
export type InspectionSummary = z.infer<typeof InspectionSummary>;

export const InspectionView = InspectionSummary.extend({
  items: z.array(InspectionItemView),
  hazardIds: z.array(z.number().int()),
});
export type InspectionView = z.infer<typeof InspectionView>;

export const InspectionListQuery = z.object({
  enterprise: z.coerce.number().int().positive().optional(),
  status: InspectionStatus.optional(),
  line: HazardLine.optional(),
  division: z.string().trim().max(12).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  mine: QueryBool.optional(),
  ...PageFields,
});
export type InspectionListQuery = z.infer<typeof InspectionListQuery>;

// ---------------------------------------------------------------------------------------------
// Hazards

export const HazardCreateInput = z.strictObject({
  enterpriseId: Id,
  line: HazardLine,
  category: HazardCategory,
  severity: HazardSeverity,
  description: z.string().trim().min(2).max(1000),
  location: Text(200).optional(),
  responsiblePerson: Text(50).optional(),
  /** Defaults to today; never in the future. */
  foundOn: IsoDate.optional(),
  /** Defaults by severity: 7 days (general) or 30 (major) after it was found. */
  deadline: IsoDate.optional(),
  attachmentIds: AttachmentIds.optional(),
});
export type HazardCreateInput = z.infer<typeof HazardCreateInput>;

export const HazardTransitionInput = z.strictObject({
  to: HazardStatus,
  /** The plan (accepting), the evidence (submitting), the reason (rejecting) or a remark. */
  note: Text(2000).optional(),
  attachmentIds: AttachmentIds.optional(),
});
export type HazardTransitionInput = z.infer<typeof HazardTransitionInput>;

export const HazardListQuery = z.object({
  /** One status, or `pending` for everything not yet closed. */
  status: z.union([HazardStatus, z.literal('pending')]).optional(),
  division: z.string().trim().max(12).optional(),
  line: HazardLine.optional(),
  severity: HazardSeverity.optional(),
  category: HazardCategory.optional(),
  overdue: QueryBool.optional(),
  escalation: EscalationLevel.optional(),
  enterprise: z.coerce.number().int().positive().optional(),
  inspection: z.coerce.number().int().positive().optional(),
  campaign: z.coerce.number().int().positive().optional(),
  /** Found on or after / on or before. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(['foundOn', 'deadline', 'updatedAt']).default('foundOn'),
  ...PageFields,
});
export type HazardListQuery = z.infer<typeof HazardListQuery>;

export const HazardView = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  line: HazardLine,
  category: z.string(),
  severity: HazardSeverity,
  description: z.string(),
  location: z.string(),
  responsiblePerson: z.string(),
  foundOn: z.string(),
  deadline: z.string(),
  status: HazardStatus,
  overdue: z.boolean(),
  /** Calendar days past the deadline (0 when not overdue). */
  daysOverdue: z.number().int(),
  escalationLevel: EscalationLevel.nullable(),
  rectificationPlan: z.string().nullable(),
  evidence: z.string().nullable(),
  attachmentIds: z.array(z.number().int()),
  evidenceAttachmentIds: z.array(z.number().int()),
  inspectionId: z.number().int().nullable(),
  reportedBy: z.number().int().nullable(),
  /** Who recorded it (the inspector for a hazard raised by an inspection). */
  reportedByName: z.string().nullable(),
  submittedBy: z.number().int().nullable(),
  submittedByName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  closedBy: z.number().int().nullable(),
  /** Who verified and closed it. */
  closedByName: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The statuses this user may move it to now. */
  transitions: z.array(HazardStatus),
});
export type HazardView = z.infer<typeof HazardView>;

export const HazardEventView = z.object({
  id: z.number().int(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  note: z.string().nullable(),
  attachmentIds: z.array(z.number().int()),
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  at: z.string(),
});

export const HazardEscalationView = z.object({
  level: EscalationLevel,
  divisionCode: z.string(),
  dueOn: z.string(),
  createdAt: z.string(),
});

export const HazardDetail = HazardView.extend({
  history: z.array(HazardEventView),
  escalations: z.array(HazardEscalationView),
  /** When it goes (or went) to the district and to the city if still not closed. */
  escalationDates: z.object({ district: z.string(), city: z.string() }),
});
export type HazardDetail = z.infer<typeof HazardDetail>;

export const HazardStatsQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  division: z.string().trim().max(12).optional(),
  line: HazardLine.optional(),
  severity: HazardSeverity.optional(),
});
export type HazardStatsQuery = z.infer<typeof HazardStatsQuery>;

export const HazardCounts = z.object({
  found: z.number().int(),
  closed: z.number().int(),
  overdue: z.number().int(),
  /** closed ÷ found (null when nothing was found). */
  rectificationRate: z.number().nullable(),
});

const Bucket = HazardCounts.extend({ key: z.string(), name: z.string() });

export const HazardStats = HazardCounts.extend({
  from: z.string().nullable(),
  to: z.string(),
  /**
   * What `byDivision` is broken down by: districts, or the towns of one district when everything
   * in view lies in one district (a district user, or a district filter).
   */
  divisionLevel: z.enum(['district', 'town']),
  byDivision: z.array(Bucket),
  byLine: z.array(Bucket),
  byCategory: z.array(Bucket),
  bySeverity: z.array(Bucket),
  byCampaign: z.array(Bucket),
});
export type HazardStats = z.infer<typeof HazardStats>;

export const EscalationRun = z.object({
  today: z.string(),
  checked: z.number().int(),
  district: z.number().int(),
  city: z.number().int(),
});
export type EscalationRun = z.infer<typeof EscalationRun>;

// ---------------------------------------------------------------------------------------------
// Campaigns

export const EnterpriseFlagName = z.enum(ENTERPRISE_FLAGS);

export const CampaignScope = z.strictObject({
  /** GB/T 4754 codes or prefixes ("26" = chemicals); any match puts an enterprise in scope. */
  industryPrefixes: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[0-9]{2,4}$/),
    )
    .max(50)
    .default([]),
  flags: z.array(EnterpriseFlagName).max(6).default([]),
  /** Limits the scope to these divisions (empty: city-wide). */
  divisionCodes: z.array(z.string().trim().min(6).max(12)).max(50).default([]),
});
export type CampaignScope = z.infer<typeof CampaignScope>;

export const CampaignTargets = z.strictObject({
  inspections: z.number().int().min(0).max(1_000_000),
  coveragePct: z.number().int().min(0).max(100),
});

export const CampaignCreateInput = z.strictObject({
  name: z.string().trim().min(2).max(100),
  nameEn: Text(200).optional(),
  description: Text(2000).optional(),
  line: HazardLine.nullable().optional(),
  startsOn: IsoDate,
  endsOn: IsoDate,
  scope: CampaignScope,
  targets: CampaignTargets,
  /** A checklist template (any version of it): inspectors use its current version. */
  checklistId: Id.nullable().optional(),
});
export type CampaignCreateInput = z.infer<typeof CampaignCreateInput>;

export const CampaignUpdateInput = z.strictObject({
  version: Version,
  name: z.string().trim().min(2).max(100).optional(),
  nameEn: Text(200).optional(),
  description: Text(2000).optional(),
  line: HazardLine.nullable().optional(),
  startsOn: IsoDate.optional(),
  endsOn: IsoDate.optional(),
  scope: CampaignScope.optional(),
  targets: CampaignTargets.optional(),
  checklistId: Id.nullable().optional(),
});
export type CampaignUpdateInput = z.infer<typeof CampaignUpdateInput>;

export const CampaignProgress = z.object({
  /** Progress as of this day (today, or the end day once the campaign is over). */
  asOf: z.string(),
  enterprisesInScope: z.number().int(),
  inspectedEnterprises: z.number().int(),
  inspections: z.number().int(),
  /** inspected ÷ in scope (null when the scope is empty). */
  coverage: z.number().nullable(),
  /** inspections ÷ target inspections (null without a target). */
  inspectionTargetRate: z.number().nullable(),
  hazardsFound: z.number().int(),
  hazardsClosed: z.number().int(),
  hazardsOverdue: z.number().int(),
  rectificationRate: z.number().nullable(),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;

export const CampaignView = z.object({
  id: z.number().int(),
  name: z.string(),
  nameEn: z.string(),
  description: z.string(),
  line: HazardLine.nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: CampaignStatus,
  scope: z.object({
    industryPrefixes: z.array(z.string()),
    flags: z.array(z.string()),
    divisionCodes: z.array(z.string()),
  }),
  targets: z.object({ inspections: z.number().int(), coveragePct: z.number().int() }),
  /** The current version of the campaign's checklist template, if it names one. */
  checklist: z
    .object({
      id: z.number().int(),
      family: z.string(),
      version: z.number().int(),
      line: HazardLine,
      name: z.string(),
      nameEn: z.string(),
      itemCount: z.number().int(),
    })
    .nullable(),
  progress: CampaignProgress,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CampaignView = z.infer<typeof CampaignView>;

export const CampaignDetail = CampaignView.extend({
  byDivision: z.array(CampaignProgress.omit({ asOf: true }).extend({ key: z.string(), name: z.string() })),
});
export type CampaignDetail = z.infer<typeof CampaignDetail>;

// ---------------------------------------------------------------------------------------------
// Four levels of responsibility

export const ResponsibilityPostInput = z.strictObject({
  post: z.string().trim().min(1).max(50),
  person: z.string().trim().min(1).max(50),
  phone: Text(20).optional(),
});

const Person = z.strictObject({
  name: Text(50),
  phone: Text(20).optional(),
});

export const ResponsibilityInput = z.strictObject({
  /** 0 when the matrix has never been saved. */
  version: z.number().int().min(0),
  districtContact: Person,
  principal: Person.extend({ title: Text(50).optional() }),
  departmentCode: z.string().trim().min(1).max(30).nullable(),
  departmentContactName: Text(50).optional(),
  posts: z.array(ResponsibilityPostInput).max(100),
});
export type ResponsibilityInput = z.infer<typeof ResponsibilityInput>;

export const RESPONSIBILITY_LEVELS = ['territorial', 'principal', 'departmental', 'post'] as const;
export const ResponsibilityLevel = z.enum(RESPONSIBILITY_LEVELS);

export const ResponsibilityView = z.object({
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  districtContact: z.object({ name: z.string(), phone: z.string() }),
  principal: z.object({ name: z.string(), title: z.string(), phone: z.string() }),
  department: z.object({
    code: z.string().nullable(),
    name: z.string().nullable(),
    contactName: z.string(),
    /** The department usually in charge of this enterprise's industry. */
    suggestedCode: z.string(),
  }),
  posts: z.array(z.object({ post: z.string(), person: z.string(), phone: z.string() })),
  complete: z.boolean(),
  missing: z.array(ResponsibilityLevel),
  phoneMasked: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  abilities: z.array(z.string()),
});
export type ResponsibilityView = z.infer<typeof ResponsibilityView>;

export const IncompleteQuery = z.object({
  division: z.string().trim().max(12).optional(),
  missing: ResponsibilityLevel.optional(),
  ...PageFields,
});
export type IncompleteQuery = z.infer<typeof IncompleteQuery>;

export const IncompleteItem = z.object({
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  missing: z.array(ResponsibilityLevel),
});
export type IncompleteItem = z.infer<typeof IncompleteItem>;

// ---------------------------------------------------------------------------------------------
// Attachments

export const ATTACHMENT_KINDS = ['jpeg', 'png', 'webp', 'pdf', 'docx', 'xlsx'] as const;
export const AttachmentKind = z.enum(ATTACHMENT_KINDS);

export const AttachmentUploadQuery = z.object({ enterpriseId: z.coerce.number().int().positive() });

export const AttachmentListQuery = z.object({
  enterpriseId: z.coerce.number().int().positive().optional(),
  /** Comma-separated ids, e.g. the attachments of a hazard. */
  ids: z
    .string()
    .regex(/^\d+(,\d+){0,99}$/)
    .optional(),
  ...PageFields,
});

export const AttachmentView = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  originalName: z.string(),
  kind: AttachmentKind,
  mime: z.string(),
  size: z.number().int(),
  url: z.string(),
  /** Images only; for now the image itself. */
  thumbnailUrl: z.string().nullable(),
  uploadedBy: z.number().int().nullable(),
  createdAt: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;
