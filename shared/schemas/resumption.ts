import { z } from 'zod';
import { ApplicationStatus, ENTERPRISE_FLAGS, ResumptionStatus, SizeClass } from '../enums';
import { IsoDate } from './common';

/** A user named on a record (who reviewed, verified, changed a status). */
export const PersonRef = z.object({ id: z.number().int(), displayName: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;

// ---------------------------------------------------------------------------------------------
// Phases (梯次)

export const PhaseRuleSchema = z.strictObject({
  flags: z.array(z.enum(ENTERPRISE_FLAGS)).max(10).optional(),
  industryPrefixes: z
    .array(
      z
        .string()
        .trim()
        .regex(/^\d{2,4}$/, 'a GB/T 4754 code prefix of 2–4 digits'),
    )
    .max(100)
    .optional(),
  sizeClasses: z.array(SizeClass).max(4).optional(),
  aboveScale: z.boolean().optional(),
});

export const PhaseInput = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{1,31}$/, 'lower-case letters, digits, _ or -'),
  name: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().max(100).optional(),
  earliestDate: IsoDate.nullable(),
  priority: z.number().int().min(0).max(10_000),
  rule: PhaseRuleSchema,
  requiresVerification: z.boolean(),
  /** The version read; omitted for a new phase. */
  version: z.number().int().positive().optional(),
});
export type PhaseInput = z.infer<typeof PhaseInput>;

/** The whole plan: what the commander saves (or previews). `version` is the plan's, as read. */
export const PlanInput = z.strictObject({
  version: z.number().int().positive(),
  phases: z.array(PhaseInput).min(1).max(50),
});
export type PlanInput = z.infer<typeof PlanInput>;

export const PhaseView = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  earliestDate: z.string().nullable(),
  priority: z.number().int(),
  rule: PhaseRuleSchema,
  requiresVerification: z.boolean(),
  version: z.number().int(),
  /** Whether approvals are possible today. */
  open: z.boolean(),
});
export type PhaseView = z.infer<typeof PhaseView>;

export const PlanView = z.object({
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  phases: z.array(PhaseView),
});
export type PlanView = z.infer<typeof PlanView>;

export const PlanPreview = z.object({
  /** Active enterprises evaluated. */
  total: z.number().int(),
  /** How many would change phase. */
  moved: z.number().int(),
  /** Enterprises per phase code under the new plan. */
  byPhase: z.record(z.string(), z.number().int()),
  /** Enterprises no phase of the new plan matches. */
  unmatched: z.number().int(),
  sample: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      divisionCode: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
  ),
});
export type PlanPreview = z.infer<typeof PlanPreview>;

/** An enterprise's phase as its detail page shows it. */
export const EnterprisePhase = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  earliestDate: z.string().nullable(),
  requiresVerification: z.boolean(),
  matchedBy: z.array(
    z.object({ criterion: z.enum(['flag', 'industryPrefix', 'sizeClass', 'aboveScale']), value: z.string() }),
  ),
  overridden: z.boolean(),
  overrideReason: z.string().nullable(),
  /** Approvals possible today (date reached, or an exemption on record). */
  open: z.boolean(),
  exempted: z.boolean(),
});
export type EnterprisePhase = z.infer<typeof EnterprisePhase>;

export const PhaseOverrideInput = z.strictObject({
  /** A phase code, or null to clear the override and return to the rules. */
  phaseCode: z.string().trim().min(1).max(32).nullable(),
  reason: z.string().trim().min(2).max(200),
});

export const ExemptionInput = z.strictObject({ reason: z.string().trim().min(2).max(500) });

export const ExemptionView = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  phaseCode: z.string().nullable(),
  reason: z.string(),
  by: PersonRef.nullable(),
  at: z.string(),
});

// ---------------------------------------------------------------------------------------------
// Applications (复工申请)

const count = z.number().int().min(0).max(1_000_000);
const days = z.number().min(0).max(3650);
const text = (max: number) => z.string().trim().max(max);

export const WorkforcePlan = z
  .strictObject({
    normalWorkforce: count,
    returningWorkers: count,
    fromOutsideProvince: count,
    fromKeyAreas: count,
    underObservation: count,
  })
  .partial();

export const PreventionChecklist = z
  .strictObject({
    maskStockDays: days,
    disinfectantStockDays: days,
    temperatureCheckpoints: z.number().int().min(0).max(1000),
    isolationRoom: z.boolean(),
    canteenArrangement: text(500),
    shuttleDormitoryArrangement: text(500),
    emergencyPlan: z.boolean(),
    preventionOfficer: z
      .strictObject({
        name: text(50),
        phone: text(20).regex(/^$|^[0-9+\-() ]{5,20}$/, 'phone'),
      })
      .partial(),
  })
  .partial();

export const SafetyChecklist = z
  .strictObject({
    equipmentChecked: z.boolean(),
    hazardousMaterialsInspected: z.boolean(),
    safetyTrainingDone: z.boolean(),
    emergencyDrillDone: z.boolean(),
  })
  .partial();

const ContentFields = {
  plannedDate: IsoDate.nullable().optional(),
  workforce: WorkforcePlan.optional(),
  prevention: PreventionChecklist.optional(),
  safety: SafetyChecklist.optional(),
  /** Uploads of this enterprise (POST /api/attachments): the plan document, photos. Optional. */
  attachmentIds: z.array(z.number().int().positive()).max(20).optional(),
};

/** What an application says; drafts may leave anything out, a submission may not. */
export const ApplicationContent = z.object(ContentFields);
export type ApplicationContent = z.infer<typeof ApplicationContent>;

export const ApplicationCreateInput = z.strictObject({
  enterpriseId: z.number().int().positive(),
  ...ContentFields,
});
export type ApplicationCreateInput = z.infer<typeof ApplicationCreateInput>;

/** Each section given replaces that section of the draft; sections left out stay. */
export const ApplicationUpdateInput = z.strictObject({
  version: z.number().int().positive(),
  ...ContentFields,
});
export type ApplicationUpdateInput = z.infer<typeof ApplicationUpdateInput>;

export const SubmitInput = z.strictObject({ version: z.number().int().positive() });

export const ReviewInput = z.strictObject({
  decision: z.enum(['approve', 'return']),
  /** Required to return: the enterprise sees it. */
  reason: z.string().trim().max(500).optional(),
});
export type ReviewInput = z.infer<typeof ReviewInput>;

export const VerifyInput = z.strictObject({
  note: z.string().trim().min(1).max(1000),
  passed: z.boolean(),
});
export type VerifyInput = z.infer<typeof VerifyInput>;

export const VerificationView = z.object({
  id: z.number().int(),
  revisionNo: z.number().int(),
  passed: z.boolean(),
  note: z.string(),
  by: PersonRef.nullable(),
  at: z.string(),
});

export const ReviewView = z.object({
  id: z.number().int(),
  revisionNo: z.number().int(),
  decision: z.enum(['approve', 'return']),
  reason: z.string().nullable(),
  by: PersonRef.nullable(),
  at: z.string(),
});

export const RevisionView = z.object({
  revisionNo: z.number().int(),
  content: ApplicationContent,
  onBehalf: z.boolean(),
  submittedBy: PersonRef.nullable(),
  submittedAt: z.string(),
});

export const ApplicationView = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  status: ApplicationStatus,
  plannedDate: z.string().nullable(),
  workforce: WorkforcePlan,
  prevention: PreventionChecklist,
  safety: SafetyChecklist,
  attachmentIds: z.array(z.number().int()),
  /** Filed by the enterprise's liaison on its behalf. */
  onBehalf: z.boolean(),
  createdBy: PersonRef.nullable(),
  /** Submitted versions so far (0 for a draft never submitted). */
  revisionNo: z.number().int(),
  submittedAt: z.string().nullable(),
  /** Days since the last submission, while it waits for review. */
  daysWaiting: z.number().int().nullable(),
  /** The reason of the last return, shown to the enterprise. */
  returnReason: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  phase: z
    .object({
      code: z.string(),
      name: z.string(),
      earliestDate: z.string().nullable(),
      open: z.boolean(),
      requiresVerification: z.boolean(),
    })
    .nullable(),
  verification: z.object({ required: z.boolean(), latest: VerificationView.nullable() }),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What this user may do next: edit, submit, review, verify. */
  abilities: z.array(z.string()),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

export const ApplicationDetail = ApplicationView.extend({
  revisions: z.array(RevisionView),
  reviews: z.array(ReviewView),
  verifications: z.array(VerificationView),
});
export type ApplicationDetail = z.infer<typeof ApplicationDetail>;

export const ApplicationListQuery = z.object({
  status: ApplicationStatus.optional(),
  division: z.string().trim().max(12).optional(),
  enterpriseId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ApplicationListQuery = z.infer<typeof ApplicationListQuery>;

// ---------------------------------------------------------------------------------------------
// Status with dated history

export const StatusReportInput = z.strictObject({
  status: z.enum(['resumed', 'suspended', 'closed']),
  /** The day it took effect (e.g. the actual restart date); not in the future. */
  effectiveDate: IsoDate,
  reason: z.string().trim().max(500).optional(),
});
export type StatusReportInput = z.infer<typeof StatusReportInput>;

export const StatusEventView = z.object({
  id: z.number().int(),
  status: ResumptionStatus,
  effectiveDate: z.string(),
  at: z.string(),
  by: PersonRef.nullable(),
  reason: z.string().nullable(),
  applicationId: z.number().int().nullable(),
});
export type StatusEventView = z.infer<typeof StatusEventView>;

export const HistoryQuery = z.object({ asOf: IsoDate.optional() });

export const HistoryView = z.object({
  enterpriseId: z.number().int(),
  /** Today's status. */
  status: ResumptionStatus,
  asOf: z.string(),
  statusAsOf: ResumptionStatus,
  resumedAsOf: z.boolean(),
  /** Oldest first. */
  events: z.array(StatusEventView),
});
export type HistoryView = z.infer<typeof HistoryView>;
