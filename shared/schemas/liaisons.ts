import { z } from 'zod';
import { ApplicationStatus, ResumptionStatus, VisitProblemCategory, VisitPurpose } from '../enums';
import { IsoDate } from './common';
import { PersonRef } from './resumption';

/** The demo's load limit: each liaison carries at most three enterprises. */
export const DEFAULT_LIAISON_MAX_LOAD = 3;

const MaxLoad = z.number().int().min(1).max(50);

export const AutoAssignInput = z.strictObject({
  /** true: return the planned changes and write nothing. */
  dryRun: z.boolean(),
  maxLoad: MaxLoad.optional(),
  /** A district to limit the run to (a district clerk's run is always limited to their own). */
  division: z.string().trim().min(6).max(12).optional(),
});
export type AutoAssignInput = z.infer<typeof AutoAssignInput>;

export const ASSIGNMENT_CHANGE_REASONS = [
  'gap',
  'overload',
  'not_needed',
  'wrong_division',
  'inactive_liaison',
  'duplicate',
] as const;

export const AssignmentChange = z.object({
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  from: PersonRef.nullable(),
  to: PersonRef.nullable(),
  reason: z.enum(ASSIGNMENT_CHANGE_REASONS),
});

export const AutoAssignResult = z.object({
  dryRun: z.boolean(),
  maxLoad: z.number().int(),
  summary: z.object({
    /** Enterprises that need a liaison. */
    needing: z.number().int(),
    kept: z.number().int(),
    assigned: z.number().int(),
    moved: z.number().int(),
    ended: z.number().int(),
    uncovered: z.number().int(),
  }),
  changes: z.array(AssignmentChange),
  uncovered: z.array(z.object({ id: z.number().int(), name: z.string(), divisionCode: z.string() })),
});
export type AutoAssignResult = z.infer<typeof AutoAssignResult>;

export const ManualAssignInput = z.strictObject({
  /** The liaison to station; null ends the current assignment. */
  liaisonId: z.number().int().positive().nullable(),
  reason: z.string().trim().min(2).max(200),
});
export type ManualAssignInput = z.infer<typeof ManualAssignInput>;

export const EnterpriseLiaison = z.object({
  enterpriseId: z.number().int(),
  liaison: PersonRef.nullable(),
  assignedAt: z.string().nullable(),
});

export const LiaisonListQuery = z.object({
  division: z.string().trim().max(12).optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type LiaisonListQuery = z.infer<typeof LiaisonListQuery>;

export const LiaisonView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  disabled: z.boolean(),
  /** Enterprises currently assigned. */
  load: z.number().int(),
});
export type LiaisonView = z.infer<typeof LiaisonView>;

export const CoverageQuery = z.object({
  division: z.string().trim().max(12).optional(),
  days: z.coerce.number().int().min(1).max(90).default(7),
  maxLoad: z.coerce.number().int().min(1).max(50).default(DEFAULT_LIAISON_MAX_LOAD),
});
export type CoverageQuery = z.infer<typeof CoverageQuery>;

const EnterpriseRef = z.object({
  id: z.number().int(),
  name: z.string(),
  divisionCode: z.string(),
});

export const CoverageView = z.object({
  asOf: z.string(),
  days: z.number().int(),
  maxLoad: z.number().int(),
  divisions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** Enterprises that need a liaison (active, not long-term shutdown). */
      enterprises: z.number().int(),
      covered: z.number().int(),
      withoutLiaison: z.number().int(),
      liaisons: z.number().int(),
      overLoad: z.number().int(),
      notVisited: z.number().int(),
    }),
  ),
  /** The lists behind the counts, each capped at `listLimit`. */
  listLimit: z.number().int(),
  withoutLiaison: z.array(EnterpriseRef),
  overLoaded: z.array(
    z.object({
      id: z.number().int(),
      displayName: z.string(),
      divisionCode: z.string(),
      load: z.number().int(),
    }),
  ),
  notVisited: z.array(
    EnterpriseRef.extend({ liaison: PersonRef.nullable(), lastVisitDate: z.string().nullable() }),
  ),
});
export type CoverageView = z.infer<typeof CoverageView>;

// ---------------------------------------------------------------------------------------------
// Visits

export const VisitProblemInput = z.strictObject({
  category: VisitProblemCategory,
  description: z.string().trim().min(1).max(500),
});

export const VisitInput = z.strictObject({
  enterpriseId: z.number().int().positive(),
  date: IsoDate,
  purpose: VisitPurpose,
  checked: z.string().trim().max(2000).default(''),
  findings: z.string().trim().max(2000).default(''),
  problems: z.array(VisitProblemInput).max(20).default([]),
});
export type VisitInput = z.infer<typeof VisitInput>;

export const VisitView = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  liaison: PersonRef.nullable(),
  date: z.string(),
  purpose: VisitPurpose,
  checked: z.string(),
  findings: z.string(),
  problems: z.array(
    z.object({ category: VisitProblemCategory, description: z.string(), status: z.enum(['open', 'closed']) }),
  ),
  createdAt: z.string(),
});
export type VisitView = z.infer<typeof VisitView>;

export const VisitListQuery = z.object({
  enterpriseId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type VisitListQuery = z.infer<typeof VisitListQuery>;

export const MyEnterprise = z.object({
  id: z.number().int(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  address: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  keyEnterprise: z.boolean(),
  aboveScale: z.boolean(),
  hazardousChemicals: z.boolean(),
  lastVisitDate: z.string().nullable(),
  daysSinceVisit: z.number().int().nullable(),
  resumptionStatus: ResumptionStatus,
  openProblems: z.number().int(),
  application: z.object({ id: z.number().int(), status: ApplicationStatus }).nullable(),
  phase: z.object({ code: z.string(), name: z.string() }).nullable(),
});
export type MyEnterprise = z.infer<typeof MyEnterprise>;
