import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { KPI_EVENT_SOURCES, type KpiEvent } from '../../../shared/schemas/kpis';
import type { Clock } from '../../clock';
import { type Conn, type Database, schema } from '../../db/client';

/** The PostgreSQL channel KPI-changing writes are announced on. */
export const KPI_CHANNEL = 'tongchou_kpi';
/** More touched divisions than this: announce "somewhere" (null) instead of listing them. */
const MAX_DIVISIONS = 64;

export type KpiSource = KpiEvent['source'];

/**
 * Announces, inside the writer's transaction, that data behind the KPIs changed. PostgreSQL (and
 * PGlite) deliver a NOTIFY to listeners only when the transaction commits — never on rollback, and
 * identical ones once per transaction — so every server instance on the database hears about it
 * after the commit. Cost: one statement per write transaction.
 */
export async function notifyKpi(
  tx: Conn,
  source: KpiSource,
  enterpriseIds?: readonly number[],
): Promise<void> {
  const e = schema.enterprises;
  const divisions = enterpriseIds?.length
    ? sql`(select case when count(*) > ${MAX_DIVISIONS} then null else coalesce(json_agg(code), '[]'::json) end
        from (select distinct c as code from ${e}, unnest(array[${e.divisionCode}, ${e.townCode}]) as c
          where c is not null and ${e.id} in (
            select (jsonb_array_elements_text(${JSON.stringify([...new Set(enterpriseIds)])}::jsonb))::int)) d)`
    : sql`null::json`;
  await tx.execute(
    sql`select pg_notify(${KPI_CHANNEL}, json_build_object('source', ${source}::text, 'divisions', ${divisions})::text)`,
  );
}

/** What the bus passes on: a KPI event, or "you may have missed some: reload" after a reconnect. */
export type BusMessage = { type: 'kpi'; event: KpiEvent } | { type: 'resync' };

export interface KpiBus {
  /** Starts listening on first use; resolves once the LISTEN is in place. Returns the unsubscribe. */
  subscribe(fn: (m: BusMessage) => void): Promise<() => void>;
  /** Subscribers right now (for tests and health). */
  size(): number;
  close(): Promise<void>;
}

/**
 * The in-process bus the live streams hang on, fed by LISTEN on the database: PGlite's own listen
 * (one process) or a dedicated PostgreSQL connection (so writes on any instance reach the streams
 * of every instance). The connection is re-established with backoff when it drops, and then every
 * subscriber is told to resync, since notifications sent meanwhile are lost.
 */
export function createKpiBus(database: Database, clock: Clock, log?: FastifyBaseLogger): KpiBus {
  const subscribers = new Set<(m: BusMessage) => void>();
  let started: Promise<void> | null = null;
  let stop: (() => Promise<void>) | null = null;
  let closing = false;
  let retryMs = 1000;
  let retryTimer: NodeJS.Timeout | null = null;

  const broadcast = (m: BusMessage) => {
    for (const fn of subscribers) {
      try {
        fn(m);
      } catch (err) {
        log?.warn({ err }, 'kpi stream subscriber failed');
      }
    }
  };

  const onPayload = (payload: string | undefined) => {
    let data: { source?: string; divisions?: unknown };
    try {
      data = JSON.parse(payload ?? '{}');
    } catch {
      return;
    }
    if (!KPI_EVENT_SOURCES.includes(data.source as KpiSource)) return;
    const divisions = Array.isArray(data.divisions) ? data.divisions.map(String) : null;
    broadcast({
      type: 'kpi',
      event: { at: clock.now().toISOString(), source: data.source as KpiSource, divisions },
    });
  };

  const listenPglite = async () => {
    const lite = database.lite!;
    const unlisten = await lite.listen(KPI_CHANNEL, onPayload);
    stop = () => unlisten();
  };

  const listenPostgres = async (): Promise<void> => {
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    const client = new pg.Client({ ...pool.options, connectionTimeoutMillis: 5000 });
    let dropped = false;
    const drop = (err?: unknown) => {
      if (dropped) return;
      dropped = true;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (closing) return;
      log?.warn({ err }, `kpi listener lost its connection; retrying in ${retryMs} ms`);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        listenPostgres().then(
          () => broadcast({ type: 'resync' }),
          (e) => drop(e),
        );
      }, retryMs);
      retryMs = Math.min(retryMs * 2, 30_000);
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (m) => {
      if (m.channel === KPI_CHANNEL) onPayload(m.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${KPI_CHANNEL}`);
    } catch (err) {
      drop(err);
      throw err;
    }
    retryMs = 1000;
    stop = async () => {
      dropped = true;
      await client.end().catch(() => {});
    };
  };

  const start = () => {
    started ??= (database.kind === 'pglite' ? listenPglite() : listenPostgres()).catch((err) => {
      // Streams still open; the retry above resyncs them once the database answers again.
      log?.warn({ err }, 'kpi listener could not start');
    });
    return started;
  };

  return {
    async subscribe(fn) {
      subscribers.add(fn);
      await start();
      return () => {
        subscribers.delete(fn);
      };
    },
    size: () => subscribers.size,
    async close() {
      closing = true;
      subscribers.clear();
      if (retryTimer) clearTimeout(retryTimer);
      if (started) await started;
      await stop?.();
    },
  };
}
