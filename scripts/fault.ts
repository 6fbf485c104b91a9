/**
 * Fault tests (`npm run fault`): what happens to data and service when things break.
 *
 *  1. kill -9 of the server while 1,000 daily reports are being filed: after a restart every
 *     acknowledged report is there, whole (a revision and an audit entry each), and the audit
 *     chain verifies. On the embedded PGlite and on PostgreSQL.
 *  2. PostgreSQL stopped under a running server: requests answer 503 `database_unavailable`, and
 *     succeed again once it is back, without restarting the server.
 *  3. Two server instances on one PostgreSQL: the scheduled jobs (hazard and demand escalation)
 *     act once, not twice, and a report filed on one instance reaches the other's live KPI stream.
 *
 * PostgreSQL runs as a private throw-away cluster (initdb in a temp dir, its own port), so the
 * machine's own server is never stopped. Options: --only=pglite|postgres, --reports=N.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startServer, stopChild } from '../bench/processes';
import { sleep } from '../bench/util';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const REPORTS = Number(args.reports ?? 1000);
const DEMO_PASSWORD = 'Tongchou@2020';
const TODAY = '2020-03-10';
const results: { check: string; ok: boolean; detail: string }[] = [];
const started = Date.now();

function log(msg: string) {
  console.log(`[fault ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${msg}`);
}

function record(check: string, ok: boolean, detail: string) {
  results.push({ check, ok, detail });
  log(`${ok ? 'PASS' : 'FAIL'} ${check}: ${detail}`);
}

// ---------------------------------------------------------------------------------------------
// Processes

const stopServer = stopChild;

function cli(env: Record<string, string>, ...argv: string[]): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, ['bin/tongchou.js', ...argv], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status ?? 1, out: `${err.stdout}${err.stderr}` };
  }
}

/** A private PostgreSQL cluster on its own port and socket directory. */
function privateCluster() {
  const versions = fs.readdirSync('/usr/lib/postgresql').sort();
  const bin = `/usr/lib/postgresql/${versions[versions.length - 1]}/bin`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-fault-pg-'));
  const data = path.join(dir, 'data');
  const port = 55_000 + Math.floor(Math.random() * 400);
  // initdb refuses to run as root; run the cluster as the postgres user when we are root.
  const asPg = process.getuid?.() === 0;
  if (asPg) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (cmd: string, argv: string[]) =>
    asPg
      ? execFileSync('runuser', ['-u', 'postgres', '--', `${bin}/${cmd}`, ...argv], { stdio: 'pipe' })
      : execFileSync(`${bin}/${cmd}`, argv, { stdio: 'pipe' });
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const ctl = (action: 'start' | 'stop') =>
    run(
      'pg_ctl',
      action === 'start'
        ? [
            '-D',
            data,
            '-l',
            path.join(dir, 'log'),
            '-w',
            '-o',
            `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
            'start',
          ]
        : ['-D', data, '-m', 'fast', '-w', 'stop'],
    );
  ctl('start');
  const url = `postgres://postgres@127.0.0.1:${port}/tongchou`;
  return {
    url,
    start: () => ctl('start'),
    stop: () => ctl('stop'),
    async createDatabase() {
      const c = new pg.Client({ connectionString: url.replace('/tongchou', '/postgres') });
      await c.connect();
      await c.query('create database tongchou');
      await c.end();
    },
    destroy() {
      try {
        ctl('stop');
      } catch {
        // already down
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// API

async function session(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    async call(method: string, url: string, body?: unknown, origin = base) {
      return fetch(`${origin}${url}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
  };
}

type Session = Awaited<ReturnType<typeof session>>;

/** Enterprises that must report today and have not yet (the demo clock is 09:00 on 2020-03-10). */
async function missingToday(s: Session, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ids.length < n; page++) {
    const res = await s.call(
      'GET',
      `/api/daily-reports/status?date=${TODAY}&status=missing&pageSize=200&page=${page}`,
    );
    const body = (await res.json()) as { items: { enterpriseId: number }[]; total: number };
    ids.push(...body.items.map((i) => i.enterpriseId));
    if (body.items.length < 200) break;
  }
  return ids.slice(0, n);
}

async function receivedToday(s: Session): Promise<number> {
  const res = await s.call('GET', `/api/daily-reports/completeness?date=${TODAY}`);
  return ((await res.json()) as { total: { received: number } }).total.received;
}

const reportBody = (enterpriseId: number) => ({
  enterpriseId,
  date: TODAY,
  zero: true,
  values: {
    onSiteWorkers: 50,
    returnedToday: 1,
    fromOutsideProvince: 0,
    fromKeyAreas: 0,
    underObservation: 0,
    capacityPct: 75,
  },
});

// ---------------------------------------------------------------------------------------------
// 1. kill -9 while filing

async function killDuringFiling(label: string, env: Record<string, string>, port: number) {
  let server = await startServer(env, port);
  const commander = await session(server.base, 'commander');
  const targets = await missingToday(commander, REPORTS);
  const receivedBefore = await receivedToday(commander);
  log(`${label}: filing ${targets.length} reports, kill -9 after about a third are acknowledged`);
  const acknowledged = new Map<number, number>();
  let refused = 0;
  let failed = 0;
  let killed = false;
  const killAt = Math.floor(targets.length / 3);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const id = targets[next++];
      try {
        const res = await commander.call('POST', '/api/daily-reports', reportBody(id));
        if (res.status === 201) {
          const body = (await res.json()) as { id: number };
          acknowledged.set(id, body.id);
          if (!killed && acknowledged.size >= killAt) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        } else {
          refused++;
          await res.text();
        }
      } catch {
        failed++; // connection reset: the server is gone, this one was never acknowledged
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await new Promise((r) =>
    server.child.exitCode !== null || server.child.signalCode ? r(null) : server.child.once('exit', r),
  );
  log(`${label}: ${acknowledged.size} acknowledged, ${failed} cut off, ${refused} refused before the kill`);

  server = await startServer(env, port);
  const after = await session(server.base, 'commander');
  let missing = 0;
  let broken = 0;
  for (const [enterpriseId, reportId] of acknowledged) {
    const res = await after.call('GET', `/api/daily-reports/${reportId}`);
    if (res.status !== 200) {
      missing++;
      continue;
    }
    const r = (await res.json()) as {
      enterpriseId: number;
      revision: number;
      values: Record<string, unknown>;
    };
    if (r.enterpriseId !== enterpriseId || r.revision < 1 || r.values.onSiteWorkers !== 50) broken++;
  }
  record(
    `${label}: every acknowledged report survives kill -9`,
    missing === 0 && broken === 0 && acknowledged.size >= killAt,
    `${acknowledged.size} acknowledged, ${missing} missing, ${broken} incomplete after restart`,
  );
  // The day's completeness counts them all (and perhaps some cut off after they committed).
  const receivedAfter = await receivedToday(after);
  record(
    `${label}: completeness counts every acknowledged report`,
    receivedAfter >= receivedBefore + acknowledged.size && receivedAfter <= receivedBefore + targets.length,
    `received ${receivedBefore} before, ${receivedAfter} after (+${acknowledged.size} acknowledged)`,
  );
  const filedAgain = await after.call('POST', '/api/daily-reports', reportBody(targets[targets.length - 1]));
  record(
    `${label}: the restarted server files reports`,
    filedAgain.status === 201,
    `status ${filedAgain.status}`,
  );
  await stopServer(server);
  const verify = cli(env, 'audit', 'verify');
  record(
    `${label}: the audit chain verifies after the crash`,
    verify.code === 0,
    verify.out.trim().split('\n').pop() ?? '',
  );
  return acknowledged;
}

async function halfWrittenCheck(url: string) {
  // On PostgreSQL the tables can be read directly: no report without its revision, no revision
  // without its report, and one audit entry per filing.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const orphans = await c.query(`
    select
      (select count(*) from daily_reports r where not exists
        (select 1 from daily_report_revisions v where v.report_id = r.id))::int as reports_without_revision,
      (select count(*) from daily_report_revisions v where not exists
        (select 1 from daily_reports r where r.id = v.report_id))::int as revisions_without_report`);
  await c.end();
  const row = orphans.rows[0];
  record(
    'postgres: nothing half-written',
    row.reports_without_revision === 0 && row.revisions_without_report === 0,
    JSON.stringify(row),
  );
}

// ---------------------------------------------------------------------------------------------
// 2. PostgreSQL outage under a running server

async function databaseOutage(
  cluster: ReturnType<typeof privateCluster>,
  env: Record<string, string>,
  port: number,
) {
  const server = await startServer(env, port);
  const commander = await session(server.base, 'commander');
  const list = () => commander.call('GET', '/api/enterprises?pageSize=1');
  // A request that gets no answer: the server died (the check fails, with its output), or the
  // keep-alive connection it went on was closed under it (once more, on a new connection).
  const died = async () => {
    await sleep(500);
    return server.child.exitCode !== null || server.child.signalCode !== null;
  };
  const answer = async (): Promise<Response | string> => {
    try {
      return await list();
    } catch (err) {
      const why = String((err as { cause?: unknown }).cause ?? err);
      if (await died())
        return `no answer (${why}); the server exited (${server.child.exitCode ?? server.child.signalCode}):\n${server.output().slice(-3000)}`;
      log(`  no answer (${why}); the server is running: once more on a new connection`);
      return list().catch(
        (again) => `no answer twice (${String((again as { cause?: unknown }).cause ?? again)})`,
      );
    }
  };
  const ok = await list();
  cluster.stop();
  const during = await answer();
  if (typeof during === 'string') {
    record('postgres down: requests answer 503 with a clear error', false, during);
    cluster.start();
    await stopServer(server);
    return;
  }
  const body = (await during.json()) as { error?: { code: string; message: string } };
  record(
    'postgres down: requests answer 503 with a clear error',
    ok.status === 200 && during.status === 503 && body.error?.code === 'database_unavailable',
    `before ${ok.status}, during ${during.status} ${body.error?.code}: ${body.error?.message}`,
  );
  cluster.start();
  let back = 0;
  const t0 = Date.now();
  while (Date.now() - t0 < 30_000) {
    const r = await answer();
    back = typeof r === 'string' ? 0 : r.status;
    if (back === 200) break;
    await sleep(500);
  }
  record(
    'postgres back: the same server answers again without a restart',
    back === 200 && server.child.exitCode === null,
    `status ${back} after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  await stopServer(server);
}

// ---------------------------------------------------------------------------------------------
// 3. Two instances on one database

async function twoInstances(url: string, env: Record<string, string>, ports: [number, number]) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // Both instances start at the same moment; both run the scheduled jobs on ready.
  const [a, b] = await Promise.all([startServer(env, ports[0]), startServer(env, ports[1])]);
  await sleep(5_000);
  const dupes = await c.query(`
    select
      (select count(*) from (select hazard_id, level from hazard_escalations group by 1, 2 having count(*) > 1) x)::int as hazard,
      (select count(*) from (select user_id, kind, subject_type, subject_id, ref_date from notifications
        group by 1, 2, 3, 4, 5 having count(*) > 1) x)::int as notifications,
      (select count(*) from (select demand_id, event, note from demand_events where event in ('escalate', 'auto_close')
        group by 1, 2, 3 having count(*) > 1) x)::int as demands`);
  const escalations = await c.query('select count(*)::int as n from hazard_escalations');
  // Racing to insert the same escalation would show up as a failed job on the slower instance.
  const jobErrors = [a, b].filter((s) => /scheduled job failed/.test(s.output())).length;
  record(
    'two instances: scheduled escalations happen once',
    escalations.rows[0].n > 0 &&
      dupes.rows[0].hazard === 0 &&
      dupes.rows[0].notifications === 0 &&
      jobErrors === 0,
    `${escalations.rows[0].n} hazard escalations, duplicates ${JSON.stringify(dupes.rows[0])}, failed job runs ${jobErrors}`,
  );

  // A report filed on A reaches B's live stream.
  const onB = await session(b.base, 'commander');
  const events: string[] = [];
  const controller = new AbortController();
  const stream = await fetch(`${b.base}/api/kpis/stream`, {
    headers: { cookie: onB.cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const reading = (async () => {
    if (!stream.body) return;
    const decoder = new TextDecoder();
    for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
      events.push(decoder.decode(chunk));
    }
  })().catch(() => undefined);
  await sleep(500);
  const onA = await session(a.base, 'commander');
  const [target] = await missingToday(onA, 1);
  const filed = await onA.call('POST', '/api/daily-reports', reportBody(target));
  const t0 = Date.now();
  while (Date.now() - t0 < 10_000 && !events.join('').includes('daily_report')) await sleep(100);
  controller.abort();
  await reading;
  record(
    'two instances: a report filed on one appears live on the other',
    stream.status === 200 && filed.status === 201 && events.join('').includes('daily_report'),
    `stream ${stream.status}, filed ${filed.status}, event after ${Date.now() - t0} ms`,
  );
  await c.end();
  await Promise.all([stopServer(a), stopServer(b)]);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const only = args.only as string | undefined;
  const port = 4700 + Math.floor(Math.random() * 200);
  if (!only || only === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-fault-lite-'));
    try {
      await killDuringFiling('pglite', { TONGCHOU_DATA_DIR: dataDir }, port);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (!only || only === 'postgres') {
    const cluster = privateCluster();
    try {
      await cluster.createDatabase();
      const env = {
        DATABASE_URL: cluster.url,
        TONGCHOU_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-fault-files-')),
      };
      log('postgres: migrate and seed the demo city');
      for (const argv of [['migrate'], ['seed', 'demo']]) {
        const r = cli(env, ...argv);
        if (r.code !== 0) throw new Error(`${argv.join(' ')} failed:\n${r.out}`);
      }
      await twoInstances(cluster.url, env, [port + 1, port + 2]);
      await killDuringFiling('postgres', env, port + 3);
      await halfWrittenCheck(cluster.url);
      await databaseOutage(cluster, env, port + 4);
    } finally {
      cluster.destroy();
    }
  }
  const failed = results.filter((r) => !r.ok);
  console.log(`\n| check | result | detail |\n|---|---|---|`);
  for (const r of results) console.log(`| ${r.check} | ${r.ok ? 'pass' : 'FAIL'} | ${r.detail} |`);
  console.log(
    `\nfault tests: ${results.length - failed.length} passed, ${failed.length} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  process.exit(failed.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
