import { z } from 'zod';
import type { Label, Role, VisitProblemCategory } from './enums';
import { addCalendarDays, addWorkdays, earlierDate, workdaysBetween } from './workdays';

/**
 * Enterprise demands (企业诉求) as pure rules, shared by the server (which enforces them) and the
 * web app (which shows only the buttons they allow):
 *
 *   submitted ─accept─▶ accepted ─start─▶ in_progress ─resolve─▶ resolved ─confirm─▶ closed (办结)
 *                                           ▲    │  ▲                 │
 *                                     resume│ wait│  └─────reopen──────┘
 *                                           │    ▼
 *                                          waiting (for the enterprise; the SLA clock stops)
 *
 * A resolution the enterprise does not confirm within 7 working days is closed by the system as
 * "closed, unrated" (auto_close): it counts as closed (办结), never as solved (解决) or rated.
 */

// ---------------------------------------------------------------------------------------------
// Enumerations and labels

export const DEMAND_CATEGORIES = [
  'financing',
  'labour',
  'supply',
  'logistics',
  'epidemic_supplies',
  'energy',
  'permits',
  'policy',
  'market',
  'other',
] as const;
export const DemandCategory = z.enum(DEMAND_CATEGORIES);
export type DemandCategory = z.infer<typeof DemandCategory>;
export const DEMAND_CATEGORY_LABELS: Record<DemandCategory, Label> = {
  financing: { 'zh-CN': '融资信贷', en: 'Financing' },
  labour: { 'zh-CN': '用工招工', en: 'Labour and hiring' },
  supply: { 'zh-CN': '原材料与供应链', en: 'Raw materials and supply chain' },
  logistics: { 'zh-CN': '物流运输', en: 'Logistics and transport' },
  epidemic_supplies: { 'zh-CN': '防疫物资', en: 'Epidemic-prevention supplies' },
  energy: { 'zh-CN': '能源要素（水电气热）', en: 'Energy and utilities' },
  permits: { 'zh-CN': '审批手续', en: 'Permits and approvals' },
  policy: { 'zh-CN': '政策咨询', en: 'Policy consultation' },
  market: { 'zh-CN': '市场销售', en: 'Market and sales' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const DEMAND_URGENCIES = ['normal', 'urgent', 'critical'] as const;
export const DemandUrgency = z.enum(DEMAND_URGENCIES);
export type DemandUrgency = z.infer<typeof DemandUrgency>;
export const DEMAND_URGENCY_LABELS: Record<DemandUrgency, Label> = {
  normal: { 'zh-CN': '一般', en: 'Normal' },
  urgent: { 'zh-CN': '紧急', en: 'Urgent' },
  critical: { 'zh-CN': '特急', en: 'Critical' },
};

export const DEMAND_STATUSES = [
  'submitted',
  'accepted',
  'in_progress',
  'waiting',
  'resolved',
  'closed',
] as const;
export const DemandStatus = z.enum(DEMAND_STATUSES);
export type DemandStatus = z.infer<typeof DemandStatus>;
export const DEMAND_STATUS_LABELS: Record<DemandStatus, Label> = {
  submitted: { 'zh-CN': '待受理', en: 'Submitted' },
  accepted: { 'zh-CN': '已受理', en: 'Accepted' },
  in_progress: { 'zh-CN': '办理中', en: 'In progress' },
  waiting: { 'zh-CN': '待企业补充', en: 'Waiting for the enterprise' },
  resolved: { 'zh-CN': '待企业确认', en: 'Resolved, awaiting confirmation' },
  closed: { 'zh-CN': '已办结', en: 'Closed' },
};

/** Who raised it: the enterprise itself, its liaison, its contact leader (包联领导), an inspection or a visit. */
export const DEMAND_SOURCES = ['enterprise', 'liaison', 'contact_leader', 'inspection', 'visit'] as const;
export const DemandSource = z.enum(DEMAND_SOURCES);
export type DemandSource = z.infer<typeof DemandSource>;
export const DEMAND_SOURCE_LABELS: Record<DemandSource, Label> = {
  enterprise: { 'zh-CN': '企业自报', en: 'Enterprise' },
  liaison: { 'zh-CN': '派驻指导员', en: 'Liaison officer' },
  contact_leader: { 'zh-CN': '包联领导', en: 'Contact leader' },
  inspection: { 'zh-CN': '督导检查', en: 'Inspection' },
  visit: { 'zh-CN': '走访发现', en: 'Liaison visit' },
};

/**
 * The source a raiser's role implies and the ones each role may name (a role absent here raises
 * nothing; a visit's demands come from the liaison visit itself).
 */
export const DEMAND_RAISER_SOURCES: Partial<
  Record<Role, { default: DemandSource; allowed: readonly DemandSource[] }>
> = {
  enterprise: { default: 'enterprise', allowed: ['enterprise'] },
  liaison: { default: 'liaison', allowed: ['liaison'] },
  leader: { default: 'contact_leader', allowed: ['contact_leader'] },
  supervisor: { default: 'inspection', allowed: ['inspection'] },
  district: { default: 'inspection', allowed: ['inspection', 'enterprise', 'liaison', 'contact_leader'] },
  commander: { default: 'inspection', allowed: ['inspection', 'enterprise', 'liaison', 'contact_leader'] },
};

/** How a demand was closed: the enterprise confirmed it, or the system closed it unrated. */
export const DEMAND_CLOSURES = ['confirmed', 'auto_unrated'] as const;
export const DemandClosure = z.enum(DEMAND_CLOSURES);
export type DemandClosure = z.infer<typeof DemandClosure>;
export const DEMAND_CLOSURE_LABELS: Record<DemandClosure, Label> = {
  confirmed: { 'zh-CN': '企业确认', en: 'Confirmed by the enterprise' },
  auto_unrated: { 'zh-CN': '超期自动办结（未评价）', en: 'Closed automatically, unrated' },
};

/** 0: on time or not yet late; 1: overdue, the department's head is told; 2: the commander is told. */
export const DEMAND_ESCALATION_LEVELS = [0, 1, 2] as const;
export type DemandEscalationLevel = (typeof DEMAND_ESCALATION_LEVELS)[number];
export const DEMAND_ESCALATION_LABELS: Record<DemandEscalationLevel, Label> = {
  0: { 'zh-CN': '未升级', en: 'Not escalated' },
  1: { 'zh-CN': '已督办（部门负责人）', en: 'Escalated to the department head' },
  2: { 'zh-CN': '已提级（指挥部）', en: 'Escalated to the command HQ' },
};

/** The department workbench's queues. */
export const DEMAND_QUEUES = ['new', 'due_soon', 'overdue', 'waiting'] as const;
export const DemandQueue = z.enum(DEMAND_QUEUES);
export type DemandQueue = z.infer<typeof DemandQueue>;
export const DEMAND_QUEUE_LABELS: Record<DemandQueue, Label> = {
  new: { 'zh-CN': '新收诉求', en: 'New' },
  due_soon: { 'zh-CN': '即将到期', en: 'Due soon' },
  overdue: { 'zh-CN': '已超期', en: 'Overdue' },
  waiting: { 'zh-CN': '待企业补充', en: 'Waiting for the enterprise' },
};

/** Lifecycle steps (history entries use these plus the non-lifecycle events below). */
export const DEMAND_ACTIONS = ['accept', 'start', 'wait', 'resume', 'resolve', 'confirm', 'reopen'] as const;
export type DemandAction = (typeof DEMAND_ACTIONS)[number];

/** Everything the history records. */
export const DEMAND_EVENTS = [
  'create',
  ...DEMAND_ACTIONS,
  'auto_close',
  'transfer',
  'reassign',
  'comment',
  'escalate',
] as const;
export const DemandEvent = z.enum(DEMAND_EVENTS);
export type DemandEvent = z.infer<typeof DemandEvent>;
export const DEMAND_EVENT_LABELS: Record<DemandEvent, Label> = {
  create: { 'zh-CN': '提交诉求', en: 'Raised' },
  accept: { 'zh-CN': '受理', en: 'Accepted' },
  start: { 'zh-CN': '开始办理', en: 'Started' },
  wait: { 'zh-CN': '请企业补充', en: 'Asked the enterprise' },
  resume: { 'zh-CN': '企业已答复，恢复办理', en: 'Resumed after the answer' },
  resolve: { 'zh-CN': '办理完毕', en: 'Resolved' },
  confirm: { 'zh-CN': '企业确认评价', en: 'Confirmed and rated' },
  reopen: { 'zh-CN': '企业退回重办', en: 'Reopened' },
  auto_close: { 'zh-CN': '超期未确认，自动办结', en: 'Closed automatically (unrated)' },
  transfer: { 'zh-CN': '转办', en: 'Transferred' },
  reassign: { 'zh-CN': '指挥部改派', en: 'Reassigned by the HQ' },
  comment: { 'zh-CN': '意见', en: 'Comment' },
  escalate: { 'zh-CN': '超期升级', en: 'Escalated' },
};

/** A liaison visit's problem kind → the demand category it becomes. */
export const VISIT_PROBLEM_DEMAND_CATEGORY: Record<VisitProblemCategory, DemandCategory> = {
  financing: 'financing',
  labour: 'labour',
  rawMaterials: 'supply',
  logistics: 'logistics',
  permits: 'permits',
  preventionSupplies: 'epidemic_supplies',
  safety: 'other',
  other: 'other',
};

// ---------------------------------------------------------------------------------------------
// The state machine

export const DEMAND_TRANSITIONS: Record<DemandStatus, Partial<Record<DemandStatus, DemandAction>>> = {
  submitted: { accepted: 'accept' },
  accepted: { in_progress: 'start' },
  in_progress: { waiting: 'wait', resolved: 'resolve' },
  waiting: { in_progress: 'resume' },
  resolved: { closed: 'confirm', in_progress: 'reopen' },
  closed: {},
};

/**
 * Who may take each step. Handling steps belong to the lead department (the commander may step in);
 * the enterprise answers (its liaison may relay the answer), and only the enterprise itself confirms,
 * rates or reopens: no one rates their own handling.
 */
export const DEMAND_ACTION_ROLES: Record<DemandAction, readonly Role[]> = {
  accept: ['department', 'commander'],
  start: ['department', 'commander'],
  wait: ['department', 'commander'],
  resume: ['enterprise', 'liaison', 'department', 'commander'],
  resolve: ['department', 'commander'],
  confirm: ['enterprise'],
  reopen: ['enterprise'],
};

/** Steps only the lead department may take among departments (co-handlers see and comment). */
const LEAD_ONLY: readonly DemandAction[] = ['accept', 'start', 'wait', 'resume', 'resolve'];

/** Statuses from which a demand can still be transferred or reassigned. */
export const TRANSFERABLE_STATUSES: readonly DemandStatus[] = ['submitted', 'accepted', 'in_progress'];

/** Statuses in which the handler still owes work (the SLA clock runs). */
export const OPEN_STATUSES: readonly DemandStatus[] = ['submitted', 'accepted', 'in_progress'];

export type DemandRefusal =
  | 'invalid_transition'
  | 'forbidden'
  | 'not_lead'
  | 'rating_forbidden'
  | 'note_required'
  | 'rating_required'
  | 'solved_required'
  | 'not_applicable';

/** Which refusals are 403 (the rest of the non-409 ones are 400 on a field). */
export const DEMAND_REFUSAL_STATUS: Record<DemandRefusal, 400 | 403 | 409> = {
  invalid_transition: 409,
  forbidden: 403,
  not_lead: 403,
  rating_forbidden: 403,
  note_required: 400,
  rating_required: 400,
  solved_required: 400,
  not_applicable: 400,
};

/** The body field a 400 refusal is about. */
export const DEMAND_REFUSAL_FIELD: Partial<Record<DemandRefusal, string>> = {
  note_required: 'note',
  rating_required: 'rating',
  solved_required: 'solved',
  not_applicable: 'rating',
};

export interface DemandTransitionRequest {
  from: DemandStatus;
  to: DemandStatus;
  role: Role;
  /** The actor's department (department role); compared with the lead department. */
  actorDepartment: string | null;
  leadDepartment: string;
  note?: string | null;
  rating?: number | null;
  solved?: boolean | null;
}

export type DemandTransitionCheck =
  | { ok: true; action: DemandAction }
  | { ok: false; refusal: DemandRefusal };

const blank = (s: string | null | undefined) => !s || s.trim().length === 0;
const given = (v: unknown) => v !== undefined && v !== null;

/**
 * Whether a step is allowed, and if not, why, checked in this order: an edge that does not exist
 * (409); a rating or verdict from anyone but the enterprise (403); a role that may not take the step
 * (403); a department that is not the lead (403); then the fields the step needs (400): a note to
 * wait (what is asked of the enterprise), to resolve (the handler's account) and to reopen (why);
 * a verdict and a 1–5 rating to confirm; no rating on any other step.
 */
export function checkDemandTransition(r: DemandTransitionRequest): DemandTransitionCheck {
  const action = DEMAND_TRANSITIONS[r.from][r.to];
  if (!action) return { ok: false, refusal: 'invalid_transition' };
  const rates = given(r.rating) || given(r.solved);
  if (rates && r.role !== 'enterprise') return { ok: false, refusal: 'rating_forbidden' };
  if (!DEMAND_ACTION_ROLES[action].includes(r.role)) return { ok: false, refusal: 'forbidden' };
  if (r.role === 'department' && LEAD_ONLY.includes(action) && r.actorDepartment !== r.leadDepartment)
    return { ok: false, refusal: 'not_lead' };
  if ((action === 'wait' || action === 'resolve' || action === 'reopen') && blank(r.note))
    return { ok: false, refusal: 'note_required' };
  if (action === 'confirm') {
    if (!given(r.solved)) return { ok: false, refusal: 'solved_required' };
    if (!given(r.rating)) return { ok: false, refusal: 'rating_required' };
  } else if (rates) return { ok: false, refusal: 'not_applicable' };
  return { ok: true, action };
}

/** The statuses this actor could move the demand to now (notes and ratings aside): the UI's buttons. */
export function availableDemandTransitions(d: {
  status: DemandStatus;
  role: Role;
  actorDepartment: string | null;
  leadDepartment: string;
}): DemandStatus[] {
  return (Object.keys(DEMAND_TRANSITIONS[d.status]) as DemandStatus[]).filter((to) => {
    const action = DEMAND_TRANSITIONS[d.status][to]!;
    const enterprise = d.role === 'enterprise' && action === 'confirm';
    const c = checkDemandTransition({
      ...d,
      from: d.status,
      to,
      note: 'x',
      rating: enterprise ? 5 : undefined,
      solved: enterprise ? true : undefined,
    });
    return c.ok;
  });
}

/** Whether this actor may transfer the demand now: the lead department, or the commander (reassign). */
export function canTransferDemand(d: {
  status: DemandStatus;
  role: Role;
  actorDepartment: string | null;
  leadDepartment: string;
}): boolean {
  if (!TRANSFERABLE_STATUSES.includes(d.status)) return false;
  if (d.role === 'commander') return true;
  return d.role === 'department' && d.actorDepartment === d.leadDepartment;
}

// ---------------------------------------------------------------------------------------------
// SLA on the working calendar

/** Working days to accept a demand (the default for every rule). */
export const DEFAULT_ACCEPT_WORKDAYS = 1;
/** Working days the enterprise has to confirm a resolution before it closes unrated. */
export const AUTO_CLOSE_WORKDAYS = 7;
/** Working days past a deadline before an overdue demand goes from the department to the commander. */
export const COMMANDER_ESCALATION_WORKDAYS = 2;
/** "Due soon": the deadline is today or the next working day. */
export const DUE_SOON_WORKDAYS = 1;

/**
 * The deadlines of a demand raised on `raisedOn` (a Shanghai calendar day). The day it is raised
 * never counts: raised on a Friday, "accept within 1 working day" means by the end of Monday; raised
 * during the 2020 Spring Festival (extended to 2020-02-02), by the end of Monday 2020-02-03. Days the
 * demand waited for the enterprise (`pausedWorkdays`) push the resolve deadline back.
 */
export function demandDeadlines(
  raisedOn: string,
  sla: { acceptDays: number; resolveDays: number },
  pausedWorkdays = 0,
): { acceptDueOn: string; resolveDueOn: string } {
  return {
    acceptDueOn: addWorkdays(raisedOn, sla.acceptDays),
    resolveDueOn: addWorkdays(raisedOn, sla.resolveDays + pausedWorkdays),
  };
}

/**
 * Working days a pause from `pausedOn` to `resumedOn` cost the enterprise's clock: the working days
 * after the day it paused up to and including the day it resumed (a pause and resume on the same
 * day costs nothing).
 */
export function pausedWorkdaysBetween(pausedOn: string, resumedOn: string): number {
  return Math.max(0, workdaysBetween(pausedOn, resumedOn));
}

/** The deadline that matters now: accepting while submitted, resolving while being handled; none otherwise. */
export function currentDeadline(d: {
  status: DemandStatus;
  acceptDueOn: string;
  resolveDueOn: string;
}): string | null {
  if (d.status === 'submitted') return earlierDate(d.acceptDueOn, d.resolveDueOn);
  if (d.status === 'accepted' || d.status === 'in_progress') return d.resolveDueOn;
  return null;
}

/** Overdue: the current deadline's day has passed. A demand waiting for the enterprise is never overdue. */
export function isDemandOverdue(
  d: { status: DemandStatus; acceptDueOn: string; resolveDueOn: string },
  today: string,
): boolean {
  const due = currentDeadline(d);
  return due !== null && today > due;
}

/** Due today or on the next working day, and not yet overdue. */
export function isDemandDueSoon(
  d: { status: DemandStatus; acceptDueOn: string; resolveDueOn: string },
  today: string,
): boolean {
  const due = currentDeadline(d);
  return due !== null && today <= due && due <= addWorkdays(today, DUE_SOON_WORKDAYS);
}

/**
 * The days an overdue demand escalates, given the deadline it missed: level 1 (the department) the
 * day after it, level 2 (the commander) the day after the 2nd working day past it.
 */
export function demandEscalationDates(due: string): { level1: string; level2: string } {
  return {
    level1: addCalendarDays(due, 1),
    level2: addCalendarDays(addWorkdays(due, COMMANDER_ESCALATION_WORKDAYS), 1),
  };
}

/** The escalation level a demand should have reached today (levels never go down; the caller keeps the max). */
export function demandEscalationDue(
  d: { status: DemandStatus; acceptDueOn: string; resolveDueOn: string },
  today: string,
): DemandEscalationLevel {
  const due = currentDeadline(d);
  if (due === null || today <= due) return 0;
  return today >= demandEscalationDates(due).level2 ? 2 : 1;
}

/** The last day the enterprise may confirm a resolution made on `resolvedOn`; the next day it closes unrated. */
export function autoCloseDueOn(resolvedOn: string): string {
  return addWorkdays(resolvedOn, AUTO_CLOSE_WORKDAYS);
}

// ---------------------------------------------------------------------------------------------
// Routing

/** One routing rule: category, optionally narrowed by division and industry code prefix. */
export interface RoutingRuleLike {
  category: DemandCategory;
  divisionCode: string | null;
  industryPrefix: string | null;
  departmentCode: string;
}

/**
 * How specific a rule is: a rule naming both a division and an industry beats one naming either;
 * among those, an industry rule beats a division rule, a longer industry prefix beats a shorter one,
 * and a deeper division (town) beats a wider one (district).
 */
export function ruleSpecificity(r: Pick<RoutingRuleLike, 'divisionCode' | 'industryPrefix'>): number {
  const conditions = (r.divisionCode ? 1 : 0) + (r.industryPrefix ? 1 : 0);
  return (
    conditions * 1000 +
    (r.industryPrefix ? 100 + r.industryPrefix.length * 10 : 0) +
    (r.divisionCode?.length ?? 0)
  );
}

/**
 * The rule that routes a demand: same category, the enterprise inside the rule's division
 * (`within(enterpriseDivision, ruleDivision)`) and its industry code starting with the prefix; the
 * most specific wins, ties go to the earlier rule. Undefined when no rule matches.
 */
export function pickRoutingRule<R extends RoutingRuleLike>(
  rules: readonly R[],
  target: { category: DemandCategory; industryCode: string | null },
  within: (ruleDivision: string) => boolean,
): R | undefined {
  let best: R | undefined;
  let bestScore = -1;
  for (const r of rules) {
    if (r.category !== target.category) continue;
    if (r.divisionCode && !within(r.divisionCode)) continue;
    if (r.industryPrefix && !(target.industryCode ?? '').startsWith(r.industryPrefix)) continue;
    const s = ruleSpecificity(r);
    if (s > bestScore) {
      best = r;
      bestScore = s;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** A share rounded to 4 decimals; null when there is nothing to divide by. */
export function demandRate(part: number, whole: number): number | null {
  return whole ? Math.round((part / whole) * 10000) / 10000 : null;
}
