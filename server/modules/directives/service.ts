import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { can } from '../../../shared/access';
import type { DirectiveTargetStatus } from '../../../shared/enums';
import type {
  DirectiveAckInput,
  DirectiveChaseResult,
  DirectiveCompliance,
  DirectiveInput,
  DirectiveListQuery,
  DirectiveTarget,
  DirectiveTargetsQuery,
  DirectiveTargetView,
  DirectiveView,
} from '../../../shared/schemas/directives';
import { type Conn, rows, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { type FieldIssue, invalid, notFound } from '../../lib/errors';
import { escapeLike } from '../../lib/sql';
import { divisionWhere } from '../daily-reports/service';
import { type ChaseTarget, fanOut } from '../notifications/fanout';
import { byOf, peopleByIds, personOf } from '../resumption/people';
import { resumedOnSql } from '../resumption/status';

const d = schema.directives;
const t = schema.directiveTargets;
const e = schema.enterprises;
type DirectiveRow = typeof d.$inferSelect;
type TargetRow = typeof t.$inferSelect;

/** The enterprises a target rule binds, as a condition on `enterprises` (active ones only). */
export function targetWhere(ctx: Ctx, target: DirectiveTarget, onDate: string): SQL {
  const conds: (SQL | undefined)[] = [isNull(e.archivedAt)];
  if (target.divisions?.length) {
    const codes = target.divisions.flatMap((c) => ctx.tree.descendants(c));
    conds.push(or(inArray(e.divisionCode, codes), inArray(e.townCode, codes)));
  }
  if (target.flags?.length) conds.push(or(...target.flags.map((f) => eq(e[f], true))));
  if (target.industryPrefixes?.length)
    conds.push(or(...target.industryPrefixes.map((p) => sql`${e.industryCode} like ${`${escapeLike(p)}%`}`)));
  if (target.sizeClasses?.length) conds.push(inArray(e.sizeClass, target.sizeClasses));
  if (target.aboveScale !== undefined) conds.push(eq(e.aboveScale, target.aboveScale));
  if (target.resumedOnly) conds.push(resumedOnSql(onDate));
  return and(...conds)!;
}

const statusOf = (row: Pick<TargetRow, 'acknowledgedAt' | 'completedAt'>): DirectiveTargetStatus =>
  row.completedAt ? 'completed' : row.acknowledgedAt ? 'acknowledged' : 'pending';

/** A directive is visible to whoever it binds an enterprise of (everyone city-wide sees all). */
function visible(ctx: Ctx): SQL | undefined {
  const scope = ctx.scoper.byEnterprise(actorOf(ctx), t.enterpriseId);
  if (!scope) return undefined;
  return exists(
    ctx.db
      .select({ one: sql`1` })
      .from(t)
      .where(and(eq(t.directiveId, d.id), scope)),
  );
}

async function loadVisible(ctx: Ctx, conn: Conn, id: number): Promise<DirectiveRow> {
  const v = visible(ctx);
  const [row] = await conn
    .select()
    .from(d)
    .where(v ? and(eq(d.id, id), v) : eq(d.id, id))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

function presentTarget(
  ctx: Ctx,
  row: TargetRow,
  ent: { name: string; divisionCode: string },
  people: Map<number, { id: number; displayName: string }>,
): DirectiveTargetView {
  return {
    enterpriseId: row.enterpriseId,
    enterpriseName: ent.name,
    divisionCode: ent.divisionCode,
    divisionName: ctx.tree.name(ent.divisionCode, ctx.locale) ?? ent.divisionCode,
    status: statusOf(row),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: personOf(people, row.acknowledgedBy),
    onBehalf: row.onBehalf,
    actions: row.actions,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

async function present(ctx: Ctx, list: DirectiveRow[]): Promise<DirectiveView[]> {
  if (!list.length) return [];
  const actor = actorOf(ctx);
  const today = ctx.clock.today();
  const own = ctx.scoper.ownEnterprise(actor);
  // An enterprise account sees its own acknowledgement on each directive.
  const ownRows =
    own === null
      ? []
      : await ctx.db
          .select({ target: t, name: e.name, divisionCode: e.divisionCode })
          .from(t)
          .innerJoin(e, eq(e.id, t.enterpriseId))
          .where(
            and(
              eq(t.enterpriseId, own),
              inArray(
                t.directiveId,
                list.map((x) => x.id),
              ),
            ),
          );
  const people = await peopleByIds(ctx.db, [
    ...list.map((x) => x.issuedBy),
    ...ownRows.map((x) => x.target.acknowledgedBy),
  ]);
  const mine = new Map(ownRows.map((x) => [x.target.directiveId, presentTarget(ctx, x.target, x, people)]));
  const abilities: string[] = [];
  if (can(actor.role, 'directive.ack')) abilities.push('directive.ack');
  if (can(actor.role, 'directive.compliance')) abilities.push('directive.compliance');
  return list.map((x) => ({
    id: x.id,
    title: x.title,
    body: x.body,
    actions: x.actions,
    target: x.target,
    dueDate: x.dueDate,
    overdue: x.dueDate < today,
    issuedAt: x.issuedAt.toISOString(),
    issuedBy: personOf(people, x.issuedBy),
    targetCount: x.targetCount,
    mine: mine.get(x.id) ?? null,
    abilities: [...abilities],
  }));
}

export async function listDirectives(ctx: Ctx, q: DirectiveListQuery) {
  const today = ctx.clock.today();
  const where = and(
    visible(ctx),
    q.state === 'open' ? gte(d.dueDate, today) : q.state === 'overdue' ? lt(d.dueDate, today) : undefined,
  );
  const [list, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(d)
      .where(where)
      .orderBy(desc(d.issuedAt), desc(d.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(d).where(where),
  ]);
  return { items: await present(ctx, list), total: Number(total) };
}

export async function getDirective(ctx: Ctx, id: number): Promise<DirectiveView> {
  const [view] = await present(ctx, [await loadVisible(ctx, ctx.db, id)]);
  return view;
}

/**
 * Issues a directive (commander): binds the enterprises its rule matches today (fixed from then
 * on), tells them (in-app and SMS outbox) and writes one audit entry. A rule that binds nobody is 400.
 */
export async function issueDirective(ctx: Ctx, input: DirectiveInput): Promise<DirectiveView> {
  actorOf(ctx);
  const today = ctx.clock.today();
  const issues: FieldIssue[] = [];
  if (input.dueDate < today)
    issues.push({ path: 'dueDate', reason: 'date_in_past', params: { value: input.dueDate } });
  (input.target.divisions ?? []).forEach((code, i) => {
    if (!ctx.tree.get(code))
      issues.push({ path: `target.divisions.${i}`, reason: 'unknown_division', params: { value: code } });
  });
  const keys = input.actions.map((a) => a.key);
  if (new Set(keys).size !== keys.length) issues.push({ path: 'actions', reason: 'duplicate_values' });
  if (issues.length) throw invalid(issues);
  const row = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [created] = await tx
      .insert(d)
      .values({
        title: input.title,
        body: input.body,
        actions: input.actions,
        target: input.target,
        dueDate: input.dueDate,
        issuedAt: now,
        issuedBy: byOf(ctx),
      })
      .returning();
    const bound = await rows<{ enterprise_id: number }>(
      tx,
      sql`insert into ${t} (directive_id, enterprise_id)
        select ${created.id}::integer, ${e.id} from ${e} where ${targetWhere(ctx, input.target, today)}
        returning enterprise_id`,
    );
    if (!bound.length) throw invalid([{ path: 'target', reason: 'no_targets' }]);
    const [updated] = await tx
      .update(d)
      .set({ targetCount: bound.length })
      .where(eq(d.id, created.id))
      .returning();
    const targets = await targetsOf(tx, created.id, undefined);
    await fanOut(tx, ctx, {
      audience: 'enterprise',
      kind: 'directive_issued',
      date: today,
      subject: { type: 'directive', id: created.id },
      targets,
      data: { title: input.title, dueDate: input.dueDate, directiveId: created.id },
    });
    await audit(tx, ctx, {
      action: 'directive.issue',
      entity: 'directive',
      entityId: created.id,
      after: { ...input, targetCount: bound.length },
    });
    return updated;
  });
  return getDirective(ctx, row.id);
}

/**
 * The enterprises of a directive (optionally only those not completed, optionally within a scope
 * on `enterprises`), as chase targets.
 */
async function targetsOf(
  conn: Conn,
  directiveId: number,
  onlyOpen: boolean | undefined,
  scope?: SQL,
): Promise<ChaseTarget[]> {
  return conn
    .select({
      id: e.id,
      name: e.name,
      divisionCode: e.divisionCode,
      townCode: e.townCode,
      contactPhone: e.contactPhone,
    })
    .from(t)
    .innerJoin(e, eq(e.id, t.enterpriseId))
    .where(and(eq(t.directiveId, directiveId), onlyOpen ? isNull(t.completedAt) : undefined, scope))
    .orderBy(asc(e.id));
}

/**
 * An enterprise acknowledges a directive and ticks (or unticks) its actions; a liaison may do it on
 * the enterprise's behalf (`enterpriseId` required). The first call is the acknowledgement; the
 * target is completed when every action is ticked.
 */
export async function acknowledgeDirective(
  ctx: Ctx,
  id: number,
  input: DirectiveAckInput,
): Promise<DirectiveTargetView> {
  const actor = actorOf(ctx);
  const directive = await loadVisible(ctx, ctx.db, id);
  const own = ctx.scoper.ownEnterprise(actor);
  // An enterprise account acts for its own enterprise; naming another finds nothing in its scope (404).
  const enterpriseId = input.enterpriseId ?? own;
  if (!enterpriseId) throw invalid([{ path: 'enterpriseId', reason: 'required' }]);
  const keys = new Set(directive.actions.map((a) => a.key));
  const unknown = Object.keys(input.actions).filter((k) => !keys.has(k));
  if (unknown.length) throw invalid(unknown.map((k) => ({ path: `actions.${k}`, reason: 'unknown_field' })));
  const scope = ctx.scoper.byEnterprise(actor, t.enterpriseId);
  const saved = await ctx.db.transaction(async (tx) => {
    const where = and(eq(t.directiveId, id), eq(t.enterpriseId, enterpriseId), scope);
    const [row] = await tx.select().from(t).where(where).for('update');
    if (!row) throw notFound();
    const now = ctx.clock.now();
    const actions = { ...row.actions, ...input.actions };
    const done = [...keys].every((k) => actions[k] === true);
    const [updated] = await tx
      .update(t)
      .set({
        actions,
        acknowledgedAt: row.acknowledgedAt ?? now,
        acknowledgedBy: row.acknowledgedBy ?? byOf(ctx),
        onBehalf: row.acknowledgedAt ? row.onBehalf : own === null,
        completedAt: done ? (row.completedAt ?? now) : null,
        updatedAt: now,
      })
      .where(and(eq(t.directiveId, id), eq(t.enterpriseId, enterpriseId)))
      .returning();
    await audit(tx, ctx, {
      action: row.acknowledgedAt ? 'directive.tick' : 'directive.acknowledge',
      entity: 'directive',
      entityId: id,
      before: { actions: row.actions, status: statusOf(row) },
      after: { enterpriseId, actions: updated.actions, status: statusOf(updated) },
    });
    return updated;
  });
  const [ent] = await ctx.db
    .select({ name: e.name, divisionCode: e.divisionCode })
    .from(e)
    .where(eq(e.id, enterpriseId));
  return presentTarget(ctx, saved, ent, await peopleByIds(ctx.db, [saved.acknowledgedBy]));
}

const rateOf = (done: number, all: number) => (all > 0 ? Math.min(1, done / all) : null);

/** Compliance per division in the caller's scope: bound, acknowledged, completed, and per action. */
export async function directiveCompliance(ctx: Ctx, id: number): Promise<DirectiveCompliance> {
  const directive = await loadVisible(ctx, ctx.db, id);
  const scope = ctx.scoper.byEnterprise(actorOf(ctx), t.enterpriseId);
  const perAction = directive.actions.map(
    (a) => sql<number>`(count(*) filter (where ${t.actions} ->> ${a.key} = 'true'))::int`,
  );
  const list = await ctx.db
    .select({
      code: e.divisionCode,
      targeted: sql<number>`count(*)::int`,
      acknowledged: sql<number>`count(${t.acknowledgedAt})::int`,
      completed: sql<number>`count(${t.completedAt})::int`,
      actions: perAction.length
        ? sql<number[]>`array[${sql.join(perAction, sql`, `)}]`
        : sql<number[]>`array[]::int[]`,
    })
    .from(t)
    .innerJoin(e, eq(e.id, t.enterpriseId))
    .where(and(eq(t.directiveId, id), scope))
    .groupBy(e.divisionCode)
    .orderBy(e.divisionCode);
  const total = { targeted: 0, acknowledged: 0, completed: 0 };
  const done = directive.actions.map(() => 0);
  for (const x of list) {
    total.targeted += Number(x.targeted);
    total.acknowledged += Number(x.acknowledged);
    total.completed += Number(x.completed);
    (x.actions ?? []).forEach((n, i) => {
      done[i] += Number(n);
    });
  }
  return {
    directiveId: id,
    dueDate: directive.dueDate,
    overdue: directive.dueDate < ctx.clock.today(),
    total: { ...total, complianceRate: rateOf(total.completed, total.targeted) },
    byDivision: list.map((x) => ({
      divisionCode: x.code,
      divisionName: ctx.tree.name(x.code, ctx.locale) ?? x.code,
      targeted: Number(x.targeted),
      acknowledged: Number(x.acknowledged),
      completed: Number(x.completed),
      complianceRate: rateOf(Number(x.completed), Number(x.targeted)),
    })),
    actions: directive.actions.map((a, i) => ({
      key: a.key,
      label: ctx.locale === 'en' && a.labelEn ? a.labelEn : a.label,
      done: done[i],
    })),
  };
}

/** The enterprises behind a compliance figure. */
export async function directiveTargets(ctx: Ctx, id: number, q: DirectiveTargetsQuery) {
  await loadVisible(ctx, ctx.db, id);
  const conds: (SQL | undefined)[] = [
    eq(t.directiveId, id),
    ctx.scoper.byEnterprise(actorOf(ctx), t.enterpriseId),
  ];
  if (q.status === 'completed') conds.push(isNotNull(t.completedAt));
  if (q.status === 'acknowledged') conds.push(and(isNotNull(t.acknowledgedAt), isNull(t.completedAt)));
  if (q.status === 'pending') conds.push(isNull(t.acknowledgedAt));
  conds.push(divisionWhere(ctx, q.division));
  const where = and(...conds);
  const [list, [{ total }]] = await Promise.all([
    ctx.db
      .select({ target: t, name: e.name, divisionCode: e.divisionCode })
      .from(t)
      .innerJoin(e, eq(e.id, t.enterpriseId))
      .where(where)
      .orderBy(asc(e.divisionCode), asc(e.name))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(t).innerJoin(e, eq(e.id, t.enterpriseId)).where(where),
  ]);
  const people = await peopleByIds(
    ctx.db,
    list.map((x) => x.target.acknowledgedBy),
  );
  return { items: list.map((x) => presentTarget(ctx, x.target, x, people)), total: Number(total) };
}

/**
 * Chases overdue directives like missing reports: every enterprise that has not completed a
 * directive past its due date is reminded, and its liaison and district get the list. Keyed per
 * (directive, enterprise, day, recipient): at most one reminder a day, never duplicated. `once`:
 * the scheduler's mode (a chase_runs row per directive and day, claimed with the work). A manual
 * run may name one directive (out of scope → 404) and is confined to the caller's enterprises (a
 * district chases its own territory).
 */
export async function chaseOverdueDirectives(
  ctx: Ctx,
  opts: { once?: boolean; directiveId?: number } = {},
): Promise<DirectiveChaseResult> {
  const today = ctx.clock.today();
  const manual = !opts.once;
  const scope = manual ? ctx.scoper.enterprises(actorOf(ctx)) : undefined;
  if (opts.directiveId !== undefined) await loadVisible(ctx, ctx.db, opts.directiveId);
  const overdue = await ctx.db
    .select()
    .from(d)
    .where(and(lt(d.dueDate, today), opts.directiveId === undefined ? undefined : eq(d.id, opts.directiveId)))
    .orderBy(asc(d.id));
  const result: DirectiveChaseResult = {
    date: today,
    directives: 0,
    overdueTargets: 0,
    notifications: 0,
    outbox: 0,
  };
  if (!overdue.length) {
    // A manual run with nothing overdue changes nothing, but who asked is still worth a line.
    if (!opts.once)
      await audit(ctx.db, ctx, { action: 'directive.chase', entity: 'directive', after: result });
    return result;
  }
  return ctx.db.transaction(async (tx) => {
    for (const dir of overdue) {
      if (opts.once) {
        const claimed = await tx
          .insert(schema.chaseRuns)
          .values({ kind: 'directive', date: today, stage: String(dir.id), ranAt: ctx.clock.now() })
          .onConflictDoNothing()
          .returning({ stage: schema.chaseRuns.stage });
        if (!claimed.length) continue;
      }
      const targets = await targetsOf(tx, dir.id, true, scope);
      if (!targets.length) continue;
      result.directives++;
      result.overdueTargets += targets.length;
      const kinds = {
        enterprise: 'directive_overdue',
        liaison: 'directive_overdue_liaison',
        district: 'directive_overdue_district',
      } as const;
      for (const audience of ['enterprise', 'liaison', 'district'] as const) {
        const sent = await fanOut(tx, ctx, {
          audience,
          kind: kinds[audience],
          date: today,
          subject: { type: 'directive', id: dir.id },
          targets,
          data: { title: dir.title, dueDate: dir.dueDate, directiveId: dir.id },
        });
        result.notifications += sent.notifications;
        result.outbox += sent.outbox;
      }
    }
    if (result.notifications || result.outbox || !opts.once) {
      await audit(tx, ctx, { action: 'directive.chase', entity: 'directive', after: result });
    }
    return result;
  });
}
