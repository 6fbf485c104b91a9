import { eq } from 'drizzle-orm';
import { defaultTargets, KPI_KEYS, type KpiKey } from '../../../shared/kpi';
import type { KpiTargetsInput, KpiTargetsView } from '../../../shared/schemas/kpis';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import type { Ctx } from '../../lib/context';
import { staleVersion } from '../../lib/errors';
import { byOf, peopleByIds, personOf } from '../resumption/people';
import { notifyKpi } from './events';

const t = schema.kpiTargets;
const ROW_ID = 1;

/** The targets in force: the saved ones over the defaults of shared/kpi.ts. */
export async function loadTargets(conn: Conn) {
  const [row] = await conn.select().from(t).where(eq(t.id, ROW_ID)).limit(1);
  return { targets: targetsOf(row), row: row ?? null };
}

/** A saved row's targets over the defaults. */
function targetsOf(row: typeof t.$inferSelect | undefined) {
  const targets = defaultTargets();
  for (const k of KPI_KEYS) if (row && k in row.targets) targets[k] = row.targets[k] ?? null;
  return targets;
}

export async function getTargets(ctx: Ctx): Promise<KpiTargetsView> {
  const { targets, row } = await loadTargets(ctx.db);
  const people = row?.updatedBy ? await peopleByIds(ctx.db, [row.updatedBy]) : new Map();
  return {
    targets,
    defaults: defaultTargets(),
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy: row ? personOf(people, row.updatedBy) : null,
  };
}

/**
 * PUT /api/kpis/targets: sets the targets given (null = no target), keeps the others. `version` is
 * the one read (0 before the first save); a stale one is 409 and nothing changes.
 */
export async function saveTargets(ctx: Ctx, input: KpiTargetsInput): Promise<KpiTargetsView> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(t).where(eq(t.id, ROW_ID)).for('update').limit(1);
    const current = row?.version ?? 0;
    if (input.version !== current) throw staleVersion(current);
    const before = targetsOf(row);
    const after = { ...before };
    for (const [k, v] of Object.entries(input.targets)) if (v !== undefined) after[k as KpiKey] = v;
    const now = ctx.clock.now();
    if (row) {
      await tx
        .update(t)
        .set({ targets: after, version: current + 1, updatedAt: now, updatedBy: byOf(ctx) })
        .where(eq(t.id, ROW_ID));
    } else {
      // Two first saves at once: the second insert conflicts and is told to reload.
      const inserted = await tx
        .insert(t)
        .values({ id: ROW_ID, targets: after, version: 1, updatedAt: now, updatedBy: byOf(ctx) })
        .onConflictDoNothing()
        .returning({ id: t.id });
      if (!inserted.length) throw staleVersion(1);
    }
    await notifyKpi(tx, ctx, 'targets');
    await audit(tx, ctx, {
      action: 'kpi.targets.update',
      entity: 'kpi_targets',
      entityId: ROW_ID,
      before: { targets: before, version: current },
      after: { targets: after, version: current + 1 },
    });
  });
  return getTargets(ctx);
}
