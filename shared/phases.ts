/**
 * 梯次: which phase of the resumption plan an enterprise belongs to. Pure functions, shared by the
 * server (detail page, approval gate, plan preview, demo seed) and the web app.
 *
 * A phase's rule lists criteria; every criterion that is given must hold, an empty rule matches
 * everything. Phases are tried by ascending priority (ties broken by code), the first match wins.
 * An override (district or commander, with a reason) replaces the rules for one enterprise; the
 * newest override wins and an override with a null phase clears the earlier ones.
 */
import { industrySectionOf } from './data/industries';
import { ENTERPRISE_FLAGS, type EnterpriseFlag, SIZE_CLASSES, type SizeClass } from './enums';

export interface PhaseRule {
  /** Any of these flags. */
  flags?: EnterpriseFlag[];
  /** Any of these GB/T 4754 code prefixes (e.g. "9011", "44"). */
  industryPrefixes?: string[];
  /** Any of these size classes. */
  sizeClasses?: SizeClass[];
  aboveScale?: boolean;
}

export interface PhaseDef {
  code: string;
  name: string;
  nameEn?: string;
  /** YYYY-MM-DD; null = held back with no date yet. */
  earliestDate: string | null;
  priority: number;
  rule: PhaseRule;
  requiresVerification: boolean;
}

/** The enterprise attributes a rule can look at. */
export type PhaseSubject = { industryCode: string; sizeClass: SizeClass; aboveScale: boolean } & Record<
  EnterpriseFlag,
  boolean
>;

/** One criterion of the rule that matched, to show "why this phase". */
export interface MatchedCriterion {
  criterion: 'flag' | 'industryPrefix' | 'sizeClass' | 'aboveScale';
  value: string;
}

export interface PhaseMatch<P extends PhaseDef = PhaseDef> {
  phase: P | null;
  /** The criteria that held; empty for a catch-all rule or an override. */
  matchedBy: MatchedCriterion[];
  overridden: boolean;
}

/** An override as stored (phase_overrides): `phaseCode` null clears earlier overrides. */
export interface PhaseOverride {
  phaseCode: string | null;
  reason: string;
}

/** Phases in evaluation order: ascending priority, then code. */
export function orderPhases<P extends PhaseDef>(phases: readonly P[]): P[] {
  return [...phases].sort(
    (a, b) => a.priority - b.priority || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** The criteria that hold for a subject, or null when the rule does not match it. */
export function matchRule(rule: PhaseRule, e: PhaseSubject): MatchedCriterion[] | null {
  const out: MatchedCriterion[] = [];
  if (rule.flags?.length) {
    const hit = rule.flags.filter((f) => e[f]);
    if (!hit.length) return null;
    for (const f of hit) out.push({ criterion: 'flag', value: f });
  }
  if (rule.industryPrefixes?.length) {
    const hit = rule.industryPrefixes
      .filter((p) => e.industryCode.startsWith(p))
      .sort((a, b) => b.length - a.length);
    if (!hit.length) return null;
    out.push({ criterion: 'industryPrefix', value: hit[0] });
  }
  if (rule.sizeClasses?.length) {
    if (!rule.sizeClasses.includes(e.sizeClass)) return null;
    out.push({ criterion: 'sizeClass', value: e.sizeClass });
  }
  if (rule.aboveScale !== undefined) {
    if (e.aboveScale !== rule.aboveScale) return null;
    out.push({ criterion: 'aboveScale', value: String(rule.aboveScale) });
  }
  return out;
}

/** The first phase (by priority, then code) whose rule matches the enterprise. */
export function phaseFor<P extends PhaseDef>(e: PhaseSubject, phases: readonly P[]): PhaseMatch<P> {
  for (const phase of orderPhases(phases)) {
    const matchedBy = matchRule(phase.rule, e);
    if (matchedBy) return { phase, matchedBy, overridden: false };
  }
  return { phase: null, matchedBy: [], overridden: false };
}

/**
 * The newest override that still counts: the last in `history` (oldest first). A cleared override
 * (null phase) or one naming a phase the plan no longer has leaves the rules in charge.
 */
export function currentOverride<O extends PhaseOverride>(history: readonly O[]): O | null {
  const last = history.at(-1);
  return last && last.phaseCode !== null ? last : null;
}

/** The phase an enterprise is in: its current override if the plan has that phase, else the rules. */
export function effectivePhase<P extends PhaseDef>(
  e: PhaseSubject,
  phases: readonly P[],
  overrides: readonly PhaseOverride[] = [],
): PhaseMatch<P> {
  const o = currentOverride(overrides);
  if (o) {
    const phase = phases.find((p) => p.code === o.phaseCode);
    if (phase) return { phase, matchedBy: [], overridden: true };
  }
  return phaseFor(e, phases);
}

/** Whether approvals may happen on `date`: no phase means no restriction; a held phase never opens. */
export function phaseOpenOn(phase: Pick<PhaseDef, 'earliestDate'> | null, date: string): boolean {
  if (!phase) return true;
  return phase.earliestDate !== null && date >= phase.earliestDate;
}

/** A problem with a plan, at a path inside `{ phases: [...] }`. */
export interface PlanIssue {
  path: string;
  reason: string;
  params?: Record<string, unknown>;
}

/**
 * Checks a whole plan: unique codes, rule values that exist (flags, size classes, industry prefixes
 * that fall in a GB/T 4754 division), no duplicate values. Zod checks the shapes; this the meaning.
 */
export function validatePlan(phases: readonly PhaseDef[]): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const seen = new Map<string, number>();
  phases.forEach((p, i) => {
    const at = `phases.${i}`;
    const prev = seen.get(p.code);
    if (prev !== undefined)
      issues.push({
        path: `${at}.code`,
        reason: 'duplicate_phase_code',
        params: { value: p.code, other: prev },
      });
    else seen.set(p.code, i);
    const r = p.rule;
    r.flags?.forEach((f, j) => {
      if (!(ENTERPRISE_FLAGS as readonly string[]).includes(f))
        issues.push({ path: `${at}.rule.flags.${j}`, reason: 'unknown_flag', params: { value: f } });
    });
    r.sizeClasses?.forEach((s, j) => {
      if (!(SIZE_CLASSES as readonly string[]).includes(s))
        issues.push({
          path: `${at}.rule.sizeClasses.${j}`,
          reason: 'unknown_size_class',
          params: { value: s },
        });
    });
    r.industryPrefixes?.forEach((code, j) => {
      if (!/^\d{2,4}$/.test(code) || !industrySectionOf(code))
        issues.push({
          path: `${at}.rule.industryPrefixes.${j}`,
          reason: 'unknown_industry',
          params: { value: code },
        });
    });
    for (const key of ['flags', 'industryPrefixes', 'sizeClasses'] as const) {
      const list = r[key] as string[] | undefined;
      if (list && new Set(list).size !== list.length)
        issues.push({ path: `${at}.rule.${key}`, reason: 'duplicate_values' });
    }
  });
  return issues;
}

/** Industries held back in the demo plan (暂缓开业): crowded indoor venues. */
export const HELD_INDUSTRY_PREFIXES = ['9011', '9013', '8760', '8810', '8930', '8051'];

/** Benxi's plan (SOURCE.md part 1): the default plan of a new installation and of the demo city. */
export const DEFAULT_PLAN: readonly PhaseDef[] = [
  {
    code: 'guarantee',
    name: '保障运行',
    nameEn: 'Keep running',
    earliestDate: '2020-01-25',
    priority: 10,
    rule: { flags: ['publicUtility', 'epidemicSupplies', 'cityOperation'] },
    requiresVerification: false,
  },
  {
    code: 'held',
    name: '暂缓开业',
    nameEn: 'Held back',
    earliestDate: null,
    priority: 20,
    rule: { industryPrefixes: HELD_INDUSTRY_PREFIXES },
    requiresVerification: true,
  },
  {
    code: 'general',
    name: '应开尽开',
    nameEn: 'Open all that should open',
    earliestDate: '2020-02-10',
    priority: 100,
    rule: {},
    requiresVerification: true,
  },
];
