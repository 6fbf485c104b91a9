import type { ApplicationStatus, ResumptionStatus, VisitPurpose } from '../../../../shared/enums';

/** Tag colours of the resumption status (labels: shared/enums.ts RESUMPTION_STATUS_LABELS). */
export const RESUMPTION_STATUS_COLORS: Record<ResumptionStatus, string> = {
  not_applied: 'default',
  applied: 'processing',
  returned: 'warning',
  approved: 'cyan',
  resumed: 'success',
  suspended: 'error',
  closed: 'default',
};

/** Tag colours of the application status (labels: APPLICATION_STATUS_LABELS). */
export const APPLICATION_STATUS_COLORS: Record<ApplicationStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  approved: 'success',
};

export const VISIT_PURPOSE_COLORS: Record<VisitPurpose, string> = {
  prevention: 'green',
  safety: 'volcano',
  service: 'blue',
};

/** Timeline dot colours of the status history. */
export const RESUMPTION_STATUS_DOT: Record<ResumptionStatus, string> = {
  not_applied: 'gray',
  applied: 'blue',
  returned: 'orange',
  approved: 'cyan',
  resumed: 'green',
  suspended: 'red',
  closed: 'gray',
};
