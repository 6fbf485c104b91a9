import { count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { OutboxStatus } from '../../../shared/enums';
import type { Clock } from '../../clock';
import { type Db, rows, schema } from '../../db/client';

const o = schema.outbox;

export interface DeliveryOptions {
  /** The gateway's endpoint (TONGCHOU_WEBHOOK_URL). */
  url: string;
  /** Messages claimed per run. */
  batch?: number;
  /** After this many failed attempts a message is marked failed. */
  maxAttempts?: number;
  /** First retry delay; doubles with every attempt, capped at an hour. */
  baseDelayMs?: number;
  timeoutMs?: number;
}

export interface DeliveryRun {
  attempted: number;
  sent: number;
  retrying: number;
  failed: number;
}

/** The delay before retry number `attempt` (1-based): base · 2^(attempt−1), at most an hour. */
export function backoffMs(attempt: number, baseMs = 60_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/** While a sender holds a claimed message, other senders leave it alone for this long. */
const LEASE_MS = 5 * 60_000;

/**
 * Posts due outbox messages to the gateway's webhook and records the outcome: sent on a 2xx,
 * otherwise retried with exponential backoff until `maxAttempts`, then failed. Messages are
 * claimed with SKIP LOCKED and a short lease, so several nodes can run it at once; the gateway
 * gets an `Idempotency-Key` so a message retried after a lost response is still delivered once.
 */
export async function deliverOutbox(
  deps: { db: Db; clock: Clock },
  opts: DeliveryOptions,
): Promise<DeliveryRun> {
  const { db, clock } = deps;
  const batch = opts.batch ?? 100;
  const maxAttempts = opts.maxAttempts ?? 6;
  const now = clock.now();
  const claimed = await rows<{
    id: number;
    channel: string;
    recipient: string;
    payload: Record<string, unknown>;
    attempts: number;
  }>(
    db,
    sql`update ${o} set attempts = attempts + 1, next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}
      where id in (select id from ${o} where status = 'pending' and next_attempt_at <= ${now}
        order by next_attempt_at, id limit ${batch} for update skip locked)
      returning id, channel, recipient, payload, attempts`,
  );
  const run: DeliveryRun = { attempted: claimed.length, sent: 0, retrying: 0, failed: 0 };
  for (const m of claimed) {
    let error: string | null = null;
    try {
      const res = await fetch(opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `tongchou-outbox-${m.id}` },
        body: JSON.stringify({ id: m.id, channel: m.channel, recipient: m.recipient, payload: m.payload }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      if (!res.ok) error = `HTTP ${res.status}`;
      await res.body?.cancel().catch(() => {});
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const at = clock.now();
    if (!error) {
      await db.update(o).set({ status: 'sent', sentAt: at, lastError: null }).where(eq(o.id, m.id));
      run.sent++;
    } else if (m.attempts >= maxAttempts) {
      await db
        .update(o)
        .set({ status: 'failed', lastError: error.slice(0, 500) })
        .where(eq(o.id, m.id));
      run.failed++;
    } else {
      await db
        .update(o)
        .set({
          lastError: error.slice(0, 500),
          nextAttemptAt: new Date(at.getTime() + backoffMs(m.attempts, opts.baseDelayMs)),
        })
        .where(eq(o.id, m.id));
      run.retrying++;
    }
  }
  return run;
}

/** Outbox messages for the operations view (newest first). */
export async function listOutbox(db: Db, q: { status?: OutboxStatus; page: number; pageSize: number }) {
  const where: SQL | undefined = q.status ? eq(o.status, q.status) : undefined;
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(o)
      .where(where)
      .orderBy(desc(o.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(o).where(where),
  ]);
  return {
    total: Number(total),
    items: items.map((m) => ({
      id: m.id,
      channel: m.channel,
      recipient: m.recipient,
      payload: m.payload,
      status: m.status,
      attempts: m.attempts,
      nextAttemptAt: m.nextAttemptAt.toISOString(),
      lastError: m.lastError,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
    })),
  };
}
