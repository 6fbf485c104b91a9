import { and, asc, count, desc, eq, inArray, isNull, max, or, type SQL, sql } from 'drizzle-orm';
import { VISIT_PROBLEM_DEMAND_CATEGORY } from '../../../shared/demands';
import type { VisitProblemCategory } from '../../../shared/enums';
import { daysBetween } from '../../../shared/resumption';
import type {
  AutoAssignInput,
  AutoAssignResult,
  CoverageQuery,
  CoverageView,
  LiaisonListQuery,
  LiaisonView,
  ManualAssignInput,
  MyEnterprise,
  VisitInput,
  VisitListQuery,
  VisitView,
} from '../../../shared/schemas/liaisons';
import { DEFAULT_LIAISON_MAX_LOAD } from '../../../shared/schemas/liaisons';
import type { PersonRef } from '../../../shared/schemas/resumption';
import type { DivisionTree } from '../../access/divisions';
import { findScopedEnterprise } from '../../access/scope';
import { addDays } from '../../clock';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { inChunks } from '../../lib/chunks';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, invalid } from '../../lib/errors';
import { likePattern, qualified } from '../../lib/sql';
import { demandsFromVisit } from '../demands/service';
import { loadPhaseBook, matchOf } from '../resumption/phases';
import { invalidTransition, statusesOn } from '../resumption/status';
import { type AssignEnterprise, type AssignmentPlan, planAssignments } from './assign';
import { currentLiaisons } from './current';

const asg = schema.enterpriseAssignments;
const users = schema.users;
const ents = schema.enterprises;
const visits = schema.liaisonVisits;

/** The district a liaison belongs to (a town-level account counts for its district). */
export function districtOf(tree: DivisionTree, code: string | null): string | null {
  const node = tree.get(code);
  if (!node) return null;
  if (node.level === 'district') return node.code;
  if (node.level === 'town') return node.parentCode;
  return null;
}

/**
 * The district codes a request covers: a district clerk's own territory, or (city-wide roles) the
 * whole city or one district they name. A division outside the actor's territory is a 400.
 */
function districtsFor(ctx: Ctx, division: string | undefined): string[] {
  const actor = actorOf(ctx);
  const all = ctx.tree.districts().map((d) => d.code);
  const mine = ctx.scoper.divisionCodes(actor);
  const allowed = mine ? all.filter((c) => mine.includes(c)) : all;
  if (!division) return allowed;
  const d = districtOf(ctx.tree, division);
  if (!ctx.tree.get(division) || !d)
    throw invalid([{ path: 'division', reason: 'unknown_division', params: { value: division } }]);
  if (!allowed.includes(d))
    throw invalid([{ path: 'division', reason: 'out_of_scope_division', params: { value: division } }]);
  return [d];
}

const needsLiaison = (e: { archivedAt: Date | null; longTermShutdown: boolean }) =>
  e.archivedAt === null && !e.longTermShutdown;

/** Liaison accounts of some districts (town-level accounts included), with their district. */
async function liaisonsOf(conn: Conn, tree: DivisionTree, districts: string[]) {
  const codes = districts.flatMap((d) => tree.descendants(d));
  const found = await conn
    .select({
      id: users.id,
      displayName: users.displayName,
      username: users.username,
      divisionCode: users.divisionCode,
      disabled: users.disabled,
    })
    .from(users)
    .where(and(eq(users.role, 'liaison'), inArray(users.divisionCode, codes)))
    .orderBy(asc(users.id));
  return found.map((u) => ({ ...u, district: districtOf(tree, u.divisionCode) }));
}

/** Everything the assignment planner needs for some districts. */
async function loadAssignmentInput(conn: Conn, tree: DivisionTree, districts: string[]) {
  const [enterpriseRows, liaisonRows] = await Promise.all([
    conn
      .select({
        id: ents.id,
        name: ents.name,
        divisionCode: ents.divisionCode,
        keyEnterprise: ents.keyEnterprise,
        aboveScale: ents.aboveScale,
        hazardousChemicals: ents.hazardousChemicals,
        longTermShutdown: ents.longTermShutdown,
        archivedAt: ents.archivedAt,
      })
      .from(ents)
      .where(inArray(ents.divisionCode, districts))
      .orderBy(asc(ents.id)),
    liaisonsOf(conn, tree, districts),
  ]);
  const liaisonIds = liaisonRows.map((l) => l.id);
  const current = await conn
    .select({ assignmentId: asg.id, enterpriseId: asg.enterpriseId, liaisonId: asg.userId })
    .from(asg)
    .where(
      and(
        eq(asg.kind, 'liaison'),
        isNull(asg.endedAt),
        or(
          inArray(
            asg.enterpriseId,
            sql`(select ${ents.id} from ${ents} where ${inArray(ents.divisionCode, districts)})`,
          ),
          liaisonIds.length ? inArray(asg.userId, liaisonIds) : sql`false`,
        ),
      ),
    )
    .orderBy(asc(asg.id));
  // Liaisons of other districts still holding enterprises here are named in the changes too.
  const foreign = [...new Set(current.map((c) => c.liaisonId))].filter((id) => !liaisonIds.includes(id));
  const foreignRows = foreign.length
    ? await conn
        .select({
          id: users.id,
          displayName: users.displayName,
          divisionCode: users.divisionCode,
          disabled: users.disabled,
          role: users.role,
        })
        .from(users)
        .where(inArray(users.id, foreign))
    : [];
  const enterprises: AssignEnterprise[] = enterpriseRows.map((e) => ({
    id: e.id,
    divisionCode: e.divisionCode,
    keyEnterprise: e.keyEnterprise,
    aboveScale: e.aboveScale,
    hazardousChemicals: e.hazardousChemicals,
    needsLiaison: needsLiaison(e),
  }));
  const liaisons = [
    ...liaisonRows.map((l) => ({ id: l.id, divisionCode: l.district, active: !l.disabled })),
    ...foreignRows.map((l) => ({
      id: l.id,
      divisionCode: districtOf(tree, l.divisionCode),
      active: !l.disabled && l.role === 'liaison',
    })),
  ];
  const names = new Map<number, PersonRef>(
    [...liaisonRows, ...foreignRows].map((l) => [l.id, { id: l.id, displayName: l.displayName }]),
  );
  return { enterpriseRows, enterprises, liaisons, current, names };
}

/** Writes a plan: ends the assignments it replaces and starts the new ones. */
async function applyPlan(tx: Conn, ctx: Ctx, plan: AssignmentPlan, reasonPrefix: string) {
  const now = ctx.clock.now();
  const ending = plan.changes.map((c) => c.endAssignmentId).filter((id): id is number => id !== null);
  await inChunks(ending, async (part) => {
    await tx.update(asg).set({ endedAt: now }).where(inArray(asg.id, part));
  });
  const starting = plan.changes
    .filter((c) => c.to !== null)
    .map((c) => ({
      userId: c.to!,
      enterpriseId: c.enterpriseId,
      kind: 'liaison' as const,
      reason: `${reasonPrefix}: ${c.reason}`,
      assignedAt: now,
    }));
  await inChunks(starting, async (part) => {
    await tx.insert(asg).values(part);
  });
}

/**
 * Runs auto-assignment over the city (commander) or a district (the commander naming one, or a
 * district clerk's own territory). `dryRun` returns the plan and writes nothing.
 */
export async function autoAssign(ctx: Ctx, input: AutoAssignInput): Promise<AutoAssignResult> {
  const districts = districtsFor(ctx, input.division);
  const maxLoad = input.maxLoad ?? DEFAULT_LIAISON_MAX_LOAD;
  const run = async (tx: Conn) => {
    const data = await loadAssignmentInput(tx, ctx.tree, districts);
    const plan = planAssignments({ ...data, assignments: data.current, maxLoad });
    const byId = new Map(data.enterpriseRows.map((e) => [e.id, e]));
    const person = (id: number | null) => (id === null ? null : (data.names.get(id) ?? null));
    const changes = plan.changes.map((c) => ({
      enterpriseId: c.enterpriseId,
      enterpriseName: byId.get(c.enterpriseId)?.name ?? '',
      divisionCode: byId.get(c.enterpriseId)?.divisionCode ?? '',
      from: person(c.from),
      to: person(c.to),
      reason: c.reason,
    }));
    const result: AutoAssignResult = {
      dryRun: input.dryRun,
      maxLoad,
      summary: {
        needing: data.enterprises.filter((e) => e.needsLiaison).length,
        kept: plan.kept,
        assigned: plan.changes.filter((c) => c.from === null && c.to !== null).length,
        moved: plan.changes.filter((c) => c.from !== null && c.to !== null).length,
        ended: plan.changes.filter((c) => c.from !== null && c.to === null).length,
        uncovered: plan.uncovered.length,
      },
      changes,
      uncovered: plan.uncovered.map((id) => ({
        id,
        name: byId.get(id)?.name ?? '',
        divisionCode: byId.get(id)?.divisionCode ?? '',
      })),
    };
    if (input.dryRun) return result;
    await applyPlan(tx, ctx, plan, 'auto');
    await audit(tx, ctx, {
      action: 'liaison.autoAssign',
      entity: 'liaison_assignment',
      after: {
        districts,
        maxLoad,
        summary: result.summary,
        changes: plan.changes.map(({ enterpriseId, from, to, reason }) => ({
          enterpriseId,
          from,
          to,
          reason,
        })),
      },
    });
    return result;
  };
  return input.dryRun ? run(ctx.db) : ctx.db.transaction(run);
}

/** Stations a liaison of the enterprise's district by hand (or ends the stationing), with a reason. */
export async function assignLiaison(ctx: Ctx, enterpriseId: number, input: ManualAssignInput) {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const e = await findScopedEnterprise(tx, ctx.scoper, actor, enterpriseId);
    if (!ctx.scoper.divisionInScope(actor, e.divisionCode)) throw new AppError(403, 'forbidden');
    let liaison: PersonRef | null = null;
    if (input.liaisonId !== null) {
      const [u] = await tx.select().from(users).where(eq(users.id, input.liaisonId)).limit(1);
      if (u?.role !== 'liaison' || u.disabled)
        throw invalid([{ path: 'liaisonId', reason: 'unknown_liaison', params: { value: input.liaisonId } }]);
      if (districtOf(ctx.tree, u.divisionCode) !== e.divisionCode)
        throw invalid([{ path: 'liaisonId', reason: 'liaison_other_division' }]);
      liaison = { id: u.id, displayName: u.displayName };
    }
    const current = await tx
      .select()
      .from(asg)
      .where(and(eq(asg.enterpriseId, e.id), eq(asg.kind, 'liaison'), isNull(asg.endedAt)))
      .orderBy(asc(asg.id));
    if (liaison && current.length === 1 && current[0].userId === liaison.id)
      throw new AppError(409, 'already_assigned');
    if (!liaison && !current.length) throw invalidTransition('unassigned', 'unassigned', ctx);
    const now = ctx.clock.now();
    if (current.length)
      await tx
        .update(asg)
        .set({ endedAt: now })
        .where(
          inArray(
            asg.id,
            current.map((c) => c.id),
          ),
        );
    if (liaison)
      await tx.insert(asg).values({
        userId: liaison.id,
        enterpriseId: e.id,
        kind: 'liaison',
        reason: input.reason,
        assignedAt: now,
      });
    await audit(tx, ctx, {
      action: liaison ? 'liaison.assign' : 'liaison.unassign',
      entity: 'enterprise',
      entityId: e.id,
      before: { liaisonIds: current.map((c) => c.userId) },
      after: { liaisonId: liaison?.id ?? null, reason: input.reason },
    });
    return { enterpriseId: e.id, liaison, assignedAt: liaison ? now.toISOString() : null };
  });
}

/** Liaison accounts in the actor's territory with their current load. */
export async function listLiaisons(ctx: Ctx, q: LiaisonListQuery) {
  const districts = districtsFor(ctx, q.division);
  const codes = districts.flatMap((d) => ctx.tree.descendants(d));
  const conds: (SQL | undefined)[] = [eq(users.role, 'liaison'), inArray(users.divisionCode, codes)];
  if (q.q) conds.push(sql`lower(${users.displayName} || ' ' || ${users.username}) like ${likePattern(q.q)}`);
  const where = and(...conds);
  const load = sql<number>`(select count(*) from ${asg} where ${asg.userId} = ${qualified(users.id)}
    and ${asg.kind} = 'liaison' and ${asg.endedAt} is null)`.mapWith(Number);
  const [page, [{ n }]] = await Promise.all([
    ctx.db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        divisionCode: users.divisionCode,
        disabled: users.disabled,
        load,
      })
      .from(users)
      .where(where)
      .orderBy(asc(users.divisionCode), asc(users.username), asc(users.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(users).where(where),
  ]);
  const items: LiaisonView[] = page.map((u) => ({
    ...u,
    divisionName: ctx.tree.name(u.divisionCode, ctx.locale),
  }));
  return { items, total: Number(n) };
}

const LIST_LIMIT = 200;

/**
 * Coverage by district: enterprises that need a liaison and have none, liaisons over their load,
 * enterprises no one has visited in the last `days` days (today included).
 */
export async function coverage(ctx: Ctx, q: CoverageQuery): Promise<CoverageView> {
  const districts = districtsFor(ctx, q.division);
  const today = ctx.clock.today();
  const since = addDays(today, -(q.days - 1));
  const [enterpriseRows, liaisonRows, lastVisits] = await Promise.all([
    ctx.db
      .select({ id: ents.id, name: ents.name, divisionCode: ents.divisionCode })
      .from(ents)
      .where(
        and(inArray(ents.divisionCode, districts), isNull(ents.archivedAt), eq(ents.longTermShutdown, false)),
      )
      .orderBy(asc(ents.id)),
    liaisonsOf(ctx.db, ctx.tree, districts),
    ctx.db
      .select({ enterpriseId: visits.enterpriseId, last: max(visits.date) })
      .from(visits)
      .where(
        inArray(
          visits.enterpriseId,
          sql`(select ${ents.id} from ${ents} where ${inArray(ents.divisionCode, districts)})`,
        ),
      )
      .groupBy(visits.enterpriseId),
  ]);
  const holders = await currentLiaisons(
    ctx.db,
    enterpriseRows.map((e) => e.id),
  );
  const active = liaisonRows.filter((l) => !l.disabled);
  const loads = new Map<number, number>();
  if (active.length) {
    const counted = await ctx.db
      .select({ userId: asg.userId, n: count() })
      .from(asg)
      .where(
        and(
          eq(asg.kind, 'liaison'),
          isNull(asg.endedAt),
          inArray(
            asg.userId,
            active.map((l) => l.id),
          ),
        ),
      )
      .groupBy(asg.userId);
    for (const c of counted) loads.set(c.userId, Number(c.n));
  }
  const last = new Map(lastVisits.map((v) => [v.enterpriseId, v.last]));
  const withoutLiaison = enterpriseRows.filter((e) => !holders.has(e.id));
  const overLoaded = active
    .map((l) => ({
      id: l.id,
      displayName: l.displayName,
      divisionCode: l.district ?? '',
      load: loads.get(l.id) ?? 0,
    }))
    .filter((l) => l.load > q.maxLoad);
  const notVisited = enterpriseRows
    .filter((e) => {
      const d = last.get(e.id);
      return !d || d < since;
    })
    .map((e) => {
      const h = holders.get(e.id);
      return {
        ...e,
        liaison: h ? { id: h.id, displayName: h.displayName } : null,
        lastVisitDate: last.get(e.id) ?? null,
      };
    });
  const per = (code: string) => ({
    code,
    name: ctx.tree.name(code, ctx.locale) ?? code,
    enterprises: enterpriseRows.filter((e) => e.divisionCode === code).length,
    covered: enterpriseRows.filter((e) => e.divisionCode === code && holders.has(e.id)).length,
    withoutLiaison: withoutLiaison.filter((e) => e.divisionCode === code).length,
    liaisons: active.filter((l) => l.district === code).length,
    overLoad: overLoaded.filter((l) => l.divisionCode === code).length,
    notVisited: notVisited.filter((e) => e.divisionCode === code).length,
  });
  return {
    asOf: today,
    days: q.days,
    maxLoad: q.maxLoad,
    divisions: districts.map(per),
    listLimit: LIST_LIMIT,
    withoutLiaison: withoutLiaison.slice(0, LIST_LIMIT),
    overLoaded: overLoaded.slice(0, LIST_LIMIT),
    notVisited: notVisited
      .sort((a, b) => (a.lastVisitDate ?? '').localeCompare(b.lastVisitDate ?? '') || a.id - b.id)
      .slice(0, LIST_LIMIT),
  };
}

function presentVisit(
  v: typeof visits.$inferSelect,
  enterpriseName: string,
  liaison: PersonRef | null,
): VisitView {
  return {
    id: v.id,
    enterpriseId: v.enterpriseId,
    enterpriseName,
    liaison,
    date: v.date,
    purpose: v.purpose,
    checked: v.checked,
    findings: v.findings,
    problems: v.problems.map((p) => ({
      category: p.category as VisitView['problems'][number]['category'],
      description: p.description,
      status: p.status,
    })),
    createdAt: v.createdAt.toISOString(),
  };
}

/** A liaison logs a visit to one of their enterprises (others: 404). */
export async function createVisit(ctx: Ctx, input: VisitInput): Promise<VisitView> {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const e = await findScopedEnterprise(tx, ctx.scoper, actor, input.enterpriseId);
    if (input.date > ctx.clock.today())
      throw invalid([{ path: 'date', reason: 'date_in_future', params: { value: input.date } }]);
    const [row] = await tx
      .insert(visits)
      .values({
        enterpriseId: e.id,
        liaisonId: actor.id,
        date: input.date,
        purpose: input.purpose,
        checked: input.checked,
        findings: input.findings,
        problems: input.problems.map((p) => ({ ...p, status: 'open' as const })),
        createdAt: ctx.clock.now(),
      })
      .returning();
    // Each problem raised becomes a demand routed to a department, in the same transaction.
    await demandsFromVisit(
      ctx,
      tx,
      row,
      e,
      (c) => VISIT_PROBLEM_DEMAND_CATEGORY[c as VisitProblemCategory] ?? 'other',
    );
    await audit(tx, ctx, { action: 'liaison.visit', entity: 'liaison_visit', entityId: row.id, after: row });
    return presentVisit(row, e.name, { id: actor.id, displayName: actor.displayName });
  });
}

/** Visits to enterprises in scope, newest first. */
export async function listVisits(ctx: Ctx, q: VisitListQuery) {
  const conds: (SQL | undefined)[] = [ctx.scoper.byEnterprise(actorOf(ctx), visits.enterpriseId)];
  if (q.enterpriseId) conds.push(eq(visits.enterpriseId, q.enterpriseId));
  const where = and(...conds);
  const [page, [{ n }]] = await Promise.all([
    ctx.db
      .select({ v: visits, enterpriseName: ents.name, liaisonName: users.displayName })
      .from(visits)
      .innerJoin(ents, eq(ents.id, visits.enterpriseId))
      .leftJoin(users, eq(users.id, visits.liaisonId))
      .where(where)
      .orderBy(desc(visits.date), desc(visits.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(visits).where(where),
  ]);
  return {
    items: page.map((r) =>
      presentVisit(
        r.v,
        r.enterpriseName,
        r.liaisonName ? { id: r.v.liaisonId, displayName: r.liaisonName } : null,
      ),
    ),
    total: Number(n),
  };
}

/** The liaison's own page: their enterprises with last visit, status, open problems, application. */
export async function myEnterprises(ctx: Ctx): Promise<MyEnterprise[]> {
  const actor = actorOf(ctx);
  const scope = ctx.scoper.enterprises(actor);
  const list = await ctx.db
    .select()
    .from(ents)
    .where(and(scope, isNull(ents.archivedAt)))
    .orderBy(desc(ents.keyEnterprise), desc(ents.aboveScale), asc(ents.name), asc(ents.id));
  if (!list.length) return [];
  const ids = list.map((e) => e.id);
  const today = ctx.clock.today();
  const apps = schema.resumptionApplications;
  const [statuses, book, visitRows, appRows] = await Promise.all([
    statusesOn(ctx.db, today, ids),
    loadPhaseBook(ctx.db, ids),
    ctx.db
      .select({ enterpriseId: visits.enterpriseId, date: visits.date, problems: visits.problems })
      .from(visits)
      .where(inArray(visits.enterpriseId, ids)),
    ctx.db
      .selectDistinctOn([apps.enterpriseId], {
        enterpriseId: apps.enterpriseId,
        id: apps.id,
        status: apps.status,
      })
      .from(apps)
      .where(inArray(apps.enterpriseId, ids))
      .orderBy(apps.enterpriseId, desc(apps.id)),
  ]);
  const en = ctx.locale === 'en';
  const visited = new Map<number, { last: string; openProblems: number }>();
  for (const v of visitRows) {
    const s = visited.get(v.enterpriseId) ?? { last: v.date, openProblems: 0 };
    if (v.date > s.last) s.last = v.date;
    s.openProblems += v.problems.filter((p) => p.status === 'open').length;
    visited.set(v.enterpriseId, s);
  }
  const appOf = new Map(appRows.map((a) => [a.enterpriseId, a]));
  return list.map((e) => {
    const lastVisitDate = visited.get(e.id)?.last ?? null;
    const app = appOf.get(e.id);
    const phase = matchOf(book, e).phase;
    return {
      id: e.id,
      name: e.name,
      divisionCode: e.divisionCode,
      divisionName: ctx.tree.name(e.divisionCode, ctx.locale) ?? e.divisionCode,
      address: e.address,
      contactName: e.contactName,
      contactPhone: e.contactPhone,
      keyEnterprise: e.keyEnterprise,
      aboveScale: e.aboveScale,
      hazardousChemicals: e.hazardousChemicals,
      lastVisitDate,
      daysSinceVisit: lastVisitDate ? daysBetween(lastVisitDate, today) : null,
      resumptionStatus: statuses.get(e.id) ?? 'not_applied',
      openProblems: visited.get(e.id)?.openProblems ?? 0,
      application: app ? { id: app.id, status: app.status } : null,
      phase: phase ? { code: phase.code, name: en && phase.nameEn ? phase.nameEn : phase.name } : null,
    };
  });
}
