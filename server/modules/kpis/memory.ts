import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { addCalendarDays } from '../../../shared/workdays';
import type { DivisionTree } from '../../access/divisions';
import { rows } from '../../db/client';
import type { Ctx } from '../../lib/context';
import { type CellPart, type CellRow, cellOfPart, computeCells, groupedRows, settledThrough } from './cells';
import type { KpiBus, KpiSource } from './events';
import type { GroupedRow } from './service';

/**
 * The figures of open days (today and the three before it), per district, kept in this
 * instance's memory: the cells of cells.ts (enterprise figures and the hazards of the usual
 * window) for days the database cannot keep valid cheaply. Settled days have their cells in the
 * database, guarded by generations that every write reaching them bumps; open days change with
 * every filing, and a generation row per district would queue the morning's filings behind each
 * other. Instead every write behind the figures is announced on the KPI channel with the
 * divisions it touched. Each instance forgets those districts when the notice arrives, and the
 * instance that wrote forgets them at once after the commit (`forget`: the announcer, and a
 * request that ran notifyKpi, before it is answered). A province dashboard then reads today from
 * memory and recomputes only the districts that changed. The hazard counts are kept apart from the
 * enterprise figures and forgotten only by hazard and registry changes: the morning's filings make
 * a district's enterprise figures be recomputed, not its hazards. A district missing both is
 * computed by one statement for both on PGlite (cheaper there than two), each store keeping its part.
 *
 * It hears the notices through the instance's KPI bus (events.ts), as the first subscriber: a
 * live dashboard told of a change by the same notice reloads after its districts are forgotten.
 * Used only while the bus's LISTEN is in place: notices sent while it is down are lost, so the
 * figures are computed live until it is back, and everything is forgotten then. A computation
 * that began before a change it may have missed (per district and first day changed: when each
 * was last forgotten) is not kept, nor joined by a reading that needs the same figures; readings
 * arriving together otherwise share one computation. And nothing is held longer than `ttlMs` (a
 * minute): a notice lost otherwise (its sender died before sending, a connection dropped without
 * a sign) costs at most that much staleness elsewhere.
 */
export interface KpiMemory {
  /**
   * The figures of an open day and the day before for the districts, grouped as the live
   * statements; without `hazards` (another window's are computed live), their counts are 0.
   */
  openDayFigures(
    ctx: Ctx,
    districts: readonly string[],
    asOf: string,
    opts?: { hazards: boolean },
  ): Promise<GroupedRow[]>;
  /**
   * Forgets what a change from `source` in these divisions (any level; null: anywhere) may have
   * changed: of the enterprise figures, those of `from` (a day) on (null: of any day).
   */
  forget(source: KpiSource, divisions: readonly string[] | null, from?: string | null): void;
  stats(): {
    listening: boolean;
    /**
     * The computations in advance (null: not configured): passes that computed something, passes
     * that failed, whether one is running now.
     */
    refresh: { passes: number; failures: number; refreshing: boolean } | null;
  } & StoreStats;
  close(): Promise<void>;
}

/**
 * Computing the open days' figures before anyone reads them: after a change, a reading finds them
 * held instead of computing them (a district's first reading after a filing on PGlite costs about
 * ten times a held one).
 */
export interface KpiRefresh {
  /** How long after the last change heard the figures are computed again (ms). */
  quietMs: number;
  /**
   * Only while open days are read: not longer than this after the last reading or the start
   * (default 10 min).
   */
  watchMs?: number;
  /**
   * One statement per division code with enterprises (PGlite: a request waits behind one at most),
   * or the codes of a day together (two statements in parallel on PostgreSQL, one per part).
   */
  perDistrict: boolean;
  /** The context the statements run in. Failures are logged on the memory's `log`. */
  context: () => Ctx;
}

interface StoreStats {
  /** Days held. */
  keys: number;
  /** Districts held, over all days, the enterprise figures and the hazard counts each counting. */
  entries: number;
  hits: number;
  misses: number;
  /** Statements run to compute figures. */
  statements: number;
}

/**
 * Per key (a day, YYYY-MM-DD), per district: the figures as last computed, and what forgets them.
 * Exported for its tests.
 */
export function districtStore<T>(maxKeys: number, ttlMs: number, usable: () => boolean) {
  const byKey = new Map<string, Map<string, { value: T; at: number }>>();
  // Per district, per first day forgotten ('' = every day): when it was last forgotten
  // (performance.now()). A computation keeps a district's figures of a day only if no forget
  // reaching that day touched the district since the computation began.
  const forgotten = new Map<string, Map<string, number>>();
  // When every district was last forgotten (the listener came back after a drop).
  let allForgottenAt = Number.NEGATIVE_INFINITY;
  const forgottenSince = (district: string, key: string, since: number) => {
    if (allForgottenAt >= since) return true;
    for (const [from, at] of forgotten.get(district) ?? [])
      if (at >= since && (from === '' || from <= key)) return true;
    return false;
  };
  // Computations under way, per key and district. A reading that needs the same figures joins one
  // instead of computing them again, as long as no forget reaching them came since it began: the
  // dashboards a live stream reloads at once after a change then cost one computation, not one
  // each.
  const underWay = new Map<string, Map<string, { start: number; value: Promise<T> }>>();
  // Not one older than the time to live: what touched it may no longer be remembered (forget),
  // and a reader never waits longer on a computation than figures are held.
  const joinable = (key: string, district: string) => {
    const w = underWay.get(key)?.get(district);
    const fresh = w && performance.now() - w.start < ttlMs;
    return fresh && !forgottenSince(district, key, w.start) ? w : undefined;
  };
  /** The districts without figures of `key`, or with figures held longer than `maxAgeMs`. */
  const lackingOf = (key: string, districts: readonly string[], maxAgeMs: number): string[] => {
    if (!usable()) return [...districts];
    const kept = byKey.get(key);
    const oldest = performance.now() - Math.min(maxAgeMs, ttlMs);
    return districts.filter((d) => {
      const v = kept?.get(d);
      return v === undefined || v.at < oldest;
    });
  };
  return {
    /**
     * The districts whose figures `read` would compute now (not held, or held longer than
     * `maxAgeMs`; nor being computed).
     */
    missing: (key: string, districts: readonly string[], maxAgeMs = ttlMs): string[] =>
      usable() ? lackingOf(key, districts, maxAgeMs).filter((d) => !joinable(key, d)) : [...districts],
    /**
     * The figures of every district: held (for at most `maxAgeMs`), awaited from a computation
     * under way, or computed (the missing ones, each must get an entry) and kept; `computed`:
     * whether any was not held.
     */
    async read(
      key: string,
      districts: readonly string[],
      compute: (missing: readonly string[]) => Promise<Map<string, T>>,
      maxAgeMs = ttlMs,
    ): Promise<{ values: T[]; computed: boolean }> {
      if (!usable()) {
        const all = await compute(districts);
        return { values: districts.map((d) => all.get(d)!), computed: true };
      }
      const lacking = lackingOf(key, districts, maxAgeMs);
      const kept = byKey.get(key);
      const lackingSet = new Set(lacking);
      const out = districts.filter((d) => !lackingSet.has(d)).map((d) => kept!.get(d)!.value);
      if (!lacking.length) return { values: out, computed: false };
      const joined: Promise<T>[] = [];
      const missing: string[] = [];
      for (const d of lacking) {
        const w = joinable(key, d);
        if (w) joined.push(w.value);
        else missing.push(d);
      }
      const start = performance.now();
      const mine: { start: number; value: Promise<T> }[] = [];
      let computing: Promise<Map<string, T>> | undefined;
      if (missing.length) {
        computing = compute(missing);
        let ways = underWay.get(key);
        if (!ways) {
          ways = new Map();
          underWay.set(key, ways);
        }
        for (const d of missing) {
          const entry = { start, value: computing.then((m) => m.get(d)!) };
          // Whoever joins awaits it; this reading sees a failure through `computing` itself.
          entry.value.catch(() => {});
          ways.set(d, entry);
          mine.push(entry);
        }
      }
      // Its own figures are kept even if a computation it joined fails.
      const waited = Promise.all(joined);
      waited.catch(() => {});
      try {
        const computed = await (computing ?? new Map<string, T>());
        if (missing.length && usable()) {
          let keep = byKey.get(key);
          if (!keep) {
            if (byKey.size >= maxKeys) byKey.delete(byKey.keys().next().value as string);
            keep = new Map();
            byKey.set(key, keep);
          }
          const into = keep;
          for (const d of missing)
            if (!forgottenSince(d, key, start)) into.set(d, { value: computed.get(d)!, at: start });
        }
        for (const d of missing) out.push(computed.get(d)!);
        out.push(...(await waited));
        return { values: out, computed: true };
      } finally {
        const ways = underWay.get(key);
        if (ways) {
          missing.forEach((d, i) => {
            if (ways.get(d) === mine[i]) ways.delete(d);
          });
          if (!ways.size) underWay.delete(key);
        }
      }
    },
    /**
     * Forgets the districts' figures of the days from `from` on (null: every day); a computation
     * under way for those districts and one of those days keeps nothing of them.
     */
    forget(districts: readonly string[] | null, from: string | null = null) {
      if (!districts) {
        allForgottenAt = performance.now();
        byKey.clear();
        return;
      }
      const now = performance.now();
      for (const d of districts) {
        let mine = forgotten.get(d);
        if (!mine) {
          mine = new Map();
          forgotten.set(d, mine);
        }
        // A computation that began longer ago than the time to live is never read: no need to
        // remember what touched it.
        for (const [f, at] of mine) if (at < now - ttlMs - 1000) mine.delete(f);
        mine.set(from ?? '', now);
        for (const [day, kept] of byKey) if (from === null || day >= from) kept.delete(d);
      }
    },
    stats: () => ({
      keys: byKey.size,
      entries: [...byKey.values()].reduce((n, m) => n + m.size, 0),
    }),
  };
}

/**
 * How long after a reading of open days, or a change heard anywhere, the figures computed ahead
 * wait before their next statement (ms).
 */
const GAP_MS = 50;

/** The sources of changes that can change hazard counts. */
const HAZARD_SOURCES = new Set<KpiSource>(['hazard', 'enterprise']);
/** The sources whose `from` bounds the days of enterprise figures they can change. */
const DATED_SOURCES = new Set<KpiSource>(['daily_report', 'resumption']);

export function createKpiMemory(
  bus: KpiBus,
  tree: DivisionTree,
  opts: {
    ttlMs?: number;
    log?: FastifyBaseLogger;
    /**
     * A district missing both parts gets them from one statement: on a database that runs one
     * statement at a time (PGlite), where that costs about a quarter less than the two. On
     * PostgreSQL the two run in parallel on two connections, which is quicker than the one.
     */
    jointly?: boolean;
    /** Keeping the open days' figures current before they are read (see KpiRefresh); unset: not. */
    refresh?: KpiRefresh;
  } = {},
): KpiMemory {
  // Open days are a handful; a few more (a day that has just settled) are harmless. The enterprise
  // figures and the hazard counts of each, apart.
  const ttl = opts.ttlMs ?? 60_000;
  const jointly = opts.jointly ?? false;
  const usable = () => bus.listening();
  const enterpriseDays = districtStore<CellRow[]>(8, ttl, usable);
  const hazardDays = districtStore<CellRow[]>(8, ttl, usable);
  // Readings served without computing anything / with something computed (while usable).
  let hits = 0;
  let misses = 0;
  let statements = 0;
  const compute = (...args: Parameters<typeof computeCells>) => {
    statements++;
    return computeCells(...args);
  };

  // Notices name enterprises' division codes and towns; figures are kept per division code (a
  // district, or a city for an enterprise registered directly under it): a town counts for its parent.
  const districtsOf = (divisions: readonly string[] | null): string[] | null => {
    if (!divisions) return null;
    const out: string[] = [];
    for (const code of divisions) {
      const node = tree.get(code);
      const district = node?.level === 'town' ? node.parentCode : node?.code;
      if (!district) return null;
      out.push(district);
    }
    return out;
  };

  /**
   * Both parts' figures of an open day for the districts, as `read` returns them: held for at most
   * `maxAgeMs`, or computed and kept. Districts missing both parts (the first reading of a day,
   * say) get both from one statement where that is quicker (`jointly`; they share the scan of the
   * enterprises, the transaction and much of the planning); each store keeps its part.
   */
  const gather = async (
    ctx: Ctx,
    districts: readonly string[],
    asOf: string,
    withHazards: boolean,
    maxAgeMs = ttl,
  ) => {
    const lacking = new Set(jointly && withHazards ? hazardDays.missing(asOf, districts, maxAgeMs) : []);
    const together = enterpriseDays.missing(asOf, districts, maxAgeMs).filter((d) => lacking.has(d));
    const inTogether = new Set(together);
    let joint: Promise<CellRow[]> | undefined;
    const jointCells = () => {
      joint ??= compute(ctx, together, asOf, { store: false });
      return joint;
    };
    const part = (store: typeof enterpriseDays, which: CellPart) =>
      store.read(
        asOf,
        districts,
        async (missing) => {
          const apart = missing.filter((d) => !inTogether.has(d));
          const [both, one] = await Promise.all([
            apart.length < missing.length ? jointCells() : [],
            apart.length ? compute(ctx, apart, asOf, { store: false, part: which }) : [],
          ]);
          const byDistrict = new Map<string, CellRow[]>(missing.map((d) => [d, []]));
          for (const cell of both) {
            const mine = cellOfPart(cell, which);
            if (mine) byDistrict.get(cell.district_code ?? '')?.push(mine);
          }
          for (const cell of one) byDistrict.get(cell.district_code ?? '')?.push(cell);
          return byDistrict;
        },
        maxAgeMs,
      );
    const [figures, hazards] = await Promise.all([
      part(enterpriseDays, 'enterprises'),
      withHazards ? part(hazardDays, 'hazards') : { values: [], computed: false },
    ]);
    return { figures, hazards };
  };

  const refresher = opts.refresh ? createRefresher(opts.refresh) : null;

  // Targets are not figures of a district; every other source is. Hazard counts change with
  // hazards, and with the registry (an enterprise's district, industry or size class groups them).
  // A daily report or a status change dated D changes the enterprise figures of D and the days
  // after it only (the day itself, the day after through its "day before", later ones through the
  // latest report or status on or before them), so the morning's filings for today leave the
  // open days before it held. The hazard counts are forgotten for every day, as before: hazard
  // notices name a day too (the earliest found, or today for a closing), which the settled cells
  // rely on, but hazards change a handful of times a day, so bounding them gains little.
  const forget = (source: KpiSource, divisions: readonly string[] | null, from: string | null = null) => {
    if (source === 'targets') return;
    const districts = districtsOf(divisions);
    enterpriseDays.forget(districts, DATED_SOURCES.has(source) ? from : null);
    if (HAZARD_SOURCES.has(source)) hazardDays.forget(districts);
    refresher?.changed(districts);
  };
  const forgetAll = () => {
    enterpriseDays.forget(null);
    hazardDays.forget(null);
    refresher?.changed(null);
  };
  const unsubscribe = bus
    .subscribe((m) => {
      if (m.type === 'kpi') forget(m.event.source, m.event.divisions ?? null, m.from);
      // Back after a drop: whatever was announced meanwhile is unknown.
      else forgetAll();
    })
    .then(
      (off) => {
        // Listening: the open days' figures are computed once now, for the first reader.
        refresher?.changed(null);
        return off;
      },
      (err) => {
        opts.log?.warn({ err }, 'the KPI memory could not subscribe to the KPI bus');
        return () => {};
      },
    );

  /**
   * Keeps the open days' figures of every division code current while they are being read: a
   * district's computed again `quietMs` after the last change heard there (a burst of filings:
   * once, after it; a district that keeps changing does not hold the others back), and before
   * they reach the time to live; not while the memory is unusable.
   */
  function createRefresher(cfg: KpiRefresh) {
    const watchMs = cfg.watchMs ?? 10 * 60_000;
    // Held figures older than half the time to live are computed again, checked every eighth of
    // it: a pass of all open days then has three eighths of it to reach them before they expire.
    const dueAgeMs = ttl / 2;
    const periodMs = ttl / 8;
    const codes = [...tree.byCode.values()].filter((n) => n.level !== 'town').map((n) => n.code);
    // When each code last changed, and every code (a notice naming no divisions, a resync).
    const changedAt = new Map<string, number>();
    let allChangedAt = Number.NEGATIVE_INFINITY;
    const lastChangeOf = (code: string) =>
      Math.max(changedAt.get(code) ?? Number.NEGATIVE_INFINITY, allChangedAt);
    // When an open day was last read (the start counts as one: the first reader finds them held).
    let lastRead = performance.now();
    // The first pass runs however long the start took.
    let started = false;
    let timer: NodeJS.Timeout | null = null;
    let dueAt = Number.POSITIVE_INFINITY;
    let running: Promise<void> | null = null;
    let closed = false;
    let passes = 0;
    let failures = 0;

    const armIn = (ms: number) => {
      const at = performance.now() + ms;
      if (closed || at >= dueAt) return;
      if (timer) clearTimeout(timer);
      dueAt = at;
      timer = setTimeout(tick, Math.max(0, ms));
      timer.unref();
    };
    const watched = () => !started || performance.now() - lastRead < watchMs;
    /**
     * In how long the next code that was not quiet when a pass began at `since` (it changed
     * shortly before or during the pass) is (0: already; null: none).
     */
    const nextQuietIn = (since: number): number | null => {
      const now = performance.now();
      let next: number | null = null;
      for (const c of codes) {
        const quietAt = lastChangeOf(c) + cfg.quietMs;
        if (quietAt <= since) continue;
        const wait = Math.max(0, quietAt - now);
        if (next === null || wait < next) next = wait;
      }
      return next;
    };
    function tick() {
      timer = null;
      dueAt = Number.POSITIVE_INFINITY;
      if (closed || running || !watched()) return;
      const begun = performance.now();
      running = pass()
        .catch((err) => {
          failures++;
          opts.log?.warn({ err }, 'computing the KPI figures of open days in advance failed');
        })
        .finally(() => {
          running = null;
          if (usable()) started = true;
          if (closed) return;
          // Codes that changed since (or were not yet quiet): once they are; else the next check.
          const next = nextQuietIn(begun);
          if (next !== null) armIn(next);
          else if (watched()) armIn(periodMs);
        });
    }
    // One day after the other, today first, the quiet codes' figures that are missing or due. On
    // PGlite one division code with enterprises per statement (the codes without any together),
    // so a request waits behind one district's statement at most.
    async function pass() {
      if (!usable()) return;
      const ctx = cfg.context();
      const today = ctx.clock.today();
      const settled = settledThrough(ctx);
      const quiet = (c: string) => performance.now() - lastChangeOf(c) >= cfg.quietMs;
      const going = () => !closed && usable();
      let apart: Set<string> | undefined;
      let computed = false;
      for (let day = today; day > settled && going(); day = addCalendarDays(day, -1)) {
        const calm = codes.filter(quiet);
        const due = [
          ...new Set([
            ...enterpriseDays.missing(day, calm, dueAgeMs),
            ...hazardDays.missing(day, calm, dueAgeMs),
          ]),
        ];
        if (!due.length) continue;
        apart ??= cfg.perDistrict ? await codesWithEnterprises(ctx) : new Set<string>();
        const alone = apart;
        const rest = due.filter((d) => !alone.has(d));
        const groups = [...due.filter((d) => alone.has(d)).map((d) => [d]), ...(rest.length ? [rest] : [])];
        for (const group of groups) {
          // PGlite answers within the same turn of the event loop: without this a pass would hold
          // it from start to end, and no request would be read meanwhile.
          await new Promise((r) => setImmediate(r));
          await othersAway(going);
          const still = group.filter(quiet);
          if (!going()) return;
          if (!still.length) continue;
          await gather(ctx, still, day, true, dueAgeMs);
          computed = true;
        }
      }
      if (computed) passes++;
    }
    // Readers and writers first: a statement of the pass starts only when no reading of open
    // days is under way nor ended within GAP_MS, and no change was heard within GAP_MS. Readers
    // arriving one after the other compute what they need themselves, as without the pass,
    // instead of each waiting behind one of its statements (on PGlite, one statement at a time);
    // during a rush of filings the districts that went quiet wait for it to end (on PGlite each
    // of their statements would hold up the filings); in a steady morning (a filing every 70 ms
    // or more, say) the pass goes on in the gaps.
    let reading = 0;
    let lastReadEnd = Number.NEGATIVE_INFINITY;
    let lastChange = Number.NEGATIVE_INFINITY;
    async function othersAway(going: () => boolean) {
      for (;;) {
        const idle = performance.now() - Math.max(lastReadEnd, lastChange);
        if (!going() || (reading === 0 && idle >= GAP_MS)) return;
        await new Promise((r) => setTimeout(r, reading ? GAP_MS : GAP_MS - idle));
      }
    }
    return {
      /** The codes whose figures changed (null: every code's). */
      changed(districts: readonly string[] | null) {
        const now = performance.now();
        lastChange = now;
        if (!districts) allChangedAt = now;
        else for (const d of districts) changedAt.set(d, now);
        if (usable()) armIn(cfg.quietMs);
      },
      /** A reading of open days begins; call the function it returns when it ends. */
      read() {
        lastRead = performance.now();
        reading++;
        // Read again after a while unread: the figures may be older than the period allows.
        armIn(periodMs);
        return () => {
          reading--;
          lastReadEnd = performance.now();
          lastRead = lastReadEnd;
        };
      },
      stats: () => ({ passes, failures, refreshing: running !== null }),
      async close() {
        closed = true;
        if (timer) clearTimeout(timer);
        await running;
      },
    };
  }

  /**
   * The division codes figures are kept under (districtsOf) that have enterprises, looked up at
   * most once per time to live (a pass after each filing would otherwise scan the registry each
   * time): a code that gained its first enterprise since is computed with the codes without any
   * until then, which only makes its statement a shared one.
   */
  let withEnterprises: { codes: Set<string>; at: number } | undefined;
  async function codesWithEnterprises(ctx: Ctx): Promise<Set<string>> {
    if (withEnterprises && performance.now() - withEnterprises.at < ttl) return withEnterprises.codes;
    const at = performance.now();
    const list = await rows<{ code: string }>(
      ctx.db,
      sql`select distinct division_code as code from enterprises where archived_at is null`,
    );
    const codes = new Set(districtsOf(list.map((x) => x.code).filter((c) => tree.get(c))) ?? []);
    withEnterprises = { codes, at };
    return codes;
  }

  return {
    async openDayFigures(ctx, districts, asOf, opts = { hazards: true }) {
      const wasUsable = usable();
      const done = refresher?.read();
      let gathered: Awaited<ReturnType<typeof gather>>;
      try {
        gathered = await gather(ctx, districts, asOf, opts.hazards);
      } finally {
        done?.();
      }
      const { figures, hazards } = gathered;
      if (wasUsable) {
        if (figures.computed || hazards.computed) misses++;
        else hits++;
      }
      // Each part's cells carry zeros for the other's counts: summed per group, they add up.
      return groupedRows([...figures.values.flat(), ...hazards.values.flat()], asOf);
    },
    forget,
    stats: () => {
      const a = enterpriseDays.stats();
      const b = hazardDays.stats();
      return {
        listening: bus.listening(),
        keys: a.keys,
        entries: a.entries + b.entries,
        hits,
        misses,
        statements,
        refresh: refresher?.stats() ?? null,
      };
    },
    async close() {
      await refresher?.close();
      forgetAll();
      (await unsubscribe)();
    },
  };
}
