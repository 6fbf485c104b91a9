import {
  type EscalationLevel,
  HAZARD_CATEGORIES,
  HAZARD_CATEGORY_LINE,
  type HazardCategory,
  type HazardLine,
  type HazardSeverity,
  type HazardStatus,
  type Role,
} from './enums';
import { addCalendarDays, addWorkdays } from './workdays';

/**
 * The hazard (隐患) closed loop as pure rules, shared by the server (which enforces them) and the
 * web app (which shows only the buttons they allow):
 *
 *   open ──accept──▶ rectifying ──submit──▶ submitted ──verify──▶ closed (整改销号)
 *                        ▲                      │
 *                        └────────reject────────┘
 */
export type HazardAction = 'accept' | 'submit' | 'verify' | 'reject';

export const HAZARD_TRANSITIONS: Record<HazardStatus, Partial<Record<HazardStatus, HazardAction>>> = {
  open: { rectifying: 'accept' },
  rectifying: { submitted: 'submit' },
  submitted: { closed: 'verify', rectifying: 'reject' },
  closed: {},
};

/**
 * Who may take each step. The enterprise accepts and submits evidence (its liaison may do it on
 * its behalf); inspectors and the territory verify or reject.
 */
export const HAZARD_ACTION_ROLES: Record<HazardAction, readonly Role[]> = {
  accept: ['enterprise', 'liaison', 'commander'],
  submit: ['enterprise', 'liaison', 'commander'],
  verify: ['commander', 'district', 'department', 'supervisor', 'liaison'],
  reject: ['commander', 'district', 'department', 'supervisor', 'liaison'],
};

/** A major hazard (重大隐患) is verified (or rejected) only by the district or the city. */
export const MAJOR_VERIFIER_ROLES: readonly Role[] = ['district', 'commander'];

/** Days from discovery to the default rectification deadline (calendar days). */
export const DEADLINE_DAYS: Record<HazardSeverity, number> = { general: 7, major: 30 };

/** Working days an overdue hazard stays with the district before it goes to the city. */
export const CITY_ESCALATION_WORKDAYS = 3;

export type TransitionRefusal =
  | 'invalid_transition'
  | 'forbidden'
  | 'self_verification'
  | 'verifier_level'
  | 'plan_required'
  | 'evidence_required'
  | 'reason_required';

export interface TransitionRequest {
  from: HazardStatus;
  to: HazardStatus;
  severity: HazardSeverity;
  role: Role;
  actorId: number;
  /** Who submitted the evidence now awaiting verification. */
  submittedBy: number | null;
  note?: string | null;
}

export type TransitionCheck = { ok: true; action: HazardAction } | { ok: false; refusal: TransitionRefusal };

const blank = (s: string | null | undefined) => !s || s.trim().length === 0;

/**
 * Whether a step is allowed, and if not, why: an edge that does not exist, a role that may not
 * take it, the submitter verifying their own work, a major hazard judged below district level, or
 * a missing plan / evidence / reason. Checked in that order.
 */
export function checkTransition(r: TransitionRequest): TransitionCheck {
  const action = HAZARD_TRANSITIONS[r.from][r.to];
  if (!action) return { ok: false, refusal: 'invalid_transition' };
  if (!HAZARD_ACTION_ROLES[action].includes(r.role)) return { ok: false, refusal: 'forbidden' };
  const judging = action === 'verify' || action === 'reject';
  if (judging && r.submittedBy !== null && r.submittedBy === r.actorId)
    return { ok: false, refusal: 'self_verification' };
  if (judging && r.severity === 'major' && !MAJOR_VERIFIER_ROLES.includes(r.role))
    return { ok: false, refusal: 'verifier_level' };
  if (action === 'accept' && r.severity === 'major' && blank(r.note))
    return { ok: false, refusal: 'plan_required' };
  if (action === 'submit' && blank(r.note)) return { ok: false, refusal: 'evidence_required' };
  if (action === 'reject' && blank(r.note)) return { ok: false, refusal: 'reason_required' };
  return { ok: true, action };
}

/** The statuses this actor could move the hazard to now (notes aside): the UI's buttons. */
export function availableTransitions(h: {
  status: HazardStatus;
  severity: HazardSeverity;
  role: Role;
  actorId: number;
  submittedBy: number | null;
}): HazardStatus[] {
  return (Object.keys(HAZARD_TRANSITIONS[h.status]) as HazardStatus[]).filter((to) => {
    const c = checkTransition({ ...h, from: h.status, to, note: 'x' });
    return c.ok;
  });
}

/** The default deadline: 7 calendar days for a general hazard, 30 for a major one. */
export function defaultDeadline(foundOn: string, severity: HazardSeverity): string {
  return addCalendarDays(foundOn, DEADLINE_DAYS[severity]);
}

/** Still to be fixed: not yet verified closed. */
export function isPending(status: HazardStatus): boolean {
  return status !== 'closed';
}

/** Overdue: not closed and the deadline day has passed. */
export function isOverdue(status: HazardStatus, deadline: string, today: string): boolean {
  return isPending(status) && today > deadline;
}

/**
 * When an overdue hazard escalates. The deadline is the end of its day: the next day it goes to
 * the district; when the district has had 3 more full working days (official calendar, 调休
 * included), it goes to the city the day after the third.
 */
export function escalationDates(deadline: string): Record<EscalationLevel, string> {
  return {
    district: addCalendarDays(deadline, 1),
    city: addCalendarDays(addWorkdays(deadline, CITY_ESCALATION_WORKDAYS), 1),
  };
}

/** The escalation level a hazard should have reached today (null: none). */
export function escalationDue(status: HazardStatus, deadline: string, today: string): EscalationLevel | null {
  if (!isOverdue(status, deadline, today)) return null;
  return today >= escalationDates(deadline).city ? 'city' : 'district';
}

/** The categories a hazard (or checklist item) of a line may have: the line's own and the shared ones. */
export function categoriesOfLine(line: HazardLine): HazardCategory[] {
  return HAZARD_CATEGORIES.filter(
    (c) => HAZARD_CATEGORY_LINE[c] === null || HAZARD_CATEGORY_LINE[c] === line,
  );
}
