/**
 * 复工: the rules of resumption as pure functions — the enterprise's status machine, "what was
 * its status on day D", the application's own machine and what a submission must contain.
 */
import type { ApplicationStatus, ResumptionStatus } from './enums';
import type { ApplicationContent } from './schemas/resumption';

/** Calendar days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** What moves an enterprise's resumption status. */
export type StatusEvent = 'submit' | 'return' | 'approve' | 'resume' | 'suspend' | 'close';

/**
 * not applied → applied → returned → applied … → approved → resumed → suspended → resumed; closed
 * from anywhere. A suspended enterprise may restart directly or apply again.
 */
export const STATUS_TRANSITIONS: Record<
  StatusEvent,
  { from: readonly ResumptionStatus[]; to: ResumptionStatus }
> = {
  submit: { from: ['not_applied', 'returned', 'suspended'], to: 'applied' },
  return: { from: ['applied'], to: 'returned' },
  approve: { from: ['applied'], to: 'approved' },
  resume: { from: ['approved', 'suspended'], to: 'resumed' },
  suspend: { from: ['resumed'], to: 'suspended' },
  close: {
    from: ['not_applied', 'applied', 'returned', 'approved', 'resumed', 'suspended'],
    to: 'closed',
  },
};

/** The status after an event, or null when the event is illegal in the current status. */
export function nextStatus(current: ResumptionStatus, event: StatusEvent): ResumptionStatus | null {
  const t = STATUS_TRANSITIONS[event];
  return t.from.includes(current) ? t.to : null;
}

/** The event a reported status stands for (the status endpoint takes a target status). */
export const REPORTED_STATUS_EVENT = { resumed: 'resume', suspended: 'suspend', closed: 'close' } as const;

/** One dated status change. `seq` orders changes with the same effective date (the row id). */
export interface DatedStatus {
  status: ResumptionStatus;
  effectiveDate: string;
  seq: number;
}

/** The status in force on `date`: the latest change effective on or before it; none = not applied. */
export function statusOn(events: readonly DatedStatus[], date: string): ResumptionStatus {
  let best: DatedStatus | null = null;
  for (const e of events) {
    if (e.effectiveDate > date) continue;
    if (
      !best ||
      e.effectiveDate > best.effectiveDate ||
      (e.effectiveDate === best.effectiveDate && e.seq > best.seq)
    )
      best = e;
  }
  return best ? best.status : 'not_applied';
}

/** Whether the enterprise counted as resumed on `date` (resumed on or before it, not suspended since). */
export function resumedOn(events: readonly DatedStatus[], date: string): boolean {
  return statusOn(events, date) === 'resumed';
}

/** What can be done to an application. */
export type ApplicationAction = 'edit' | 'submit' | 'return' | 'approve' | 'verify';

const APPLICATION_TRANSITIONS: Record<
  ApplicationAction,
  { from: readonly ApplicationStatus[]; to: ApplicationStatus | null }
> = {
  edit: { from: ['draft', 'returned'], to: null },
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  approve: { from: ['submitted'], to: 'approved' },
  verify: { from: ['submitted'], to: null },
};

/** Whether an action is legal on an application in this status. */
export function applicationAllows(status: ApplicationStatus, action: ApplicationAction): boolean {
  return APPLICATION_TRANSITIONS[action].from.includes(status);
}

/** The application's status after an action (unchanged for edit/verify); null when illegal. */
export function applicationNext(
  status: ApplicationStatus,
  action: ApplicationAction,
): ApplicationStatus | null {
  if (!applicationAllows(status, action)) return null;
  return APPLICATION_TRANSITIONS[action].to ?? status;
}

/** One missing or wrong item of a submission (rendered as a 400 `incomplete_application`). */
export interface MissingItem {
  path: string;
  reason: string;
  params?: Record<string, unknown>;
}

const WORKFORCE = [
  'normalWorkforce',
  'returningWorkers',
  'fromOutsideProvince',
  'fromKeyAreas',
  'underObservation',
] as const;
const SAFETY_ALWAYS = ['equipmentChecked', 'safetyTrainingDone', 'emergencyDrillDone'] as const;

/**
 * Everything a submission still lacks, in form order. Drafts may be saved incomplete; a
 * submission must have a planned date (not in the past), the whole workforce plan (consistent
 * counts), the prevention checklist (stock, checkpoints, isolation room, canteen and shuttle/
 * dormitory arrangements, emergency plan, a named prevention officer with a phone) and the safety
 * checklist confirmed (hazardous materials only for hazardous-chemicals enterprises).
 */
export function missingItems(
  c: ApplicationContent,
  enterprise: { hazardousChemicals: boolean },
  today: string,
): MissingItem[] {
  const out: MissingItem[] = [];
  const need = (path: string, ok: boolean, reason = 'required', params?: Record<string, unknown>) => {
    if (!ok) out.push({ path, reason, ...(params ? { params } : {}) });
  };
  if (!c.plannedDate) need('plannedDate', false);
  else need('plannedDate', c.plannedDate >= today, 'date_in_past', { value: c.plannedDate });

  const w = c.workforce ?? {};
  for (const k of WORKFORCE) need(`workforce.${k}`, typeof w[k] === 'number');
  if (typeof w.returningWorkers === 'number' && typeof w.normalWorkforce === 'number')
    need('workforce.returningWorkers', w.returningWorkers <= w.normalWorkforce, 'exceeds', {
      other: 'workforce.normalWorkforce',
    });
  for (const k of ['fromOutsideProvince', 'fromKeyAreas', 'underObservation'] as const) {
    const v = w[k];
    if (typeof v === 'number' && typeof w.returningWorkers === 'number')
      need(`workforce.${k}`, v <= w.returningWorkers, 'exceeds', { other: 'workforce.returningWorkers' });
  }

  const p = c.prevention ?? {};
  need('prevention.maskStockDays', typeof p.maskStockDays === 'number' && p.maskStockDays > 0);
  need(
    'prevention.disinfectantStockDays',
    typeof p.disinfectantStockDays === 'number' && p.disinfectantStockDays > 0,
  );
  need(
    'prevention.temperatureCheckpoints',
    typeof p.temperatureCheckpoints === 'number' && p.temperatureCheckpoints > 0,
  );
  need('prevention.isolationRoom', p.isolationRoom === true, 'must_be_confirmed');
  need('prevention.canteenArrangement', !!p.canteenArrangement?.trim());
  need('prevention.shuttleDormitoryArrangement', !!p.shuttleDormitoryArrangement?.trim());
  need('prevention.emergencyPlan', p.emergencyPlan === true, 'must_be_confirmed');
  need('prevention.preventionOfficer.name', !!p.preventionOfficer?.name?.trim());
  need('prevention.preventionOfficer.phone', !!p.preventionOfficer?.phone?.trim());

  const s = c.safety ?? {};
  for (const k of SAFETY_ALWAYS) need(`safety.${k}`, s[k] === true, 'must_be_confirmed');
  if (enterprise.hazardousChemicals)
    need('safety.hazardousMaterialsInspected', s.hazardousMaterialsInspected === true, 'must_be_confirmed');
  return out;
}
