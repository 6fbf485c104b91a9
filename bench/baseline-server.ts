/**
 * The bare baseline of the ingestion benchmark: fastify and the database driver, inserting the
 * same daily_reports row the product writes for a filing, with no validation, authentication,
 * scope check, revision, alert or audit. bench/run.ts runs it as a child process, like the
 * server under test, so both are measured the same way.
 *
 * Env: PORT; DATABASE_URL (pg pool of 10, as the server) or BENCH_PGLITE_DIR (the embedded
 * database). On SIGTERM it deletes the rows it wrote (their dates are 2021 or later) and exits.
 */
import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';
import pg from 'pg';

type Query = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const INSERT = `insert into daily_reports (enterprise_id, date, form_version, values, zero, content, on_time,
    on_site_workers, capacity_pct, revision, on_behalf, first_filed_at, first_filed_by, updated_at, updated_by)
  values ($1, $2, $3, $4::jsonb, $5, $6, true, $7, $8, 1, false, now(), null, now(), null)
  returning id`;
const CLEANUP = `delete from daily_reports where date >= '2021-01-01'`;

let query: Query;
let close: () => Promise<void>;
if (process.env.DATABASE_URL) {
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    // The same pool size as the server under test.
    max: Number(process.env.DATABASE_POOL_SIZE ?? 20),
  });
  query = (text, params) => pool.query(text, params);
  close = () => pool.end();
} else {
  const lite = await PGlite.create(process.env.BENCH_PGLITE_DIR);
  query = (text, params) => lite.query(text, params);
  close = () => lite.close();
}
const [{ version }] = (await query('select max(version) as version from report_forms')).rows;

interface Body {
  enterpriseId: number;
  date: string;
  zero?: boolean;
  values: Record<string, unknown>;
}

const app = Fastify();
app.get('/health', async () => ({ ok: true }));
app.post('/ingest', async (req, reply) => {
  const b = req.body as Body;
  const { rows } = await query(INSERT, [
    b.enterpriseId,
    b.date,
    version,
    JSON.stringify(b.values),
    b.zero === true,
    b.zero ? 'zero' : 'normal',
    b.values.onSiteWorkers ?? null,
    b.values.capacityPct ?? null,
  ]);
  return reply.code(201).send({ id: rows[0].id });
});

process.on('SIGTERM', async () => {
  await app.close();
  await query(CLEANUP);
  await close();
  process.exit(0);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
