import { asc, eq, max, sql } from 'drizzle-orm';
import {
  DEFAULT_ACCEPT_WORKDAYS,
  DEMAND_CATEGORIES,
  type DemandCategory,
  pickRoutingRule,
} from '../../../shared/demands';
import type { RoutingRules, RoutingRulesInput } from '../../../shared/schemas/demands';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { type FieldIssue, invalid, staleVersion } from '../../lib/errors';

const r = schema.demandRoutingRules;
const ROUTING_LOCK = 20200402;
type RuleRow = typeof r.$inferSelect;

export interface DefaultRule {
  category: DemandCategory;
  divisionCode?: string;
  industryPrefix?: string;
  departmentCode: string;
  resolveDays: number;
}

/**
 * The rules a new city starts with (codes from shared/data/departments.ts): financing to the
 * finance office (金融办), labour to human resources and social security, raw materials, supply
 * chains and epidemic supplies to the industry and IT bureau (工信局), energy and policy to the
 * development and reform commission, logistics and markets to commerce, permits to market
 * regulation. Two narrower rules show specificity: pharmaceutical makers (GB/T 4754 "27") get
 * prevention supplies through the health commission; chemical makers ("26") get permits through
 * emergency management (hazardous-chemicals licences).
 */
export const DEFAULT_ROUTING_RULES: DefaultRule[] = [
  { category: 'financing', departmentCode: 'finance_office', resolveDays: 10 },
  { category: 'labour', departmentCode: 'hr', resolveDays: 5 },
  { category: 'supply', departmentCode: 'industry', resolveDays: 5 },
  { category: 'logistics', departmentCode: 'commerce', resolveDays: 3 },
  { category: 'epidemic_supplies', departmentCode: 'industry', resolveDays: 3 },
  { category: 'epidemic_supplies', industryPrefix: '27', departmentCode: 'health', resolveDays: 3 },
  { category: 'energy', departmentCode: 'development', resolveDays: 5 },
  { category: 'permits', departmentCode: 'market', resolveDays: 7 },
  { category: 'permits', industryPrefix: '26', departmentCode: 'emergency', resolveDays: 7 },
  { category: 'policy', departmentCode: 'development', resolveDays: 3 },
  { category: 'market', departmentCode: 'commerce', resolveDays: 7 },
  { category: 'other', departmentCode: 'industry', resolveDays: 10 },
];

/** When the default rules came into force: the city's demand desk opened with the resumption drive. */
const DEFAULT_ROUTING_AT = new Date('2020-02-01T09:00:00+08:00');

/** Seeds the default rules as version 1 when there are none (run with the reference data). */
export async function ensureDefaultRouting(conn: Conn): Promise<void> {
  const [{ v }] = await conn.select({ v: max(r.version) }).from(r);
  if (v !== null) return;
  const now = DEFAULT_ROUTING_AT;
  await conn.insert(r).values(
    DEFAULT_ROUTING_RULES.map((d, position) => ({
      version: 1,
      position,
      category: d.category,
      divisionCode: d.divisionCode ?? null,
      industryPrefix: d.industryPrefix ?? null,
      departmentCode: d.departmentCode,
      acceptDays: DEFAULT_ACCEPT_WORKDAYS,
      resolveDays: d.resolveDays,
      createdBy: null,
      createdAt: now,
    })),
  );
}

/** The current rule set (highest version) in order. */
export async function currentRules(conn: Conn): Promise<{ version: number; rules: RuleRow[] }> {
  const [{ v }] = await conn.select({ v: max(r.version) }).from(r);
  if (v === null) return { version: 0, rules: [] };
  const rules = await conn.select().from(r).where(eq(r.version, v)).orderBy(asc(r.position));
  return { version: v, rules };
}

/** When no rule matches (only possible in an empty database): the industry bureau, 10 working days. */
const FALLBACK = { departmentCode: 'industry', acceptDays: DEFAULT_ACCEPT_WORKDAYS, resolveDays: 10 };

export interface Route {
  departmentCode: string;
  acceptDays: number;
  resolveDays: number;
  version: number | null;
}

/** Picks the routing function for an enterprise: one load of the rules, then pure matching. */
export async function router(ctx: Ctx, conn: Conn) {
  const { version, rules } = await currentRules(conn);
  return (
    category: DemandCategory,
    ent: { divisionCode: string; townCode: string | null; industryCode: string | null },
  ): Route => {
    const rule = pickRoutingRule(
      rules,
      { category, industryCode: ent.industryCode },
      (ruleDivision) =>
        ctx.tree.within(ent.divisionCode, ruleDivision) ||
        (!!ent.townCode && ctx.tree.within(ent.townCode, ruleDivision)),
    );
    if (!rule) return { ...FALLBACK, version: null };
    return {
      departmentCode: rule.departmentCode,
      acceptDays: rule.acceptDays,
      resolveDays: rule.resolveDays,
      version,
    };
  };
}

export async function getRouting(ctx: Ctx, conn: Conn = ctx.db): Promise<RoutingRules> {
  const { version, rules } = await currentRules(conn);
  const u = schema.users;
  let updatedBy: string | null = null;
  const creator = rules[0]?.createdBy;
  if (creator) {
    const [row] = await conn.select({ name: u.displayName }).from(u).where(eq(u.id, creator));
    updatedBy = row?.name ?? null;
  }
  const en = ctx.locale === 'en';
  return {
    version,
    updatedAt: rules[0]?.createdAt.toISOString() ?? null,
    updatedBy,
    rules: rules.map((x) => {
      const dep = ctx.ref.departments.get(x.departmentCode);
      return {
        id: x.id,
        category: x.category,
        divisionCode: x.divisionCode,
        divisionName: x.divisionCode ? (ctx.tree.name(x.divisionCode, ctx.locale) ?? x.divisionCode) : null,
        industryPrefix: x.industryPrefix,
        departmentCode: x.departmentCode,
        departmentName: dep ? (en ? dep.nameEn : dep.name) : x.departmentCode,
        acceptDays: x.acceptDays,
        resolveDays: x.resolveDays,
      };
    }),
  };
}

/** Field problems of a rule set: unknown departments and divisions, duplicates, a category without a city-wide rule. */
export function checkRules(ctx: Ctx, input: RoutingRulesInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  input.rules.forEach((x, i) => {
    if (!ctx.ref.departments.has(x.departmentCode))
      issues.push({
        path: `rules.${i}.departmentCode`,
        reason: 'unknown_department',
        params: { value: x.departmentCode },
      });
    if (x.divisionCode && !ctx.tree.get(x.divisionCode))
      issues.push({
        path: `rules.${i}.divisionCode`,
        reason: 'unknown_division',
        params: { value: x.divisionCode },
      });
    const key = `${x.category}|${x.divisionCode ?? ''}|${x.industryPrefix ?? ''}`;
    const other = seen.get(key);
    if (other !== undefined)
      issues.push({ path: `rules.${i}`, reason: 'duplicate_rule', params: { other: other + 1 } });
    else seen.set(key, i);
  });
  for (const c of DEMAND_CATEGORIES) {
    if (!input.rules.some((x) => x.category === c && !x.divisionCode && !x.industryPrefix))
      issues.push({ path: 'rules', reason: 'missing_default_rule', params: { value: c } });
  }
  return issues;
}

/** Replaces the rule set with a new version (409 if `version` is not the current one). */
export async function putRouting(ctx: Ctx, input: RoutingRulesInput): Promise<RoutingRules> {
  const issues = checkRules(ctx, input);
  if (issues.length) throw invalid(issues);
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    // One editor at a time: the lock makes the version check and the insert atomic.
    await tx.execute(sql`select pg_advisory_xact_lock(${ROUTING_LOCK})`);
    const before = await currentRules(tx);
    if (before.version !== input.version) throw staleVersion(before.version);
    const version = before.version + 1;
    const now = ctx.clock.now();
    await tx.insert(r).values(
      input.rules.map((x, position) => ({
        version,
        position,
        category: x.category,
        divisionCode: x.divisionCode,
        industryPrefix: x.industryPrefix,
        departmentCode: x.departmentCode,
        acceptDays: x.acceptDays,
        resolveDays: x.resolveDays,
        createdBy: actor.id,
        createdAt: now,
      })),
    );
    const strip = (rows: RuleRow[]) =>
      rows.map(({ category, divisionCode, industryPrefix, departmentCode, acceptDays, resolveDays }) => ({
        category,
        divisionCode,
        industryPrefix,
        departmentCode,
        acceptDays,
        resolveDays,
      }));
    await audit(tx, ctx, {
      action: 'demand.routing',
      entity: 'demand_routing',
      entityId: version,
      before: { version: before.version, rules: strip(before.rules) },
      after: { version, rules: input.rules },
    });
    return getRouting(ctx, tx);
  });
}
