import { type SQL, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { KPI_EVENT_SOURCES, type KpiEvent } from '../../../shared/schemas/kpis';
import { addCalendarDays } from '../../../shared/workdays';
import type { Clock } from '../../clock';
import { type Conn, type Database, rows, schema } from '../../db/client';
import { type Listener, listen } from '../../db/listen';
import type { Ctx } from '../../lib/context';

/** The PostgreSQL channel KPI-changing writes are announced on. */
export const KPI_CHANNEL = 'tongchou_kpi';
/** More touched divisions than this: announce "somewhere" (null) instead of listing them. */
const MAX_DIVISIONS = 64;

/**
 * The divisions of two changes as one: every code of both, or null ("somewhere": either was, or
 * together they are more than a notice lists). The announcer and the live streams coalesce so.
 */
export function mergeDivisions(
  a: readonly string[] | null | undefined,
  b: readonly string[] | null | undefined,
): string[] | null {
  if (!a || !b) return null;
  const all = [...new Set([...a, ...b])];
  return all.length > MAX_DIVISIONS ? null : all;
}

export type KpiSource = KpiEvent['source'];

/**
 * Days up to today − SETTLED_LAG_DAYS are "settled": past the days an enterprise may still file or
 * correct (today and the three before it), so only a district clerk's or the HQ's correction, a
 * back-dated status change or an edit of the registry can change them. Their enterprise figures are
 * kept in `kpi_day_cells` (cells.ts), guarded by the district's generation that notifyKpi bumps.
 */
export const SETTLED_LAG_DAYS = 4;

/** Whether `day` is settled as seen on `today` (the one rule writers and readers share). */
export function isSettledDay(day: string, today: string): boolean {
  return day <= addCalendarDays(today, -SETTLED_LAG_DAYS);
}

/** The days a write can change: from `from` (inclusive) on, as seen on the writer's `today`. */
export interface KpiChangedDays {
  today: string;
  from: string;
}

/**
 * Announces, inside the writer's transaction, that data behind the KPIs changed. PostgreSQL (and
 * PGlite) deliver a NOTIFY to listeners only when the transaction commits — never on rollback, and
 * identical ones once per transaction — so every server instance on the database hears about it
 * after the commit. Cost: one statement per write transaction.
 *
 * The same statement invalidates the precomputed figures of settled days (cells.ts) when the write
 * can reach one: `days` omitted (enterprise created, edited, archived, imported) or starting on a
 * settled day bumps `kpi_generations` for the enterprises' districts (every district when
 * `enterpriseIds` is omitted, e.g. an enterprise moved). Targets are not in the cells.
 */
export async function notifyKpi(
  tx: Conn,
  ctx: Pick<Ctx, 'kpiChanged'> | null,
  source: KpiSource,
  enterpriseIds?: readonly number[],
  days?: KpiChangedDays,
): Promise<void> {
  // No enterprise written: nothing changed (and no notice, which would read as "anywhere").
  if (enterpriseIds && !enterpriseIds.length) return;
  const e = schema.enterprises;
  const ids = enterpriseIds && JSON.stringify([...new Set(enterpriseIds)]);
  const idList = sql`(select (jsonb_array_elements_text(${ids}::jsonb))::int)`;
  const divisions = enterpriseIds?.length
    ? sql`(select case when count(*) > ${MAX_DIVISIONS} then null else coalesce(json_agg(code), '[]'::json) end
        from (select distinct c as code from ${e}, unnest(array[${e.divisionCode}, ${e.townCode}]) as c
          where c is not null and ${e.id} in ${idList}) d)`
    : sql`null::json`;
  const notify = kpiNoticeSql(source, sql`n.divisions`, days?.from ?? null);
  const settledReach = source !== 'targets' && (!days || isSettledDay(days.from, days.today));
  let touched: { divisions: string[] | null }[];
  if (!settledReach) {
    touched = await rows(
      tx,
      sql`with n as (select ${divisions} as divisions) select ${notify}, n.divisions from n`,
    );
  } else {
    const d = schema.divisions;
    const g = schema.kpiGenerations;
    const districts = enterpriseIds
      ? sql`select distinct ${e.divisionCode} as code from ${e} where ${e.id} in ${idList}`
      : sql`select ${d.code} as code from ${d} where ${d.level} <> 'town'`;
    // Rows in code order, so two writers bumping overlapping districts lock them in the same order.
    touched = await rows(
      tx,
      sql`with n as (select ${divisions} as divisions), bumped as (
        insert into ${g} (district_code, gen) select code, 1 from (${districts}) x order by code
        on conflict (district_code) do update set gen = ${g.gen} + 1
        returning 1
      ) select ${notify}, n.divisions, (select count(*) from bumped) as bumped from n`,
    );
  }
  // This instance forgets the figures it keeps for those divisions once the request is answered
  // (after the commit); the others when the notice arrives (memory.ts).
  if (!ctx) return;
  ctx.kpiChanged = [
    ...(ctx.kpiChanged ?? []),
    { source, divisions: touched[0]?.divisions ?? null, from: days?.from ?? null },
  ];
}

/**
 * What the bus passes on: a KPI event, with the first day whose figures the write can change (null:
 * any; for this instance's KPI memory, not the streams), or "you may have missed some: reload"
 * after a reconnect.
 */
export type BusMessage = { type: 'kpi'; event: KpiEvent; from: string | null } | { type: 'resync' };

export interface KpiBus {
  /** Starts listening on first use; resolves once the LISTEN is in place. Returns the unsubscribe. */
  subscribe(fn: (m: BusMessage) => void): Promise<() => void>;
  /** Subscribers right now (for tests and health). */
  size(): number;
  /** Whether the LISTEN is in place now (notices sent meanwhile reach the subscribers). */
  listening(): boolean;
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
  let listener: Listener | null = null;
  let up = false;

  const broadcast = (m: BusMessage) => {
    for (const fn of subscribers) {
      try {
        fn(m);
      } catch (err) {
        log?.warn({ err }, 'kpi stream subscriber failed');
      }
    }
  };

  const onNotify = (payload: string | undefined) => {
    let data: { source?: string; divisions?: unknown; from?: unknown };
    try {
      data = JSON.parse(payload ?? '{}');
    } catch {
      return;
    }
    if (!KPI_EVENT_SOURCES.includes(data.source as KpiSource)) return;
    const divisions = Array.isArray(data.divisions) ? data.divisions.map(String) : null;
    const from = typeof data.from === 'string' && ISO_DAY.test(data.from) ? data.from : null;
    broadcast({
      type: 'kpi',
      event: { at: clock.now().toISOString(), source: data.source as KpiSource, divisions },
      from,
    });
  };

  return {
    async subscribe(fn) {
      subscribers.add(fn);
      // Streams stay open while the listener is down; they resync once it is back.
      listener ??= listen(
        database,
        KPI_CHANNEL,
        {
          onNotify,
          onUp: (again) => {
            up = true;
            if (again) broadcast({ type: 'resync' });
          },
          onDown: () => {
            up = false;
          },
        },
        log,
      );
      await listener.ready;
      return () => {
        subscribers.delete(fn);
      };
    },
    size: () => subscribers.size,
    listening: () => up,
    async close() {
      subscribers.clear();
      up = false;
      await listener?.close();
    },
  };
}

/**
 * The pg_notify call announcing a KPI change in `divisions` (a json array, or null: somewhere) to
 * the figures of `from` (a day) on (null: of any day).
 */
export function kpiNoticeSql(source: KpiSource, divisions: SQL, from: string | null): SQL {
  return sql`pg_notify(${KPI_CHANNEL}, json_build_object('source', ${source}::text, 'divisions', ${divisions}, 'from', ${from}::text)::text)`;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The earlier of two "from" days, null (any day) winning. */
const earlierFrom = (a: string | null, b: string | null) => (a === null || b === null ? null : a < b ? a : b);

export interface KpiAnnouncer {
  /** `from`: the first day whose figures the change can alter (omitted: any). */
  announce(source: KpiSource, divisions: string[] | null, from?: string): void;
  /** Sends what is pending and stops. */
  close(): Promise<void>;
}

/**
 * Coalesces announcements of committed changes and sends them as one NOTIFY per source every
 * `intervalMs`. A NOTIFY inside each write would make every such transaction queue for
 * PostgreSQL's notification lock through its commit; live dashboards need a tick, not one per
 * filing. What is pending when the process dies unannounced is lost: dashboards then refresh on
 * the next change.
 */
export function createKpiAnnouncer(db: Conn, log?: FastifyBaseLogger, intervalMs = 200): KpiAnnouncer {
  // Per source: the divisions touched, or null once "somewhere" (too many, or unknown), and the
  // earliest day changed (null: any).
  const pending = new Map<KpiSource, { divisions: string[] | null; from: string | null }>();
  let timer: NodeJS.Timeout | null = null;
  let sending: Promise<void> = Promise.resolve();
  let closed = false;
  const flush = () => {
    timer = null;
    const batch = [...pending.entries()];
    pending.clear();
    sending = sending.then(async () => {
      for (const [source, { divisions: codes, from }] of batch) {
        const divisions = codes === null ? sql`null::json` : sql`${JSON.stringify(codes)}::json`;
        await db.execute(sql`select ${kpiNoticeSql(source, divisions, from)}`).catch((err) => {
          log?.warn({ err }, 'announcing a KPI change failed');
        });
      }
    });
  };
  return {
    announce(source, divisions, from) {
      if (closed) return;
      const known = pending.get(source);
      const day = from ?? null;
      pending.set(
        source,
        known
          ? { divisions: mergeDivisions(known.divisions, divisions), from: earlierFrom(known.from, day) }
          : { divisions: mergeDivisions(divisions, []), from: day },
      );
      if (!timer) {
        timer = setTimeout(flush, intervalMs);
        timer.unref();
      }
    },
    async close() {
      closed = true;
      if (timer) {
        clearTimeout(timer);
        flush();
      }
      await sending;
    },
  };
}
