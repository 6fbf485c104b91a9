/**
 * Benchmarks: `npm run bench` (province scale, ~15–25 min on 2 cores) and
 * `npm run bench -- --quick` (15,000 enterprises × 14 days, under 3 minutes once the demo city's
 * embedded database is cached in .tmp/bench). Every figure is measured next to a baseline in the
 * same script on the same machine and reported as a ratio: machines are noisy.
 *
 * - import: 10,000 enterprises from .xlsx through the real import path on PGlite, against bare
 *   multi-row INSERTs (bench/import.ts).
 * - province (PostgreSQL): bench/scale.ts loads 100,000 enterprises in Liaoning's 14 prefectures,
 *   60 days of daily reports, 50,000 hazards and 20,000 demands into `tongchou_bench_<random>`
 *   (dropped at the end unless --keep), then against `node bin/tongchou.js start`:
 *   1. report ingestion, POST /api/daily-reports with personal API tokens of thousands of
 *      enterprise accounts (each token used once before, GET /api/me, timed apart as its first
 *      use), autocannon at 64 connections: each account's open days filed once
 *      (first filings), against a bare fastify + pg endpoint inserting the same row
 *      (bench/baseline-server.ts); then the same reports filed again (corrections);
 *   2. GET /api/kpis as of random days for the province, a prefecture and a district, 5 s after
 *      the corrections, against the bare SQL of the headline figures (bench/bare-sql.ts); and,
 *      timed apart, each open day at the top level read right after the first filings;
 *   3. enterprise search by name fragment and pinyin initials, against the bare SQL;
 *   5. server RSS at rest and under load, cold start on the existing database.
 * - city (PGlite): 4. the same on the demo city (~2,000 enterprises) in the embedded database.
 *
 * Options: --quick, --keep (keep the PostgreSQL database), --only=import,province,city,
 * --seconds=N (length of the baseline and corrections runs; the first filings run until each is filed),
 * --kpi-settle-ms=N (how long after the corrections the KPI readings start, default 5000).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { DivisionTree } from '../server/access/divisions';
import { createScoper } from '../server/access/scope';
import { addDays, type Clock, createClock, createManualClock } from '../server/clock';
import { type Database, openPglite, openPostgres, rows, schema } from '../server/db/client';
import { upkeep } from '../server/db/upkeep';
import { createRng, type Rng } from '../server/demo/generate';
import { reportHabits, reportValues } from '../server/demo/reports';
import { DEMO_PASSWORD, systemCtx } from '../server/demo/seed';
import { sealAuditChain } from '../server/lib/audit';
import { hashPassword } from '../server/lib/passwords';
import { loadReference } from '../server/lib/reference';
import { createToken, toActor } from '../server/modules/auth/service';
import { searchTextOf } from '../server/modules/enterprises/service';
import { precomputeKpiCells } from '../server/modules/kpis/cells';
import { resumedOnSql } from '../server/modules/resumption/status';
import { bareKpi, bareSearch, type Query } from './bare-sql';
import { importBench } from './import';
import {
  grouped,
  type IngestFigures,
  type LatencyFigures,
  type NextRequest,
  postLoad,
  timeEach,
  timeGets,
} from './load';
import { type Child, freePort, rssMb, rssPeak, startBaseline, startServer, stopChild } from './processes';
import {
  ADMIN_URL,
  BENCH_CLOCK,
  BENCH_TODAY,
  catchUpScheduledWork,
  createBenchDatabase,
  FULL_SPEC,
  type IngestAccount,
  loadScaleData,
  QUICK_SPEC,
  type ScaleSpec,
} from './scale';
import { log, round1, sleep } from './util';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = flag('quick');
const keep = flag('keep');
const only = new Set((option('only') ?? 'import,province,city').split(','));
const SECONDS = Number(option('seconds') ?? (quick ? 10 : 30));
const CONNECTIONS = 64;
const KPI_SAMPLES = quick ? 30 : 90;
/** How long after the corrections the KPI readings start (ms; --kpi-settle-ms=N). */
const KPI_SETTLE_MS = Number(option('kpi-settle-ms') ?? 5000);
const SEARCH_SAMPLES = quick ? 60 : 200;
/**
 * The city run's today: three days after the demo's (2020-03-10), so each account has today and
 * the three days before it to file (as in the province run), not the few the demo left unfiled.
 */
const CITY_TODAY = '2020-03-13';
const CITY_CLOCK = `${CITY_TODAY}T09:00:00+08:00`;
/** Share of the enterprise accounts whose filings warm the server up (not measured). */
const WARM_UP_SHARE = 0.1;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

// ---------------------------------------------------------------------------------------------
// Shared pieces of both scales

interface ScaleResult {
  database: 'postgres' | 'pglite';
  scale: Record<string, number | string>;
  ingest: {
    rps: number;
    p50Ms: number;
    p99Ms: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statuses: Record<string, number>;
    baselineRps: number;
    /** The baseline's half before the server's runs and its half after (req/s). */
    baselineHalvesRps: number[];
    baselineP99Ms: number;
    ratio: number;
    /** PostgreSQL only: what the busy backends waited on during the run. */
    dbWaits?: { busyBackends: number; top: { wait: string; share: number }[] };
  };
  /**
   * Each measured account's first request with its token (GET /api/me), before the filings: the
   * token is not yet in the server's cache (a look-up and a `last_used_at` write). The filings
   * then find it cached and touched within the minute.
   */
  firstTokenUse: {
    rps: number;
    p50Ms: number;
    p99Ms: number;
    requests: number;
    errors: number;
    non2xx: number;
    timeouts: number;
    statuses: Record<string, number>;
  };
  /**
   * The open days read at the top level right after the filings (before the server computed them
   * ahead); ratio: the p50 against the bare SQL's p95.
   */
  kpiAfterRush: LatencyFigures & { ratio: number; firstError?: string };
  /** The same reports filed again at once (corrections), against the same baseline. */
  corrections: {
    rps: number;
    p50Ms: number;
    p99Ms: number;
    errors: number;
    non2xx: number;
    statuses: Record<string, number>;
    ratio: number;
  };
  kpi: {
    p50Ms: number;
    p95Ms: number;
    baselineP50Ms: number;
    baselineP95Ms: number;
    ratio: number;
    byLevel: Record<string, LatencyFigures>;
    failures: number;
    firstError?: string;
    /** `tongchou kpis precompute` on the loaded data, before the measurements (s). */
    precomputeSeconds: number;
  };
  search: {
    p50Ms: number;
    p95Ms: number;
    baselineP95Ms: number;
    ratio: number;
    byKind: Record<string, LatencyFigures>;
  };
  rss: { restMb: number; loadMb: number };
  coldStartMs: number;
  notes: string[];
}

interface KpiCase {
  level: string;
  asOf: string;
  division: string | null;
  codes: string[] | null;
}

/**
 * The accounts' open days not yet filed as (account, day) pairs, today first: the ingestion run
 * files each once (a first filing, the same row the bare baseline inserts); past the last pair it
 * would refile.
 */
function filingPairs(accounts: IngestAccount[]) {
  const days = [...new Set(accounts.flatMap((a) => a.dates))].sort().reverse();
  return days.flatMap((date) => accounts.filter((a) => a.dates.includes(date)).map((a) => ({ a, date })));
}

/** The accounts whose filings warm the server up (as filing pairs), and the measured ones. */
function warmUpSplit(accounts: IngestAccount[]) {
  const every = Math.round(1 / WARM_UP_SHARE);
  return {
    warm: filingPairs(accounts.filter((_, i) => i % every === every - 1)),
    measured: accounts.filter((_, i) => i % every !== every - 1),
  };
}

/** Filing bodies for `pairs` in order, then round again (refilings: corrections). */
function filings(rng: Rng, pairs: ReturnType<typeof filingPairs>): () => NextRequest {
  const habits = reportHabits(rng, { aboveScale: false, industryCode: '0000' });
  let i = 0;
  return () => {
    const { a, date } = pairs[i++ % pairs.length];
    const { values, zero } = reportValues(rng, a, habits, addDays(date, -12), date);
    return {
      headers: { authorization: `Bearer ${a.token}` },
      body: { enterpriseId: a.enterpriseId, date, zero, values },
    };
  };
}

/** The same bodies for the bare baseline, on days of 2021 on (never clashing with real reports). */
function bareFilings(rng: Rng, enterprises: { id: number; normalWorkforce: number }[]): () => NextRequest {
  const habits = reportHabits(rng, { aboveScale: false, industryCode: '0000' });
  let i = 0;
  return () => {
    const e = enterprises[i % enterprises.length];
    const date = addDays('2021-01-01', Math.floor(i / enterprises.length));
    i++;
    const { values, zero } = reportValues(rng, e, habits, addDays(date, -12), date);
    return { body: { enterpriseId: e.id, date, zero, values } };
  };
}

function kpiUrl(base: string, c: KpiCase): string {
  const q = new URLSearchParams({ asOf: c.asOf });
  if (c.division) q.set('division', c.division);
  return `${base}/api/kpis?${q}`;
}

function searchUrl(base: string, q: string): string {
  return `${base}/api/enterprises?${new URLSearchParams({ q, pageSize: '20' })}`;
}

async function timeKpi(base: string, token: string, cases: KpiCase[]) {
  const t = await timeGets(
    cases.map((c) => kpiUrl(base, c)),
    { authorization: `Bearer ${token}` },
  );
  const { all, by } = grouped(
    t,
    cases.map((c) => c.level),
  );
  return { all: { ...all, ...(t.firstError ? { firstError: t.firstError } : {}) }, byLevel: by };
}

async function timeSearch(base: string, token: string, terms: { kind: string; q: string }[]) {
  const t = await timeGets(
    terms.map((x) => searchUrl(base, x.q)),
    { authorization: `Bearer ${token}` },
  );
  const { all, by } = grouped(
    t,
    terms.map((x) => x.kind),
  );
  return { all, byKind: by };
}

/**
 * The runs against the server under test, in order: cold start, RSS at rest, ingestion, KPIs,
 * search (RSS sampled throughout), then stop.
 */
/**
 * Samples what the bench database's backends wait on (pg_stat_activity, every 100 ms) while the
 * ingestion runs: where the time of a filing goes when it is not the server's CPU.
 */
function waitSampler(url: string) {
  const client = new pg.Client({ connectionString: url });
  const counts = new Map<string, number>();
  let samples = 0;
  let timer: NodeJS.Timeout | undefined;
  const ready = client.connect().then(() => {
    timer = setInterval(async () => {
      const r = await client
        .query(
          `select case when state = 'idle in transaction' then 'idle in transaction (server busy)'
             else coalesce(wait_event_type || ':' || wait_event, 'running') end as w, left(query, 40) as q
           from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
        )
        .catch(() => ({ rows: [] as { w: string; q: string }[] }));
      samples++;
      for (const x of r.rows) {
        const key = x.w.startsWith('Lock:advisory') ? `${x.w} (${x.q.trim()})` : x.w;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }, 100);
  });
  return {
    async stop() {
      await ready;
      clearInterval(timer);
      await client.end();
      const total = [...counts.values()].reduce((s, n) => s + n, 0);
      return {
        /** Mean number of busy backends. */
        busyBackends: round1(total / Math.max(1, samples)),
        top: [...counts.entries()]
          .sort((x, y) => y[1] - x[1])
          .slice(0, 6)
          .map(([wait, n]) => ({ wait, share: round2(n / Math.max(1, total)) })),
      };
    },
  };
}

async function measureServer(
  env: Record<string, string>,
  accounts: IngestAccount[],
  commanderToken: string,
  kpiCases: KpiCase[],
  searchTerms: { kind: string; q: string }[],
  today: string,
) {
  const server = await startServer(env, await freePort());
  try {
    const notes: string[] = [];
    if (/Building the web app|rebuilding/.test(server.output()))
      notes.push('cold start included a build of the web app');
    await sleep(3000);
    const restMb = rssMb(server.pid);
    const peak = rssPeak(server.pid);
    // Warmed up first (load.ts, postLoad) with first filings of a tenth of the accounts, on the
    // connections the measured filings then use.
    const { warm, measured } = warmUpSplit(accounts);
    const pairs = filingPairs(measured);
    // Before that, each account's token is used once (GET /api/me), so the measured filings find
    // it cached and touched less than a minute before, as on a running instance: a token's first
    // request (after a start, or in a minute) costs a look-up and/or a `last_used_at` write,
    // which in the filings run would fall on its first half second (about 1,300 requests of the
    // city's 5,000). Timed apart (firstTokenUse), after the warm-up accounts' own first uses (the
    // commander's token if there are none).
    const warmAccounts: { token: string }[] = [...new Set(warm.map((x) => x.a))];
    if (!warmAccounts.length) warmAccounts.push({ token: commanderToken });
    const warmUses = Array.from(
      { length: Math.max(warmAccounts.length, CONNECTIONS) },
      (_, i) => warmAccounts[i % warmAccounts.length],
    );
    log(
      `first use of each token: GET /api/me, ${CONNECTIONS} connections, ${warmUses.length} to warm up, then the ${measured.length} measured accounts' …`,
    );
    const tokenUses = [...warmUses, ...measured];
    let nextUse = 0;
    const firstTokenUse = await postLoad({
      url: `${server.base}/api/me`,
      method: 'GET',
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmUp: warmUses.length,
      amount: measured.length,
      next: () => ({ headers: { authorization: `Bearer ${tokenUses[nextUse++ % tokenUses.length].token}` } }),
    });
    log(
      `  ${firstTokenUse.rps} req/s, p50 ${firstTokenUse.p50Ms} ms, p99 ${firstTokenUse.p99Ms} ms, ${JSON.stringify(firstTokenUse.statuses)}`,
    );
    log(
      `ingestion: ${CONNECTIONS} connections, ${warm.length} first filings to warm up, then ${pairs.length} measured (${measured.length} enterprise tokens, the open days each has not filed), each once …`,
    );
    const waits = env.DATABASE_URL ? waitSampler(env.DATABASE_URL) : null;
    const ingest = await postLoad({
      url: `${server.base}/api/daily-reports`,
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmUp: warm.length,
      amount: pairs.length,
      next: filings(createRng(7), [...warm, ...pairs]),
    });
    const dbWaits = await waits?.stop();
    if (dbWaits) log(`  database backends during ingestion: ${JSON.stringify(dbWaits)}`);
    log(
      `  ${ingest.rps} req/s, p50 ${ingest.p50Ms} ms, p99 ${ingest.p99Ms} ms, ${JSON.stringify(ingest.statuses)}`,
    );
    // Each open day at the top level read right after the rush: the server has computed ahead at
    // most the districts that went quiet before its end (it waits for each district's changes to
    // stop, and for all changes to pause), so the readings compute the others themselves.
    // Reported apart (kpiAfterRush), before the corrections, which change every open day again.
    const top = kpiCases[0].level;
    const rushCases = [0, 1, 2, 3].map(
      (i): KpiCase => ({
        level: top,
        asOf: addDays(today, -i),
        division: null,
        codes: null,
      }),
    );
    log(`KPIs right after the rush: the ${rushCases.length} open days, ${top} level …`);
    const kpiAfterRush = await timeKpi(server.base, commanderToken, rushCases);
    log(`  p50 ${kpiAfterRush.all.p50Ms} ms, max ${kpiAfterRush.all.maxMs} ms`);
    // The same reports filed again with other values: each is a correction (a new revision).
    const filed = pairs.slice(0, Math.min(pairs.length, ingest.requests));
    log(
      `corrections: ${CONNECTIONS} connections for ${SECONDS} s over the ${filed.length} reports just filed …`,
    );
    const corrections = await postLoad({
      url: `${server.base}/api/daily-reports`,
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmUp: warm.length,
      next: filings(createRng(9), filed),
    });
    log(
      `  ${corrections.rps} req/s, p50 ${corrections.p50Ms} ms, p99 ${corrections.p99Ms} ms, ${JSON.stringify(corrections.statuses)}`,
    );
    // The dashboards read a few seconds after the corrections stopped, as at any moment of a
    // working morning, not within the same second as the last of 5,000 filings (that is
    // kpiAfterRush). The server meanwhile computes what the rush changed, once it has stopped.
    log(
      `KPIs: ${kpiCases.length} requests, ${KPI_SETTLE_MS / 1000} s after the corrections, after one to warm up …`,
    );
    await sleep(KPI_SETTLE_MS);
    // As the bare SQL (bareKpiTimes): one reading before the timed ones, of a day none of them asks
    // for, so the first timed one does not include compiling the route's code.
    await timeKpi(server.base, commanderToken, [KPI_WARM_UP]);
    const kpi = await timeKpi(server.base, commanderToken, kpiCases);
    log(
      `  p50 ${kpi.all.p50Ms} ms, p95 ${kpi.all.p95Ms} ms${kpi.all.failures ? `, ${kpi.all.failures} failed` : ''}`,
    );
    log(`search: ${searchTerms.length} requests …`);
    const search = await timeSearch(server.base, commanderToken, searchTerms);
    log(`  p50 ${search.all.p50Ms} ms, p95 ${search.all.p95Ms} ms`);
    const loadMb = peak.stop();
    return {
      server,
      coldStartMs: server.startMs,
      restMb,
      loadMb,
      firstTokenUse,
      ingest,
      kpiAfterRush,
      corrections,
      dbWaits,
      kpi,
      search,
      notes,
    };
  } finally {
    await stopChild(server);
  }
}

async function baselineIngest(
  env: Record<string, string>,
  enterprises: { id: number; normalWorkforce: number }[],
  seconds: number,
  part: string,
  warmUp: number,
) {
  let base: Child | undefined;
  try {
    base = await startBaseline(env, await freePort());
    log(
      `baseline ingestion (bare fastify + driver), ${part}: ${CONNECTIONS} connections, ${warmUp} inserts to warm up (as the server's warm-up files), then ${seconds} s …`,
    );
    const r = await postLoad({
      url: `${base.base}/ingest`,
      connections: CONNECTIONS,
      seconds,
      warmUp,
      next: bareFilings(createRng(8), enterprises),
    });
    log(`  ${r.rps} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
    return r;
  } finally {
    // Stopping deletes the rows it wrote, so the second half starts from the same table.
    if (base) await stopChild(base);
  }
}

/**
 * The baseline's two halves (one run before the server's, one after) taken together, so that a
 * machine that is busier in one part of the script weighs on both sides of the ratio alike.
 */
function bothHalves(a: IngestFigures, b: IngestFigures): IngestFigures {
  const statuses: Record<string, number> = { ...a.statuses };
  for (const [k, n] of Object.entries(b.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
  const seconds = a.seconds + b.seconds;
  const requests = a.requests + b.requests;
  return {
    rps: Math.round(requests / seconds),
    p50Ms: round1((a.p50Ms + b.p50Ms) / 2),
    p99Ms: round1((a.p99Ms + b.p99Ms) / 2),
    requests,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    non2xx: a.non2xx + b.non2xx,
    statuses,
    seconds,
    halves: [a.rps, b.rps],
  };
}

/** The reading that warms up the KPI route and the bare SQL: a settled day before the window. */
const KPI_WARM_UP: KpiCase = { level: 'warm-up', asOf: '2020-02-09', division: null, codes: null };

/** The bare SQL of each KPI case, timed, after one untimed run (KPI_WARM_UP). */
async function bareKpiTimes(query: Query, cases: KpiCase[]) {
  await bareKpi(query, KPI_WARM_UP.asOf, KPI_WARM_UP.codes);
  return timeEach(cases, (c) => bareKpi(query, c.asOf, c.codes));
}

function kpiCasesFor(
  rng: Rng,
  tree: DivisionTree,
  window: { from: string; to: string },
  n: number,
  top: string,
) {
  const days: string[] = [];
  for (let d = window.from; d <= window.to; d = addDays(d, 1)) days.push(d);
  const cities = [...tree.byCode.values()].filter((d) => d.level === 'city').map((d) => d.code);
  const districts = tree.districts().map((d) => d.code);
  const cases: KpiCase[] = [];
  for (let i = 0; i < n; i++) {
    const asOf = rng.pick(days);
    const level = i % 3;
    if (level === 0) cases.push({ level: top, asOf, division: null, codes: null });
    else if (level === 1 && top === 'province') {
      const c = rng.pick(cities);
      cases.push({ level: 'city', asOf, division: c, codes: tree.descendants(c) });
    } else {
      const d = rng.pick(districts);
      cases.push({ level: 'district', asOf, division: d, codes: tree.descendants(d) });
    }
  }
  return cases;
}

/**
 * The KPI figures of settled days precomputed as the server's scheduler (or `tongchou kpis
 * precompute`) does after a load, timed: the KPI measurements then read them from kpi_day_cells.
 */
async function precomputeKpis(database: Database, clock: Clock): Promise<number> {
  const tree = new DivisionTree(await database.db.select().from(schema.divisions));
  const ctx = systemCtx(
    { db: database.db, clock, tree, ref: await loadReference(database.db), scoper: createScoper(tree) },
    'bench',
  );
  const started = performance.now();
  const r = await precomputeKpiCells(ctx);
  const seconds = round1((performance.now() - started) / 1000);
  log(
    `precomputed the KPI figures of ${r.days} settled days (${r.from} … ${r.to}): ${r.cells} cells, ${seconds} s`,
  );
  return seconds;
}

function summarize(
  database: ScaleResult['database'],
  scale: ScaleResult['scale'],
  m: Awaited<ReturnType<typeof measureServer>>,
  base: IngestFigures,
  bare: { kpi: LatencyFigures; search: LatencyFigures },
  precomputeSeconds: number,
): ScaleResult {
  return {
    database,
    scale,
    ingest: {
      rps: m.ingest.rps,
      p50Ms: m.ingest.p50Ms,
      p99Ms: m.ingest.p99Ms,
      errors: m.ingest.errors,
      timeouts: m.ingest.timeouts,
      non2xx: m.ingest.non2xx,
      statuses: m.ingest.statuses,
      baselineRps: base.rps,
      baselineHalvesRps: base.halves ?? [],
      baselineP99Ms: base.p99Ms,
      ratio: round2(m.ingest.rps / base.rps),
      ...(m.dbWaits ? { dbWaits: m.dbWaits } : {}),
    },
    firstTokenUse: {
      rps: m.firstTokenUse.rps,
      p50Ms: m.firstTokenUse.p50Ms,
      p99Ms: m.firstTokenUse.p99Ms,
      requests: m.firstTokenUse.requests,
      errors: m.firstTokenUse.errors,
      non2xx: m.firstTokenUse.non2xx,
      timeouts: m.firstTokenUse.timeouts,
      statuses: m.firstTokenUse.statuses,
    },
    kpiAfterRush: {
      ...m.kpiAfterRush.all,
      ratio: round2(m.kpiAfterRush.all.p50Ms / bare.kpi.p95Ms),
    },
    corrections: {
      rps: m.corrections.rps,
      p50Ms: m.corrections.p50Ms,
      p99Ms: m.corrections.p99Ms,
      errors: m.corrections.errors,
      non2xx: m.corrections.non2xx,
      statuses: m.corrections.statuses,
      ratio: round2(m.corrections.rps / base.rps),
    },
    kpi: {
      p50Ms: m.kpi.all.p50Ms,
      p95Ms: m.kpi.all.p95Ms,
      baselineP50Ms: bare.kpi.p50Ms,
      baselineP95Ms: bare.kpi.p95Ms,
      ratio: round2(m.kpi.all.p95Ms / bare.kpi.p95Ms),
      byLevel: m.kpi.byLevel,
      failures: m.kpi.all.failures,
      ...(m.kpi.all.firstError ? { firstError: m.kpi.all.firstError } : {}),
      precomputeSeconds,
    },
    search: {
      p50Ms: m.search.all.p50Ms,
      p95Ms: m.search.all.p95Ms,
      baselineP95Ms: bare.search.p95Ms,
      ratio: round2(m.search.all.p95Ms / bare.search.p95Ms),
      byKind: m.search.byKind,
    },
    rss: { restMb: m.restMb, loadMb: m.loadMb },
    coldStartMs: m.coldStartMs,
    notes: m.notes,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The newest modification time under a folder. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web app now if `start` would (its sources are newer than the build), so the
 * measured cold start and RSS are the server's, not vite's.
 */
function ensureWebBuilt() {
  const index = path.join(ROOT, 'web', 'dist', 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = ['web/src', 'shared'].map((d) => path.join(ROOT, d)).filter((d) => fs.existsSync(d));
  if (built && sources.every((d) => newestMtime(d) <= built)) return;
  log('building the web app first (its sources changed), so the server start does not …');
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Province scale on PostgreSQL

async function provinceBench(spec: ScaleSpec): Promise<ScaleResult> {
  const db = await createBenchDatabase();
  log(`database ${db.name}${keep ? ' (kept: --keep)' : ''}`);
  const interrupted = async () => {
    if (!keep) await db.drop().catch(() => {});
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    const data = await loadScaleData(db.url, spec);
    log(
      `loaded in ${data.loadSeconds} s: ${JSON.stringify(data.counts)}, reports ${data.window.from} … ${data.window.to}`,
    );
    // JIT off and work_mem as the KPI service sets them: JIT would spend longer compiling than running.
    const pool = new pg.Pool({ connectionString: db.url, max: 2, options: '-c jit=off -c work_mem=64MB' });
    pool.on('error', (err) => log(`bench database connection lost: ${err.message}`));
    const query: Query = (text, params) => pool.query(text, params);
    const divisions = (await pool.query('select code, name, name_en, parent_code, level from divisions'))
      .rows;
    const tree = new DivisionTree(
      divisions.map((d) => ({
        code: d.code,
        name: d.name,
        nameEn: d.name_en,
        parentCode: d.parent_code,
        level: d.level,
      })),
    );
    const cases = kpiCasesFor(createRng(5), tree, data.window, KPI_SAMPLES, 'province');
    const ents = (await pool.query('select id, normal_workforce from enterprises order by id')).rows.map(
      (r) => ({
        id: r.id as number,
        normalWorkforce: r.normal_workforce as number,
      }),
    );
    const benchDb = openPostgres(db.url, 2);
    const precomputeSeconds = await precomputeKpis(benchDb, createClock(BENCH_CLOCK));
    await benchDb.close();
    const env = { DATABASE_URL: db.url, TONGCHOU_CLOCK: BENCH_CLOCK, TONGCHOU_SEED_DEMO: 'never' };
    const warmUp = warmUpSplit(data.accounts).warm.length;
    const before = await baselineIngest(env, ents, Math.ceil(SECONDS / 2), 'first half', warmUp);
    await pool.query('vacuum analyze daily_reports');

    ensureWebBuilt();
    const m = await measureServer(
      env,
      data.accounts,
      data.commanderToken,
      cases,
      data.searchTerms.slice(0, SEARCH_SAMPLES),
      BENCH_TODAY,
    );
    const base = bothHalves(
      before,
      await baselineIngest(env, ents, Math.ceil(SECONDS / 2), 'second half', warmUp),
    );
    // Right after the HTTP runs, on the same data and a machine in the same state.
    log('bare SQL: KPI figures and search …');
    const bare = {
      kpi: await bareKpiTimes(query, cases),
      search: await timeEach(data.searchTerms.slice(0, SEARCH_SAMPLES), (t) => bareSearch(query, t.q)),
    };
    log(`  KPI p95 ${bare.kpi.p95Ms} ms, search p95 ${bare.search.p95Ms} ms`);
    await pool.end();
    return summarize(
      'postgres',
      {
        ...data.counts,
        cities: data.cities.length,
        reportDays: Math.round((Date.parse(data.window.to) - Date.parse(data.window.from)) / 86_400_000) + 1,
        loadSeconds: data.loadSeconds,
      },
      m,
      base,
      bare,
      precomputeSeconds,
    );
  } finally {
    process.off('SIGINT', interrupted);
    if (!keep) await db.drop();
    else log(`kept ${db.url}`);
  }
}

// ---------------------------------------------------------------------------------------------
// City scale on the embedded PGlite (the seeded demo city)

function hashOf(paths: string[]): string {
  const h = createHash('sha256');
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const f of fs.readdirSync(p).sort()) walk(path.join(p, f));
    else if (!p.endsWith('.test.ts')) h.update(p).update(fs.readFileSync(p));
  };
  for (const p of paths) walk(path.join(ROOT, p));
  return h.digest('hex').slice(0, 12);
}

/**
 * A data directory with the demo city seeded, cached in .tmp/bench by a hash of the migrations
 * and the demo generator (seeding takes a minute or two; copying the cache a second).
 */
function demoDataDir(): string {
  const key = hashOf([
    'server/db/migrations',
    'server/demo',
    'server/db/reference-seed.ts',
    'server/db/upkeep.ts',
  ]);
  const cache = path.join(ROOT, '.tmp', 'bench', `demo-${key}`);
  if (!fs.existsSync(path.join(cache, 'ready'))) {
    // Caches of older migrations or demo generators are of no more use.
    for (const old of fs.existsSync(path.dirname(cache)) ? fs.readdirSync(path.dirname(cache)) : [])
      if (old.startsWith('demo-'))
        fs.rmSync(path.join(path.dirname(cache), old), { recursive: true, force: true });
    log(`seeding the demo city into ${path.relative(ROOT, cache)} (once per migration/demo change) …`);
    execFileSync(process.execPath, ['bin/tongchou.js', 'seed', 'demo'], {
      cwd: ROOT,
      env: { ...process.env, TONGCHOU_DATA_DIR: cache, LOG_LEVEL: 'warn', DATABASE_URL: '' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    fs.writeFileSync(path.join(cache, 'ready'), new Date().toISOString());
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-bench-city-'));
  fs.cpSync(cache, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'ready'));
  return dir;
}

async function cityBench(accountsWanted: number): Promise<ScaleResult> {
  const dataDir = demoDataDir();
  try {
    // With no server running, the bench opens the database itself: accounts, tokens, bare SQL.
    const database = await openPglite(path.join(dataDir, 'pglite'));
    const { db } = database;
    const lite = database.lite!;
    const query: Query = (text, params) => lite.query(text, params) as ReturnType<Query>;
    const tree = new DivisionTree(await db.select().from(schema.divisions));
    const clock = createManualClock(CITY_CLOCK);
    const base = systemCtx(
      { db, clock, tree, ref: await loadReference(db), scoper: createScoper(tree) },
      'bench',
    );
    const resumed = await rows<{ id: number; normal_workforce: number }>(
      db,
      sql`select id, normal_workforce from enterprises where archived_at is null
        and ${sql.join(
          [0, 1, 2, 3].map((i) => resumedOnSql(addDays(CITY_TODAY, -i))),
          sql` and `,
        )} order by id`,
    );
    const step = Math.max(1, Math.floor(resumed.length / accountsWanted));
    const chosen = resumed.filter((_, i) => i % step === 0).slice(0, accountsWanted);
    const hash = await hashPassword(DEMO_PASSWORD);
    const created = clock.now();
    const users = await db
      .insert(schema.users)
      .values(
        chosen.map((e) => ({
          username: `bench-ent-${e.id}`,
          displayName: '压测填报员',
          role: 'enterprise' as const,
          enterpriseId: e.id,
          passwordHash: hash,
          passwordChangedAt: created,
          createdAt: created,
          updatedAt: created,
        })),
      )
      .returning();
    const tokenFor = async (u: typeof schema.users.$inferSelect) => {
      const actor = toActor(u, 'token');
      return (await createToken({ ...base, actor }, actor, { name: 'bench' })).token;
    };
    // Each account files the open days its enterprise has not filed (today and the two days before
    // it, and the demo's today where the demo left it unfiled): first filings, as in the province run.
    const dates = [0, 1, 2, 3].map((i) => addDays(CITY_TODAY, -i));
    const filed = new Set(
      (
        await rows<{ key: string }>(
          db,
          sql`select enterprise_id || ':' || date as key from daily_reports where date >= ${dates[3]}::date`,
        )
      ).map((x) => x.key),
    );
    const accounts: IngestAccount[] = [];
    for (const u of users) {
      const open = dates.filter((d) => !filed.has(`${u.enterpriseId}:${d}`));
      if (!open.length) continue;
      accounts.push({
        enterpriseId: u.enterpriseId!,
        normalWorkforce: chosen.find((e) => e.id === u.enterpriseId)!.normal_workforce,
        token: await tokenFor(u),
        dates: open,
      });
    }
    const [commander] = await db
      .select()
      .from(schema.users)
      .where(sql`${schema.users.username} = 'commander'`);
    const commanderToken = await tokenFor(commander);
    // As in the province load: the scheduled work of the days since the demo's today done, and no
    // sealing backlog for the server under test.
    log(await catchUpScheduledWork(base));
    await sealAuditChain(db, { wait: true });
    const rng = createRng(11);
    const names = await rows<{ name: string; uscc: string }>(
      db,
      sql`select name, uscc from enterprises order by id`,
    );
    const terms: { kind: 'name' | 'initials'; q: string }[] = [];
    for (let i = 0; i < SEARCH_SAMPLES; i++) {
      const e = rng.pick(names);
      if (i % 2 === 0) {
        const len = rng.int(2, 4);
        const at = rng.int(0, Math.max(0, e.name.length - len));
        terms.push({ kind: 'name', q: e.name.slice(at, at + len) });
      } else {
        const initials = searchTextOf(e.name, e.uscc).split(' ')[2] ?? '';
        const len = Math.min(initials.length, rng.int(3, 5));
        const at = rng.int(0, Math.max(0, initials.length - len));
        terms.push({ kind: 'initials', q: initials.slice(at, at + len) });
      }
    }
    const cases = kpiCasesFor(rng, tree, { from: '2020-02-10', to: CITY_TODAY }, KPI_SAMPLES, 'city');
    const precomputeSeconds = await precomputeKpis(database, clock);
    // Statistics of what the bench wrote (accounts, tokens, the scheduled work, cells), as the
    // server's upkeep would gather them: the bare SQL and the server then plan on the same footing.
    const upkept = await upkeep(database);
    log(`VACUUM (ANALYZE) of ${upkept?.tables.length ?? 0} tables: ${upkept?.ms ?? 0} ms`);
    log('bare SQL on PGlite: KPI figures and search …');
    const bare = {
      kpi: await bareKpiTimes(query, cases),
      search: await timeEach(terms, (t) => bareSearch(query, t.q)),
    };
    log(`  KPI p95 ${bare.kpi.p95Ms} ms, search p95 ${bare.search.p95Ms} ms`);
    const [{ n: enterprises }] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from enterprises`,
    );
    const [{ n: reports }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from daily_reports`);
    const ents = resumed.map((e) => ({ id: e.id, normalWorkforce: e.normal_workforce }));
    await database.close();

    const liteEnv = { BENCH_PGLITE_DIR: path.join(dataDir, 'pglite') };
    const warmUp = warmUpSplit(accounts).warm.length;
    const before = await baselineIngest(liteEnv, ents, Math.ceil(SECONDS / 2), 'first half', warmUp);
    ensureWebBuilt();
    const m = await measureServer(
      { TONGCHOU_DATA_DIR: dataDir, DATABASE_URL: '', TONGCHOU_CLOCK: CITY_CLOCK },
      accounts,
      commanderToken,
      cases,
      terms,
      CITY_TODAY,
    );
    const baseline = bothHalves(
      before,
      await baselineIngest(liteEnv, ents, Math.ceil(SECONDS / 2), 'second half', warmUp),
    );
    return summarize(
      'pglite',
      { enterprises, reports, accounts: accounts.length },
      m,
      baseline,
      bare,
      precomputeSeconds,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const ms = (n: number) => `${n} ms`;
const yes = (ok: boolean) => (ok ? 'met' : '**not met**');

function table(results: Record<string, any>): string {
  const lines = ['| measurement | value | baseline | ratio | goal |', '|---|---|---|---|---|'];
  const r = results.import;
  if (r)
    lines.push(
      `| import ${r.rows} rows (.xlsx ${r.fileMb} MB), PGlite | ${(r.importMs / 1000).toFixed(1)} s | bare INSERT ${(r.baselineMs / 1000).toFixed(1)} s | ${r.ratio}× | < 30 s: ${yes(r.importMs < 30_000)} |`,
    );
  for (const key of ['province', 'city'] as const) {
    const s: ScaleResult | undefined = results[key];
    if (!s) continue;
    const where =
      key === 'province'
        ? `PostgreSQL, ${s.scale.enterprises.toLocaleString('en-US')} enterprises, ${Number(s.scale.reports).toLocaleString('en-US')} reports`
        : `PGlite, demo city ${s.scale.enterprises.toLocaleString('en-US')} enterprises`;
    const i = s.ingest;
    lines.push(
      `| ingest POST /api/daily-reports, ${CONNECTIONS} conns (${where}) | ${i.rps} req/s, p50 ${ms(i.p50Ms)}, p99 ${ms(i.p99Ms)}, errors ${i.errors} (timeouts ${i.timeouts}), non-2xx ${i.non2xx} | bare fastify+driver ${i.baselineRps} req/s${i.baselineHalvesRps?.length ? ` (before ${i.baselineHalvesRps[0]}, after ${i.baselineHalvesRps[1]})` : ''}, p99 ${ms(i.baselineP99Ms)} | ${i.ratio} | ≥ 0.6: ${yes(i.ratio >= 0.6)}; p99 < 50 ms: ${yes(i.p99Ms < 50)} |`,
    );
    const t = s.firstTokenUse;
    if (t)
      lines.push(
        `| — before them, each account's first request with its token (GET /api/me, ${t.requests} tokens not yet cached) | ${t.rps} req/s, p50 ${ms(t.p50Ms)}, p99 ${ms(t.p99Ms)}, errors ${t.errors} (timeouts ${t.timeouts ?? 0}), non-2xx ${t.non2xx} | | | — |`,
      );
    const c = s.corrections;
    if (c)
      lines.push(
        `| — corrections: the same reports filed again | ${c.rps} req/s, p50 ${ms(c.p50Ms)}, p99 ${ms(c.p99Ms)}, errors ${c.errors}, non-2xx ${c.non2xx} | (the same) | ${c.ratio} | — |`,
      );
    const k = s.kpi;
    lines.push(
      `| KPIs GET /api/kpis, random days (${Object.keys(k.byLevel).join('/')}) | p50 ${ms(k.p50Ms)}, p95 ${ms(k.p95Ms)}${k.failures ? `, ${k.failures} failed` : ''} | bare SQL p50 ${ms(k.baselineP50Ms)}, p95 ${ms(k.baselineP95Ms)} | ${k.ratio} | p95 ≤ 100 ms: ${yes(k.p95Ms <= 100)}; ≤ 2× bare: ${yes(k.ratio <= 2)} |`,
    );
    for (const [level, f] of Object.entries(k.byLevel))
      lines.push(`| — KPIs, ${level} level | p50 ${ms(f.p50Ms)}, p95 ${ms(f.p95Ms)} | | | |`);
    const a = s.kpiAfterRush;
    if (a)
      lines.push(
        `| — KPIs right after the filings: the ${a.n} open days, top level, within a second of the rush (what the server computed ahead is only the districts that went quiet) | p50 ${ms(a.p50Ms)}, max ${ms(a.maxMs)}${a.failures ? `, ${a.failures} failed` : ''} | bare SQL p95 ${ms(k.baselineP95Ms)} | ${a.ratio} (p50) | — |`,
      );
    lines.push(`| — KPI figures of settled days precomputed | ${k.precomputeSeconds} s | | | |`);
    const q = s.search;
    lines.push(
      `| search GET /api/enterprises?q= (name, pinyin initials) | p50 ${ms(q.p50Ms)}, p95 ${ms(q.p95Ms)} | bare SQL p95 ${ms(q.baselineP95Ms)} | ${q.ratio} | — |`,
    );
    for (const [kind, f] of Object.entries(q.byKind))
      lines.push(`| — search by ${kind} | p50 ${ms(f.p50Ms)}, p95 ${ms(f.p95Ms)} | | | |`);
    lines.push(
      `| server RSS (${s.database}) | at rest ${s.rss.restMb} MB, under load ${s.rss.loadMb} MB | | | |`,
    );
    lines.push(
      `| cold start, existing ${s.database === 'pglite' ? 'data directory' : 'database'} | ${(s.coldStartMs / 1000).toFixed(1)} s | | | |`,
    );
  }
  return lines.join('\n');
}

async function machine() {
  let postgres = 'n/a';
  try {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    postgres = (await c.query('show server_version')).rows[0].server_version;
    await c.end();
  } catch {
    // no PostgreSQL: the province run will fail and say so
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memoryGb: round1(os.totalmem() / 1024 ** 3),
    node: process.version,
    postgres,
  };
}

async function main() {
  const started = Date.now();
  const results: Record<string, any> = {
    at: new Date().toISOString(),
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    quick,
    machine: await machine(),
    loadAverageAtStart: os.loadavg().map(round1),
  };
  const spec = quick ? QUICK_SPEC : FULL_SPEC;
  if (only.has('import')) {
    log('import: 10,000 enterprises from .xlsx on PGlite …');
    results.import = await importBench();
  }
  if (only.has('province')) {
    log(
      `province scale on PostgreSQL: ${spec.enterprises.toLocaleString('en-US')} enterprises × ${spec.days} days …`,
    );
    results.province = await provinceBench(spec);
  }
  if (only.has('city')) {
    log('city scale on PGlite: the demo city …');
    results.city = await cityBench(quick ? 300 : 2000);
  }
  const p: ScaleResult | undefined = results.province ?? results.city;
  if (p) {
    results.ingest = {
      rps: p.ingest.rps,
      p50Ms: p.ingest.p50Ms,
      p99Ms: p.ingest.p99Ms,
      baselineRps: p.ingest.baselineRps,
      ratio: p.ingest.ratio,
      correctionsRps: p.corrections.rps,
      correctionsRatio: p.corrections.ratio,
    };
    results.kpi = {
      p50Ms: p.kpi.p50Ms,
      p95Ms: p.kpi.p95Ms,
      baselineP95Ms: p.kpi.baselineP95Ms,
      ratio: p.kpi.ratio,
      precomputeSeconds: p.kpi.precomputeSeconds,
    };
    results.search = { p50Ms: p.search.p50Ms, p95Ms: p.search.p95Ms };
    results.rssMb = p.rss.loadMb;
    results.scale = { enterprises: p.scale.enterprises, reports: p.scale.reports };
  }
  results.loadAverageAtEnd = os.loadavg().map(round1);
  results.seconds = Math.round((Date.now() - started) / 1000);
  console.log(`\n${table(results)}\n`);
  console.log(
    `${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, Node ${results.machine.node}, PostgreSQL ${results.machine.postgres}; load average ${results.loadAverageAtStart.join(' ')} → ${results.loadAverageAtEnd.join(' ')}; ${results.seconds} s`,
  );
  const out = path.join(ROOT, 'bench', 'results', 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

await main();
