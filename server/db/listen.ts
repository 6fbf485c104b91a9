import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { Database } from './client';

export interface ListenHandlers {
  /** A NOTIFY on the channel, after its transaction committed. */
  onNotify(payload: string | undefined): void;
  /**
   * LISTEN is in place. `again`: after the connection had dropped, so notifications sent
   * meanwhile are lost and whatever they would have told must be taken as changed.
   */
  onUp?(again: boolean): void;
  /** The connection dropped: from now until the next onUp, notifications are missed. */
  onDown?(): void;
}

export interface Listener {
  /** Resolves once the first LISTEN is in place (or has failed and is being retried). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTENs on a channel of the database: PGlite's own listen (one process), or a dedicated
 * PostgreSQL connection, so writes on any instance (and the CLI) reach every instance. The
 * connection is re-established with backoff (1 s doubling to 30 s) when it drops.
 */
export function listen(
  database: Database,
  channel: string,
  handlers: ListenHandlers,
  log?: FastifyBaseLogger,
): Listener {
  let stop: (() => Promise<void>) | null = null;
  let closing = false;
  let retryMs = 1000;
  let retryTimer: NodeJS.Timeout | null = null;

  const listenPglite = async () => {
    const unlisten = await database.lite!.listen(channel, handlers.onNotify);
    stop = () => unlisten();
    handlers.onUp?.(false);
  };

  const listenPostgres = async (again: boolean): Promise<void> => {
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    // TCP keepalive: a connection dropped silently (a NAT or firewall timing out an idle one)
    // ends in an error, so onDown runs, instead of a listener that hears nothing for ever.
    const client = new pg.Client({ ...pool.options, connectionTimeoutMillis: 5000, keepAlive: true });
    let dropped = false;
    const drop = (err?: unknown) => {
      if (dropped) return;
      dropped = true;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (closing) return;
      handlers.onDown?.();
      log?.warn({ err }, `listener on ${channel} lost its connection; retrying in ${retryMs} ms`);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        listenPostgres(true).catch((e) => drop(e));
      }, retryMs);
      retryMs = Math.min(retryMs * 2, 30_000);
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (m) => {
      if (m.channel === channel) handlers.onNotify(m.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      drop(err);
      throw err;
    }
    retryMs = 1000;
    if (closing) {
      dropped = true;
      await client.end().catch(() => {});
      return;
    }
    stop = async () => {
      dropped = true;
      await client.end().catch(() => {});
    };
    handlers.onUp?.(again);
  };

  const ready = (database.kind === 'pglite' ? listenPglite() : listenPostgres(false)).catch((err) => {
    // The retry in drop() takes over once the database answers again.
    log?.warn({ err }, `listener on ${channel} could not start`);
  });
  return {
    ready,
    async close() {
      closing = true;
      if (retryTimer) clearTimeout(retryTimer);
      await ready;
      await stop?.();
    },
  };
}
