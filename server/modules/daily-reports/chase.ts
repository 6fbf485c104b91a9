import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { CHASE_STAGES, type ChaseStage, dueChaseStages } from '../../../shared/daily-reports';
import type { ChaseResult } from '../../../shared/schemas/daily-reports';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import type { Ctx } from '../../lib/context';
import { type ChaseTarget, fanOut } from '../notifications/fanout';
import { loadCurrentForm } from './form';
import { expectedOn } from './service';

const KIND: Record<ChaseStage, 'report_missing' | 'report_missing_liaison' | 'report_missing_district'> = {
  enterprise: 'report_missing',
  liaison: 'report_missing_liaison',
  district: 'report_missing_district',
};

/** Expected enterprises with no report for the day (city-wide, or within `scope`), in one query. */
export async function missingOn(conn: Conn, date: string, scope?: SQL): Promise<ChaseTarget[]> {
  const e = schema.enterprises;
  const r = schema.dailyReports;
  return conn
    .select({
      id: e.id,
      name: e.name,
      divisionCode: e.divisionCode,
      townCode: e.townCode,
      contactPhone: e.contactPhone,
    })
    .from(e)
    .leftJoin(r, and(eq(r.enterpriseId, e.id), eq(r.date, date)))
    .where(and(expectedOn(date), sql`${r.id} is null`, scope))
    .orderBy(asc(e.id));
}

/**
 * Chases the day's missing reports, stage by stage as their time comes (shared/daily-reports
 * CHASE_STAGES): at the deadline each enterprise that has not filed is reminded (in-app, SMS
 * outbox); an hour later each liaison gets the list of theirs; two hours later each district. The
 * reminders are keyed (kind, enterprise, date, recipient), so running it again never duplicates.
 * `once`: the scheduler's mode — a stage runs only if no node has run it for the day (a unique
 * chase_runs row, claimed in the same transaction as the work). `scope`: a manual run by a district
 * chases only the enterprises of its territory (a condition on `enterprises`; none = city-wide).
 */
export async function chaseMissingReports(
  ctx: Ctx,
  date: string,
  opts: { once?: boolean; scope?: SQL } = {},
): Promise<ChaseResult> {
  const form = await loadCurrentForm(ctx.db);
  const due = new Set(dueChaseStages(date, form.deadline, ctx.clock.now()));
  const result: ChaseResult = { date, deadline: form.deadline, missing: 0, stages: [] };
  if (!due.size) {
    result.stages = CHASE_STAGES.map((s) => ({ stage: s.stage, due: false, notifications: 0, outbox: 0 }));
    // A manual run before the deadline changes nothing, but who asked is still worth a line.
    if (!opts.once)
      await audit(ctx.db, ctx, { action: 'dailyReport.chase', entity: 'daily_report', after: result });
    return result;
  }
  return ctx.db.transaction(async (tx) => {
    const missing = await missingOn(tx, date, opts.scope);
    result.missing = missing.length;
    for (const { stage } of CHASE_STAGES) {
      const entry = { stage, due: due.has(stage), notifications: 0, outbox: 0 };
      result.stages.push(entry);
      if (!entry.due) continue;
      if (opts.once) {
        const claimed = await tx
          .insert(schema.chaseRuns)
          .values({ kind: 'daily_report', date, stage, ranAt: ctx.clock.now() })
          .onConflictDoNothing()
          .returning({ stage: schema.chaseRuns.stage });
        if (!claimed.length) continue;
      }
      const sent = await fanOut(tx, ctx, {
        audience: stage,
        kind: KIND[stage],
        date,
        targets: missing,
        data: { date, deadline: form.deadline },
      });
      entry.notifications = sent.notifications;
      entry.outbox = sent.outbox;
    }
    const anything = result.stages.some((s) => s.notifications || s.outbox);
    if (anything || !opts.once) {
      await audit(tx, ctx, {
        action: 'dailyReport.chase',
        entity: 'daily_report',
        after: { ...result, missingIds: missing.slice(0, 1000).map((m) => m.id) },
      });
    }
    return result;
  });
}
