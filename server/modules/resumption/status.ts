import { and, asc, desc, eq, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { can } from '../../../shared/access';
import {
  APPLICATION_STATUS_LABELS,
  type ApplicationStatus,
  type Label,
  RESUMPTION_STATUS_LABELS,
  type ResumptionStatus,
} from '../../../shared/enums';
import {
  nextStatus,
  REPORTED_STATUS_EVENT,
  STATUS_TRANSITIONS,
  type StatusEvent,
  statusOn,
} from '../../../shared/resumption';
import type { HistoryView, StatusReportInput } from '../../../shared/schemas/resumption';
import { findScopedEnterprise } from '../../access/scope';
import { type Conn, rows, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, invalid } from '../../lib/errors';
import { qualified } from '../../lib/sql';
import { notifyKpi } from '../kpis/events';
import { byOf, peopleByIds, personOf } from './people';

const ev = schema.resumptionStatusEvents;

/**
 * SQL for "the enterprise's resumption status on day D" (the latest change effective on or
 * before D; none = not_applied), for any column holding an enterprise id. Served by the
 * (enterprise_id, effective_date, id) index: one index probe per enterprise.
 */
export function statusOnSql(
  date: string | SQL,
  enterpriseId: AnyPgColumn | SQL = schema.enterprises.id,
): SQL<string> {
  return sql<string>`coalesce((select ${ev.status} from ${ev}
    where ${ev.enterpriseId} = ${qualified(enterpriseId)} and ${ev.effectiveDate} <= ${date}
    order by ${ev.effectiveDate} desc, ${ev.id} desc limit 1), 'not_applied')`;
}

/**
 * SQL condition "resumed on day D" (resumed on or before D and not suspended or closed since):
 * what the KPI issue's resumption rate counts. Use in a WHERE or a `count(*) filter (where …)`.
 */
export function resumedOnSql(date: string, enterpriseId: AnyPgColumn | SQL = schema.enterprises.id): SQL {
  return sql`(${statusOnSql(date, enterpriseId)}) = 'resumed'`;
}

/** Whether one enterprise was resumed on a day. */
export async function isResumedOn(conn: Conn, enterpriseId: number, date: string): Promise<boolean> {
  return (await loadStatusOn(conn, enterpriseId, date)) === 'resumed';
}

/** One enterprise's status on a day. */
export async function loadStatusOn(
  conn: Conn,
  enterpriseId: number,
  date: string,
): Promise<ResumptionStatus> {
  const [r] = await rows<{ status: ResumptionStatus }>(
    conn,
    sql`select ${statusOnSql(date, sql`${enterpriseId}::integer`)} as status`,
  );
  return r.status;
}

/** Many enterprises' statuses on a day (missing ids: not applied), in one query. */
export async function statusesOn(
  conn: Conn,
  date: string,
  enterpriseIds?: number[],
): Promise<Map<number, ResumptionStatus>> {
  if (enterpriseIds && !enterpriseIds.length) return new Map();
  const found = await conn
    .selectDistinctOn([ev.enterpriseId], { enterpriseId: ev.enterpriseId, status: ev.status })
    .from(ev)
    .where(
      enterpriseIds
        ? and(lte(ev.effectiveDate, date), inArray(ev.enterpriseId, enterpriseIds))
        : lte(ev.effectiveDate, date),
    )
    .orderBy(ev.enterpriseId, desc(ev.effectiveDate), desc(ev.id));
  return new Map(found.map((r) => [r.enterpriseId, r.status]));
}

/** The newest change of an enterprise's status (what a new change must follow). */
async function latestEvent(conn: Conn, enterpriseId: number) {
  const [last] = await conn
    .select()
    .from(ev)
    .where(eq(ev.enterpriseId, enterpriseId))
    .orderBy(desc(ev.effectiveDate), desc(ev.id))
    .limit(1);
  return last ?? null;
}

const STEP_LABELS: Record<string, Label> = {
  edit: { 'zh-CN': '修改', en: 'Edited' },
  verify: { 'zh-CN': '现场核查', en: 'Verified on site' },
  archived: { 'zh-CN': '已归档', en: 'Archived' },
  unassigned: { 'zh-CN': '未派驻', en: 'No liaison' },
};

/**
 * 409 `invalid_transition`: `from` cannot become `to` (statuses, or the step tried). With a ctx
 * the message names them in the user's language; `details` always keeps the codes.
 */
export function invalidTransition(from: string, to: string, ctx?: Ctx) {
  const label = (x: string) =>
    (ctx &&
      (RESUMPTION_STATUS_LABELS[x as ResumptionStatus] ??
        APPLICATION_STATUS_LABELS[x as ApplicationStatus] ??
        STEP_LABELS[x])?.[ctx.locale]) ||
    x;
  return new AppError(409, 'invalid_transition', { from: label(from), to: label(to) }, { from, to });
}

/**
 * Moves an enterprise's status inside the caller's transaction, after locking the enterprise so
 * two changes cannot interleave. Illegal transitions are 409 `invalid_transition`.
 */
export async function recordStatus(
  tx: Conn,
  ctx: Ctx,
  change: {
    enterpriseId: number;
    event: StatusEvent;
    effectiveDate: string;
    reason?: string | null;
    applicationId?: number | null;
  },
) {
  await tx.execute(
    sql`select 1 from ${schema.enterprises} where ${schema.enterprises.id} = ${change.enterpriseId} for update`,
  );
  const last = await latestEvent(tx, change.enterpriseId);
  const from: ResumptionStatus = last?.status ?? 'not_applied';
  const to = nextStatus(from, change.event);
  if (!to) throw invalidTransition(from, STATUS_TRANSITIONS[change.event].to, ctx);
  if (last && change.effectiveDate < last.effectiveDate) {
    throw invalid([
      { path: 'effectiveDate', reason: 'before_previous_status', params: { value: last.effectiveDate } },
    ]);
  }
  const [row] = await tx
    .insert(ev)
    .values({
      enterpriseId: change.enterpriseId,
      status: to,
      effectiveDate: change.effectiveDate,
      at: ctx.clock.now(),
      by: byOf(ctx),
      reason: change.reason ?? null,
      applicationId: change.applicationId ?? null,
    })
    .returning();
  await notifyKpi(tx, ctx, 'resumption', [change.enterpriseId], {
    today: ctx.clock.today(),
    from: change.effectiveDate,
  });
  return { from, to, event: row };
}

/** The current status (latest change), for views and checks. */
export async function currentStatus(conn: Conn, enterpriseId: number): Promise<ResumptionStatus> {
  return (await latestEvent(conn, enterpriseId))?.status ?? 'not_applied';
}

/**
 * A reported change of a resumed enterprise: resumed (the actual restart date), suspended (with
 * a reason) or closed. District and commander may report all three; the enterprise itself only
 * its own restart.
 */
export async function reportStatus(ctx: Ctx, enterpriseId: number, input: StatusReportInput) {
  const actor = actorOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const e = await findScopedEnterprise(tx, ctx.scoper, actor, enterpriseId);
    if (input.status !== 'resumed' && !can(actor.role, 'resumption.suspend'))
      throw new AppError(403, 'forbidden');
    const issues = [];
    if (input.status === 'suspended' && !input.reason) issues.push({ path: 'reason', reason: 'required' });
    if (input.effectiveDate > ctx.clock.today())
      issues.push({
        path: 'effectiveDate',
        reason: 'date_in_future',
        params: { value: input.effectiveDate },
      });
    if (issues.length) throw invalid(issues);
    const r = await recordStatus(tx, ctx, {
      enterpriseId: e.id,
      event: REPORTED_STATUS_EVENT[input.status],
      effectiveDate: input.effectiveDate,
      reason: input.reason ?? null,
    });
    await audit(tx, ctx, {
      action: `resumption.status.${input.status}`,
      entity: 'enterprise',
      entityId: e.id,
      before: { status: r.from },
      after: {
        status: r.to,
        effectiveDate: input.effectiveDate,
        reason: input.reason ?? null,
        eventId: r.event.id,
      },
    });
  });
  return history(ctx, enterpriseId);
}

/** The dated status changes of an enterprise, and its status today and on `asOf`. */
export async function history(ctx: Ctx, enterpriseId: number, asOf?: string): Promise<HistoryView> {
  const e = await findScopedEnterprise(ctx.db, ctx.scoper, actorOf(ctx), enterpriseId);
  const events = await ctx.db
    .select()
    .from(ev)
    .where(eq(ev.enterpriseId, e.id))
    .orderBy(asc(ev.effectiveDate), asc(ev.id));
  const people = await peopleByIds(
    ctx.db,
    events.map((x) => x.by),
  );
  const today = ctx.clock.today();
  const dated = events.map((x) => ({ status: x.status, effectiveDate: x.effectiveDate, seq: x.id }));
  const on = (d: string) => statusOn(dated, d);
  const date = asOf ?? today;
  return {
    enterpriseId: e.id,
    status: on(today),
    asOf: date,
    statusAsOf: on(date),
    resumedAsOf: on(date) === 'resumed',
    events: events.map((x) => ({
      id: x.id,
      status: x.status,
      effectiveDate: x.effectiveDate,
      at: x.at.toISOString(),
      by: personOf(people, x.by),
      reason: x.reason,
      applicationId: x.applicationId,
    })),
  };
}
