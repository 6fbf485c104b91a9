import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KpiEvent } from '../../../shared/schemas/kpis';
import type { Ctx } from '../../lib/context';
import { type BusMessage, type KpiBus, mergeDivisions } from './events';
import { resolveDivision } from './filter';

/** How long the browser waits before reconnecting (the SSE `retry:` field). */
export const STREAM_RETRY_MS = 3000;
/** A comment line this often keeps proxies and the browser from timing the stream out. */
export const HEARTBEAT_MS = 15_000;
/**
 * A stream is closed after this long and the browser reconnects at once: the reconnect goes
 * through the sign-in check again, so a revoked or expired session stops receiving events.
 */
export const STREAM_LIFETIME_MS = 10 * 60_000;
/**
 * Events closer together than this reach a client as one per source (the time of the last, the
 * divisions of all), so a bulk import is one refresh.
 */
export const COALESCE_MS = 1000;

/** Whether an event concerns a division (its district or town, or below it); unknown divisions concern everyone. */
function concerns(ctx: Ctx, event: KpiEvent, division: string | null): boolean {
  if (!division || !event.divisions) return true;
  return event.divisions.some((code) => ctx.tree.within(code, division));
}

const frame = (event: string, data: unknown, id?: number) =>
  `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * GET /api/kpis/stream: server-sent events. On connect: `retry:` and a `ready` event (reload the
 * figures: whatever happened while disconnected is in them). Then a `kpi` event `{ at, source,
 * divisions }` after each committed write that changes a KPI in the caller's division (at most one
 * per source a second, with the divisions of every write it stands for, those within the
 * caller's division only), `ready` again if the server lost the database's notifications for a
 * while, and a comment every 15 s. A client that does not ask for `text/event-stream` gets the opening frames
 * only and the response ends (curl, health checks, the access-matrix walk).
 */
export async function streamKpis(
  bus: KpiBus,
  req: FastifyRequest,
  reply: FastifyReply,
  query: { division?: string },
): Promise<void> {
  const ctx = req.ctx;
  const division = resolveDivision(ctx, query.division);
  const live = String(req.headers.accept ?? '').includes('text/event-stream');
  let seq = 0;
  const hello = () => frame('ready', { at: ctx.clock.now().toISOString(), division }, ++seq);

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and similar proxies must not buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.write(`retry: ${STREAM_RETRY_MS}\n\n`);
  if (!live) {
    res.end(hello());
    return;
  }

  // Per source, the event standing for those not sent yet.
  const pending = new Map<KpiEvent['source'], KpiEvent>();
  let lastSent = 0;
  let flushTimer: NodeJS.Timeout | null = null;
  const flush = () => {
    // Flushed by a message past the deadline before the timer fired: that timer must not send the
    // next batch sooner than a second after this one.
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (!pending.size || res.writableEnded) return;
    lastSent = Date.now();
    for (const event of pending.values()) res.write(frame('kpi', event, ++seq));
    pending.clear();
  };
  const onMessage = (m: BusMessage) => {
    if (res.writableEnded) return;
    if (m.type === 'resync') {
      res.write(hello());
      return;
    }
    if (!concerns(ctx, m.event, division)) return;
    // A stream of a division names only the codes within it (a write across districts, an import,
    // touched others the caller may not see).
    const event =
      division && m.event.divisions
        ? { ...m.event, divisions: m.event.divisions.filter((code) => ctx.tree.within(code, division)) }
        : m.event;
    const before = pending.get(event.source);
    pending.set(
      event.source,
      before ? { ...event, divisions: mergeDivisions(before.divisions, event.divisions) } : event,
    );
    const wait = lastSent + COALESCE_MS - Date.now();
    if (wait <= 0) flush();
    else flushTimer ??= setTimeout(flush, wait);
  };

  const unsubscribe = await bus.subscribe(onMessage);
  const heartbeat = setInterval(() => {
    if (!res.writableEnded) res.write(': heartbeat\n\n');
  }, HEARTBEAT_MS);
  const lifetime = setTimeout(() => res.end(), STREAM_LIFETIME_MS);
  const cleanup = () => {
    unsubscribe();
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    if (flushTimer) clearTimeout(flushTimer);
  };
  res.on('close', cleanup);
  if (res.destroyed) {
    cleanup();
    return;
  }
  res.write(hello());
}
