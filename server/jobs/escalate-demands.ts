import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { currentDeadline, type DemandEscalationLevel, demandEscalationDue } from '../../shared/demands';
import type { DemandEscalationRun } from '../../shared/schemas/demands';
import { schema } from '../db/client';
import { audit } from '../lib/audit';
import { inChunks } from '../lib/chunks';
import type { Ctx } from '../lib/context';
import type { DemandNotice } from '../modules/demands/notify';
import { notifyDemand } from '../modules/demands/notify';
import { closeVisitProblems, demandNumber, dueSql } from '../modules/demands/service';

const RUN_LOCK = 20200403;

/**
 * The demands' scheduled work, on the working calendar and the scenario clock:
 *  - an open demand past its current deadline goes to level 1 (the department's accounts are told),
 *    and 2 working days later to level 2 (the commanders are told);
 *  - a resolution the enterprise has not confirmed by its auto-close day is closed as
 *    "closed, unrated" the day after.
 * The transaction-level advisory lock serialises runs across nodes, and each UPDATE is conditional
 * on the old state (level below the new one; still resolved), so a second run changes nothing.
 */
export async function escalateDemands(ctx: Ctx): Promise<DemandEscalationRun> {
  const today = ctx.clock.today();
  const d = schema.demands;
  const e = schema.enterprises;
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${RUN_LOCK})`);
    const now = ctx.clock.now();
    const candidates = await tx
      .select({ d, enterpriseName: e.name })
      .from(d)
      .innerJoin(e, eq(e.id, d.enterpriseId))
      .where(and(sql`${dueSql} < ${today}`, lt(d.escalationLevel, 2)));
    const raise = new Map<DemandEscalationLevel, typeof candidates>();
    for (const c of candidates) {
      const due = demandEscalationDue(c.d, today);
      if (due <= c.d.escalationLevel) continue;
      const list = raise.get(due);
      if (list) list.push(c);
      else raise.set(due, [c]);
    }
    const notice = (c: (typeof candidates)[number]): DemandNotice => ({
      id: c.d.id,
      number: demandNumber(c.d.id, c.d.raisedOn),
      enterpriseId: c.d.enterpriseId,
      enterpriseName: c.enterpriseName,
      category: c.d.category,
      leadDepartment: c.d.leadDepartment,
      dueOn: currentDeadline(c.d),
    });
    const reached: Record<1 | 2, number[]> = { 1: [], 2: [] };
    for (const level of [1, 2] as const) {
      const list = raise.get(level) ?? [];
      if (!list.length) continue;
      // In parts: after days without a run (or a bulk load) a province has tens of thousands.
      const updated = await inChunks(list, (part) =>
        tx
          .update(d)
          .set({ escalationLevel: level, updatedAt: now })
          .where(
            and(
              inArray(
                d.id,
                part.map((c) => c.d.id),
              ),
              lt(d.escalationLevel, level),
            ),
          )
          .returning({ id: d.id, status: d.status }),
      );
      if (!updated.length) continue;
      const ids = new Set(updated.map((u) => u.id));
      const done = list.filter((c) => ids.has(c.d.id));
      reached[level] = done.map((c) => c.d.id);
      await inChunks(done, async (part) => {
        await tx.insert(schema.demandEvents).values(
          part.map((c) => ({
            demandId: c.d.id,
            event: 'escalate' as const,
            fromStatus: c.d.status,
            toStatus: c.d.status,
            note: `level ${level}`,
            actorId: null,
            actorName: '',
            at: now,
          })),
        );
      });
      // A demand that skipped level 1 (the job did not run for days) still tells its department.
      const departmentToo = level === 2 ? done.filter((c) => c.d.escalationLevel === 0) : done;
      await notifyDemand(tx, ctx, 'demand_overdue', 'department', departmentToo.map(notice));
      if (level === 2) await notifyDemand(tx, ctx, 'demand_escalated', 'commander', done.map(notice));
    }

    const closed = await tx
      .update(d)
      .set({
        status: 'closed',
        closure: 'auto_unrated',
        closedAt: now,
        solved: null,
        rating: null,
        autoCloseOn: null,
        version: sql`${d.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(d.status, 'resolved'), sql`${d.autoCloseOn} < ${today}`))
      .returning({ id: d.id, visitId: d.visitId, visitProblemIndex: d.visitProblemIndex });
    if (closed.length) {
      await inChunks(closed, async (part) => {
        await tx.insert(schema.demandEvents).values(
          part.map((c) => ({
            demandId: c.id,
            event: 'auto_close' as const,
            fromStatus: 'resolved' as const,
            toStatus: 'closed' as const,
            note: null,
            actorId: null,
            actorName: '',
            at: now,
          })),
        );
      });
      await closeVisitProblems(tx, closed);
    }
    const result = {
      today,
      checked: candidates.length,
      level1: reached[1].length,
      level2: reached[2].length,
      autoClosed: closed.length,
    };
    if (result.level1 || result.level2 || result.autoClosed) {
      await audit(tx, ctx, {
        action: 'demand.escalate',
        entity: 'demand',
        after: { today, level1: reached[1], level2: reached[2], autoClosed: closed.map((c) => c.id) },
      });
    }
    return result;
  });
}
