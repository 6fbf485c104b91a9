import { describe, expect, it } from 'vitest';
import {
  autoCloseDueOn,
  availableDemandTransitions,
  canTransferDemand,
  checkDemandTransition,
  DEMAND_CATEGORIES,
  DEMAND_CATEGORY_LABELS,
  DEMAND_STATUS_LABELS,
  DEMAND_STATUSES,
  DEMAND_TRANSITIONS,
  type DemandTransitionRequest,
  demandDeadlines,
  demandEscalationDates,
  demandEscalationDue,
  isDemandDueSoon,
  isDemandOverdue,
  pausedWorkdaysBetween,
  pickRoutingRule,
  type RoutingRuleLike,
} from './demands';
import { VISIT_PROBLEM_CATEGORIES } from './enums';
import { addWorkdays } from './workdays';

const req = (over: Partial<DemandTransitionRequest>): DemandTransitionRequest => ({
  from: 'submitted',
  to: 'accepted',
  role: 'department',
  actorDepartment: 'finance_office',
  leadDepartment: 'finance_office',
  ...over,
});

describe('SLA on the working calendar', () => {
  it('a demand raised just before the 2020 Spring Festival is due after the extended holiday', () => {
    // Thursday 2020-01-23 is the last working day; the holiday ran (extended) to Sunday 2020-02-02.
    const dl = demandDeadlines('2020-01-23', { acceptDays: 1, resolveDays: 5 });
    expect(dl.acceptDueOn).toBe('2020-02-03');
    expect(dl.resolveDueOn).toBe('2020-02-07');
    // Raised on the holiday itself: the same first working day.
    expect(demandDeadlines('2020-01-28', { acceptDays: 1, resolveDays: 1 }).acceptDueOn).toBe('2020-02-03');
  });

  it('counts an adjusted working Saturday (调休) as a working day and the Labour Day holiday as none', () => {
    // Friday 2020-05-08 → Saturday 2020-05-09 is a working day.
    expect(demandDeadlines('2020-05-08', { acceptDays: 1, resolveDays: 3 })).toEqual({
      acceptDueOn: '2020-05-09',
      resolveDueOn: '2020-05-12',
    });
    // Thursday 2020-04-30 → the holiday 05-01..05-05, back on Wednesday 05-06.
    expect(demandDeadlines('2020-04-30', { acceptDays: 1, resolveDays: 3 }).resolveDueOn).toBe('2020-05-08');
    // An ordinary weekend is skipped: Friday 2020-03-06 → Monday 03-09.
    expect(demandDeadlines('2020-03-06', { acceptDays: 1, resolveDays: 10 }).acceptDueOn).toBe('2020-03-09');
  });

  it('waiting for the enterprise pushes the resolve deadline back by the working days it waited', () => {
    const base = demandDeadlines('2020-03-02', { acceptDays: 1, resolveDays: 5 });
    expect(base.resolveDueOn).toBe('2020-03-09');
    // Paused Wednesday 03-04, answered Friday 03-06: Thursday and Friday cost 2 working days.
    const paused = pausedWorkdaysBetween('2020-03-04', '2020-03-06');
    expect(paused).toBe(2);
    expect(demandDeadlines('2020-03-02', { acceptDays: 1, resolveDays: 5 }, paused).resolveDueOn).toBe(
      '2020-03-11',
    );
    expect(addWorkdays(base.resolveDueOn, paused)).toBe('2020-03-11');
    // Over a weekend only the working days count; the same day costs nothing.
    expect(pausedWorkdaysBetween('2020-03-06', '2020-03-09')).toBe(1);
    expect(pausedWorkdaysBetween('2020-03-06', '2020-03-06')).toBe(0);
  });

  it('overdue the day after the current deadline; never while waiting, resolved or closed', () => {
    const d = { acceptDueOn: '2020-03-03', resolveDueOn: '2020-03-09' };
    expect(isDemandOverdue({ ...d, status: 'submitted' }, '2020-03-03')).toBe(false);
    expect(isDemandOverdue({ ...d, status: 'submitted' }, '2020-03-04')).toBe(true);
    expect(isDemandOverdue({ ...d, status: 'accepted' }, '2020-03-04')).toBe(false);
    expect(isDemandOverdue({ ...d, status: 'in_progress' }, '2020-03-10')).toBe(true);
    for (const status of ['waiting', 'resolved', 'closed'] as const)
      expect(isDemandOverdue({ ...d, status }, '2020-04-01'), status).toBe(false);
    // Due soon: today or the next working day (Friday → Monday).
    expect(isDemandDueSoon({ ...d, status: 'in_progress' }, '2020-03-06')).toBe(true);
    expect(isDemandDueSoon({ ...d, status: 'in_progress' }, '2020-03-05')).toBe(false);
    expect(isDemandDueSoon({ ...d, status: 'in_progress' }, '2020-03-10')).toBe(false);
  });

  it('escalates to the department the day after the deadline and to the commander after 2 more working days', () => {
    // Deadline Thursday 2020-03-05: level 1 from Friday, level 2 from Tuesday 03-10 (after Fri 06 and Mon 09).
    expect(demandEscalationDates('2020-03-05')).toEqual({ level1: '2020-03-06', level2: '2020-03-10' });
    const d = { status: 'in_progress' as const, acceptDueOn: '2020-03-02', resolveDueOn: '2020-03-05' };
    expect(demandEscalationDue(d, '2020-03-05')).toBe(0);
    expect(demandEscalationDue(d, '2020-03-06')).toBe(1);
    expect(demandEscalationDue(d, '2020-03-09')).toBe(1);
    expect(demandEscalationDue(d, '2020-03-10')).toBe(2);
    expect(demandEscalationDue({ ...d, status: 'waiting' }, '2020-03-20')).toBe(0);
  });

  it('auto-closes after 7 working days without confirmation', () => {
    expect(autoCloseDueOn('2020-03-02')).toBe('2020-03-11');
    expect(autoCloseDueOn('2020-01-22')).toBe('2020-02-10');
  });
});

describe('lifecycle rules', () => {
  it('every status has a label in both languages and the machine only names known statuses', () => {
    for (const s of DEMAND_STATUSES) {
      expect(DEMAND_STATUS_LABELS[s]['zh-CN']).toBeTruthy();
      expect(DEMAND_STATUS_LABELS[s].en).toBeTruthy();
      for (const to of Object.keys(DEMAND_TRANSITIONS[s])) expect(DEMAND_STATUSES).toContain(to);
    }
    for (const c of DEMAND_CATEGORIES) expect(DEMAND_CATEGORY_LABELS[c].en).toBeTruthy();
    expect(VISIT_PROBLEM_CATEGORIES.length).toBeGreaterThan(0);
  });

  it('the lead department handles; the enterprise confirms, rates or reopens', () => {
    expect(checkDemandTransition(req({}))).toEqual({ ok: true, action: 'accept' });
    expect(checkDemandTransition(req({ actorDepartment: 'hr' }))).toEqual({ ok: false, refusal: 'not_lead' });
    expect(checkDemandTransition(req({ role: 'enterprise' }))).toEqual({ ok: false, refusal: 'forbidden' });
    expect(
      checkDemandTransition(req({ from: 'in_progress', to: 'resolved', note: '已协调银行放贷' })),
    ).toEqual({
      ok: true,
      action: 'resolve',
    });
    expect(
      checkDemandTransition(
        req({ from: 'resolved', to: 'closed', role: 'enterprise', solved: true, rating: 5 }),
      ),
    ).toEqual({ ok: true, action: 'confirm' });
    expect(
      checkDemandTransition(req({ from: 'resolved', to: 'in_progress', role: 'enterprise', note: '未落实' })),
    ).toEqual({ ok: true, action: 'reopen' });
  });

  it('nobody but the enterprise rates: a handler or the commander giving a rating is refused (403)', () => {
    for (const role of ['department', 'commander', 'liaison'] as const) {
      const c = checkDemandTransition(req({ from: 'resolved', to: 'closed', role, solved: true, rating: 5 }));
      expect(c, role).toEqual({ ok: false, refusal: 'rating_forbidden' });
    }
    // Even without a rating, closing is the enterprise's.
    expect(checkDemandTransition(req({ from: 'resolved', to: 'closed' }))).toEqual({
      ok: false,
      refusal: 'forbidden',
    });
  });

  it('illegal edges are refused before anything else; notes and verdicts are required where they matter', () => {
    expect(checkDemandTransition(req({ from: 'submitted', to: 'resolved' }))).toEqual({
      ok: false,
      refusal: 'invalid_transition',
    });
    expect(checkDemandTransition(req({ from: 'closed', to: 'in_progress', role: 'enterprise' })).ok).toBe(
      false,
    );
    expect(checkDemandTransition(req({ from: 'in_progress', to: 'resolved', note: '  ' }))).toEqual({
      ok: false,
      refusal: 'note_required',
    });
    expect(checkDemandTransition(req({ from: 'in_progress', to: 'waiting' }))).toEqual({
      ok: false,
      refusal: 'note_required',
    });
    const confirm = req({ from: 'resolved', to: 'closed', role: 'enterprise' });
    expect(checkDemandTransition({ ...confirm, rating: 4 })).toEqual({
      ok: false,
      refusal: 'solved_required',
    });
    expect(checkDemandTransition({ ...confirm, solved: false })).toEqual({
      ok: false,
      refusal: 'rating_required',
    });
    expect(
      checkDemandTransition(
        req({ from: 'resolved', to: 'in_progress', role: 'enterprise', note: 'x', rating: 2 }),
      ),
    ).toEqual({ ok: false, refusal: 'not_applicable' });
  });

  it('the buttons each actor sees', () => {
    const lead = { role: 'department' as const, actorDepartment: 'hr', leadDepartment: 'hr' };
    expect(availableDemandTransitions({ ...lead, status: 'in_progress' }).sort()).toEqual([
      'resolved',
      'waiting',
    ]);
    expect(availableDemandTransitions({ ...lead, status: 'resolved' })).toEqual([]);
    expect(availableDemandTransitions({ ...lead, actorDepartment: 'tax', status: 'submitted' })).toEqual([]);
    const ent = { role: 'enterprise' as const, actorDepartment: null, leadDepartment: 'hr' };
    expect(availableDemandTransitions({ ...ent, status: 'resolved' }).sort()).toEqual([
      'closed',
      'in_progress',
    ]);
    expect(availableDemandTransitions({ ...ent, status: 'waiting' })).toEqual(['in_progress']);
    expect(canTransferDemand({ ...lead, status: 'accepted' })).toBe(true);
    expect(canTransferDemand({ ...lead, status: 'resolved' })).toBe(false);
    expect(canTransferDemand({ ...lead, actorDepartment: 'tax', status: 'accepted' })).toBe(false);
    expect(canTransferDemand({ ...ent, role: 'commander', status: 'submitted' })).toBe(true);
  });
});

describe('routing specificity', () => {
  const rules: (RoutingRuleLike & { id: number })[] = [
    { id: 1, category: 'permits', divisionCode: null, industryPrefix: null, departmentCode: 'market' },
    { id: 2, category: 'permits', divisionCode: null, industryPrefix: '26', departmentCode: 'emergency' },
    {
      id: 3,
      category: 'permits',
      divisionCode: '210502',
      industryPrefix: null,
      departmentCode: 'development',
    },
    {
      id: 4,
      category: 'permits',
      divisionCode: '210502',
      industryPrefix: '2614',
      departmentCode: 'commerce',
    },
    { id: 5, category: 'permits', divisionCode: null, industryPrefix: '2614', departmentCode: 'tax' },
    { id: 6, category: 'labour', divisionCode: null, industryPrefix: null, departmentCode: 'hr' },
  ];
  const inPingshan = (code: string) => code === '210502' || code === '210500';
  const elsewhere = (code: string) => code === '210500';
  const pick = (industryCode: string, within: (c: string) => boolean, category = 'permits' as const) =>
    pickRoutingRule(rules, { category, industryCode }, within)?.id;

  it('the most specific rule wins: division and industry, then industry (longer prefix first), then division', () => {
    expect(pick('2614', inPingshan)).toBe(4);
    expect(pick('2614', elsewhere)).toBe(5);
    expect(pick('2619', elsewhere)).toBe(2);
    expect(pick('2619', inPingshan)).toBe(2);
    expect(pick('3130', inPingshan)).toBe(3);
    expect(pick('3130', elsewhere)).toBe(1);
  });

  it('another category never matches; no rule → undefined', () => {
    expect(pickRoutingRule(rules, { category: 'labour', industryCode: '2614' }, inPingshan)?.id).toBe(6);
    expect(pickRoutingRule(rules, { category: 'energy', industryCode: '2614' }, inPingshan)).toBeUndefined();
  });
});
