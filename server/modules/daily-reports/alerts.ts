import { and, asc, count, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { can } from '../../../shared/access';
import type { AlertListQuery, AlertView } from '../../../shared/schemas/daily-reports';
import { schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { notFound } from '../../lib/errors';
import { byOf, peopleByIds, personOf } from '../resumption/people';
import { invalidTransition } from '../resumption/status';
import { divisionWhere } from './service';

const al = schema.reportAlerts;
const e = schema.enterprises;
type AlertRow = typeof al.$inferSelect;

async function present(ctx: Ctx, list: AlertRow[]): Promise<AlertView[]> {
  if (!list.length) return [];
  const actor = actorOf(ctx);
  const [ents, people] = await Promise.all([
    ctx.db
      .select({ id: e.id, name: e.name, divisionCode: e.divisionCode })
      .from(e)
      .where(inArray(e.id, [...new Set(list.map((x) => x.enterpriseId))])),
    peopleByIds(
      ctx.db,
      list.map((x) => x.acknowledgedBy),
    ),
  ]);
  const byId = new Map(ents.map((x) => [x.id, x]));
  return list.map((x) => {
    const ent = byId.get(x.enterpriseId)!;
    return {
      id: x.id,
      reportId: x.reportId,
      enterpriseId: x.enterpriseId,
      enterpriseName: ent.name,
      divisionCode: ent.divisionCode,
      divisionName: ctx.tree.name(ent.divisionCode, ctx.locale) ?? ent.divisionCode,
      date: x.date,
      revision: x.revision,
      values: x.values,
      status: x.status,
      createdAt: x.createdAt.toISOString(),
      acknowledgedAt: x.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: personOf(people, x.acknowledgedBy),
      actionTaken: x.actionTaken,
      abilities: x.status === 'open' && can(actor.role, 'alert.acknowledge') ? ['alert.acknowledge'] : [],
    };
  });
}

/** Alerts in the caller's scope: open ones first (oldest open at the top), then the rest, newest first. */
export async function listAlerts(ctx: Ctx, q: AlertListQuery) {
  const actor = actorOf(ctx);
  const scope = ctx.scoper.byEnterprise(actor, al.enterpriseId);
  const conds: (SQL | undefined)[] = [scope];
  if (q.enterpriseId) conds.push(eq(al.enterpriseId, q.enterpriseId));
  if (q.from) conds.push(gte(al.date, q.from));
  if (q.to) conds.push(lte(al.date, q.to));
  const div = divisionWhere(ctx, q.division);
  if (div) conds.push(inArray(al.enterpriseId, sql`(select ${e.id} from ${e} where ${div})`));
  const base = and(...conds);
  const where = q.status ? and(base, eq(al.status, q.status)) : base;
  const [list, [{ total }], [{ open }]] = await Promise.all([
    ctx.db
      .select()
      .from(al)
      .where(where)
      .orderBy(
        sql`case when ${al.status} = 'open' then 0 else 1 end`,
        sql`case when ${al.status} = 'open' then ${al.createdAt} end asc`,
        desc(al.createdAt),
        asc(al.id),
      )
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(al).where(where),
    ctx.db
      .select({ open: count() })
      .from(al)
      .where(and(base, eq(al.status, 'open'))),
  ]);
  return { items: await present(ctx, list), total: Number(total), open: Number(open) };
}

/** Records the action taken on an open alert (district, liaison or HQ, in scope). */
export async function acknowledgeAlert(
  ctx: Ctx,
  id: number,
  input: { actionTaken: string },
): Promise<AlertView> {
  const actor = actorOf(ctx);
  const scope = ctx.scoper.byEnterprise(actor, al.enterpriseId);
  const row = await ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select()
      .from(al)
      .where(scope ? and(eq(al.id, id), scope) : eq(al.id, id))
      .for('update')
      .limit(1);
    if (!found) throw notFound();
    if (found.status !== 'open') throw invalidTransition(found.status, 'acknowledged');
    const [updated] = await tx
      .update(al)
      .set({
        status: 'acknowledged',
        acknowledgedAt: ctx.clock.now(),
        acknowledgedBy: byOf(ctx),
        actionTaken: input.actionTaken,
      })
      .where(eq(al.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'alert.acknowledge',
      entity: 'report_alert',
      entityId: id,
      before: { status: found.status },
      after: { status: updated.status, actionTaken: updated.actionTaken },
    });
    return updated;
  });
  const [view] = await present(ctx, [row]);
  return view;
}
