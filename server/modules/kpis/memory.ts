import type { FastifyBaseLogger } from 'fastify';
import type { DivisionTree } from '../../access/divisions';
import type { Database } from '../../db/client';
import { type Listener, listen } from '../../db/listen';
import type { Ctx } from '../../lib/context';
import { type CellRow, computeCells, groupedRows } from './cells';
import { KPI_CHANNEL, type KpiSource } from './events';
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
 * memory and recomputes only the districts that changed.
 *
 * Used only while the LISTEN is in place: when it drops, notices are lost, so everything is
 * forgotten and the figures are computed live until it is back (and forgotten again then). A
 * computation that began before a change it may have missed is not kept (per-district counters).
 */
export interface KpiMemory {
  /** The figures of an open day and the day before for the districts, grouped as the live statements. */
  openDayFigures(ctx: Ctx, districts: readonly string[], asOf: string): Promise<GroupedRow[]>;
  /** Forgets what a change from `source` in these divisions (any level; null: anywhere) may have changed. */
  forget(source: KpiSource, divisions: readonly string[] | null): void;
  stats(): { listening: boolean } & StoreStats;
  close(): Promise<void>;
}

interface StoreStats {
  keys: number;
  entries: number;
  hits: number;
  misses: number;
}

/** Per key (a day, a window), per district: the figures as last computed, and what forgets them. */
function districtStore<T>(maxKeys: number, usable: () => boolean) {
  const byKey = new Map<string, Map<string, T>>();
  // Bumped by every forget: a computation keeps a district's figures only if nothing touched it meanwhile.
  const touched = new Map<string, number>();
  let everything = 0;
  let hits = 0;
  let misses = 0;
  return {
    /** The figures of every district, the missing ones computed (each must get an entry) and kept. */
    async read(
      key: string,
      districts: readonly string[],
      compute: (missing: readonly string[]) => Promise<Map<string, T>>,
    ): Promise<T[]> {
      if (!usable()) {
        const all = await compute(districts);
        return districts.map((d) => all.get(d)!);
      }
      const kept = byKey.get(key);
      const out: T[] = [];
      const missing: string[] = [];
      for (const d of districts) {
        const v = kept?.get(d);
        if (v === undefined) missing.push(d);
        else out.push(v);
      }
      if (!missing.length) {
        hits++;
        return out;
      }
      misses++;
      const since = everything;
      const marks = missing.map((d) => touched.get(d) ?? 0);
      const computed = await compute(missing);
      if (usable() && since === everything) {
        let keep = byKey.get(key);
        if (!keep) {
          if (byKey.size >= maxKeys) byKey.delete(byKey.keys().next().value as string);
          keep = new Map();
          byKey.set(key, keep);
        }
        const into = keep;
        missing.forEach((d, i) => {
          if ((touched.get(d) ?? 0) === marks[i]) into.set(d, computed.get(d)!);
        });
      }
      for (const d of missing) out.push(computed.get(d)!);
      return out;
    },
    forget(districts: readonly string[] | null) {
      if (!districts) {
        everything++;
        byKey.clear();
        return;
      }
      for (const d of districts) {
        touched.set(d, (touched.get(d) ?? 0) + 1);
        for (const kept of byKey.values()) kept.delete(d);
      }
    },
    stats: (): StoreStats => ({
      keys: byKey.size,
      entries: [...byKey.values()].reduce((n, m) => n + m.size, 0),
      hits,
      misses,
    }),
  };
}

export function createKpiMemory(database: Database, tree: DivisionTree, log?: FastifyBaseLogger): KpiMemory {
  let listening = false;
  // Open days are a handful; a few more (a day that has just settled) are harmless.
  const openDays = districtStore<CellRow[]>(8, () => listening);

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
  // Targets are not figures of a district; every other source is.
  const forget = (source: KpiSource, divisions: readonly string[] | null) => {
    if (source !== 'targets') openDays.forget(districtsOf(divisions));
  };

  const listener: Listener = listen(
    database,
    KPI_CHANNEL,
    {
      onNotify(payload) {
        let notice: { source?: KpiSource; divisions?: unknown } = {};
        try {
          notice = JSON.parse(payload ?? '{}');
        } catch {
          // unreadable: taken as a change of anything, anywhere
        }
        const divisions = Array.isArray(notice.divisions) ? notice.divisions.map(String) : null;
        if (notice.source) forget(notice.source, divisions);
        else openDays.forget(null);
      },
      onUp() {
        openDays.forget(null);
        listening = true;
      },
      onDown() {
        listening = false;
        openDays.forget(null);
      },
    },
    log,
  );

  return {
    async openDayFigures(ctx, districts, asOf) {
      const cells = await openDays.read(asOf, districts, async (missing) => {
        const byDistrict = new Map<string, CellRow[]>(missing.map((d) => [d, []]));
        for (const cell of await computeCells(ctx, missing, asOf, { store: false }))
          byDistrict.get(cell.district_code ?? '')?.push(cell);
        return byDistrict;
      });
      return groupedRows(cells.flat(), asOf);
    },
    forget,
    stats: () => ({ listening, ...openDays.stats() }),
    async close() {
      listening = false;
      openDays.forget(null);
      await listener.close();
    },
  };
}
