/**
 * Auto-assignment of liaisons (派驻企业指导员) to enterprises, as a pure function: the same input
 * gives the same plan. Rules:
 * - every enterprise that needs a liaison gets one from its own district, within the load limit;
 * - key enterprises first, then above-scale, then hazardous chemicals, then the rest (ties by id);
 *   a gap goes to the least-loaded liaison of the district (ties by id);
 * - stable: valid existing assignments are kept; only gaps are filled and overloads rebalanced
 *   (an overloaded liaison hands its lowest-priority enterprises to colleagues with room);
 * - assignments that are no longer valid end: enterprise no longer needs one, liaison disabled or
 *   from another district, a second liaison on the same enterprise.
 */
import type { ASSIGNMENT_CHANGE_REASONS } from '../../../shared/schemas/liaisons';

export interface AssignEnterprise {
  id: number;
  /** District code. */
  divisionCode: string;
  keyEnterprise: boolean;
  aboveScale: boolean;
  hazardousChemicals: boolean;
  /** Active (not archived) and not a long-term shutdown. */
  needsLiaison: boolean;
}

export interface AssignLiaison {
  id: number;
  /** The liaison's district (null: cannot be stationed). */
  divisionCode: string | null;
  active: boolean;
}

export interface CurrentAssignment {
  assignmentId: number;
  enterpriseId: number;
  liaisonId: number;
}

export type ChangeReason = (typeof ASSIGNMENT_CHANGE_REASONS)[number];

export interface PlannedChange {
  enterpriseId: number;
  from: number | null;
  to: number | null;
  reason: ChangeReason;
  /** The assignment row to end, when `from` is set. */
  endAssignmentId: number | null;
}

export interface AssignmentPlan {
  changes: PlannedChange[];
  /** Enterprises that keep their liaison. */
  kept: number;
  /** Enterprises that need a liaison but no one in their district has room. */
  uncovered: number[];
  /** Load of every liaison after the plan. */
  loads: Map<number, number>;
}

/** Lower is more urgent: key > above-scale > hazardous chemicals > others. */
export function priorityRank(
  e: Pick<AssignEnterprise, 'keyEnterprise' | 'aboveScale' | 'hazardousChemicals'>,
) {
  if (e.keyEnterprise) return 0;
  if (e.aboveScale) return 1;
  if (e.hazardousChemicals) return 2;
  return 3;
}

const byUrgency = (a: AssignEnterprise, b: AssignEnterprise) =>
  priorityRank(a) - priorityRank(b) || a.id - b.id;

export function planAssignments(input: {
  enterprises: readonly AssignEnterprise[];
  liaisons: readonly AssignLiaison[];
  /** Active liaison assignments touching these enterprises or liaisons. */
  assignments: readonly CurrentAssignment[];
  maxLoad: number;
}): AssignmentPlan {
  const { maxLoad } = input;
  const enterprises = new Map(input.enterprises.map((e) => [e.id, e]));
  const liaisons = new Map(input.liaisons.map((l) => [l.id, l]));
  const load = new Map<number, number>(input.liaisons.map((l) => [l.id, 0]));
  const holder = new Map<number, { liaisonId: number; assignmentId: number }>();
  const released = new Map<number, { from: number; reason: ChangeReason; assignmentId: number }>();
  const changes: PlannedChange[] = [];

  for (const a of [...input.assignments].sort((x, y) => x.assignmentId - y.assignmentId)) {
    const e = enterprises.get(a.enterpriseId);
    // An enterprise outside this run (another district) still weighs on its liaison.
    if (!e) {
      load.set(a.liaisonId, (load.get(a.liaisonId) ?? 0) + 1);
      continue;
    }
    const l = liaisons.get(a.liaisonId);
    let reason: ChangeReason | null = null;
    if (!e.needsLiaison) reason = 'not_needed';
    else if (!l?.active) reason = 'inactive_liaison';
    else if (l.divisionCode !== e.divisionCode) reason = 'wrong_division';
    else if (holder.has(e.id)) reason = 'duplicate';
    if (!reason) {
      holder.set(e.id, { liaisonId: a.liaisonId, assignmentId: a.assignmentId });
      load.set(a.liaisonId, (load.get(a.liaisonId) ?? 0) + 1);
      continue;
    }
    if (reason === 'not_needed' || reason === 'duplicate') {
      changes.push({
        enterpriseId: e.id,
        from: a.liaisonId,
        to: null,
        reason,
        endAssignmentId: a.assignmentId,
      });
    } else if (!released.has(e.id)) {
      released.set(e.id, { from: a.liaisonId, reason, assignmentId: a.assignmentId });
    } else {
      changes.push({
        enterpriseId: e.id,
        from: a.liaisonId,
        to: null,
        reason,
        endAssignmentId: a.assignmentId,
      });
    }
  }
  const kept = holder.size;

  // Active liaisons per district, for picking the least loaded.
  const pool = new Map<string, AssignLiaison[]>();
  for (const l of [...input.liaisons].sort((a, b) => a.id - b.id)) {
    if (!l.active || !l.divisionCode) continue;
    pool.set(l.divisionCode, [...(pool.get(l.divisionCode) ?? []), l]);
  }
  const leastLoaded = (division: string, except?: number): number | null => {
    let best: number | null = null;
    for (const l of pool.get(division) ?? []) {
      if (l.id === except) continue;
      const n = load.get(l.id) ?? 0;
      if (n >= maxLoad) continue;
      if (best === null || n < (load.get(best) ?? 0)) best = l.id;
    }
    return best;
  };

  const uncovered: number[] = [];
  const gaps = input.enterprises.filter((e) => e.needsLiaison && !holder.has(e.id)).sort(byUrgency);
  for (const e of gaps) {
    const to = leastLoaded(e.divisionCode);
    const r = released.get(e.id);
    if (to === null) {
      uncovered.push(e.id);
      if (r)
        changes.push({
          enterpriseId: e.id,
          from: r.from,
          to: null,
          reason: r.reason,
          endAssignmentId: r.assignmentId,
        });
      continue;
    }
    load.set(to, (load.get(to) ?? 0) + 1);
    holder.set(e.id, { liaisonId: to, assignmentId: -1 });
    changes.push({
      enterpriseId: e.id,
      from: r?.from ?? null,
      to,
      reason: r?.reason ?? 'gap',
      endAssignmentId: r?.assignmentId ?? null,
    });
  }

  // Overloads: hand the least urgent enterprises to colleagues with room, while any has room.
  for (const l of [...input.liaisons].sort((a, b) => a.id - b.id)) {
    if (!l.active || !l.divisionCode || (load.get(l.id) ?? 0) <= maxLoad) continue;
    const mine = [...holder.entries()]
      .filter(([, h]) => h.liaisonId === l.id && h.assignmentId > 0)
      .map(([id]) => enterprises.get(id)!)
      .sort((a, b) => byUrgency(b, a));
    for (const e of mine) {
      if ((load.get(l.id) ?? 0) <= maxLoad) break;
      const to = leastLoaded(e.divisionCode, l.id);
      if (to === null) break;
      const h = holder.get(e.id)!;
      load.set(l.id, (load.get(l.id) ?? 0) - 1);
      load.set(to, (load.get(to) ?? 0) + 1);
      holder.set(e.id, { liaisonId: to, assignmentId: -1 });
      changes.push({
        enterpriseId: e.id,
        from: l.id,
        to,
        reason: 'overload',
        endAssignmentId: h.assignmentId,
      });
    }
  }
  const movedAway = changes.filter((c) => c.reason === 'overload').length;
  return { changes, kept: kept - movedAway, uncovered, loads: load };
}
