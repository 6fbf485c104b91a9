import { describe, expect, it } from 'vitest';
import {
  currentOverride,
  DEFAULT_PLAN,
  effectivePhase,
  matchRule,
  orderPhases,
  type PhaseDef,
  type PhaseSubject,
  phaseFor,
  phaseOpenOn,
  validatePlan,
} from './phases';

const subject = (over: Partial<PhaseSubject> = {}): PhaseSubject => ({
  industryCode: '3130',
  sizeClass: 'medium',
  aboveScale: false,
  publicUtility: false,
  epidemicSupplies: false,
  cityOperation: false,
  keyEnterprise: false,
  hazardousChemicals: false,
  longTermShutdown: false,
  ...over,
});

const phase = (
  code: string,
  priority: number,
  rule: PhaseDef['rule'],
  earliestDate: string | null = null,
) => ({
  code,
  name: code,
  earliestDate,
  priority,
  rule,
  requiresVerification: false,
});

describe('matchRule', () => {
  it('an empty rule matches everything, with no criteria to show', () => {
    expect(matchRule({}, subject())).toEqual([]);
    expect(matchRule({ flags: [], industryPrefixes: [] }, subject())).toEqual([]);
  });

  it('flags are "any of" and report every flag that held', () => {
    const rule = { flags: ['publicUtility', 'epidemicSupplies', 'cityOperation'] as const };
    expect(matchRule({ flags: [...rule.flags] }, subject())).toBeNull();
    expect(
      matchRule({ flags: [...rule.flags] }, subject({ epidemicSupplies: true, cityOperation: true })),
    ).toEqual([
      { criterion: 'flag', value: 'epidemicSupplies' },
      { criterion: 'flag', value: 'cityOperation' },
    ]);
  });

  it('industry prefixes are "any of"; the longest matching prefix is reported', () => {
    const rule = { industryPrefixes: ['90', '9011', '8051'] };
    expect(matchRule(rule, subject({ industryCode: '9011' }))).toEqual([
      { criterion: 'industryPrefix', value: '9011' },
    ]);
    expect(matchRule(rule, subject({ industryCode: '9013' }))).toEqual([
      { criterion: 'industryPrefix', value: '90' },
    ]);
    expect(matchRule(rule, subject({ industryCode: '3130' }))).toBeNull();
  });

  it('every criterion given must hold (and), each list is any-of (or)', () => {
    const rule: PhaseDef['rule'] = {
      industryPrefixes: ['31'],
      sizeClasses: ['large', 'medium'],
      aboveScale: true,
    };
    expect(matchRule(rule, subject({ aboveScale: true }))).toEqual([
      { criterion: 'industryPrefix', value: '31' },
      { criterion: 'sizeClass', value: 'medium' },
      { criterion: 'aboveScale', value: 'true' },
    ]);
    expect(matchRule(rule, subject({ aboveScale: false }))).toBeNull();
    expect(matchRule(rule, subject({ aboveScale: true, sizeClass: 'small' }))).toBeNull();
    expect(matchRule({ aboveScale: false }, subject())).toEqual([
      { criterion: 'aboveScale', value: 'false' },
    ]);
  });
});

describe('phaseFor', () => {
  it('overlapping rules: the lowest priority number wins', () => {
    const plan = [phase('general', 100, {}), phase('guarantee', 10, { flags: ['publicUtility'] })];
    expect(phaseFor(subject({ publicUtility: true }), plan).phase?.code).toBe('guarantee');
    expect(phaseFor(subject(), plan).phase?.code).toBe('general');
    expect(phaseFor(subject(), plan).matchedBy).toEqual([]);
  });

  it('priority ties are broken by code, whatever the input order', () => {
    const a = phase('alpha', 5, { aboveScale: true });
    const b = phase('beta', 5, { aboveScale: true });
    expect(phaseFor(subject({ aboveScale: true }), [b, a]).phase?.code).toBe('alpha');
    expect(phaseFor(subject({ aboveScale: true }), [a, b]).phase?.code).toBe('alpha');
    expect(orderPhases([b, a, phase('zero', 0, {})]).map((p) => p.code)).toEqual(['zero', 'alpha', 'beta']);
  });

  it('no matching phase: null (the plan then sets no date)', () => {
    const plan = [phase('held', 20, { industryPrefixes: ['9011'] })];
    expect(phaseFor(subject(), plan)).toEqual({ phase: null, matchedBy: [], overridden: false });
  });

  it("Benxi's default plan sorts utilities, entertainment and the rest", () => {
    expect(phaseFor(subject({ industryCode: '4610', publicUtility: true }), DEFAULT_PLAN).phase?.code).toBe(
      'guarantee',
    );
    expect(phaseFor(subject({ industryCode: '9013' }), DEFAULT_PLAN).phase?.code).toBe('held');
    expect(phaseFor(subject({ industryCode: '8051' }), DEFAULT_PLAN).phase?.code).toBe('held');
    expect(phaseFor(subject({ industryCode: '3130', aboveScale: true }), DEFAULT_PLAN).phase?.code).toBe(
      'general',
    );
    // A flag beats the industry rule: the guarantee phase has the higher priority.
    expect(phaseFor(subject({ industryCode: '9011', cityOperation: true }), DEFAULT_PLAN).phase?.code).toBe(
      'guarantee',
    );
  });
});

describe('overrides', () => {
  const plan = [
    phase('guarantee', 10, { flags: ['publicUtility'] }, '2020-01-25'),
    phase('general', 100, {}, '2020-02-10'),
  ];

  it('the newest override wins; a null phase clears it', () => {
    const history = [
      { phaseCode: 'guarantee', reason: 'heating supplier' },
      { phaseCode: 'general', reason: 'no longer critical' },
    ];
    expect(currentOverride(history)?.phaseCode).toBe('general');
    expect(currentOverride([...history, { phaseCode: null, reason: 'back to rules' }])).toBeNull();
    expect(currentOverride([])).toBeNull();
  });

  it('an override replaces the rules and says so', () => {
    const m = effectivePhase(subject(), plan, [{ phaseCode: 'guarantee', reason: 'supplies the hospital' }]);
    expect(m).toMatchObject({ phase: { code: 'guarantee' }, overridden: true, matchedBy: [] });
  });

  it('a cleared override, or one naming a removed phase, leaves the rules in charge', () => {
    const cleared = effectivePhase(subject({ publicUtility: true }), plan, [
      { phaseCode: 'general', reason: 'x' },
      { phaseCode: null, reason: 'undo' },
    ]);
    expect(cleared).toMatchObject({ phase: { code: 'guarantee' }, overridden: false });
    const gone = effectivePhase(subject(), plan, [{ phaseCode: 'held', reason: 'phase deleted since' }]);
    expect(gone).toMatchObject({ phase: { code: 'general' }, overridden: false });
  });
});

describe('phaseOpenOn', () => {
  it('opens on the earliest date; a held phase (no date) never opens; no phase means no gate', () => {
    expect(phaseOpenOn({ earliestDate: '2020-02-10' }, '2020-02-09')).toBe(false);
    expect(phaseOpenOn({ earliestDate: '2020-02-10' }, '2020-02-10')).toBe(true);
    expect(phaseOpenOn({ earliestDate: null }, '2099-01-01')).toBe(false);
    expect(phaseOpenOn(null, '2020-01-01')).toBe(true);
  });
});

describe('validatePlan', () => {
  it('accepts the default plan', () => {
    expect(validatePlan(DEFAULT_PLAN)).toEqual([]);
  });

  it('names every problem with its path', () => {
    const issues = validatePlan([
      phase('a', 1, { industryPrefixes: ['9011', '99', '9011'], flags: ['nonsense' as never] }),
      phase('a', 2, { sizeClasses: ['huge' as never] }),
    ]);
    expect(issues.map((i) => `${i.path}:${i.reason}`).sort()).toEqual([
      'phases.0.rule.flags.0:unknown_flag',
      'phases.0.rule.industryPrefixes.1:unknown_industry',
      'phases.0.rule.industryPrefixes:duplicate_values',
      'phases.1.code:duplicate_phase_code',
      'phases.1.rule.sizeClasses.0:unknown_size_class',
    ]);
  });
});
