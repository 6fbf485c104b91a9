import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { sql } from 'drizzle-orm';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzleLite } from 'drizzle-orm/pglite';
import { migrate as migrateLite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

export { schema };
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Conn = Db | Tx;

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the underlying instance (used to snapshot test databases). */
  lite?: PGlite;
}

const kinds = new WeakMap<object, Database['kind']>();

/** Which database a `Database`'s `db` is (undefined for a transaction or another handle). */
export function databaseKind(conn: Conn): Database['kind'] | undefined {
  return kinds.get(conn);
}

/** Opens PostgreSQL through a pool. */
export function openPostgres(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // A client losing its server (PostgreSQL restarted, a backend terminated) must not crash the
  // process: idle ones report it to the pool, checked-out ones to themselves. pg-pool listens on
  // a client only while it is idle, so one that is held (a transaction between two statements)
  // needs a listener of its own; its next statement then fails ("not queryable"), the request
  // answers 503, and the pool drops the client when it comes back.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzlePg(pool, { schema, casing: 'snake_case' });
  kinds.set(db, 'postgres');
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        // Two instances starting together must not migrate twice.
        await client.query('select pg_advisory_lock(20200210)');
        await migratePg(drizzlePg(client, { schema, casing: 'snake_case' }), {
          migrationsFolder: MIGRATIONS_DIR,
        });
      } finally {
        await client.query('select pg_advisory_unlock(20200210)').catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Wraps an open PGlite instance. */
export function wrapPglite(lite: PGlite): Database {
  const db = drizzleLite(lite, { schema, casing: 'snake_case' }) as unknown as Db;
  kinds.set(db, 'pglite');
  return {
    db,
    kind: 'pglite',
    lite,
    async migrate() {
      await migrateLite(drizzleLite(lite, { schema, casing: 'snake_case' }), {
        migrationsFolder: MIGRATIONS_DIR,
      });
    },
    close: () => lite.close(),
  };
}

/** Opens (creating if needed) the embedded database in a data directory. */
export async function openPglite(dir: string): Promise<Database> {
  fs.mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create(dir);
  return wrapPglite(lite);
}

/** Opens the database the configuration names: PostgreSQL when a URL is given, else PGlite. */
export async function openDatabase(opts: {
  url?: string;
  pgliteDir: string;
  poolSize?: number;
}): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.poolSize) : openPglite(opts.pgliteDir);
}

/** Reads a single-row count-ish value as a number (pg returns bigint and numeric as strings). */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}

/** Rows of a raw SQL query, the same on both drivers. */
export async function rows<T = Record<string, unknown>>(
  conn: Conn,
  query: ReturnType<typeof sql>,
): Promise<T[]> {
  const res = (await conn.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
