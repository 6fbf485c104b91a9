import { and, asc, count, desc, eq, ilike, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { can } from '../../../shared/access';
import {
  autoCloseDueOn,
  availableDemandTransitions,
  canTransferDemand,
  checkDemandTransition,
  currentDeadline,
  DEMAND_EVENT_LABELS,
  DEMAND_RAISER_SOURCES,
  DEMAND_REFUSAL_FIELD,
  DEMAND_REFUSAL_STATUS,
  DEMAND_SOURCE_LABELS,
  DEMAND_STATUS_LABELS,
  type DemandAction,
  type DemandCategory,
  type DemandSource,
  type DemandStatus,
  type DemandUrgency,
  DUE_SOON_WORKDAYS,
  demandDeadlines,
  isDemandDueSoon,
  isDemandOverdue,
  pausedWorkdaysBetween,
  TRANSFERABLE_STATUSES,
} from '../../../shared/demands';
import type {
  DemandBulkAcceptInput,
  DemandBulkAcceptResult,
  DemandCommentInput,
  DemandCreateInput,
  DemandDetail,
  DemandListQuery,
  DemandQueueCounts,
  DemandTransferInput,
  DemandTransitionInput,
  DemandView,
} from '../../../shared/schemas/demands';
import { addWorkdays } from '../../../shared/workdays';
import { findScopedEnterprise } from '../../access/scope';
import { type Conn, num, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, type FieldIssue, forbidden, invalid, notFound, staleVersion } from '../../lib/errors';
import { likePattern } from '../../lib/sql';
import { assertAttachmentIds } from '../attachments/service';
import { divisionCondition } from '../hazards/service';
import { byOf } from '../resumption/people';
import { type DemandNotice, notifyDemand } from './notify';
import { router } from './routing';

type DemandRow = typeof schema.demands.$inferSelect;

const d = schema.demands;
const e = schema.enterprises;
const handler = alias(schema.users, 'demand_handler');
const raiser = alias(schema.users, 'demand_raiser');

/** A demand's human reference, e.g. SQ-2020-000123. */
export const demandNumber = (id: number, raisedOn: string) =>
  `SQ-${raisedOn.slice(0, 4)}-${String(id).padStart(6, '0')}`;

const selection = {
  d,
  enterpriseName: e.name,
  divisionCode: e.divisionCode,
  contactName: e.contactName,
  contactPhone: e.contactPhone,
  handlerName: handler.displayName,
  raiserName: raiser.displayName,
};
type Joined = {
  d: DemandRow;
  enterpriseName: string;
  divisionCode: string;
  contactName: string;
  contactPhone: string;
  handlerName: string | null;
  raiserName: string | null;
};

const joined = (conn: Conn) =>
  conn
    .select(selection)
    .from(d)
    .innerJoin(e, eq(e.id, d.enterpriseId))
    .leftJoin(handler, eq(handler.id, d.handlerId))
    .leftJoin(raiser, eq(raiser.id, d.raisedBy));

/** The deadline that matters now, as SQL (null once resolved or closed, or while waiting). */
export const dueSql = sql<
  string | null
>`(case when ${d.status} = 'submitted' then least(${d.acceptDueOn}, ${d.resolveDueOn}) when ${d.status} in ('accepted', 'in_progress') then ${d.resolveDueOn} end)`;
/** Open and past the current deadline as of `today`. */
export const overdueSql = (today: string) => sql`coalesce(${dueSql} < ${today}, false)`;

function departmentRef(ctx: Ctx, code: string) {
  const dep = ctx.ref.departments.get(code);
  return { code, name: dep ? (ctx.locale === 'en' ? dep.nameEn : dep.name) : code };
}

function abilities(ctx: Ctx, row: DemandRow) {
  const actor = actorOf(ctx);
  const who = {
    status: row.status,
    role: actor.role,
    actorDepartment: actor.departmentCode,
    leadDepartment: row.leadDepartment,
  };
  return {
    transitions: availableDemandTransitions(who),
    canTransfer: canTransferDemand(who),
    canComment: can(actor.role, 'demand.comment'),
  };
}

function present(ctx: Ctx, j: Joined): DemandView {
  const row = j.d;
  const today = ctx.clock.today();
  return {
    id: row.id,
    number: demandNumber(row.id, row.raisedOn),
    enterpriseId: row.enterpriseId,
    enterpriseName: j.enterpriseName,
    divisionCode: j.divisionCode,
    divisionName: ctx.tree.name(j.divisionCode, ctx.locale) ?? j.divisionCode,
    category: row.category,
    description: row.description,
    urgency: row.urgency,
    attachmentIds: row.attachmentIds,
    source: row.source,
    visitId: row.visitId,
    inspectionId: row.inspectionId,
    raisedBy: row.raisedBy,
    // Raised without an account (the demo's enterprises, an inspection): the enterprise or the source.
    raisedByName:
      j.raiserName ??
      (row.source === 'enterprise' ? j.enterpriseName : DEMAND_SOURCE_LABELS[row.source][ctx.locale]),
    raisedAt: row.raisedAt.toISOString(),
    raisedOn: row.raisedOn,
    leadDepartment: departmentRef(ctx, row.leadDepartment),
    coDepartments: row.coDepartments.map((c) => departmentRef(ctx, c)),
    handlerId: row.handlerId,
    handlerName: j.handlerName,
    status: row.status,
    acceptDueOn: row.acceptDueOn,
    resolveDueOn: row.resolveDueOn,
    dueOn: currentDeadline(row),
    overdue: isDemandOverdue(row, today),
    dueSoon: isDemandDueSoon(row, today),
    pausedWorkdays: row.pausedWorkdays,
    pausedOn: row.pausedOn,
    escalationLevel: row.escalationLevel,
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    acceptedOnTime: row.acceptedOnTime,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedOnTime: row.resolvedOnTime,
    resolution: row.resolution,
    autoCloseOn: row.autoCloseOn,
    closedAt: row.closedAt?.toISOString() ?? null,
    closure: row.closure,
    solved: row.solved,
    rating: row.rating,
    comment: row.comment,
    reopenCount: row.reopenCount,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...abilities(ctx, row),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

function demandWhere(ctx: Ctx, q: Partial<DemandListQuery>): SQL | undefined {
  const actor = actorOf(ctx);
  const today = ctx.clock.today();
  const conds: (SQL | undefined)[] = [ctx.scoper.demands(actor)];
  if (q.status === 'open') conds.push(ne(d.status, 'closed'));
  else if (q.status) conds.push(eq(d.status, q.status));
  if (q.department)
    conds.push(or(eq(d.leadDepartment, q.department), sql`${q.department} = any(${d.coDepartments})`));
  if (q.category) conds.push(eq(d.category, q.category));
  if (q.urgency) conds.push(eq(d.urgency, q.urgency));
  if (q.enterpriseId) conds.push(eq(d.enterpriseId, q.enterpriseId));
  if (q.division) conds.push(divisionCondition(ctx, q.division));
  if (q.handler) conds.push(eq(d.handlerId, q.handler === 'me' ? actor.id : q.handler));
  if (q.escalated === true) conds.push(sql`${d.escalationLevel} > 0`);
  if (q.escalated === false) conds.push(eq(d.escalationLevel, 0));
  if (q.source) conds.push(eq(d.source, q.source));
  if (q.visitId) conds.push(eq(d.visitId, q.visitId));
  if (q.from) conds.push(sql`${d.raisedOn} >= ${q.from}`);
  if (q.to) conds.push(sql`${d.raisedOn} <= ${q.to}`);
  if (q.overdue === true) conds.push(overdueSql(today));
  if (q.overdue === false) conds.push(sql`not ${overdueSql(today)}`);
  if (q.queue) conds.push(queueCondition(q.queue, today));
  if (q.q) {
    const ref = /^SQ-\d{4}-0*(\d+)$/i.exec(q.q);
    conds.push(
      ref
        ? eq(d.id, Number(ref[1]))
        : or(ilike(d.description, likePattern(q.q)), ilike(e.name, likePattern(q.q))),
    );
  }
  return and(...conds);
}

function queueCondition(queue: NonNullable<DemandListQuery['queue']>, today: string): SQL {
  switch (queue) {
    case 'new':
      return eq(d.status, 'submitted');
    case 'waiting':
      return eq(d.status, 'waiting');
    case 'overdue':
      return overdueSql(today);
    case 'due_soon':
      return sql`${dueSql} between ${today} and ${addWorkdays(today, DUE_SOON_WORKDAYS)}`;
  }
}

const SORTS = {
  raisedAt: [desc(d.raisedAt), desc(d.id)],
  dueOn: [sql`${dueSql} asc nulls last`, asc(d.id)],
  updatedAt: [desc(d.updatedAt), desc(d.id)],
};

export async function listDemands(ctx: Ctx, q: DemandListQuery) {
  const where = demandWhere(ctx, q);
  const [rows, [{ n }]] = await Promise.all([
    joined(ctx.db)
      .where(where)
      .orderBy(...SORTS[q.sort])
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(d).innerJoin(e, eq(e.id, d.enterpriseId)).where(where),
  ]);
  return { items: rows.map((r) => present(ctx, r)), total: Number(n) };
}

/** The workbench counters: new, due soon, overdue, waiting, and open demands per handler. */
export async function demandQueues(ctx: Ctx): Promise<DemandQueueCounts> {
  const today = ctx.clock.today();
  const scope = ctx.scoper.demands(actorOf(ctx));
  const f = (c: SQL) => sql<number>`count(*) filter (where ${c})`;
  const [[c], perHandler] = await Promise.all([
    ctx.db
      .select({
        new: f(queueCondition('new', today)),
        due_soon: f(queueCondition('due_soon', today)),
        overdue: f(queueCondition('overdue', today)),
        waiting: f(queueCondition('waiting', today)),
      })
      .from(d)
      .where(scope),
    ctx.db
      .select({ handlerId: d.handlerId, handlerName: handler.displayName, open: count() })
      .from(d)
      .leftJoin(handler, eq(handler.id, d.handlerId))
      .where(and(scope, inArray(d.status, ['submitted', 'accepted', 'in_progress', 'waiting'])))
      .groupBy(d.handlerId, handler.displayName)
      .orderBy(desc(count())),
  ]);
  return {
    new: num(c.new),
    due_soon: num(c.due_soon),
    overdue: num(c.overdue),
    waiting: num(c.waiting),
    byHandler: perHandler.map((h) => ({
      handlerId: h.handlerId,
      handlerName: h.handlerName,
      open: num(h.open),
    })),
  };
}

/** A demand in the actor's scope (404 otherwise), optionally locked for update. */
async function findScopedDemand(ctx: Ctx, conn: Conn, id: number, lock = false): Promise<Joined> {
  const query = joined(conn)
    .where(and(eq(d.id, id), ctx.scoper.demands(actorOf(ctx))))
    .limit(1);
  const [row] = lock ? await query.for('update', { of: d }) : await query;
  if (!row) throw notFound();
  return row;
}

/** The demand with its history; `loaded` is the joined row when the caller already has it fresh. */
async function detail(ctx: Ctx, conn: Conn, id: number, loaded?: Joined): Promise<DemandDetail> {
  const [j] = loaded ? [loaded] : await joined(conn).where(eq(d.id, id));
  const ev = schema.demandEvents;
  const events = await conn
    .select({ ev, displayName: schema.users.displayName })
    .from(ev)
    .leftJoin(schema.users, eq(schema.users.id, ev.actorId))
    .where(eq(ev.demandId, id))
    .orderBy(asc(ev.at), asc(ev.id));
  const depName = (code: string | null) => (code ? departmentRef(ctx, code).name : null);
  const system = ctx.locale === 'en' ? 'System' : '系统';
  return {
    ...present(ctx, j),
    enterpriseContact: { name: j.contactName, phone: j.contactPhone },
    history: events.map(({ ev: x, displayName }) => ({
      id: x.id,
      event: x.event,
      fromStatus: x.fromStatus,
      toStatus: x.toStatus,
      fromDepartment: depName(x.fromDepartment),
      toDepartment: depName(x.toDepartment),
      note: x.note,
      actorId: x.actorId,
      actorName: displayName ?? (x.actorName || system),
      at: x.at.toISOString(),
    })),
  };
}

export async function getDemand(ctx: Ctx, id: number) {
  return detail(ctx, ctx.db, id, await findScopedDemand(ctx, ctx.db, id));
}

// ---------------------------------------------------------------------------------------------
// Raising

/** The enterprise fields routing and presenting a new demand need. */
export interface DemandEnterprise {
  id: number;
  name: string;
  divisionCode: string;
  townCode: string | null;
  industryCode: string | null;
}

export interface NewDemand {
  enterprise: DemandEnterprise;
  category: DemandCategory;
  description: string;
  urgency: DemandUrgency;
  attachmentIds: number[];
  source: DemandSource;
  visitId?: number | null;
  visitProblemIndex?: number | null;
  inspectionId?: number | null;
}

const notice = (row: DemandRow, enterpriseName: string): DemandNotice => ({
  id: row.id,
  number: demandNumber(row.id, row.raisedOn),
  enterpriseId: row.enterpriseId,
  enterpriseName,
  category: row.category,
  leadDepartment: row.leadDepartment,
  acceptDueOn: row.acceptDueOn,
  resolveDueOn: row.resolveDueOn,
  dueOn: currentDeadline(row),
  autoCloseOn: row.autoCloseOn,
});

/**
 * Inserts demands (status submitted, routed by the current rules, deadlines on the working
 * calendar from today) with their first history entry, and tells the lead departments, inside
 * the caller's transaction; the caller audits.
 */
export async function insertDemands(ctx: Ctx, tx: Conn, list: NewDemand[]): Promise<DemandRow[]> {
  if (list.length === 0) return [];
  const now = ctx.clock.now();
  const today = ctx.clock.today();
  const actor = actorOf(ctx);
  const route = await router(ctx, tx);
  const rows = await tx
    .insert(d)
    .values(
      list.map((n) => {
        const r = route(n.category, n.enterprise);
        return {
          enterpriseId: n.enterprise.id,
          category: n.category,
          description: n.description,
          urgency: n.urgency,
          attachmentIds: n.attachmentIds,
          source: n.source,
          visitId: n.visitId ?? null,
          visitProblemIndex: n.visitProblemIndex ?? null,
          inspectionId: n.inspectionId ?? null,
          raisedBy: byOf(ctx),
          raisedAt: now,
          raisedOn: today,
          leadDepartment: r.departmentCode,
          routingVersion: r.version,
          status: 'submitted' as const,
          acceptDays: r.acceptDays,
          resolveDays: r.resolveDays,
          ...demandDeadlines(today, r),
          createdAt: now,
          updatedAt: now,
        };
      }),
    )
    .returning();
  await tx.insert(schema.demandEvents).values(
    rows.map((r) => ({
      demandId: r.id,
      event: 'create' as const,
      fromStatus: null,
      toStatus: 'submitted' as const,
      toDepartment: r.leadDepartment,
      note: null,
      actorId: byOf(ctx),
      actorName: actor.displayName,
      at: now,
    })),
  );
  const names = new Map(list.map((n) => [n.enterprise.id, n.enterprise.name]));
  await notifyDemand(
    tx,
    ctx,
    'demand_received',
    'department',
    rows.map((r) => notice(r, names.get(r.enterpriseId) ?? '')),
  );
  return rows;
}

export async function createDemand(ctx: Ctx, input: DemandCreateInput): Promise<DemandDetail> {
  const actor = actorOf(ctx);
  const ent = await findScopedEnterprise(ctx.db, ctx.scoper, actor, input.enterpriseId);
  if (actor.role === 'leader') await assertContactLeader(ctx, actor.id, ent.id);
  const sources = DEMAND_RAISER_SOURCES[actor.role];
  if (!sources) throw forbidden();
  const issues: FieldIssue[] = [];
  const source = input.source ?? sources.default;
  if (!sources.allowed.includes(source))
    issues.push({ path: 'source', reason: 'source_not_allowed', params: { value: source } });
  if (input.inspectionId) {
    const i = schema.inspections;
    const [insp] = await ctx.db
      .select({ id: i.id })
      .from(i)
      .where(and(eq(i.id, input.inspectionId), eq(i.enterpriseId, ent.id)));
    if (!insp)
      issues.push({
        path: 'inspectionId',
        reason: 'unknown_inspection',
        params: { value: input.inspectionId },
      });
  }
  if (issues.length) throw invalid(issues);
  return ctx.db.transaction(async (tx) => {
    const attachmentIds = input.attachmentIds ?? [];
    await assertAttachmentIds(tx, ent.id, attachmentIds);
    const [row] = await insertDemands(ctx, tx, [
      {
        enterprise: ent,
        category: input.category,
        description: input.description,
        urgency: input.urgency,
        attachmentIds,
        source,
        inspectionId: input.inspectionId ?? null,
      },
    ]);
    await audit(tx, ctx, { action: 'demand.create', entity: 'demand', entityId: row.id, after: row });
    return detail(ctx, tx, row.id);
  });
}

/** A city leader raises demands only for the enterprises they are the contact leader (包联) of. */
async function assertContactLeader(ctx: Ctx, userId: number, enterpriseId: number) {
  const a = schema.enterpriseAssignments;
  const [row] = await ctx.db
    .select({ id: a.id })
    .from(a)
    .where(
      and(
        eq(a.userId, userId),
        eq(a.enterpriseId, enterpriseId),
        eq(a.kind, 'contact_leader'),
        isNull(a.endedAt),
      ),
    )
    .limit(1);
  if (!row) throw new AppError(403, 'not_contact_leader');
}

/**
 * The demands a liaison visit's problems become, one per problem, linked to the visit, inside the
 * visit's transaction (the caller audits the visit; this audits the demands).
 */
export async function demandsFromVisit(
  ctx: Ctx,
  tx: Conn,
  visit: { id: number; problems: { category: string; description: string }[] },
  enterprise: DemandEnterprise,
  categoryOf: (problemCategory: string) => DemandCategory,
): Promise<DemandRow[]> {
  if (visit.problems.length === 0) return [];
  const rows = await insertDemands(
    ctx,
    tx,
    visit.problems.map((p, index) => ({
      enterprise,
      category: categoryOf(p.category),
      description: p.description,
      urgency: 'normal' as const,
      attachmentIds: [],
      source: 'visit' as const,
      visitId: visit.id,
      visitProblemIndex: index,
    })),
  );
  await audit(
    tx,
    ctx,
    rows.map((r) => ({ action: 'demand.create', entity: 'demand', entityId: r.id, after: r })),
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

function refuse(
  ctx: Ctx,
  refusal: keyof typeof DEMAND_REFUSAL_STATUS,
  from: DemandStatus,
  to: string,
): never {
  const status = DEMAND_REFUSAL_STATUS[refusal];
  if (status === 409) {
    const label = (s: string) =>
      DEMAND_STATUS_LABELS[s as DemandStatus]?.[ctx.locale] ??
      DEMAND_EVENT_LABELS[s as keyof typeof DEMAND_EVENT_LABELS]?.[ctx.locale] ??
      s;
    throw new AppError(409, 'invalid_transition', { from: label(from), to: label(to) }, { from, to });
  }
  if (status === 403) throw new AppError(403, refusal);
  throw invalid([{ path: DEMAND_REFUSAL_FIELD[refusal] ?? 'to', reason: refusal }]);
}

const blankToNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** What a step changes besides status and version. */
function patchFor(
  ctx: Ctx,
  action: DemandAction,
  row: DemandRow,
  input: Pick<DemandTransitionInput, 'note' | 'rating' | 'solved' | 'comment'>,
): Partial<DemandRow> {
  const actor = actorOf(ctx);
  const now = ctx.clock.now();
  const today = ctx.clock.today();
  const takeOver = actor.role === 'department' && row.handlerId === null ? { handlerId: actor.id } : {};
  switch (action) {
    case 'accept':
      return { acceptedAt: now, acceptedOnTime: today <= row.acceptDueOn, ...takeOver };
    case 'start':
      return { ...takeOver };
    case 'wait':
      return { pausedOn: today };
    case 'resume': {
      const paused = row.pausedOn ? pausedWorkdaysBetween(row.pausedOn, today) : 0;
      return {
        pausedOn: null,
        pausedWorkdays: row.pausedWorkdays + paused,
        resolveDueOn: addWorkdays(row.resolveDueOn, paused),
      };
    }
    case 'resolve':
      return {
        resolvedAt: now,
        resolution: blankToNull(input.note),
        resolvedOnTime: row.resolvedOnTime ?? today <= row.resolveDueOn,
        autoCloseOn: autoCloseDueOn(today),
        ...takeOver,
      };
    case 'confirm':
      return {
        closedAt: now,
        closure: 'confirmed',
        solved: input.solved ?? null,
        rating: input.rating ?? null,
        comment: blankToNull(input.comment),
        autoCloseOn: null,
      };
    case 'reopen': {
      // The rework gets a fresh resolve period (never shorter than what was left).
      const fresh = addWorkdays(today, row.resolveDays);
      return {
        reopenCount: row.reopenCount + 1,
        autoCloseOn: null,
        resolveDueOn: [fresh, row.resolveDueOn].sort()[1],
      };
    }
  }
}

/** Marks the visit problems behind closed demands as closed (the liaison's "open problems" count). */
export async function closeVisitProblems(tx: Conn, rows: Pick<DemandRow, 'visitId' | 'visitProblemIndex'>[]) {
  for (const r of rows) {
    if (r.visitId === null || r.visitProblemIndex === null) continue;
    const v = schema.liaisonVisits;
    await tx
      .update(v)
      .set({
        problems: sql`jsonb_set(${v.problems}, ${`{${r.visitProblemIndex},status}`}::text[], '"closed"'::jsonb)`,
      })
      .where(and(eq(v.id, r.visitId), sql`jsonb_array_length(${v.problems}) > ${r.visitProblemIndex}`));
  }
}

/**
 * Takes one lifecycle step (shared/demands.ts decides which are legal and for whom), records it in
 * the history and the audit log in one transaction. The row is locked and the version compared,
 * so two handlers racing cannot both move it.
 */
export async function transitionDemand(ctx: Ctx, id: number, input: DemandTransitionInput) {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const found = await findScopedDemand(ctx, tx, id, true);
    const row = found.d;
    if (row.version !== input.version) throw staleVersion(row.version);
    const check = checkDemandTransition({
      from: row.status,
      to: input.to,
      role: actor.role,
      actorDepartment: actor.departmentCode,
      leadDepartment: row.leadDepartment,
      note: input.note,
      rating: input.rating,
      solved: input.solved,
    });
    if (!check.ok) refuse(ctx, check.refusal, row.status, input.to);
    const now = ctx.clock.now();
    const note = blankToNull(input.note) ?? (check.action === 'confirm' ? blankToNull(input.comment) : null);
    const patch = patchFor(ctx, check.action, row, input);
    const [updated] = await tx
      .update(d)
      .set({ ...patch, status: input.to, version: row.version + 1, updatedAt: now })
      .where(eq(d.id, id))
      .returning();
    await tx.insert(schema.demandEvents).values({
      demandId: id,
      event: check.action,
      fromStatus: row.status,
      toStatus: input.to,
      note,
      actorId: actor.id,
      actorName: actor.displayName,
      at: now,
    });
    if (check.action === 'confirm') await closeVisitProblems(tx, [updated]);
    if (check.action === 'resolve')
      await notifyDemand(tx, ctx, 'demand_resolved', 'enterprise', [notice(updated, found.enterpriseName)]);
    const keys = Object.keys(patch) as (keyof DemandRow)[];
    await audit(tx, ctx, {
      action: `demand.${check.action}`,
      entity: 'demand',
      entityId: id,
      before: { status: row.status, ...pick(row, keys) },
      after: { status: updated.status, ...pick(updated, keys), note },
    });
    return detail(ctx, tx, id);
  });
}

function pick(row: DemandRow, keys: (keyof DemandRow)[]) {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

/**
 * Hands a demand to another department (the lead department, with a reason) or reassigns it (the
 * commander, any department, co-handlers too). A new lead department must accept it again: it goes
 * back to submitted with a fresh accept deadline; the resolve deadline stays.
 */
export async function transferDemand(ctx: Ctx, id: number, input: DemandTransferInput) {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const found = await findScopedDemand(ctx, tx, id, true);
    const row = found.d;
    if (input.version !== undefined && row.version !== input.version) throw staleVersion(row.version);
    const event = actor.role === 'commander' ? 'reassign' : 'transfer';
    if (!TRANSFERABLE_STATUSES.includes(row.status)) refuse(ctx, 'invalid_transition', row.status, event);
    const who = {
      status: row.status,
      role: actor.role,
      actorDepartment: actor.departmentCode,
      leadDepartment: row.leadDepartment,
    };
    if (!canTransferDemand(who)) throw new AppError(403, 'not_lead');
    const issues: FieldIssue[] = [];
    if (!ctx.ref.departments.has(input.departmentCode))
      issues.push({
        path: 'departmentCode',
        reason: 'unknown_department',
        params: { value: input.departmentCode },
      });
    const moving = input.departmentCode !== row.leadDepartment;
    if (!moving && input.coDepartments === undefined)
      issues.push({ path: 'departmentCode', reason: 'same_department' });
    (input.coDepartments ?? []).forEach((c, i) => {
      if (!ctx.ref.departments.has(c))
        issues.push({ path: `coDepartments.${i}`, reason: 'unknown_department', params: { value: c } });
    });
    if (issues.length) throw invalid(issues);
    const co = [...new Set(input.coDepartments ?? row.coDepartments)].filter(
      (c) => c !== input.departmentCode,
    );
    const now = ctx.clock.now();
    const today = ctx.clock.today();
    const patch: Partial<DemandRow> = moving
      ? {
          leadDepartment: input.departmentCode,
          coDepartments: co,
          status: 'submitted',
          handlerId: null,
          acceptedAt: null,
          acceptedOnTime: null,
          acceptDueOn: addWorkdays(today, row.acceptDays),
        }
      : { coDepartments: co };
    const [updated] = await tx
      .update(d)
      .set({ ...patch, version: row.version + 1, updatedAt: now })
      .where(eq(d.id, id))
      .returning();
    await tx.insert(schema.demandEvents).values({
      demandId: id,
      event,
      fromStatus: row.status,
      toStatus: updated.status,
      fromDepartment: row.leadDepartment,
      toDepartment: updated.leadDepartment,
      note: input.reason,
      actorId: actor.id,
      actorName: actor.displayName,
      at: now,
    });
    if (moving)
      await notifyDemand(tx, ctx, 'demand_received', 'department', [notice(updated, found.enterpriseName)]);
    const keys = Object.keys(patch) as (keyof DemandRow)[];
    await audit(tx, ctx, {
      action: `demand.${event}`,
      entity: 'demand',
      entityId: id,
      before: pick(row, keys),
      after: { ...pick(updated, keys), reason: input.reason },
    });
    return detail(ctx, tx, id);
  });
}

/** Anyone who sees the demand may comment (co-handling departments included). */
export async function commentDemand(ctx: Ctx, id: number, input: DemandCommentInput) {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const found = await findScopedDemand(ctx, tx, id);
    const now = ctx.clock.now();
    const [ev] = await tx
      .insert(schema.demandEvents)
      .values({
        demandId: id,
        event: 'comment',
        fromStatus: found.d.status,
        toStatus: found.d.status,
        note: input.note,
        actorId: actor.id,
        actorName: actor.displayName,
        at: now,
      })
      .returning();
    await tx.update(d).set({ updatedAt: now }).where(eq(d.id, id));
    await audit(tx, ctx, {
      action: 'demand.comment',
      entity: 'demand',
      entityId: id,
      after: { eventId: ev.id, note: input.note },
    });
    return detail(ctx, tx, id);
  });
}

/** Accepts several submitted demands at once; each one the actor cannot accept is skipped with the reason. */
export async function bulkAccept(ctx: Ctx, input: DemandBulkAcceptInput): Promise<DemandBulkAcceptResult> {
  const actor = actorOf(ctx);
  const ids = [...new Set(input.ids)];
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(d)
      .where(and(inArray(d.id, ids), ctx.scoper.demands(actor)))
      .orderBy(asc(d.id))
      .for('update');
    const byId = new Map(rows.map((r) => [r.id, r]));
    const skipped: DemandBulkAcceptResult['skipped'] = [];
    const accepted: DemandRow[] = [];
    const now = ctx.clock.now();
    for (const id of ids) {
      const row = byId.get(id);
      if (!row) {
        skipped.push({ id, reason: 'not_found' });
        continue;
      }
      const check = checkDemandTransition({
        from: row.status,
        to: 'accepted',
        role: actor.role,
        actorDepartment: actor.departmentCode,
        leadDepartment: row.leadDepartment,
      });
      if (!check.ok) {
        skipped.push({ id, reason: check.refusal });
        continue;
      }
      const patch = patchFor(ctx, 'accept', row, {});
      const [u] = await tx
        .update(d)
        .set({ ...patch, status: 'accepted', version: row.version + 1, updatedAt: now })
        .where(eq(d.id, id))
        .returning();
      accepted.push(u);
    }
    if (accepted.length) {
      const note = blankToNull(input.note);
      await tx.insert(schema.demandEvents).values(
        accepted.map((u) => ({
          demandId: u.id,
          event: 'accept' as const,
          fromStatus: 'submitted' as const,
          toStatus: 'accepted' as const,
          note,
          actorId: actor.id,
          actorName: actor.displayName,
          at: now,
        })),
      );
    }
    await audit(tx, ctx, {
      action: 'demand.bulkAccept',
      entity: 'demand',
      after: { accepted: accepted.map((u) => u.id), skipped },
    });
    return { accepted: accepted.map((u) => u.id), skipped };
  });
}
