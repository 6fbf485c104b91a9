import { deadlineInstant } from '../../shared/daily-reports';
import type { App, Deps } from '../app';
import { addDays } from '../clock';
import type { Ctx } from '../lib/context';
import { chaseMissingReports } from '../modules/daily-reports/chase';
import { loadCurrentForm } from '../modules/daily-reports/form';
import { chaseOverdueDirectives } from '../modules/directives/service';
import { deliverOutbox } from '../modules/notifications/outbox';
import { jobContext, runEvery } from './scheduler';

/** How often the chaser looks at the (scenario) clock. */
export const CHASE_TICK_MS = 60_000;

type Log = Pick<App['log'], 'error' | 'debug'>;

/**
 * One tick of the chaser: the report chase for yesterday and today (stages as they come due), the
 * overdue-directive chase once the day's deadline has passed, then outbox delivery to `webhookUrl`.
 * Each piece is idempotent and claims its chase_runs row with the work, so nodes may tick at the
 * same time.
 */
export async function chaserTick(ctx: () => Ctx, log: Log, webhookUrl?: string): Promise<void> {
  const step = async (job: string, work: () => Promise<unknown>) => {
    try {
      const result = await work();
      if (result) log.debug({ job, result }, 'scheduled job ran');
    } catch (err) {
      log.error({ err, job }, 'scheduled job failed');
    }
  };
  const { db, clock } = ctx();
  const today = clock.today();
  // Yesterday too: a node that was down at a stage's time catches up once it is back.
  for (const date of [addDays(today, -1), today]) {
    await step('chase-reports', () => chaseMissingReports(ctx(), date, { once: true }));
  }
  await step('chase-directives', async () => {
    const form = await loadCurrentForm(db);
    if (clock.now() < deadlineInstant(today, form.deadline)) return null;
    return chaseOverdueDirectives(ctx(), { once: true });
  });
  if (webhookUrl) await step('deliver-outbox', () => deliverOutbox({ db, clock }, { url: webhookUrl }));
}

/**
 * Chases missing daily reports at the deadline on the scenario clock (and the later stages as
 * their time comes), chases overdue directives once a day after the deadline, and delivers the
 * outbox to TONGCHOU_WEBHOOK_URL: a tick every minute while the server runs (not under tests).
 * With several nodes it still happens once; a failed run leaves no chase_runs row and is retried.
 */
export function startReportChaser(app: App, deps: Deps): void {
  const ctx = jobContext(deps);
  runEvery(app, CHASE_TICK_MS, () => chaserTick(ctx, app.log, deps.env.TONGCHOU_WEBHOOK_URL));
}
