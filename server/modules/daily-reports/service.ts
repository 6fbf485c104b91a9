import { and, asc, count, desc, eq, gte, inArray, isNull, lte, not, type SQL, sql } from 'drizzle-orm';
import { can } from '../../../shared/access';
import { isLocked, rate, submissionStatus } from '../../../shared/daily-reports';
import type { ReportContent } from '../../../shared/enums';
import type {
  Completeness,
  CompletenessQuery,
  DayStatusQuery,
  EnterpriseDayStatus,
  ReportListQuery,
  ReportView,
  RevisionView,
} from '../../../shared/schemas/daily-reports';
import { schema } from '../../db/client';
import { actorOf, type Ctx } from '../../lib/context';
import { notFound } from '../../lib/errors';
import { peopleByIds, personOf } from '../resumption/people';
import { resumedOnSql } from '../resumption/status';
import { CORRECTORS, type ReportRow } from './filing';
import { loadCurrentForm } from './form';

const r = schema.dailyReports;
const e = schema.enterprises;

/** A condition on `enterprises` for a division filter: a town, or a district/city and everything below. */
export function divisionWhere(ctx: Ctx, division: string | undefined): SQL | undefined {
  if (!division) return undefined;
  const node = ctx.tree.get(division);
  if (!node) return sql`false`;
  if (node.level === 'town') return eq(e.townCode, division);
  return inArray(e.divisionCode, ctx.tree.descendants(division));
}

/**
 * The enterprises that must report on a day: active (not archived) and resumed that day (resumed
 * on or before it and not suspended or closed since), by the latest status change per enterprise.
 */
export const expectedOn = (date: string): SQL => and(isNull(e.archivedAt), resumedOnSql(date))!;

export function presentReport(
  ctx: Ctx,
  row: ReportRow,
  ent: { name: string; divisionCode: string },
  people: Map<number, { id: number; displayName: string }>,
  lockAfterDays: number,
): ReportView {
  const actor = actorOf(ctx);
  const locked = isLocked(row.date, ctx.clock.today(), lockAfterDays);
  const abilities: string[] = [];
  if (can(actor.role, 'dailyReport.file') && (!locked || CORRECTORS.has(actor.role)))
    abilities.push('dailyReport.file');
  return {
    id: row.id,
    enterpriseId: row.enterpriseId,
    enterpriseName: ent.name,
    divisionCode: ent.divisionCode,
    divisionName: ctx.tree.name(ent.divisionCode, ctx.locale) ?? ent.divisionCode,
    date: row.date,
    formVersion: row.formVersion,
    values: row.values,
    zero: row.zero,
    content: row.content,
    onTime: row.onTime,
    revision: row.revision,
    onBehalf: row.onBehalf,
    firstFiledAt: row.firstFiledAt.toISOString(),
    firstFiledBy: personOf(people, row.firstFiledBy),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: personOf(people, row.updatedBy),
    locked,
    abilities,
  };
}

/** Presents reports of one page, loading names and people in two queries. */
export async function presentReports(ctx: Ctx, list: ReportRow[]): Promise<ReportView[]> {
  if (!list.length) return [];
  const [ents, people, form] = await Promise.all([
    ctx.db
      .select({ id: e.id, name: e.name, divisionCode: e.divisionCode })
      .from(e)
      .where(inArray(e.id, [...new Set(list.map((x) => x.enterpriseId))])),
    peopleByIds(
      ctx.db,
      list.flatMap((x) => [x.firstFiledBy, x.updatedBy]),
    ),
    loadCurrentForm(ctx.db),
  ]);
  const byId = new Map(ents.map((x) => [x.id, x]));
  return list.map((row) => presentReport(ctx, row, byId.get(row.enterpriseId)!, people, form.lockAfterDays));
}

/** Reports in the caller's scope with filters, newest day first. */
export async function listReports(ctx: Ctx, q: ReportListQuery) {
  const actor = actorOf(ctx);
  const conds: (SQL | undefined)[] = [ctx.scoper.byEnterprise(actor, r.enterpriseId)];
  if (q.enterpriseId) conds.push(eq(r.enterpriseId, q.enterpriseId));
  if (q.date) conds.push(eq(r.date, q.date));
  if (q.from) conds.push(gte(r.date, q.from));
  if (q.to) conds.push(lte(r.date, q.to));
  if (q.content) conds.push(eq(r.content, q.content));
  const div = divisionWhere(ctx, q.division);
  if (div) conds.push(inArray(r.enterpriseId, sql`(select ${e.id} from ${e} where ${div})`));
  const where = and(...conds);
  const [list, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(r)
      .where(where)
      .orderBy(desc(r.date), asc(r.enterpriseId))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(r).where(where),
  ]);
  return { items: await presentReports(ctx, list), total: Number(total) };
}

/** One report in scope (else 404). */
export async function loadScopedReport(ctx: Ctx, id: number): Promise<ReportRow> {
  const scope = ctx.scoper.byEnterprise(actorOf(ctx), r.enterpriseId);
  const [row] = await ctx.db
    .select()
    .from(r)
    .where(scope ? and(eq(r.id, id), scope) : eq(r.id, id))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

export async function getReport(ctx: Ctx, id: number): Promise<ReportView> {
  const [view] = await presentReports(ctx, [await loadScopedReport(ctx, id)]);
  return view;
}

/** Every revision of a report, oldest first: who filed, when, on whose behalf, what changed. */
export async function listRevisions(ctx: Ctx, id: number): Promise<RevisionView[]> {
  const report = await loadScopedReport(ctx, id);
  const rv = schema.dailyReportRevisions;
  const list = await ctx.db.select().from(rv).where(eq(rv.reportId, report.id)).orderBy(asc(rv.revision));
  const people = await peopleByIds(
    ctx.db,
    list.map((x) => x.filedBy),
  );
  return list.map((x) => ({
    revision: x.revision,
    formVersion: x.formVersion,
    values: x.values,
    zero: x.zero,
    content: x.content,
    changes: x.changes,
    onBehalf: x.onBehalf,
    source: x.source,
    filedBy: personOf(people, x.filedBy),
    filedAt: x.filedAt.toISOString(),
  }));
}

const figures = (expected: number, received: number, onTime: number, abnormal: number, zero: number) => ({
  expected,
  received,
  onTime,
  completeness: rate(received, expected),
  timeliness: rate(onTime, expected),
  abnormal,
  zero,
});

/**
 * Completeness (received ÷ expected) and timeliness (on time ÷ expected) of a day, per district
 * (or town) in the caller's scope. One SQL: the expected enterprises (latest status change on or
 * before the day, per enterprise, through the (enterprise_id, effective_date, id) index) left-joined
 * to that day's reports through (enterprise_id, date). Only expected enterprises' reports count,
 * so no rate exceeds 100%.
 */
export async function completeness(ctx: Ctx, q: CompletenessQuery): Promise<Completeness> {
  const actor = actorOf(ctx);
  const date = q.date ?? ctx.clock.today();
  const group = q.level === 'town' ? sql<string>`coalesce(${e.townCode}, ${e.divisionCode})` : e.divisionCode;
  const list = await ctx.db
    .select({
      code: sql<string>`${group}`,
      expected: sql<number>`count(*)::int`,
      received: sql<number>`count(${r.id})::int`,
      onTime: sql<number>`(count(${r.id}) filter (where ${r.onTime}))::int`,
      abnormal: sql<number>`(count(${r.id}) filter (where ${r.content} = 'abnormal'))::int`,
      zero: sql<number>`(count(${r.id}) filter (where ${r.content} = 'zero'))::int`,
    })
    .from(e)
    .leftJoin(r, and(eq(r.enterpriseId, e.id), eq(r.date, date)))
    .where(and(expectedOn(date), ctx.scoper.enterprises(actor), divisionWhere(ctx, q.division)))
    .groupBy(group)
    .orderBy(group);
  const form = await loadCurrentForm(ctx.db);
  const sum = (k: 'expected' | 'received' | 'onTime' | 'abnormal' | 'zero') =>
    list.reduce((s, x) => s + Number(x[k]), 0);
  return {
    date,
    deadline: form.deadline,
    total: figures(sum('expected'), sum('received'), sum('onTime'), sum('abnormal'), sum('zero')),
    byDivision: list.map((x) => ({
      divisionCode: x.code,
      divisionName: ctx.tree.name(x.code, ctx.locale) ?? x.code,
      ...figures(
        Number(x.expected),
        Number(x.received),
        Number(x.onTime),
        Number(x.abnormal),
        Number(x.zero),
      ),
    })),
  };
}

/** The condition behind each figure of the completeness view. */
function statusWhere(status: DayStatusQuery['status'], date: string): SQL {
  switch (status) {
    case 'not_expected':
      return and(isNull(e.archivedAt), not(resumedOnSql(date)))!;
    case 'expected':
      return expectedOn(date);
    case 'received':
      return and(expectedOn(date), sql`${r.id} is not null`)!;
    case 'missing':
      return and(expectedOn(date), sql`${r.id} is null`)!;
    case 'on_time':
      return and(expectedOn(date), eq(r.onTime, true))!;
    case 'late':
      return and(expectedOn(date), eq(r.onTime, false))!;
    default:
      return and(expectedOn(date), eq(r.content, status))!;
  }
}

/** 0 missing, 1 late, 2 on time (the left-joined report of the day). */
const submissionRank = sql`case when ${r.id} is null then 0 when ${r.onTime} then 2 else 1 end`;

/**
 * The enterprises behind a figure: their status for the day, in the caller's scope; missing ones
 * first, then late ones, over the whole result (not only within a page).
 */
export async function dayStatus(ctx: Ctx, q: DayStatusQuery) {
  const actor = actorOf(ctx);
  const date = q.date ?? ctx.clock.today();
  const where = and(
    statusWhere(q.status, date),
    ctx.scoper.enterprises(actor),
    divisionWhere(ctx, q.division),
  );
  const list = await ctx.db
    .select({
      enterpriseId: e.id,
      name: e.name,
      uscc: e.uscc,
      divisionCode: e.divisionCode,
      townCode: e.townCode,
      reportId: r.id,
      onTime: r.onTime,
      content: r.content,
      firstFiledAt: r.firstFiledAt,
      revision: r.revision,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(e)
    .leftJoin(r, and(eq(r.enterpriseId, e.id), eq(r.date, date)))
    .where(where)
    // The ones to chase first, across every page: missing, then late, then the rest.
    .orderBy(submissionRank, asc(e.divisionCode), asc(e.name), asc(e.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const expected = q.status !== 'not_expected';
  const items: EnterpriseDayStatus[] = list.map((x) => ({
    enterpriseId: x.enterpriseId,
    name: x.name,
    uscc: x.uscc,
    divisionCode: x.divisionCode,
    divisionName: ctx.tree.name(x.divisionCode, ctx.locale) ?? x.divisionCode,
    townCode: x.townCode,
    submission: submissionStatus(expected, x.reportId ? { onTime: !!x.onTime } : null),
    content: (x.content as ReportContent | null) ?? null,
    reportId: x.reportId,
    firstFiledAt: x.firstFiledAt?.toISOString() ?? null,
    revision: x.revision,
  }));
  return { date, items, total: list.length ? Number(list[0].total) : await countWhere(ctx, where, date) };
}

async function countWhere(ctx: Ctx, where: SQL | undefined, date: string): Promise<number> {
  const [{ n }] = await ctx.db
    .select({ n: count() })
    .from(e)
    .leftJoin(r, and(eq(r.enterpriseId, e.id), eq(r.date, date)))
    .where(where);
  return Number(n);
}
