import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/setup';
import { type Database, rows } from './client';
import { isDue, tableSizes, upkeep } from './upkeep';

describe('which tables are due for VACUUM (ANALYZE)', () => {
  const t = (pages: number, relpages: number, analyzed = true) => ({ name: 't', pages, relpages, analyzed });
  it('an empty table never is; one with data never analyzed always is', () => {
    expect(isDue(t(0, 0, false))).toBe(false);
    expect(isDue(t(1, 0, false))).toBe(true);
  });
  it('an analyzed table once it has grown by a tenth and 8 pages', () => {
    expect(isDue(t(7, 0))).toBe(false);
    expect(isDue(t(8, 0))).toBe(true);
    expect(isDue(t(1_000, 1_000))).toBe(false);
    expect(isDue(t(1_107, 1_000))).toBe(false);
    expect(isDue(t(1_108, 1_000))).toBe(true);
  });
});

describe('upkeep of the embedded database', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await openTestDatabase());
    await database.db.execute(sql`create table upkeep_probe (id serial primary key, v text not null)`);
    await database.db.execute(
      sql`insert into upkeep_probe (v) select repeat('值', 40) || n from generate_series(1, 5000) n`,
    );
  });
  afterAll(() => drop());

  const probe = async () => (await tableSizes(database)).find((x) => x.name === 'upkeep_probe')!;
  const estimate = async () =>
    (
      await rows<{ n: number }>(
        database.db,
        sql`select reltuples::int as n from pg_class where relname = 'upkeep_probe'`,
      )
    )[0].n;

  it.runIf(!process.env.TEST_DATABASE_URL)(
    'on PGlite: analyzes what never was, then only what grew, and reclaims the space of dead rows',
    async () => {
      // Never analyzed: no statistics, even once an index built on it has set a row estimate.
      await database.db.execute(sql`create index upkeep_probe_v on upkeep_probe (v)`);
      expect((await probe()).analyzed).toBe(false);
      const first = await upkeep(database);
      expect(first?.tables).toContain('upkeep_probe');
      expect(await estimate()).toBe(5000);
      // Nothing grew since: nothing to do.
      expect((await upkeep(database))?.tables).toEqual([]);

      // Every row updated: a new version of each, the table twice its size.
      const before = (await probe()).pages;
      await database.db.execute(sql`update upkeep_probe set v = v || '改'`);
      const grown = (await probe()).pages;
      expect(grown).toBeGreaterThan(before * 1.5);
      expect((await upkeep(database))?.tables).toEqual(['upkeep_probe']);
      // The old versions were reclaimed: the same update again fits in the space they left.
      await database.db.execute(sql`update upkeep_probe set v = v || '改'`);
      expect((await probe()).pages).toBeLessThan(grown * 1.1);
      expect(await estimate()).toBe(5000);
    },
  );

  it.runIf(!!process.env.TEST_DATABASE_URL)('on PostgreSQL it leaves the work to autovacuum', async () => {
    expect(await upkeep(database)).toBeNull();
  });
});
