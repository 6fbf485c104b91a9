import type { App, Deps } from '../app';
import { upkeep } from '../db/upkeep';
import { systemCtx } from '../demo/seed';
import type { Ctx } from '../lib/context';
import { precomputeKpiCells } from '../modules/kpis/cells';
import { escalateDemands } from './escalate-demands';
import { escalateOverdueHazards } from './escalate-hazards';

/** How often scheduled work runs (real time; the scenario clock moves at the same pace). */
export const SCHEDULE_INTERVAL_MS = 10 * 60_000;

type JobLog = Pick<App['log'], 'info' | 'error'>;

/** A fresh system context per job (the scheduler's actor), from the server's dependencies. */
export function jobContext(deps: Pick<Deps, 'database' | 'clock' | 'tree' | 'ref' | 'scoper'>): () => Ctx {
  return () =>
    systemCtx(
      { db: deps.database.db, clock: deps.clock, tree: deps.tree, ref: deps.ref, scoper: deps.scoper },
      'scheduler',
    );
}

/**
 * One run of the periodic jobs: overdue hazards; overdue demands and unconfirmed resolutions; the
 * KPI figures of settled days (kpis/cells.ts). A failing job is logged and the next one runs.
 */
export async function runScheduledJobs(ctx: () => Ctx, log: JobLog): Promise<void> {
  try {
    const r = await escalateOverdueHazards(ctx());
    if (r.district || r.city) log.info({ job: 'escalate-hazards', ...r }, 'escalated overdue hazards');
  } catch (err) {
    log.error({ err, job: 'escalate-hazards' }, 'scheduled job failed');
  }
  try {
    const r = await escalateDemands(ctx());
    if (r.level1 || r.level2 || r.autoClosed)
      log.info({ job: 'escalate-demands', ...r }, 'escalated overdue demands, closed unconfirmed ones');
  } catch (err) {
    log.error({ err, job: 'escalate-demands' }, 'scheduled job failed');
  }
  try {
    const r = await precomputeKpiCells(ctx());
    if (r.statements) log.info({ job: 'kpi-cells', ...r }, 'precomputed the KPI figures of settled days');
  } catch (err) {
    log.error({ err, job: 'kpi-cells' }, 'scheduled job failed');
  }
}

/**
 * Runs the periodic jobs (runScheduledJobs) once the server is ready and then every interval.
 * Each job is idempotent and takes its own advisory lock, so several nodes may run it.
 */
export function startScheduler(app: App, deps: Deps): void {
  const ctx = jobContext(deps);
  runEvery(app, SCHEDULE_INTERVAL_MS, () => runScheduledJobs(ctx, app.log));
  // The embedded PGlite has no autovacuum (db/upkeep.ts); PostgreSQL's does this itself.
  if (deps.database.kind === 'pglite')
    runEvery(app, SCHEDULE_INTERVAL_MS, async () => {
      try {
        const r = await upkeep(deps.database);
        if (r?.tables.length) app.log.info({ job: 'upkeep', ...r }, 'vacuumed and analyzed grown tables');
      } catch (err) {
        app.log.error({ err, job: 'upkeep' }, 'scheduled job failed');
      }
    });
}

/**
 * Runs `work` once the server is ready and then every `ms`, never two runs at once in this
 * process; closing the server stops the timer and waits for a run in progress.
 */
export function runEvery(app: App, ms: number, work: () => Promise<void>): void {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  const tick = () => {
    current ??= work().finally(() => {
      current = undefined;
    });
  };
  app.addHook('onReady', async () => {
    tick();
    timer = setInterval(tick, ms);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await current;
  });
}
