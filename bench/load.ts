/** Load generation: autocannon for the ingestion runs, sequential timed requests for reads. */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { percentile, round1 } from './util';

export interface IngestFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors, timeouts included. */
  errors: number;
  /** Requests that got no answer within autocannon's 10 s. */
  timeouts: number;
  /** Responses other than 2xx. */
  non2xx: number;
  /** Responses by status code (201 = first filing, 200 = a correction of an existing report). */
  statuses: Record<string, number>;
  seconds: number;
  /** A baseline run in two halves: each half's req/s. */
  halves?: number[];
}

export interface NextRequest {
  headers?: Record<string, string>;
  /** A POST's JSON body (none for a GET). */
  body?: unknown;
}

/** What a connection's context holds of its request in flight (one at a time: no pipelining). */
interface Timed {
  seq: number;
  at: number;
}

/**
 * POSTs JSON bodies (or sends GETs) from `next()` at `connections` concurrent connections: first `warmUp` requests
 * that are not measured, then, on the same connections, for `seconds` or until `amount` more have
 * been answered. The figures are those of the measured requests, each timed from its write to its
 * response.
 *
 * Why the warm-up shares the connections: a process saturated by 64 connections opened at once
 * answers some of their first requests only after 0.5–1.5 s on this kind of machine — a bare Node
 * http server doing 0.6 ms of work per request does the same, with the load generator on another
 * core and no TCP drops counted — and a freshly started server is still compiling its code (and
 * PGlite its WebAssembly). In a run of a few thousand requests those first ones would be the p99.
 * The baseline is measured the same way. `warmUp` should be at least `connections`: a
 * connection's first request is timed from when its client was set up, connecting included.
 */
export function postLoad(opts: {
  url: string;
  method?: 'POST' | 'GET';
  connections: number;
  seconds: number;
  amount?: number;
  warmUp?: number;
  next: () => NextRequest;
}): Promise<IngestFigures> {
  const method = opts.method ?? 'POST';
  const warmUp = opts.warmUp ?? 0;
  // Per measured request: when it was written, how long its answer took, its status.
  const measured: { at: number; ms: number; status: number }[] = [];
  let issued = 0;
  let warmed = 0;
  let stopTimer: NodeJS.Timeout | undefined;
  return new Promise((resolve, reject) => {
    let measuring = false;
    const measureFor = () => {
      if (measuring) return;
      measuring = true;
      if (!opts.amount) stopTimer = setTimeout(() => tracker.stop(), opts.seconds * 1000);
    };
    const tracker = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        // Stopped by the timer above once the warm-up is done (or by the amount).
        duration: 24 * 3600,
        ...(opts.amount ? { amount: opts.amount + warmUp } : {}),
        requests: [
          {
            method,
            // Called as each request is written (the first of a connection: as it is set up).
            setupRequest: (req, context: object) => {
              const c = context as Timed;
              c.seq = issued++;
              c.at = performance.now();
              const n = opts.next();
              return method === 'GET'
                ? { ...req, headers: { ...req.headers, ...n.headers } }
                : {
                    ...req,
                    headers: { ...req.headers, 'content-type': 'application/json', ...n.headers },
                    body: JSON.stringify(n.body),
                  };
            },
            onResponse: (status: number, _body: unknown, context: object) => {
              const c = context as Timed;
              if (c.seq < warmUp) {
                if (++warmed === warmUp) measureFor();
                return;
              }
              // A warm-up request lost to a connection error never answers: the first measured
              // answer starts the clock then.
              if (!measuring) measureFor();
              measured.push({ at: c.at, ms: performance.now() - c.at, status });
            },
          },
        ],
      },
      (err, result) => {
        clearTimeout(stopTimer);
        if (err) return reject(err);
        trace(measured.map((m) => [Math.round(m.at), tenths(m.ms), m.status]));
        const statuses: Record<string, number> = {};
        for (const m of measured) statuses[m.status] = (statuses[m.status] ?? 0) + 1;
        const ms = measured.map((m) => m.ms);
        const from = measured.reduce((x, m) => Math.min(x, m.at), Number.POSITIVE_INFINITY);
        const to = measured.reduce((x, m) => Math.max(x, m.at + m.ms), 0);
        const seconds = measured.length ? (to - from) / 1000 : 0;
        resolve({
          rps: seconds ? Math.round(measured.length / seconds) : 0,
          p50Ms: round1(percentile(ms, 50)),
          p99Ms: round1(percentile(ms, 99)),
          requests: measured.length,
          // Over the whole run, warm-up included.
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: measured.filter((m) => m.status < 200 || m.status > 299).length,
          statuses,
          seconds: round1(seconds),
        });
      },
    );
    if (warmUp === 0) measureFor();
  });
}

export interface LatencyFigures {
  n: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  failures: number;
}

/** Summarizes a list of latencies (ms). */
export function latencyFigures(ms: number[], failures = 0): LatencyFigures {
  return {
    n: ms.length,
    p50Ms: round1(percentile(ms, 50)),
    p95Ms: round1(percentile(ms, 95)),
    maxMs: round1(Math.max(...ms)),
    failures,
  };
}

const tenths = (ms: number) => Math.round(ms * 10) / 10;

/**
 * BENCH_TRACE=<file>: one line per run of the requests it timed — for a load run
 * [written at (ms), took (ms), status] each, for timed GETs [path and query, took (ms), ok].
 */
function trace(requests: unknown[][]): void {
  if (process.env.BENCH_TRACE) fs.appendFileSync(process.env.BENCH_TRACE, `${JSON.stringify(requests)}\n`);
}

/** GETs each URL in turn (one connection, keep-alive) and times each response to its last byte. */
export async function timeGets(
  urls: string[],
  headers: Record<string, string>,
): Promise<{ ms: number[]; failed: boolean[]; firstError?: string }> {
  const ms: number[] = [];
  const failed: boolean[] = [];
  let firstError: string | undefined;
  for (const url of urls) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const text = await res.text();
    ms.push(performance.now() - t0);
    failed.push(!res.ok);
    if (!res.ok) firstError ??= `${res.status} ${url}: ${text.slice(0, 300)}`;
  }
  trace(urls.map((u, i) => [u.replace(/^https?:\/\/[^/]+/, ''), tenths(ms[i]), !failed[i]]));
  return { ms, failed, ...(firstError ? { firstError } : {}) };
}

/** Figures overall and per group of the timed requests (groups: one label per request). */
export function grouped(t: { ms: number[]; failed: boolean[] }, groups: string[]) {
  const all = latencyFigures(t.ms, t.failed.filter(Boolean).length);
  const by: Record<string, LatencyFigures> = {};
  for (const g of new Set(groups)) {
    const idx = groups.map((x, i) => (x === g ? i : -1)).filter((i) => i >= 0);
    by[g] = latencyFigures(
      idx.map((i) => t.ms[i]),
      idx.filter((i) => t.failed[i]).length,
    );
  }
  return { all, by };
}

/** Times an async function once per input. */
export async function timeEach<T>(inputs: T[], fn: (x: T) => Promise<unknown>): Promise<LatencyFigures> {
  const ms: number[] = [];
  for (const x of inputs) {
    const t0 = performance.now();
    await fn(x);
    ms.push(performance.now() - t0);
  }
  return latencyFigures(ms);
}
