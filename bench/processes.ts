/** Child processes of the bench: the server under test (as a user runs it) and the bare baseline. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { sleep } from './util';

export interface Child {
  child: ChildProcess;
  pid: number;
  base: string;
  /** Milliseconds from spawn until the health check first answered. */
  startMs: number;
  output(): string;
}

async function startChild(
  argv: string[],
  env: Record<string, string>,
  port: number,
  healthPath: string,
  timeoutMs = 300_000,
): Promise<Child> {
  let out = '';
  const t0 = performance.now();
  const child = spawn(process.execPath, argv, {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${argv.join(' ')} exited early:\n${out}`);
    try {
      if ((await fetch(`${base}${healthPath}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${argv.join(' ')} did not start:\n${out}`);
    }
    await sleep(50);
  }
  return { child, pid: child.pid!, base, startMs: Math.round(performance.now() - t0), output: () => out };
}

/** `node bin/tongchou.js start` with the given environment (DATABASE_URL or TONGCHOU_DATA_DIR, clock…). */
export function startServer(
  env: Record<string, string>,
  port: number,
  nodeArgs: string[] = [],
): Promise<Child> {
  // BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  return startChild(
    [...profile, ...nodeArgs, 'bin/tongchou.js', 'start'],
    { LOG_LEVEL: 'warn', ...env },
    port,
    '/api/health',
  );
}

/** The bare fastify + driver endpoint of bench/baseline-server.ts. */
export function startBaseline(env: Record<string, string>, port: number): Promise<Child> {
  return startChild(['--import', 'tsx', 'bench/baseline-server.ts'], env, port, '/health', 60_000);
}

/** SIGTERM, then SIGKILL after 30 s. */
export async function stopChild(c: Child): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  const exited = new Promise((r) => c.child.once('exit', r));
  c.child.kill('SIGTERM');
  await Promise.race([exited, sleep(30_000)]);
  if (c.child.exitCode === null && c.child.signalCode === null) {
    c.child.kill('SIGKILL');
    await exited;
  }
}

/** Resident set size of a process in MB (Linux /proc), or NaN when it cannot be read. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak in MB. */
export function rssPeak(pid: number, everyMs = 200) {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (v > peak) peak = v;
  }, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      return Math.max(peak, rssMb(pid) || 0);
    },
  };
}

/** A TCP port free right now (the kernel picks it), for a child to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
