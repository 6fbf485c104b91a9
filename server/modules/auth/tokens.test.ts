import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../app';
import { rows } from '../../db/client';
import { loadEnv } from '../../env';
import { createTestApp, eventually, type TestApp } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const stats = (app: App = t.app) => app.deps.tokens.stats();

/** A user of the role with a personal API token; the token's first use is already made. */
async function tokenUser(role: Parameters<TestApp['as']>[0] = 'commander') {
  const user = await t.as(role);
  const res = await user.post('/api/me/tokens', { name: 'cache test' });
  expect(res.statusCode).toBe(201);
  const token: string = res.json().token;
  expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(200);
  return { user, token, tokenId: res.json().id as number };
}

/** Waits (up to 3 s) until `check` holds: for notices that travel through the database. */
/**
 * Runs `action`, then sends a marker notice and counts the notices heard until the marker arrives
 * (at least `expected`, the marker included): notices arrive in commit order, so none sent by
 * `action` can come after the marker.
 */
async function noticesOf(action: () => Promise<unknown>, expected: number) {
  const before = stats().notices;
  await action();
  await t.database.db.execute(sql`select pg_notify('tongchou_accounts', 'marker')`);
  await eventually(() => stats().notices >= before + expected);
  return stats().notices - before;
}

describe('Bearer tokens, cached per instance', () => {
  it('answers a known token from the cache, not the database', async () => {
    const { token } = await tokenUser();
    await eventually(() => stats().listening);
    expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(200);
    const before = stats();
    for (let i = 0; i < 5; i++) expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(200);
    expect(stats().hits - before.hits).toBe(5);
    expect(stats().misses - before.misses).toBe(0);
  });

  it('refuses a token at once after its owner revokes it on this instance', async () => {
    const { user, token, tokenId } = await tokenUser();
    expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(200);
    expect((await user.delete(`/api/me/tokens/${tokenId}`)).statusCode).toBe(200);
    expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(401);
  });

  it('acts with the new role and language at once after a change made through this instance', async () => {
    const { token } = await tokenUser('leader');
    const me = await t.anon.get('/api/me', bearer(token));
    expect(me.json().locale).toBe('zh-CN');
    const patched = await t.anon.patch('/api/me/preferences', { locale: 'en' }, bearer(token));
    expect(patched.statusCode).toBe(200);
    expect((await t.anon.get('/api/me', bearer(token))).json().locale).toBe('en');
  });

  it('honours a change made behind its back (SQL, the CLI, another instance) once the notice arrives', async () => {
    const { user, token, tokenId } = await tokenUser('leader');
    expect((await t.anon.get('/api/me', bearer(token))).json().role).toBe('leader');
    await t.database.db.execute(sql`update users set role = 'commander' where id = ${user.user.id}`);
    await eventually(async () => (await t.anon.get('/api/me', bearer(token))).json().role === 'commander');
    await t.database.db.execute(sql`update users set disabled = true where id = ${user.user.id}`);
    await eventually(async () => (await t.anon.get('/api/me', bearer(token))).statusCode === 401);
    await t.database.db.execute(sql`update users set disabled = false where id = ${user.user.id}`);
    await eventually(async () => (await t.anon.get('/api/me', bearer(token))).statusCode === 200);
    await t.database.db.execute(sql`delete from api_tokens where id = ${tokenId}`);
    await eventually(async () => (await t.anon.get('/api/me', bearer(token))).statusCode === 401);
  });

  it('is not emptied by sign-in bookkeeping or a token’s last use', async () => {
    const { user, tokenId } = await tokenUser();
    const bookkeeping = () =>
      t.database.db.transaction(async (tx) => {
        await tx.execute(
          sql`update users set failed_logins = 3, locked_until = now(), last_login_at = now() where id = ${user.user.id}`,
        );
        await tx.execute(sql`update api_tokens set last_used_at = now() where id = ${tokenId}`);
      });
    // Only the marker arrives: the bookkeeping sent no notice of its own.
    expect(await noticesOf(bookkeeping, 1)).toBe(1);
    const expire = () =>
      t.database.db.execute(sql`update api_tokens set expires_at = now() where id = ${tokenId}`);
    expect(await noticesOf(expire, 2)).toBe(2);
  });

  it('records a token’s use, many first uses at once in few statements', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const user = await t.as('commander');
        const res = await user.post('/api/me/tokens', { name: 'burst' });
        return { token: res.json().token as string, id: res.json().id as number };
      }),
    );
    const answers = await Promise.all(tokens.map((x) => t.anon.get('/api/me', bearer(x.token))));
    expect(answers.map((a) => a.statusCode)).toEqual(tokens.map(() => 200));
    const used = await rows<{ id: number; last_used_at: Date | string | null }>(
      t.database.db,
      sql`select id, last_used_at from api_tokens where id in ${tokens.map((x) => x.id)}`,
    );
    expect(used).toHaveLength(12);
    for (const u of used) expect(new Date(u.last_used_at!).toISOString()).toBe(t.clock.now().toISOString());
  });

  it('a second instance on the same database refuses a token the first one revoked', async () => {
    const env = loadEnv({ TONGCHOU_DATA_DIR: '.tmp/test-data' } as NodeJS.ProcessEnv);
    const other = await buildApp({ database: t.database, clock: t.clock, env, strictAudit: true });
    try {
      await eventually(() => stats(other).listening);
      const { user, token, tokenId } = await tokenUser();
      const onOther = () => other.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
      expect((await onOther()).statusCode).toBe(200);
      expect((await onOther()).statusCode).toBe(200);
      expect(stats(other).hits).toBeGreaterThan(0);
      expect((await user.delete(`/api/me/tokens/${tokenId}`)).statusCode).toBe(200);
      await eventually(async () => (await onOther()).statusCode === 401);
    } finally {
      await other.close();
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('Bearer tokens when the listening connection drops', () => {
  it('does not use the cache while it cannot hear notices, and forgets what it missed', async () => {
    const { user, token } = await tokenUser();
    await eventually(() => stats().listening);
    expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(200);
    await t.database.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'LISTEN tongchou_accounts'`,
    );
    await eventually(() => !stats().listening);
    // Changed while this instance hears nothing: the next request already sees it.
    await t.database.db.execute(sql`update users set disabled = true where id = ${user.user.id}`);
    expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(401);
    await t.database.db.execute(sql`update users set disabled = false where id = ${user.user.id}`);
    expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(200);
    const whileDown = stats();
    expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(200);
    expect(stats().hits).toBe(whileDown.hits);
    // Back (after about a second): caching again.
    await eventually(() => stats().listening);
    expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(200);
    const back = stats();
    expect((await t.anon.get('/api/me', bearer(token))).statusCode).toBe(200);
    expect(stats().hits).toBe(back.hits + 1);
  });
});
