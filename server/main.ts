import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { eq, sql } from 'drizzle-orm';
import { ROLES, type Role } from '../shared/enums';
import { buildApp } from './app';
import { schema } from './db/client';
import { upkeep } from './db/upkeep';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoSeeded, seedDemo } from './demo/seed';
import { loadEnv } from './env';
import { verifyAuditChain } from './lib/audit';
import { waitForJob } from './lib/jobs';
import { toActor } from './modules/auth/service';
import { exportWorkbook } from './modules/enterprises/excel';
import { startImport } from './modules/enterprises/import';
import { exportRows } from './modules/enterprises/service';
import { precomputeKpiCells } from './modules/kpis/cells';
import { createUser, resetPassword } from './modules/users/service';
import { openRuntime } from './runtime';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function progressBar(label: string) {
  const bar = new SingleBar({
    format: `  ${label} [{bar}] {value}/{total} {phase}`,
    hideCursor: true,
    clearOnComplete: false,
  });
  let started = false;
  let lastPhase = '';
  return {
    update(phase: string, done: number, total: number) {
      if (!process.stdout.isTTY) {
        if (phase !== lastPhase || done === total) console.log(`  ${label}: ${phase} ${done}/${total}`);
        lastPhase = phase;
        return;
      }
      if (!started) {
        bar.start(total, done, { phase });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { phase });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** The newest modification time under a folder (sources of the web app). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

async function buildWebIfNeeded() {
  const index = path.join(ROOT, 'web', 'dist', 'index.html');
  const sources = [path.join(ROOT, 'web', 'src'), path.join(ROOT, 'shared')].filter((d) => fs.existsSync(d));
  if (fs.existsSync(index)) {
    const built = fs.statSync(index).mtimeMs;
    if (sources.every((d) => newestMtime(d) <= built)) return;
    console.log('The web app sources changed since the last build; rebuilding…');
  } else console.log('Building the web app (first start only)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

async function seedWithProgress(rt: Awaited<ReturnType<typeof openRuntime>>) {
  const bar = progressBar('Seeding the demo city');
  const ctx = await rt.systemCtx('seed');
  const result = await seedDemo(ctx, (p, d, t) => bar.update(p, d, t));
  // The embedded database gathers no statistics by itself (db/upkeep.ts): the seeded tables get theirs now.
  if (rt.database.kind === 'pglite') {
    bar.update('statistics', 0, 1);
    // The seed has committed: a failure here only delays the statistics to the scheduler's first run.
    await upkeep(rt.database).catch((err) => console.warn(`  Gathering statistics failed: ${err}`));
    bar.update('statistics', 1, 1);
  }
  bar.stop();
  console.log(`  ${result.enterprises} enterprises, ${result.users} demo accounts`);
}

function printAccounts() {
  console.log(`\nDemo accounts (password ${DEMO_PASSWORD}):`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.username.padEnd(11)} ${a.role.padEnd(11)} ${a.note}`);
}

const program = new Command();
program.name('tongchou').description('统筹 Tongchou — city command platform');

program
  .command('start')
  .description(
    'Migrate, seed the demo on first run (embedded database), build the web app if needed, and serve',
  )
  .option('-p, --port <port>', 'port (default PORT or 3000)')
  .action(async (opts) => {
    const env = loadEnv();
    if (opts.port) env.PORT = Number(opts.port);
    const rt = await openRuntime(env);
    const embedded = rt.database.kind === 'pglite';
    if (embedded && env.TONGCHOU_SEED_DEMO === 'auto' && !(await isDemoSeeded(rt.database.db))) {
      await seedWithProgress(rt);
    }
    await buildWebIfNeeded();
    const app = await buildApp({
      database: rt.database,
      clock: rt.clock,
      env,
      logger: { level: env.LOG_LEVEL },
    });
    await app.listen({ port: env.PORT, host: env.HOST });
    const shown = env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;
    console.log(`\n统筹 Tongchou is running at http://${shown}:${env.PORT}/`);
    console.log(
      `  database: ${embedded ? `embedded PGlite in ${env.pgliteDir}` : 'PostgreSQL (DATABASE_URL)'}`,
    );
    console.log(
      `  clock: ${rt.clock.kind}, now ${rt.clock.now().toISOString()} (today ${rt.clock.today()} Asia/Shanghai)`,
    );
    console.log(`  API docs: http://${shown}:${env.PORT}/api/docs`);
    if (await isDemoSeeded(rt.database.db)) printAccounts();
    const stop = async () => {
      await app.close();
      await rt.database.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('Apply database migrations and reference data')
  .action(async () => {
    const rt = await openRuntime(loadEnv());
    console.log(`Migrated (${rt.database.kind}).`);
    await rt.database.close();
  });

program
  .command('seed')
  .argument('<what>', '"demo"')
  .description('Seed the demo city into an empty database (explicit on PostgreSQL)')
  .action(async (what) => {
    if (what !== 'demo') throw new Error('Only "seed demo" exists');
    const rt = await openRuntime(loadEnv());
    await seedWithProgress(rt);
    printAccounts();
    await rt.database.close();
  });

const user = program.command('user').description('Manage accounts');
user
  .command('create')
  .requiredOption('-u, --username <username>')
  .requiredOption('-r, --role <role>', ROLES.join('|'))
  .requiredOption('-n, --name <displayName>')
  .requiredOption('--password <password>')
  .option('--division <code>')
  .option('--department <code>')
  .option('--enterprise <id>')
  .action(async (o) => {
    if (!ROLES.includes(o.role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
    const rt = await openRuntime(loadEnv());
    const ctx = await rt.systemCtx('cli');
    const u = await createUser(ctx, {
      username: o.username,
      displayName: o.name,
      role: o.role as Role,
      password: o.password,
      divisionCode: o.division ?? null,
      departmentCode: o.department ?? null,
      enterpriseId: o.enterprise ? Number(o.enterprise) : null,
    });
    console.log(`Created ${u.username} (${u.role}, id ${u.id}).`);
    await rt.database.close();
  });

user
  .command('reset-password')
  .argument('<username>')
  .requiredOption('--password <password>')
  .action(async (username, o) => {
    const rt = await openRuntime(loadEnv());
    const ctx = await rt.systemCtx('cli');
    const [u] = await rt.database.db
      .select()
      .from(schema.users)
      .where(sql`lower(${schema.users.username}) = lower(${username})`);
    if (!u) throw new Error(`No user ${username}`);
    await resetPassword(ctx, u.id, o.password);
    console.log(`Password reset for ${u.username}; they must change it at next sign-in.`);
    await rt.database.close();
  });

const ent = program.command('enterprises').description('Import and export the enterprise registry');
ent
  .command('import')
  .argument('<file>', '.xlsx in the template layout')
  .requiredOption('--as <username>', 'import as this user (their territory applies)')
  .action(async (file, o) => {
    const rt = await openRuntime(loadEnv());
    const [u] = await rt.database.db.select().from(schema.users).where(eq(schema.users.username, o.as));
    if (!u) throw new Error(`No user ${o.as}`);
    const ctx = { ...(await rt.systemCtx(u.username)), actor: toActor(u, 'token') };
    const bar = progressBar('Importing');
    const jobId = await startImport(ctx, fs.readFileSync(file));
    const job = await waitForJob(rt.database.db, jobId, 10 * 60_000, (j) =>
      bar.update(j.phase ?? '', j.processed, j.total),
    );
    bar.stop();
    if (job.status !== 'succeeded') {
      const r = job.result as { errors?: { row: number; column: string; reason: string }[]; error?: string };
      console.error(`Nothing imported. ${r.errors?.length ?? 0} problems:`);
      for (const e of r.errors ?? []) console.error(`  row ${e.row}, ${e.column}: ${e.reason}`);
      if (r.error) console.error(`  ${r.error}`);
      process.exitCode = 1;
    } else {
      console.log(`Imported ${(job.result as { imported: number }).imported} enterprises.`);
    }
    await rt.database.close();
  });

ent
  .command('export')
  .argument('<file>', 'output .xlsx')
  .option('--division <code>')
  .option('--locale <locale>', 'zh-CN or en', 'zh-CN')
  .action(async (file, o) => {
    const rt = await openRuntime(loadEnv());
    const ctx = await rt.systemCtx('cli');
    ctx.locale = o.locale === 'en' ? 'en' : 'zh-CN';
    const items = await exportRows(ctx, { division: o.division, sort: 'name' });
    fs.writeFileSync(file, await exportWorkbook(items, ctx.locale, rt.clock.today()));
    console.log(`Wrote ${items.length} enterprises to ${file}.`);
    await rt.database.close();
  });

const kpis = program.command('kpis').description('KPI figures');
kpis
  .command('precompute')
  .description(
    'Compute the KPI figures of settled days missing or stale (the server also does this every 10 minutes)',
  )
  .option('--from <date>', 'first day (default: 120 days before --to, not before 2020-02-01)')
  .option('--to <date>', 'last day (default and latest: the last settled day, today − 4)')
  .action(async (o) => {
    for (const [name, v] of [
      ['--from', o.from],
      ['--to', o.to],
    ])
      if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error(`${name} must be YYYY-MM-DD`);
    const rt = await openRuntime(loadEnv());
    const ctx = await rt.systemCtx('cli');
    const bar = progressBar('Precomputing KPI figures');
    const started = performance.now();
    const r = await precomputeKpiCells(ctx, {
      from: o.from,
      to: o.to,
      onProgress: (done, total) => bar.update('days', done, total),
    });
    bar.stop();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${r.from} … ${r.to}: ${r.days} days missing or stale, ${r.cells} cells in ${r.statements} statements, ${seconds} s.`,
    );
    await rt.database.close();
  });

program
  .command('audit')
  .argument('<what>', '"verify"')
  .description('Verify the audit log hash chain; exits 1 and names the first altered entry')
  .action(async (what) => {
    if (what !== 'verify') throw new Error('Only "audit verify" exists');
    const rt = await openRuntime(loadEnv());
    const r = await verifyAuditChain(rt.database.db);
    if (r.ok) console.log(`Audit log intact: ${r.checked} entries verified.`);
    else {
      console.error(
        `Audit log ALTERED: entry ${r.firstBadId} (${r.reason}); ${r.checked} entries before it verified.`,
      );
      process.exitCode = 1;
    }
    await rt.database.close();
  });

program.parseAsync(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
