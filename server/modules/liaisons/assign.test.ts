import { describe, expect, it } from 'vitest';
import {
  type AssignEnterprise,
  type AssignLiaison,
  type CurrentAssignment,
  planAssignments,
  priorityRank,
} from './assign';

const ent = (id: number, over: Partial<AssignEnterprise> = {}): AssignEnterprise => ({
  id,
  divisionCode: 'A',
  keyEnterprise: false,
  aboveScale: false,
  hazardousChemicals: false,
  needsLiaison: true,
  ...over,
});
const lia = (id: number, divisionCode: string | null = 'A', active = true): AssignLiaison => ({
  id,
  divisionCode,
  active,
});

/** Applies a plan to the assignment list, as the service does (ended rows out, new rows in). */
function apply(current: CurrentAssignment[], plan: ReturnType<typeof planAssignments>): CurrentAssignment[] {
  const ended = new Set(plan.changes.map((c) => c.endAssignmentId));
  let next = Math.max(0, ...current.map((a) => a.assignmentId)) + 1;
  return [
    ...current.filter((a) => !ended.has(a.assignmentId)),
    ...plan.changes
      .filter((c) => c.to !== null)
      .map((c) => ({ assignmentId: next++, enterpriseId: c.enterpriseId, liaisonId: c.to! })),
  ];
}

const holders = (list: CurrentAssignment[]) => new Map(list.map((a) => [a.enterpriseId, a.liaisonId]));

describe('planAssignments', () => {
  it('covers every enterprise that needs a liaison, within its own district', () => {
    const enterprises = [ent(1), ent(2), ent(3, { divisionCode: 'B' }), ent(4, { needsLiaison: false })];
    const liaisons = [lia(10), lia(11), lia(20, 'B')];
    const plan = planAssignments({ enterprises, liaisons, assignments: [], maxLoad: 3 });
    const after = holders(apply([], plan));
    expect(plan.uncovered).toEqual([]);
    expect(after.get(3)).toBe(20);
    expect([10, 11]).toContain(after.get(1));
    expect(after.has(4)).toBe(false);
    expect(plan.changes.every((c) => c.reason === 'gap' && c.from === null)).toBe(true);
  });

  it('spreads load to the least loaded and never exceeds the limit; the rest stays uncovered', () => {
    const enterprises = Array.from({ length: 7 }, (_, i) => ent(i + 1));
    const plan = planAssignments({
      enterprises,
      liaisons: [lia(10), lia(11), lia(12)],
      assignments: [],
      maxLoad: 2,
    });
    expect([...plan.loads.values()]).toEqual([2, 2, 2]);
    expect(plan.uncovered).toEqual([7]);
  });

  it('serves key, then above-scale, then hazardous-chemicals enterprises first when places run out', () => {
    const enterprises = [
      ent(1),
      ent(2, { hazardousChemicals: true }),
      ent(3, { aboveScale: true }),
      ent(4, { keyEnterprise: true }),
      ent(5),
    ];
    const plan = planAssignments({ enterprises, liaisons: [lia(10)], assignments: [], maxLoad: 3 });
    expect(plan.changes.map((c) => c.enterpriseId)).toEqual([4, 3, 2]);
    expect(plan.uncovered).toEqual([1, 5]);
    expect(priorityRank(ent(9, { keyEnterprise: true, aboveScale: true }))).toBe(0);
  });

  it('is deterministic: the same input in any order gives the same plan', () => {
    const enterprises = Array.from({ length: 30 }, (_, i) =>
      ent(i + 1, {
        divisionCode: i % 3 === 0 ? 'B' : 'A',
        aboveScale: i % 4 === 0,
        keyEnterprise: i % 7 === 0,
      }),
    );
    const liaisons = [
      lia(10),
      lia(11),
      lia(12),
      lia(13),
      lia(20, 'B'),
      lia(21, 'B'),
      lia(22, 'B'),
      lia(23, 'B'),
    ];
    const a = planAssignments({ enterprises, liaisons, assignments: [], maxLoad: 3 });
    const b = planAssignments({
      enterprises: [...enterprises].reverse(),
      liaisons: [...liaisons].reverse(),
      assignments: [],
      maxLoad: 3,
    });
    expect(b.changes).toEqual(a.changes);
    expect(b.uncovered).toEqual(a.uncovered);
  });

  it('is stable: a second run changes nothing; a new enterprise only fills the gap', () => {
    const enterprises = Array.from({ length: 10 }, (_, i) => ent(i + 1));
    const liaisons = [lia(10), lia(11), lia(12), lia(13)];
    const first = planAssignments({ enterprises, liaisons, assignments: [], maxLoad: 3 });
    const state = apply([], first);
    const second = planAssignments({ enterprises, liaisons, assignments: state, maxLoad: 3 });
    expect(second.changes).toEqual([]);
    expect(second.kept).toBe(10);
    const third = planAssignments({
      enterprises: [...enterprises, ent(11)],
      liaisons,
      assignments: state,
      maxLoad: 3,
    });
    expect(third.changes).toHaveLength(1);
    expect(third.changes[0]).toMatchObject({ enterpriseId: 11, from: null, reason: 'gap' });
    expect(third.kept).toBe(10);
  });

  it('rebalances only overloads, moving the least urgent enterprises, and only where there is room', () => {
    const enterprises = [
      ent(1, { keyEnterprise: true }),
      ent(2, { aboveScale: true }),
      ent(3),
      ent(4),
      ent(5),
    ];
    const assignments = enterprises.map((e, i) => ({
      assignmentId: i + 1,
      enterpriseId: e.id,
      liaisonId: 10,
    }));
    const plan = planAssignments({ enterprises, liaisons: [lia(10), lia(11)], assignments, maxLoad: 3 });
    expect(plan.changes).toEqual([
      { enterpriseId: 5, from: 10, to: 11, reason: 'overload', endAssignmentId: 5 },
      { enterpriseId: 4, from: 10, to: 11, reason: 'overload', endAssignmentId: 4 },
    ]);
    expect(plan.loads.get(10)).toBe(3);
    expect(plan.kept).toBe(3);
    // With nowhere to go, the overload stays (coverage beats balance).
    const stuck = planAssignments({ enterprises, liaisons: [lia(10)], assignments, maxLoad: 3 });
    expect(stuck.changes).toEqual([]);
  });

  it('ends assignments that are no longer valid and re-covers those enterprises', () => {
    const enterprises = [ent(1, { needsLiaison: false }), ent(2), ent(3), ent(4, { divisionCode: 'B' })];
    const liaisons = [lia(10), lia(11, 'A', false), lia(12, 'B'), lia(13)];
    const assignments: CurrentAssignment[] = [
      { assignmentId: 1, enterpriseId: 1, liaisonId: 10 }, // no longer needed
      { assignmentId: 2, enterpriseId: 2, liaisonId: 11 }, // liaison disabled
      { assignmentId: 3, enterpriseId: 3, liaisonId: 10 },
      { assignmentId: 4, enterpriseId: 3, liaisonId: 13 }, // a second liaison
      { assignmentId: 5, enterpriseId: 4, liaisonId: 10 }, // liaison of another district
    ];
    const plan = planAssignments({ enterprises, liaisons, assignments, maxLoad: 3 });
    const byEnterprise = (id: number) => plan.changes.filter((c) => c.enterpriseId === id);
    expect(byEnterprise(1)).toEqual([
      { enterpriseId: 1, from: 10, to: null, reason: 'not_needed', endAssignmentId: 1 },
    ]);
    expect(byEnterprise(2)).toEqual([
      { enterpriseId: 2, from: 11, to: 13, reason: 'inactive_liaison', endAssignmentId: 2 },
    ]);
    expect(byEnterprise(3)).toEqual([
      { enterpriseId: 3, from: 13, to: null, reason: 'duplicate', endAssignmentId: 4 },
    ]);
    expect(byEnterprise(4)).toEqual([
      { enterpriseId: 4, from: 10, to: 12, reason: 'wrong_division', endAssignmentId: 5 },
    ]);
    const again = planAssignments({
      enterprises,
      liaisons,
      assignments: apply(assignments, plan),
      maxLoad: 3,
    });
    expect(again.changes).toEqual([]);
  });

  it('counts enterprises outside the run against their liaison’s load', () => {
    const plan = planAssignments({
      enterprises: [ent(1), ent(2)],
      liaisons: [lia(10), lia(11)],
      assignments: [
        { assignmentId: 1, enterpriseId: 99, liaisonId: 10 },
        { assignmentId: 2, enterpriseId: 98, liaisonId: 10 },
      ],
      maxLoad: 3,
    });
    expect(plan.changes.map((c) => c.to)).toEqual([11, 11]);
  });
});
