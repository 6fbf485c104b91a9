/** Load generation: autocannon for the ingestion runs, sequential timed requests for reads. */
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
  body: unknown;
}

/**
 * POSTs JSON bodies from `next()` at `connections` concurrent connections for `seconds`, or until
 * `amount` requests have been answered.
 */
export async function postLoad(opts: {
  url: string;
  connections: number;
  seconds: number;
  amount?: number;
  next: () => NextRequest;
}): Promise<IngestFigures> {
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.amount ? { amount: opts.amount } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const n = opts.next();
          return {
            ...req,
            headers: { ...req.headers, 'content-type': 'application/json', ...n.headers },
            body: JSON.stringify(n.body),
          };
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = s.count ?? 0;
  const done = Object.values(statuses).reduce((s, n) => s + n, 0) || result.requests.total;
  return {
    rps: Math.round(done / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: done,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    seconds: round1(result.duration),
  };
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
