import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { EscalationLevel } from '../../shared/enums';
import { escalationDates, escalationDue } from '../../shared/hazards';
import type { EscalationRun } from '../../shared/schemas/safety';
import { schema } from '../db/client';
import { audit } from '../lib/audit';
import { inChunks } from '../lib/chunks';
import type { Ctx } from '../lib/context';

const RUN_LOCK = 20200310;

/**
 * Escalates overdue hazards on the working calendar (shared/hazards.ts): to the district the day
 * after the deadline, to the city after 3 more working days. Each hazard gets at most one row per
 * level (unique index), so running it again, or on two nodes at once, changes nothing.
 */
export async function escalateOverdueHazards(ctx: Ctx): Promise<EscalationRun> {
  const today = ctx.clock.today();
  const h = schema.hazards;
  const x = schema.hazardEscalations;
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${RUN_LOCK})`);
    const candidates = await tx
      .select({
        id: h.id,
        status: h.status,
        deadline: h.deadline,
        level: h.escalationLevel,
        divisionCode: schema.enterprises.divisionCode,
      })
      .from(h)
      .innerJoin(schema.enterprises, eq(schema.enterprises.id, h.enterpriseId))
      .where(and(ne(h.status, 'closed'), sql`${h.deadline} < ${today}`));
    if (candidates.length === 0) return { today, checked: 0, district: 0, city: 0 };
    const existing = await inChunks(candidates, (part) =>
      tx
        .select({ hazardId: x.hazardId, level: x.level })
        .from(x)
        .where(
          inArray(
            x.hazardId,
            part.map((c) => c.id),
          ),
        ),
    );
    const have = new Set(existing.map((r) => `${r.hazardId}:${r.level}`));
    const now = ctx.clock.now();
    const rowsToAdd: (typeof x.$inferInsert)[] = [];
    const raised = new Map<number, EscalationLevel>();
    for (const c of candidates) {
      const due = escalationDue(c.status, c.deadline, today);
      if (!due) continue;
      const dates = escalationDates(c.deadline);
      const levels: EscalationLevel[] = due === 'city' ? ['district', 'city'] : ['district'];
      for (const level of levels) {
        if (have.has(`${c.id}:${level}`)) continue;
        rowsToAdd.push({
          hazardId: c.id,
          level,
          divisionCode: c.divisionCode,
          dueOn: dates[level],
          createdAt: now,
        });
      }
      if (c.level !== due && !(c.level === 'city' && due === 'district')) raised.set(c.id, due);
    }
    if (rowsToAdd.length === 0 && raised.size === 0) {
      return { today, checked: candidates.length, district: 0, city: 0 };
    }
    // In parts: after days without a run (or a bulk load) a province has tens of thousands.
    const inserted = await inChunks(rowsToAdd, (part) =>
      tx.insert(x).values(part).onConflictDoNothing().returning({ hazardId: x.hazardId, level: x.level }),
    );
    for (const level of ['district', 'city'] as const) {
      const ids = [...raised].filter(([, l]) => l === level).map(([id]) => id);
      await inChunks(ids, async (part) => {
        await tx.update(h).set({ escalationLevel: level, updatedAt: now }).where(inArray(h.id, part));
      });
    }
    const byHazard = new Map(candidates.map((c) => [c.id, c]));
    await inChunks(inserted, async (part) => {
      await tx.insert(schema.hazardEvents).values(
        part.map((r) => {
          const c = byHazard.get(r.hazardId)!;
          return {
            hazardId: r.hazardId,
            action: 'escalate' as const,
            fromStatus: c.status,
            toStatus: c.status,
            note: r.level,
            actorId: null,
            actorName: 'system',
            at: now,
          };
        }),
      );
    });
    const district = inserted.filter((r) => r.level === 'district').length;
    const city = inserted.filter((r) => r.level === 'city').length;
    await audit(tx, ctx, {
      action: 'hazard.escalate',
      entity: 'hazard',
      after: {
        today,
        district: inserted.filter((r) => r.level === 'district').map((r) => r.hazardId),
        city: inserted.filter((r) => r.level === 'city').map((r) => r.hazardId),
      },
    });
    return { today, checked: candidates.length, district, city };
  });
}
