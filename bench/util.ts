/** Small helpers shared by the benchmark scripts: progress lines, percentiles, COPY, timing. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const started = Date.now();

/** A line prefixed with the seconds since the bench started. */
export function log(msg: string): void {
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${msg}`);
}

/**
 * A progress reporter for long loads: rewrites one line on a terminal, else logs every 10%
 * (so CI logs and redirected output stay short).
 */
export function progress(label: string, total: number) {
  const tty = process.stdout.isTTY;
  const t0 = Date.now();
  let lastTenth = -1;
  let lastDraw = 0;
  const draw = (done: number, final = false) => {
    const pct = total > 0 ? Math.min(100, (done / total) * 100) : 100;
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    const line = `  ${label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${pct.toFixed(0)}%, ${secs} s)`;
    if (tty) process.stdout.write(`\r${line}${final ? '\n' : ''}`);
    else if (final || Math.floor(pct / 10) > lastTenth) {
      lastTenth = Math.floor(pct / 10);
      console.log(line);
    }
  };
  return {
    tick(done: number) {
      const now = Date.now();
      if (tty && now - lastDraw < 200) return;
      lastDraw = now;
      draw(done);
    },
    done(done = total) {
      draw(done, true);
    },
  };
}

/** The p-th percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One value in PostgreSQL's COPY text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  const s = v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : JSON.stringify(v);
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/**
 * Streams rows into a table with COPY … FROM STDIN (text format), honouring backpressure.
 * Returns the number of rows written.
 */
export async function copyRows(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
  onCount?: (n: number) => void,
): Promise<number> {
  let n = 0;
  function* lines() {
    let buf = '';
    for (const row of rows) {
      buf += `${row.map(copyValue).join('\t')}\n`;
      n++;
      if (buf.length > 256 * 1024) {
        onCount?.(n);
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from(lines()), stream);
  onCount?.(n);
  return n;
}
