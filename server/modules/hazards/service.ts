import { and, asc, count, desc, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import {
  HAZARD_CATEGORY_LABELS,
  HAZARD_CATEGORY_LINE,
  HAZARD_LINE_LABELS,
  HAZARD_SEVERITY_LABELS,
  HAZARD_STATUS_LABELS,
  type HazardCategory,
  type HazardLine,
  type HazardSeverity,
  type HazardStatus,
} from '../../../shared/enums';
import {
  availableTransitions,
  checkTransition,
  defaultDeadline,
  escalationDates,
  type HazardAction,
  isOverdue,
} from '../../../shared/hazards';
import { daysBetween } from '../../../shared/resumption';
import type {
  HazardCreateInput,
  HazardDetail,
  HazardListQuery,
  HazardStats,
  HazardStatsQuery,
  HazardTransitionInput,
  HazardView,
} from '../../../shared/schemas/safety';
import { addCalendarDays, earlierDate } from '../../../shared/workdays';
import { findScopedEnterprise } from '../../access/scope';
import { shanghaiInstant } from '../../clock';
import { type Conn, num, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, type FieldIssue, invalid, notFound } from '../../lib/errors';
import { likePattern } from '../../lib/sql';
import { assertAttachmentIds } from '../attachments/service';
import { campaignHazards } from '../campaigns/filter';
import { notifyKpi } from '../kpis/events';
import { byOf } from '../resumption/people';

type HazardRow = typeof schema.hazards.$inferSelect;
type EnterpriseBits = { name: string; divisionCode: string };

const h = schema.hazards;
const e = schema.enterprises;

type Names = Map<number, string>;

/** Display names of the people a page of hazards refers to (reporter, submitter, verifier), one query. */
async function peopleOf(conn: Conn, rows: HazardRow[]): Promise<Names> {
  const ids = [
    ...new Set(rows.flatMap((r) => [r.reportedBy, r.submittedBy, r.closedBy]).filter((x) => x !== null)),
  ];
  if (ids.length === 0) return new Map();
  const u = schema.users;
  const found = await conn.select({ id: u.id, displayName: u.displayName }).from(u).where(inArray(u.id, ids));
  return new Map(found.map((x) => [x.id, x.displayName]));
}

function presentHazard(ctx: Ctx, row: HazardRow, ent: EnterpriseBits, names: Names): HazardView {
  const who = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  const actor = actorOf(ctx);
  const today = ctx.clock.today();
  const overdue = isOverdue(row.status, row.deadline, today);
  return {
    id: row.id,
    enterpriseId: row.enterpriseId,
    enterpriseName: ent.name,
    divisionCode: ent.divisionCode,
    divisionName: ctx.tree.name(ent.divisionCode, ctx.locale) ?? ent.divisionCode,
    line: row.line,
    category: row.category,
    severity: row.severity,
    description: row.description,
    location: row.location,
    responsiblePerson: row.responsiblePerson,
    foundOn: row.foundOn,
    deadline: row.deadline,
    status: row.status,
    overdue,
    daysOverdue: overdue ? daysBetween(row.deadline, today) : 0,
    escalationLevel: row.escalationLevel,
    rectificationPlan: row.rectificationPlan,
    evidence: row.evidence,
    attachmentIds: row.attachmentIds,
    evidenceAttachmentIds: row.evidenceAttachmentIds,
    inspectionId: row.inspectionId,
    reportedBy: row.reportedBy,
    reportedByName: who(row.reportedBy),
    submittedBy: row.submittedBy,
    submittedByName: who(row.submittedBy),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    closedBy: row.closedBy,
    closedByName: who(row.closedBy),
    closedAt: row.closedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    transitions: availableTransitions({
      status: row.status,
      severity: row.severity,
      role: actor.role,
      actorId: actor.id,
      submittedBy: row.submittedBy,
    }),
  };
}

/** A division filter on the joined enterprise: a town, or a district/city and everything below. */
export function divisionCondition(ctx: Ctx, code: string): SQL {
  const node = ctx.tree.get(code);
  if (!node) return sql`false`;
  if (node.level === 'town') return eq(e.townCode, code);
  return inArray(e.divisionCode, ctx.tree.descendants(code));
}

/** Not yet closed and past its deadline as of `today`. */
const overdueCondition = (today: string) => and(ne(h.status, 'closed'), sql`${h.deadline} < ${today}`)!;

async function hazardWhere(ctx: Ctx, q: Partial<HazardListQuery>): Promise<SQL | undefined> {
  const conds: (SQL | undefined)[] = [ctx.scoper.enterprises(actorOf(ctx))];
  if (q.status === 'pending') conds.push(ne(h.status, 'closed'));
  else if (q.status) conds.push(eq(h.status, q.status));
  if (q.division) conds.push(divisionCondition(ctx, q.division));
  if (q.line) conds.push(eq(h.line, q.line));
  if (q.severity) conds.push(eq(h.severity, q.severity));
  if (q.category) conds.push(eq(h.category, q.category));
  if (q.overdue === true) conds.push(overdueCondition(ctx.clock.today()));
  if (q.overdue === false) conds.push(sql`not (${overdueCondition(ctx.clock.today())})`);
  if (q.escalation === 'city') conds.push(eq(h.escalationLevel, 'city'));
  if (q.escalation === 'district') conds.push(sql`${h.escalationLevel} is not null`);
  if (q.enterprise) conds.push(eq(h.enterpriseId, q.enterprise));
  if (q.inspection) conds.push(eq(h.inspectionId, q.inspection));
  if (q.from) conds.push(sql`${h.foundOn} >= ${q.from}`);
  if (q.to) conds.push(sql`${h.foundOn} <= ${q.to}`);
  if (q.q) conds.push(or(ilike(h.description, likePattern(q.q)), ilike(e.name, likePattern(q.q))));
  if (q.campaign) {
    const [c] = await ctx.db.select().from(schema.campaigns).where(eq(schema.campaigns.id, q.campaign));
    conds.push(c ? campaignHazards(ctx.tree, c) : sql`false`);
  }
  return and(...conds);
}

const SORTS = {
  foundOn: [desc(h.foundOn), desc(h.id)],
  deadline: [asc(h.deadline), asc(h.id)],
  updatedAt: [desc(h.updatedAt), desc(h.id)],
};

export async function listHazards(ctx: Ctx, q: HazardListQuery) {
  const where = await hazardWhere(ctx, q);
  const [rows, [{ n }]] = await Promise.all([
    ctx.db
      .select({ h, name: e.name, divisionCode: e.divisionCode })
      .from(h)
      .innerJoin(e, eq(e.id, h.enterpriseId))
      .where(where)
      .orderBy(...SORTS[q.sort])
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(h).innerJoin(e, eq(e.id, h.enterpriseId)).where(where),
  ]);
  const names = await peopleOf(
    ctx.db,
    rows.map((r) => r.h),
  );
  return { items: rows.map((r) => presentHazard(ctx, r.h, r, names)), total: Number(n) };
}

/** A hazard whose enterprise is in the actor's scope (404 otherwise), optionally locked for update. */
async function findScopedHazard(ctx: Ctx, conn: Conn, id: number, lock = false) {
  const query = conn
    .select({ h, name: e.name, divisionCode: e.divisionCode })
    .from(h)
    .innerJoin(e, eq(e.id, h.enterpriseId))
    .where(and(eq(h.id, id), ctx.scoper.enterprises(actorOf(ctx))))
    .limit(1);
  const [row] = lock ? await query.for('update', { of: h }) : await query;
  if (!row) throw notFound();
  return row;
}

async function detail(ctx: Ctx, conn: Conn, row: HazardRow, ent: EnterpriseBits): Promise<HazardDetail> {
  const ev = schema.hazardEvents;
  const [events, escalations, names] = await Promise.all([
    conn
      .select({ ev, displayName: schema.users.displayName })
      .from(ev)
      .leftJoin(schema.users, eq(schema.users.id, ev.actorId))
      .where(eq(ev.hazardId, row.id))
      .orderBy(asc(ev.at), asc(ev.id)),
    conn
      .select()
      .from(schema.hazardEscalations)
      .where(eq(schema.hazardEscalations.hazardId, row.id))
      .orderBy(asc(schema.hazardEscalations.id)),
    peopleOf(conn, [row]),
  ]);
  // Rows written without a user id (imported or generated history) still name the people who acted.
  const lastBy = (action: HazardAction | 'create') =>
    events.findLast((x) => x.ev.action === action)?.ev.actorName ?? null;
  const view = presentHazard(ctx, row, ent, names);
  return {
    ...view,
    reportedByName: view.reportedByName ?? lastBy('create'),
    submittedByName: row.submittedAt ? (view.submittedByName ?? lastBy('submit')) : null,
    closedByName: row.closedAt ? (view.closedByName ?? lastBy('verify')) : null,
    history: events.map(({ ev: x, displayName }) => ({
      id: x.id,
      action: x.action,
      fromStatus: x.fromStatus,
      toStatus: x.toStatus,
      note: x.note,
      attachmentIds: x.attachmentIds,
      actorId: x.actorId,
      actorName: displayName ?? x.actorName,
      at: x.at.toISOString(),
    })),
    escalations: escalations.map((x) => ({
      level: x.level,
      divisionCode: x.divisionCode,
      dueOn: x.dueOn,
      createdAt: x.createdAt.toISOString(),
    })),
    escalationDates: escalationDates(row.deadline),
  };
}

export async function getHazard(ctx: Ctx, id: number) {
  const row = await findScopedHazard(ctx, ctx.db, id);
  return detail(ctx, ctx.db, row.h, row);
}

/** The fields of a new hazard; whoever creates it (by hand or by signing an inspection) uses this. */
export interface NewHazard {
  enterpriseId: number;
  line: HazardLine;
  category: HazardCategory;
  severity: HazardSeverity;
  description: string;
  location: string;
  responsiblePerson: string;
  foundOn: string;
  deadline: string | null;
  attachmentIds: number[];
  inspectionId?: number | null;
  inspectionItemId?: number | null;
}

/** Field problems of a new hazard's category, dates and deadline. */
export function checkNewHazard(
  ctx: Ctx,
  n: Pick<NewHazard, 'line' | 'category' | 'foundOn' | 'deadline'>,
  prefix = '',
) {
  const issues: FieldIssue[] = [];
  const own = HAZARD_CATEGORY_LINE[n.category];
  if (own !== null && own !== n.line)
    issues.push({
      path: `${prefix}category`,
      reason: 'category_line_mismatch',
      params: { value: n.category },
    });
  if (n.foundOn > ctx.clock.today()) issues.push({ path: `${prefix}foundOn`, reason: 'future_date' });
  if (n.deadline && n.deadline < n.foundOn)
    issues.push({ path: `${prefix}deadline`, reason: 'deadline_before_found' });
  return issues;
}

/**
 * Inserts hazards (status open) with their first history entry inside the caller's transaction;
 * the caller audits. The deadline defaults by severity from the day it was found.
 */
export async function insertHazards(ctx: Ctx, tx: Conn, list: NewHazard[]): Promise<HazardRow[]> {
  if (list.length === 0) return [];
  const now = ctx.clock.now();
  const actor = actorOf(ctx);
  const rows = await tx
    .insert(h)
    .values(
      list.map((n) => ({
        enterpriseId: n.enterpriseId,
        inspectionId: n.inspectionId ?? null,
        inspectionItemId: n.inspectionItemId ?? null,
        line: n.line,
        category: n.category,
        severity: n.severity,
        description: n.description,
        location: n.location,
        responsiblePerson: n.responsiblePerson,
        foundOn: n.foundOn,
        deadline: n.deadline ?? defaultDeadline(n.foundOn, n.severity),
        status: 'open' as const,
        attachmentIds: n.attachmentIds,
        reportedBy: byOf(ctx),
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning();
  await tx.insert(schema.hazardEvents).values(
    rows.map((r) => ({
      hazardId: r.id,
      action: 'create' as const,
      fromStatus: null,
      toStatus: 'open',
      note: null,
      attachmentIds: r.attachmentIds,
      actorId: byOf(ctx),
      actorName: actor.displayName,
      at: now,
    })),
  );
  // A hazard found on a settled day changes that day's precomputed figures (kpis/cells.ts).
  const today = ctx.clock.today();
  const earliest = rows.reduce((d, r) => earlierDate(r.foundOn, d), today);
  await notifyKpi(
    tx,
    ctx,
    'hazard',
    rows.map((r) => r.enterpriseId),
    { today, from: earliest },
  );
  return rows;
}

export async function createHazard(ctx: Ctx, input: HazardCreateInput) {
  const actor = actorOf(ctx);
  const ent = await findScopedEnterprise(ctx.db, ctx.scoper, actor, input.enterpriseId);
  const n: NewHazard = {
    enterpriseId: ent.id,
    line: input.line,
    category: input.category,
    severity: input.severity,
    description: input.description,
    location: input.location ?? '',
    responsiblePerson: input.responsiblePerson ?? ent.contactName,
    foundOn: input.foundOn ?? ctx.clock.today(),
    deadline: input.deadline ?? null,
    attachmentIds: input.attachmentIds ?? [],
  };
  const issues = checkNewHazard(ctx, n);
  if (issues.length) throw invalid(issues);
  return ctx.db.transaction(async (tx) => {
    await assertAttachmentIds(tx, ent.id, n.attachmentIds);
    const [row] = await insertHazards(ctx, tx, [n]);
    await audit(tx, ctx, { action: 'hazard.create', entity: 'hazard', entityId: row.id, after: row });
    return detail(ctx, tx, row, ent);
  });
}

const REFUSAL_STATUS = {
  forbidden: 403,
  self_verification: 403,
  verifier_level: 403,
} as const;

/**
 * Takes one lifecycle step (shared/hazards.ts decides which are legal and for whom), records it
 * in the history and the audit log in one transaction. The row is locked, so two verifiers
 * racing cannot both close it: the second sees `closed` and gets 409.
 */
export async function transitionHazard(ctx: Ctx, id: number, input: HazardTransitionInput) {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const found = await findScopedHazard(ctx, tx, id, true);
    const row = found.h;
    const check = checkTransition({
      from: row.status,
      to: input.to,
      severity: row.severity,
      role: actor.role,
      actorId: actor.id,
      submittedBy: row.submittedBy,
      note: input.note,
    });
    if (!check.ok) {
      const r = check.refusal;
      if (r === 'invalid_transition') {
        const label = (s: HazardStatus) => HAZARD_STATUS_LABELS[s][ctx.locale];
        throw new AppError(
          409,
          'invalid_transition',
          { from: label(row.status), to: label(input.to) },
          { from: row.status, to: input.to },
        );
      }
      if (r in REFUSAL_STATUS) throw new AppError(REFUSAL_STATUS[r as keyof typeof REFUSAL_STATUS], r);
      throw invalid([{ path: 'note', reason: r }]);
    }
    const attachmentIds = input.attachmentIds ?? [];
    await assertAttachmentIds(tx, row.enterpriseId, attachmentIds);
    const now = ctx.clock.now();
    const note = input.note?.trim() || null;
    const patch = patchFor(check.action, row, note, attachmentIds, actor.id, now);
    const [updated] = await tx
      .update(h)
      .set({ ...patch, status: input.to, version: row.version + 1, updatedAt: now })
      .where(eq(h.id, id))
      .returning();
    // Closing counts from now on (settled days keep their figures); `closed` is final.
    if (input.to === 'closed') {
      const today = ctx.clock.today();
      await notifyKpi(tx, ctx, 'hazard', [row.enterpriseId], { today, from: today });
    }
    await tx.insert(schema.hazardEvents).values({
      hazardId: id,
      action: check.action,
      fromStatus: row.status,
      toStatus: input.to,
      note,
      attachmentIds,
      actorId: actor.id,
      actorName: actor.displayName,
      at: now,
    });
    await audit(tx, ctx, {
      action: `hazard.${check.action}`,
      entity: 'hazard',
      entityId: id,
      before: { status: row.status, ...pick(row, Object.keys(patch)) },
      after: { status: updated.status, ...pick(updated, Object.keys(patch)), note },
    });
    return detail(ctx, tx, updated, found);
  });
}

function pick(row: HazardRow, keys: string[]) {
  const r = row as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

function patchFor(
  action: HazardAction,
  row: HazardRow,
  note: string | null,
  attachmentIds: number[],
  actorId: number,
  now: Date,
): Partial<HazardRow> {
  switch (action) {
    case 'accept':
      return { rectificationPlan: note ?? row.rectificationPlan };
    case 'submit':
      return { evidence: note, evidenceAttachmentIds: attachmentIds, submittedBy: actorId, submittedAt: now };
    case 'verify':
      return { closedBy: actorId, closedAt: now };
    case 'reject':
      return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics

const rate = (closed: number, found: number) => (found ? Math.round((closed / found) * 10000) / 10000 : null);

/**
 * Hazards found in [from, to] and, of those, closed and overdue as of `to` (or today if `to` is
 * later): closed = verified before the end of that day; overdue = not closed by then and past
 * the deadline. Past dates come out as they stood, because closing time is kept.
 */
export async function hazardStats(ctx: Ctx, q: HazardStatsQuery): Promise<HazardStats> {
  const today = ctx.clock.today();
  const to = q.to ?? today;
  const asOf = earlierDate(to, today);
  if (q.from && q.from > to) throw invalid([{ path: 'to', reason: 'date_range' }]);
  const closedBefore = shanghaiInstant(addCalendarDays(asOf, 1)).toISOString();
  const base = and(
    ctx.scoper.enterprises(actorOf(ctx)),
    q.from ? sql`${h.foundOn} >= ${q.from}` : undefined,
    sql`${h.foundOn} <= ${to}`,
    q.division ? divisionCondition(ctx, q.division) : undefined,
    q.line ? eq(h.line, q.line) : undefined,
    q.severity ? eq(h.severity, q.severity) : undefined,
  );
  const closedExpr = sql`${h.closedAt} is not null and ${h.closedAt} < ${closedBefore}::timestamptz`;
  const when = { closed: closedExpr, overdue: sql`not (${closedExpr}) and ${h.deadline} < ${asOf}` };
  const metrics = {
    found: sql<number>`count(*)`,
    closed: sql<number>`count(*) filter (where ${when.closed})`,
    overdue: sql<number>`count(*) filter (where ${when.overdue})`,
  };
  // A null key counts everything in one row (GROUP BY a constant is an error in PostgreSQL).
  const grouped = async (key: SQL | null) => {
    const query = ctx.db
      .select({ key: key ?? sql<string>`'all'`, ...metrics })
      .from(h)
      .innerJoin(e, eq(e.id, h.enterpriseId))
      .where(base);
    const rowsOut = key ? await query.groupBy(key) : await query;
    return rowsOut.map((r) => ({
      key: r.key === null ? '' : String(r.key),
      found: num(r.found),
      closed: num(r.closed),
      overdue: num(r.overdue),
    }));
  };
  const en = ctx.locale === 'en';
  const named = (
    rowsOut: { key: string; found: number; closed: number; overdue: number }[],
    name: (k: string) => string,
  ) =>
    rowsOut
      .map((r) => ({ ...r, name: name(r.key), rectificationRate: rate(r.closed, r.found) }))
      .sort((a, b) => b.found - a.found || a.key.localeCompare(b.key));

  const divisionName = (k: string) =>
    ctx.tree.name(k, ctx.locale) ?? (k ? k : en ? 'No town recorded' : '未登记乡镇街道');
  const byTown = sql`${e.townCode}`;
  let townLevel = withinOneDistrict(ctx, q.division);
  const [totals, firstByDivision, byLine, byCategory, bySeverity] = await Promise.all([
    grouped(null),
    grouped(townLevel ? byTown : sql`${e.divisionCode}`),
    grouped(sql`${h.line}`),
    grouped(sql`${h.category}`),
    grouped(sql`${h.severity}`),
  ]);
  // Everything in view turned out to lie in one district (a supervisor's or liaison's
  // enterprises, say): one bar says nothing, so break that district down by town.
  let byDivision = firstByDivision;
  if (!townLevel && byDivision.length === 1 && ctx.tree.get(byDivision[0].key)?.level === 'district') {
    townLevel = true;
    byDivision = await grouped(byTown);
  }
  const byCampaign = await campaignStats(ctx, base, when);
  const total = totals[0] ?? { found: 0, closed: 0, overdue: 0 };
  return {
    from: q.from ?? null,
    to,
    found: total.found,
    closed: total.closed,
    overdue: total.overdue,
    rectificationRate: rate(total.closed, total.found),
    divisionLevel: townLevel ? 'town' : 'district',
    byDivision: named(byDivision, divisionName),
    byLine: named(byLine, (k) => HAZARD_LINE_LABELS[k as HazardLine]?.[ctx.locale] ?? k),
    byCategory: named(byCategory, (k) => HAZARD_CATEGORY_LABELS[k as HazardCategory]?.[ctx.locale] ?? k),
    bySeverity: named(bySeverity, (k) => HAZARD_SEVERITY_LABELS[k as HazardSeverity]?.[ctx.locale] ?? k),
    byCampaign,
  };
}

/**
 * Whether the statistics cover one district at most, so the division breakdown goes by town: a
 * district or town filter, or an actor whose territory is one district (a district user).
 */
function withinOneDistrict(ctx: Ctx, division: string | undefined): boolean {
  const level = division ? ctx.tree.get(division)?.level : undefined;
  if (level === 'district' || level === 'town') return true;
  if (division) return false;
  const codes = ctx.scoper.divisionCodes(actorOf(ctx));
  if (!codes) return false;
  return codes.filter((c) => ctx.tree.get(c)?.level === 'district').length <= 1;
}

/** The same metrics per campaign, in one query: each campaign's hazards are a filter, not a loop. */
async function campaignStats(ctx: Ctx, base: SQL | undefined, when: Record<'closed' | 'overdue', SQL>) {
  const campaigns = await ctx.db.select().from(schema.campaigns).orderBy(asc(schema.campaigns.startsOn));
  if (campaigns.length === 0) return [];
  const filtered = (cond: SQL, m: SQL) => sql<number>`count(*) filter (where ${cond} and ${m})`;
  const columns: Record<string, SQL<number>> = {};
  campaigns.forEach((c, k) => {
    const cond = campaignHazards(ctx.tree, c);
    columns[`found${k}`] = filtered(cond, sql`true`);
    columns[`closed${k}`] = filtered(cond, when.closed);
    columns[`overdue${k}`] = filtered(cond, when.overdue);
  });
  const [r] = await ctx.db.select(columns).from(h).innerJoin(e, eq(e.id, h.enterpriseId)).where(base);
  return campaigns.map((c, k) => {
    const found = num(r[`found${k}`]);
    const closed = num(r[`closed${k}`]);
    return {
      key: String(c.id),
      name: ctx.locale === 'en' && c.nameEn ? c.nameEn : c.name,
      found,
      closed,
      overdue: num(r[`overdue${k}`]),
      rectificationRate: rate(closed, found),
    };
  });
}
