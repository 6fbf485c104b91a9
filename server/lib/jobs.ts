import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { JobView } from '../../shared/schemas/common';
import type { Clock } from '../clock';
import { type Db, schema } from '../db/client';

type JobRow = typeof schema.jobs.$inferSelect;

export function presentJob(j: JobRow): JobView {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    phase: j.phase,
    processed: j.processed,
    total: j.total,
    result: j.result ?? null,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Progress of jobs running in this process. It is kept in memory, not written to the job row,
 * because an import reports progress from inside its transaction and the embedded database has
 * a single connection that the transaction holds until it commits.
 */
const live = new Map<string, { phase: string; processed: number; total: number }>();

/** The job row with this process's live progress laid over it. */
export function withLiveProgress(j: JobRow): JobView {
  const p = j.status === 'running' ? live.get(j.id) : undefined;
  return presentJob(p ? { ...j, ...p } : j);
}

export interface JobHandle {
  id: string;
  progress(phase: string, processed: number, total: number): Promise<void>;
}

/**
 * Runs long work in the background with progress a client can poll at GET /api/jobs/:id.
 */
export async function startJob(
  db: Db,
  clock: Clock,
  kind: string,
  userId: number | null,
  work: (job: JobHandle) => Promise<{ ok: boolean; result: unknown }>,
): Promise<string> {
  const id = randomUUID();
  await db.insert(schema.jobs).values({ id, kind, userId, status: 'running', createdAt: clock.now() });
  live.set(id, { phase: 'queued', processed: 0, total: 0 });
  const handle: JobHandle = {
    id,
    async progress(phase, processed, total) {
      live.set(id, { phase, processed, total });
    },
  };
  const finish = async (status: 'succeeded' | 'failed', result: unknown) => {
    const p = live.get(id);
    live.delete(id);
    await db
      .update(schema.jobs)
      .set({ status, result: result as never, finishedAt: clock.now(), ...(p ?? {}) })
      .where(eq(schema.jobs.id, id));
  };
  void (async () => {
    try {
      const out = await work(handle);
      await finish(out.ok ? 'succeeded' : 'failed', out.result);
    } catch (err) {
      await finish('failed', { error: err instanceof Error ? err.message : String(err) }).catch(() => {});
    }
  })();
  return id;
}

/** Waits for a job to finish (CLI and tests), passing its progress along while it runs. */
export async function waitForJob(
  db: Db,
  id: string,
  timeoutMs = 120_000,
  onProgress?: (job: JobView) => void,
): Promise<JobView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [j] = await db.select().from(schema.jobs).where(eq(schema.jobs.id, id));
    if (j && j.status !== 'running') return presentJob(j);
    if (j && onProgress) onProgress(withLiveProgress(j));
    if (Date.now() > until) throw new Error(`job ${id} did not finish in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
