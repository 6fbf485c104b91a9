import type { z } from 'zod';
import type {
  AuditEntry as AuditEntrySchema,
  AuditVerifyResult as AuditVerifySchema,
} from '../../../shared/schemas/audit';
import type {
  TokenCreated as TokenCreatedSchema,
  TokenView as TokenViewSchema,
} from '../../../shared/schemas/auth';
import type { EnterpriseCreateInput as EnterpriseCreateSchema } from '../../../shared/schemas/enterprises';
import type {
  AssignmentChange as AssignmentChangeSchema,
  AutoAssignInput as AutoAssignSchema,
  EnterpriseLiaison as EnterpriseLiaisonSchema,
  ManualAssignInput as ManualAssignSchema,
  VisitInput as VisitSchema,
} from '../../../shared/schemas/liaisons';
import type {
  ApplicationCreateInput as ApplicationCreateSchema,
  ApplicationUpdateInput as ApplicationUpdateSchema,
  ExemptionInput as ExemptionSchema,
  ExemptionView as ExemptionViewSchema,
  PhaseOverrideInput as PhaseOverrideSchema,
  ReviewView as ReviewViewSchema,
  RevisionView as RevisionViewSchema,
  VerificationView as VerificationViewSchema,
} from '../../../shared/schemas/resumption';
import type {
  UserCreateInput as UserCreateSchema,
  UserUpdateInput as UserUpdateSchema,
} from '../../../shared/schemas/users';

export type { Me } from '../../../shared/schemas/auth';
export type { JobView } from '../../../shared/schemas/common';
export type {
  DemandBulkAcceptResult,
  DemandDetail,
  DemandHistoryEntry,
  DemandQueueCounts,
  DemandStats,
  DemandStatsCounts,
  DemandStatsRow,
  DemandTemplateView,
  DemandView,
  RoutingRules,
  RoutingRuleView,
} from '../../../shared/schemas/demands';
export type {
  EnterpriseCreateInput,
  EnterpriseListQuery,
  EnterpriseUpdateInput,
  EnterpriseView,
  ImportRowError,
} from '../../../shared/schemas/enterprises';
export type {
  KpiCounts,
  KpiDivisionRow,
  KpiDrillPage,
  KpiDrillQuery,
  KpiDrillRow,
  KpiEvent,
  KpiExportQuery,
  KpiFigures,
  KpiQuery,
  KpiSectionRow,
  KpiSeries,
  KpiSeriesPoint,
  KpiSeriesQuery,
  KpiSizeRow,
  KpiSnapshot,
  KpiTargets,
  KpiTargetsInput,
  KpiTargetsView,
} from '../../../shared/schemas/kpis';
export type {
  AutoAssignResult,
  CoverageQuery,
  CoverageView,
  LiaisonView,
  MyEnterprise,
  VisitView,
} from '../../../shared/schemas/liaisons';
export type {
  ApplicationContent,
  ApplicationDetail,
  ApplicationView,
  EnterprisePhase,
  HistoryView,
  PersonRef,
  PhaseInput,
  PhaseView,
  PlanInput,
  PlanPreview,
  PlanView,
  ReviewInput,
  StatusEventView,
  StatusReportInput,
  VerifyInput,
} from '../../../shared/schemas/resumption';
export type {
  AssignmentCreateInput,
  AttachmentView,
  CampaignCreateInput,
  CampaignDetail,
  CampaignUpdateInput,
  CampaignView,
  ChecklistCreateInput,
  ChecklistUpdateInput,
  ChecklistView,
  GroupCreateInput,
  GroupUpdateInput,
  HazardCreateInput,
  HazardDetail,
  HazardDraft,
  HazardStats,
  HazardView,
  IncompleteItem,
  InspectionSummary,
  InspectionView,
  MemberCreateInput,
  ResponsibilityInput,
  ResponsibilityView,
  SquadCreateInput,
  SquadUpdateInput,
  SquadView,
  SupervisionAssignmentView,
  SupervisionGroupView,
  SupervisionMemberView,
  SupervisorCandidate,
} from '../../../shared/schemas/safety';
export type { UserView } from '../../../shared/schemas/users';

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditVerifyResult = z.infer<typeof AuditVerifySchema>;
export type TokenView = z.infer<typeof TokenViewSchema>;
export type TokenCreated = z.infer<typeof TokenCreatedSchema>;
export type UserCreateInput = z.input<typeof UserCreateSchema>;
export type UserUpdateInput = z.input<typeof UserUpdateSchema>;
export type ReviewRecord = z.infer<typeof ReviewViewSchema>;
export type RevisionRecord = z.infer<typeof RevisionViewSchema>;
export type VerificationRecord = z.infer<typeof VerificationViewSchema>;
export type ExemptionView = z.infer<typeof ExemptionViewSchema>;
export type EnterpriseLiaison = z.infer<typeof EnterpriseLiaisonSchema>;
export type AssignmentChange = z.infer<typeof AssignmentChangeSchema>;
export type ApplicationCreateBody = z.input<typeof ApplicationCreateSchema>;
export type ApplicationUpdateBody = z.input<typeof ApplicationUpdateSchema>;
export type PhaseOverrideBody = z.input<typeof PhaseOverrideSchema>;
export type ExemptionBody = z.input<typeof ExemptionSchema>;
export type ManualAssignBody = z.input<typeof ManualAssignSchema>;
export type AutoAssignBody = z.input<typeof AutoAssignSchema>;
/** A visit as the form sends it (checked, findings and problems may be left out). */
export type VisitBody = z.input<typeof VisitSchema>;
/** What the form sends: the schema's input side (USCC before upper-casing). */
export type EnterpriseCreateBody = z.input<typeof EnterpriseCreateSchema>;

export interface Paged<T> {
  items: T[];
  total: number;
}

export type {
  DepartmentView as Department,
  DivisionView as Division,
  EnterpriseOption,
  IndustryView as Industry,
} from '../../../shared/schemas/reference';

export interface ImportStarted {
  jobId: string;
}
