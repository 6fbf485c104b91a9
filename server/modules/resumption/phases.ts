import { asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  effectivePhase,
  type PhaseDef,
  type PhaseMatch,
  type PhaseOverride,
  type PhaseSubject,
  phaseOpenOn,
  validatePlan,
} from '../../../shared/phases';
import type {
  EnterprisePhase,
  PhaseInput,
  PhaseView,
  PlanInput,
  PlanPreview,
  PlanView,
} from '../../../shared/schemas/resumption';
import { findScopedEnterprise } from '../../access/scope';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, invalid, staleVersion } from '../../lib/errors';
import { PLAN_ID } from './default-plan';
import { byOf, peopleByIds, personOf } from './people';

export type PhaseRow = typeof schema.resumptionPhases.$inferSelect;
type EnterpriseRow = typeof schema.enterprises.$inferSelect;
/** A stored phase in the shape the pure rules take. */
export type Phase = PhaseDef & { nameEn: string; version: number };

export function toPhase(r: PhaseRow): Phase {
  return {
    code: r.code,
    name: r.name,
    nameEn: r.nameEn,
    earliestDate: r.earliestDate,
    priority: r.priority,
    rule: r.rule,
    requiresVerification: r.requiresVerification,
    version: r.version,
  };
}

/** The plan's phases in evaluation order. */
export async function loadPhases(conn: Conn): Promise<Phase[]> {
  const found = await conn
    .select()
    .from(schema.resumptionPhases)
    .orderBy(asc(schema.resumptionPhases.priority), asc(schema.resumptionPhases.code));
  return found.map(toPhase);
}

/** The attributes the phase rules look at. */
export function subjectOf(e: EnterpriseRow): PhaseSubject {
  return {
    industryCode: e.industryCode,
    sizeClass: e.sizeClass,
    aboveScale: e.aboveScale,
    publicUtility: e.publicUtility,
    epidemicSupplies: e.epidemicSupplies,
    cityOperation: e.cityOperation,
    keyEnterprise: e.keyEnterprise,
    hazardousChemicals: e.hazardousChemicals,
    longTermShutdown: e.longTermShutdown,
  };
}

function presentPhase(p: Phase, today: string): PhaseView {
  return {
    code: p.code,
    name: p.name,
    nameEn: p.nameEn,
    earliestDate: p.earliestDate,
    priority: p.priority,
    rule: p.rule,
    requiresVerification: p.requiresVerification,
    version: p.version,
    open: phaseOpenOn(p, today),
  };
}

async function planRow(conn: Conn, lock = false) {
  const q = conn.select().from(schema.resumptionPlans).where(eq(schema.resumptionPlans.id, PLAN_ID));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? { id: PLAN_ID, version: 1, updatedAt: null, updatedBy: null };
}

export async function getPlan(ctx: Ctx): Promise<PlanView> {
  const [plan, phases] = await Promise.all([planRow(ctx.db), loadPhases(ctx.db)]);
  const today = ctx.clock.today();
  return {
    version: plan.version,
    updatedAt: plan.updatedAt?.toISOString() ?? null,
    phases: phases.map((p) => presentPhase(p, today)),
  };
}

function inputToPhase(p: PhaseInput): Phase {
  return {
    code: p.code,
    name: p.name,
    nameEn: p.nameEn ?? '',
    earliestDate: p.earliestDate,
    priority: p.priority,
    rule: cleanRule(p.rule),
    requiresVerification: p.requiresVerification,
    version: p.version ?? 0,
  };
}

/** Drops empty lists so that "{ flags: [] }" and "{}" are the same rule, stored the same way. */
function cleanRule(rule: PhaseInput['rule']): PhaseInput['rule'] {
  const out: PhaseInput['rule'] = {};
  if (rule.flags?.length) out.flags = rule.flags;
  if (rule.industryPrefixes?.length) out.industryPrefixes = rule.industryPrefixes;
  if (rule.sizeClasses?.length) out.sizeClasses = rule.sizeClasses;
  if (rule.aboveScale !== undefined) out.aboveScale = rule.aboveScale;
  return out;
}

function checkPlan(input: PlanInput) {
  const issues = validatePlan(input.phases.map(inputToPhase));
  if (issues.length) throw invalid(issues);
}

const samePhase = (a: Phase, b: Phase) =>
  a.name === b.name &&
  a.nameEn === b.nameEn &&
  a.earliestDate === b.earliestDate &&
  a.priority === b.priority &&
  a.requiresVerification === b.requiresVerification &&
  JSON.stringify(a.rule) === JSON.stringify(b.rule);

/**
 * Saves the whole plan: the plan's version must be the one read (409 otherwise), and so must each
 * existing phase's; phases left out are removed. Overrides naming a removed phase stop counting.
 */
export async function savePlan(ctx: Ctx, input: PlanInput): Promise<PlanView> {
  checkPlan(input);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const plan = await planRow(tx, true);
    if (plan.version !== input.version) throw staleVersion(plan.version);
    const before = await loadPhases(tx);
    const existing = new Map(before.map((p) => [p.code, p]));
    const stale = input.phases
      .map((p, i) => ({ p, i, cur: existing.get(p.code) }))
      .filter(({ p, cur }) => (cur ? p.version !== cur.version : p.version !== undefined));
    if (stale.length) {
      throw new AppError(
        409,
        'stale_version',
        undefined,
        stale.map(({ i, cur }) => ({ path: `phases.${i}.version`, currentVersion: cur?.version ?? null })),
      );
    }
    const kept = new Set(input.phases.map((p) => p.code));
    const removed = before.filter((p) => !kept.has(p.code)).map((p) => p.code);
    if (removed.length)
      await tx.delete(schema.resumptionPhases).where(inArray(schema.resumptionPhases.code, removed));
    for (const raw of input.phases) {
      const next = inputToPhase(raw);
      const cur = existing.get(next.code);
      const values = {
        name: next.name,
        nameEn: next.nameEn,
        earliestDate: next.earliestDate,
        priority: next.priority,
        rule: next.rule,
        requiresVerification: next.requiresVerification,
        updatedAt: now,
      };
      if (!cur) {
        await tx.insert(schema.resumptionPhases).values({ code: next.code, ...values, createdAt: now });
      } else if (!samePhase(cur, next)) {
        await tx
          .update(schema.resumptionPhases)
          .set({ ...values, version: cur.version + 1 })
          .where(eq(schema.resumptionPhases.code, next.code));
      }
    }
    await tx
      .insert(schema.resumptionPlans)
      .values({ id: PLAN_ID, version: plan.version + 1, updatedAt: now, updatedBy: byOf(ctx) })
      .onConflictDoUpdate({
        target: schema.resumptionPlans.id,
        set: { version: plan.version + 1, updatedAt: now, updatedBy: byOf(ctx) },
      });
    const after = await loadPhases(tx);
    await audit(tx, ctx, {
      action: 'resumption.plan.update',
      entity: 'resumption_plan',
      entityId: PLAN_ID,
      before: { version: plan.version, phases: before },
      after: { version: plan.version + 1, phases: after, removed },
    });
  });
  return getPlan(ctx);
}

/** The newest override row per enterprise (a null phase means "cleared"). */
async function latestOverrides(conn: Conn, enterpriseIds?: number[]): Promise<Map<number, PhaseOverride>> {
  if (enterpriseIds && !enterpriseIds.length) return new Map();
  const o = schema.phaseOverrides;
  const found = await conn
    .selectDistinctOn([o.enterpriseId], {
      enterpriseId: o.enterpriseId,
      phaseCode: o.phaseCode,
      reason: o.reason,
    })
    .from(o)
    .where(enterpriseIds ? inArray(o.enterpriseId, enterpriseIds) : undefined)
    .orderBy(o.enterpriseId, desc(o.id));
  return new Map(found.map((r) => [r.enterpriseId, { phaseCode: r.phaseCode, reason: r.reason }]));
}

async function exemptedIds(conn: Conn, enterpriseIds: number[]): Promise<Set<number>> {
  if (!enterpriseIds.length) return new Set();
  const found = await conn
    .selectDistinct({ id: schema.resumptionExemptions.enterpriseId })
    .from(schema.resumptionExemptions)
    .where(inArray(schema.resumptionExemptions.enterpriseId, enterpriseIds));
  return new Set(found.map((r) => r.id));
}

/** What the approval gate and the views need to know about enterprises' phases, loaded once. */
export interface PhaseBook {
  phases: Phase[];
  overrides: Map<number, PhaseOverride>;
  exempted: Set<number>;
}

export async function loadPhaseBook(conn: Conn, enterpriseIds: number[]): Promise<PhaseBook> {
  const [phases, overrides, exempted] = await Promise.all([
    loadPhases(conn),
    latestOverrides(conn, enterpriseIds),
    exemptedIds(conn, enterpriseIds),
  ]);
  return { phases, overrides, exempted };
}

/** An enterprise's phase match (override or rules). */
export function matchOf(book: PhaseBook, e: EnterpriseRow): PhaseMatch<Phase> {
  const o = book.overrides.get(e.id);
  return effectivePhase(subjectOf(e), book.phases, o ? [o] : []);
}

/** The phase as the enterprise detail page shows it; null when no phase of the plan matches. */
export function enterprisePhaseView(
  book: PhaseBook,
  e: EnterpriseRow,
  today: string,
): EnterprisePhase | null {
  const m = matchOf(book, e);
  if (!m.phase) return null;
  const exempted = book.exempted.has(e.id);
  return {
    code: m.phase.code,
    name: m.phase.name,
    nameEn: m.phase.nameEn,
    earliestDate: m.phase.earliestDate,
    requiresVerification: m.phase.requiresVerification,
    matchedBy: m.matchedBy,
    overridden: m.overridden,
    overrideReason: m.overridden ? (book.overrides.get(e.id)?.reason ?? null) : null,
    open: exempted || phaseOpenOn(m.phase, today),
    exempted,
  };
}

/**
 * How many active enterprises a plan would move, before it is saved: each enterprise's phase now
 * (with its override) against its phase under the proposed plan (overrides naming a phase the new
 * plan lacks fall back to the rules).
 */
export async function previewPlan(ctx: Ctx, input: PlanInput): Promise<PlanPreview> {
  checkPlan(input);
  const next = input.phases.map(inputToPhase);
  const [current, overrides, active] = await Promise.all([
    loadPhases(ctx.db),
    latestOverrides(ctx.db),
    ctx.db
      .select()
      .from(schema.enterprises)
      .where(isNull(schema.enterprises.archivedAt))
      .orderBy(asc(schema.enterprises.id)),
  ]);
  const byPhase: Record<string, number> = Object.fromEntries(next.map((p) => [p.code, 0]));
  let moved = 0;
  let unmatched = 0;
  const sample: PlanPreview['sample'] = [];
  for (const e of active) {
    const o = overrides.get(e.id);
    const subject = subjectOf(e);
    const from = effectivePhase(subject, current, o ? [o] : []).phase?.code ?? null;
    const to = effectivePhase(subject, next, o ? [o] : []).phase?.code ?? null;
    if (to === null) unmatched++;
    else byPhase[to] = (byPhase[to] ?? 0) + 1;
    if (from === to) continue;
    moved++;
    if (sample.length < 20) sample.push({ id: e.id, name: e.name, divisionCode: e.divisionCode, from, to });
  }
  return { total: active.length, moved, byPhase, unmatched, sample };
}

/**
 * Puts an enterprise into a phase by hand (or clears the override with a null phase), with a
 * reason. A district may do it in its own territory, the commander anywhere.
 */
export async function overridePhase(
  ctx: Ctx,
  enterpriseId: number,
  input: { phaseCode: string | null; reason: string },
): Promise<{ phase: EnterprisePhase | null }> {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const e = await findScopedEnterprise(tx, ctx.scoper, actor, enterpriseId);
    if (!ctx.scoper.divisionInScope(actor, e.divisionCode)) throw new AppError(403, 'forbidden');
    const book = await loadPhaseBook(tx, [e.id]);
    if (input.phaseCode !== null && !book.phases.some((p) => p.code === input.phaseCode)) {
      throw invalid([{ path: 'phaseCode', reason: 'unknown_phase', params: { value: input.phaseCode } }]);
    }
    const today = ctx.clock.today();
    const before = enterprisePhaseView(book, e, today);
    await tx.insert(schema.phaseOverrides).values({
      enterpriseId: e.id,
      phaseCode: input.phaseCode,
      reason: input.reason,
      by: byOf(ctx),
      at: ctx.clock.now(),
    });
    book.overrides.set(e.id, { phaseCode: input.phaseCode, reason: input.reason });
    const after = enterprisePhaseView(book, e, today);
    await audit(tx, ctx, {
      action: input.phaseCode === null ? 'resumption.phase.clearOverride' : 'resumption.phase.override',
      entity: 'enterprise',
      entityId: e.id,
      before: { phase: before?.code ?? null, overridden: before?.overridden ?? false },
      after: { phase: after?.code ?? null, overridden: after?.overridden ?? false, reason: input.reason },
    });
    return { phase: after };
  });
}

/** The commander's exemption from the phase-date gate (approval before the phase opens). */
export async function exemptEnterprise(ctx: Ctx, enterpriseId: number, input: { reason: string }) {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const e = await findScopedEnterprise(tx, ctx.scoper, actor, enterpriseId);
    const book = await loadPhaseBook(tx, [e.id]);
    const phaseCode = matchOf(book, e).phase?.code ?? null;
    const [row] = await tx
      .insert(schema.resumptionExemptions)
      .values({ enterpriseId: e.id, phaseCode, reason: input.reason, by: byOf(ctx), at: ctx.clock.now() })
      .returning();
    await audit(tx, ctx, {
      action: 'resumption.exempt',
      entity: 'enterprise',
      entityId: e.id,
      after: { exemptionId: row.id, phaseCode, reason: input.reason },
    });
    const people = await peopleByIds(tx, [row.by]);
    return {
      id: row.id,
      enterpriseId: row.enterpriseId,
      phaseCode: row.phaseCode,
      reason: row.reason,
      by: personOf(people, row.by),
      at: row.at.toISOString(),
    };
  });
}
