import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/setup';
import { type Database, rows } from './client';
import { isDbDown } from './errors';

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'the PostgreSQL pool when the server drops a connection',
  () => {
    // Opened only where the test runs (PostgreSQL).
    let database: Database;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ database, drop } = await openTestDatabase());
    });
    afterAll(() => drop());

    it('a transaction whose connection is terminated between two statements fails; the process lives on', async () => {
      const failed = database.db.transaction(async (tx) => {
        const [{ pid }] = await rows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
        // Terminated while this transaction holds it and runs nothing (an administrator, a
        // failover, PostgreSQL restarting): the driver hears it as an error on the connection.
        await rows(database.db, sql`select pg_terminate_backend(${pid})`);
        await new Promise((r) => setTimeout(r, 300));
        await rows(tx, sql`select 1`);
      });
      // Answered as the database being unavailable (503), not as a fault of the server.
      const err = await failed.then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDbDown(err), String(err)).toBe(true);
      // The pool goes on with a new connection.
      expect(await rows<{ one: number }>(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
    });
  },
);
