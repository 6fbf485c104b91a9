import { describe, expect, it } from 'vitest';
import { HAZARD_STATUSES, type HazardStatus, ROLES, type Role } from './enums';
import {
  availableTransitions,
  checkTransition,
  defaultDeadline,
  escalationDates,
  escalationDue,
  HAZARD_TRANSITIONS,
  isOverdue,
} from './hazards';

const base = {
  severity: 'general' as const,
  actorId: 1,
  submittedBy: 2,
  note: 'note',
};

describe('hazard state machine', () => {
  it('allows exactly the four edges of the loop', () => {
    const edges: string[] = [];
    for (const from of HAZARD_STATUSES)
      for (const to of HAZARD_STATUSES) {
        const c = checkTransition({ ...base, from, to, role: 'commander' });
        if (c.ok) edges.push(`${from}->${to}:${c.action}`);
        else if (c.refusal !== 'invalid_transition') edges.push(`${from}->${to}:${c.refusal}`);
      }
    expect(edges.sort()).toEqual(
      [
        'open->rectifying:accept',
        'rectifying->submitted:submit',
        'submitted->closed:verify',
        'submitted->rectifying:reject',
      ].sort(),
    );
  });

  it('refuses every other edge, including leaving closed and skipping steps', () => {
    const illegal: [HazardStatus, HazardStatus][] = [
      ['open', 'submitted'],
      ['open', 'closed'],
      ['rectifying', 'closed'],
      ['rectifying', 'open'],
      ['submitted', 'open'],
      ['closed', 'open'],
      ['closed', 'rectifying'],
      ['open', 'open'],
    ];
    for (const [from, to] of illegal) {
      expect(checkTransition({ ...base, from, to, role: 'commander' })).toEqual({
        ok: false,
        refusal: 'invalid_transition',
      });
    }
  });

  it('lets only the enterprise side accept and submit, only inspectors and territory judge', () => {
    const who = (from: HazardStatus, to: HazardStatus) =>
      ROLES.filter((role) => checkTransition({ ...base, from, to, role }).ok);
    expect(who('open', 'rectifying')).toEqual(['commander', 'liaison', 'enterprise']);
    expect(who('rectifying', 'submitted')).toEqual(['commander', 'liaison', 'enterprise']);
    const judges: Role[] = ['commander', 'department', 'district', 'supervisor', 'liaison'];
    expect(who('submitted', 'closed')).toEqual(judges);
    expect(who('submitted', 'rectifying')).toEqual(judges);
  });

  it('refuses the submitter verifying or rejecting their own evidence', () => {
    for (const to of ['closed', 'rectifying'] as const) {
      expect(
        checkTransition({ ...base, from: 'submitted', to, role: 'liaison', actorId: 7, submittedBy: 7 }),
      ).toEqual({ ok: false, refusal: 'self_verification' });
    }
  });

  it('a major hazard needs a district or city verifier', () => {
    const major = { ...base, severity: 'major' as const, from: 'submitted' as const, to: 'closed' as const };
    expect(checkTransition({ ...major, role: 'supervisor' })).toEqual({
      ok: false,
      refusal: 'verifier_level',
    });
    expect(checkTransition({ ...major, role: 'liaison' })).toEqual({ ok: false, refusal: 'verifier_level' });
    expect(checkTransition({ ...major, role: 'district' }).ok).toBe(true);
    expect(checkTransition({ ...major, role: 'commander' }).ok).toBe(true);
  });

  it('needs a plan to accept a major hazard, evidence to submit, a reason to reject', () => {
    expect(
      checkTransition({
        ...base,
        severity: 'major',
        from: 'open',
        to: 'rectifying',
        role: 'enterprise',
        note: ' ',
      }),
    ).toEqual({ ok: false, refusal: 'plan_required' });
    expect(
      checkTransition({ ...base, from: 'open', to: 'rectifying', role: 'enterprise', note: null }).ok,
    ).toBe(true);
    expect(
      checkTransition({ ...base, from: 'rectifying', to: 'submitted', role: 'enterprise', note: '' }),
    ).toEqual({ ok: false, refusal: 'evidence_required' });
    expect(
      checkTransition({ ...base, from: 'submitted', to: 'rectifying', role: 'district', note: undefined }),
    ).toEqual({ ok: false, refusal: 'reason_required' });
  });

  it('lists the buttons an actor may press', () => {
    const h = { status: 'submitted' as const, severity: 'general' as const, submittedBy: 2 };
    expect(availableTransitions({ ...h, role: 'district', actorId: 1 }).sort()).toEqual([
      'closed',
      'rectifying',
    ]);
    expect(availableTransitions({ ...h, role: 'liaison', actorId: 2 })).toEqual([]);
    expect(availableTransitions({ ...h, role: 'enterprise', actorId: 3 })).toEqual([]);
    expect(availableTransitions({ ...h, status: 'closed', role: 'commander', actorId: 1 })).toEqual([]);
    expect(Object.keys(HAZARD_TRANSITIONS.closed)).toEqual([]);
  });
});

describe('deadlines and escalation', () => {
  it('defaults the deadline by severity in calendar days', () => {
    expect(defaultDeadline('2020-03-10', 'general')).toBe('2020-03-17');
    expect(defaultDeadline('2020-03-10', 'major')).toBe('2020-04-09');
    expect(defaultDeadline('2020-02-26', 'general')).toBe('2020-03-04');
  });

  it('is overdue from the day after the deadline until closed', () => {
    expect(isOverdue('open', '2020-03-10', '2020-03-10')).toBe(false);
    expect(isOverdue('open', '2020-03-09', '2020-03-10')).toBe(true);
    expect(isOverdue('rectifying', '2020-03-09', '2020-03-10')).toBe(true);
    expect(isOverdue('submitted', '2020-03-09', '2020-03-10')).toBe(true);
    expect(isOverdue('closed', '2020-03-01', '2020-03-10')).toBe(false);
  });

  it('escalates to the district after the deadline and to the city after 3 more working days', () => {
    // Deadline Friday 2020-03-06: district on Saturday; working days Mon 9, Tue 10, Wed 11; city Thu 12.
    expect(escalationDates('2020-03-06')).toEqual({ district: '2020-03-07', city: '2020-03-12' });
    expect(escalationDue('open', '2020-03-06', '2020-03-06')).toBeNull();
    expect(escalationDue('open', '2020-03-06', '2020-03-07')).toBe('district');
    expect(escalationDue('rectifying', '2020-03-06', '2020-03-11')).toBe('district');
    expect(escalationDue('rectifying', '2020-03-06', '2020-03-12')).toBe('city');
    expect(escalationDue('closed', '2020-03-06', '2020-03-12')).toBeNull();
  });

  it('does not count the extended Spring Festival as working days for escalation', () => {
    // Deadline 2020-01-22 (Wed): 23 Jan, then nothing until 3 Feb, 4 Feb → city on 5 Feb.
    expect(escalationDates('2020-01-22')).toEqual({ district: '2020-01-23', city: '2020-02-05' });
    expect(escalationDue('open', '2020-01-22', '2020-02-02')).toBe('district');
    expect(escalationDue('open', '2020-01-22', '2020-02-04')).toBe('district');
    expect(escalationDue('open', '2020-01-22', '2020-02-05')).toBe('city');
  });

  it('counts an adjusted working Sunday', () => {
    // Deadline Fri 2020-01-17: working Sunday 19, Mon 20, Tue 21 → city on Wed 22.
    expect(escalationDates('2020-01-17').city).toBe('2020-01-22');
  });
});
