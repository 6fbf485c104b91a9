import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../../app';
import { DEFAULT_SCENARIO_START } from '../../clock';
import { schema } from '../../db/client';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestResponse } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
// Lockout, expiry and token tests move the shared clock; every test starts at the scenario start.
beforeEach(() => {
  t.clock.set!(DEFAULT_SCENARIO_START);
});

const MINUTE = 60_000;

/** A request with exactly the headers given (no default accept-language, cookie or CSRF token). */
async function raw(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<TestResponse> {
  const res = await t.app.inject({
    method,
    url,
    headers,
    ...(body !== undefined ? { payload: body as never } : {}),
  });
  return res as unknown as TestResponse;
}

const cookieHeader = (value: string) => ({ cookie: `${SESSION_COOKIE}=${value}` });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const tryLogin = (username: string, password: string, headers?: Record<string, string>) =>
  t.anon.post('/api/auth/login', { username, password }, headers);
const sessionCookieOf = (res: TestResponse) => {
  const header = ([] as string[]).concat((res.headers['set-cookie'] as string | string[]) ?? []);
  const line = header.find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  return { line, value: line ? /^tc_session=([^;]*)/.exec(line)![1] : undefined };
};

describe('GET /api/health', () => {
  it('answers without a session', async () => {
    const res = await t.anon.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
      today: '2020-03-10',
    });
  });
});

describe('POST /api/auth/login', () => {
  it('returns Me and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const user = await t.makeUser('district', { divisionCode: '210502' });
    const res = await tryLogin(user.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me).toMatchObject({
      id: user.id,
      username: user.username,
      role: 'district',
      divisionCode: '210502',
      locale: 'zh-CN',
      mustChangePassword: false,
      today: '2020-03-10',
    });
    expect(me.abilities).toEqual(expect.arrayContaining(['enterprise.list', 'enterprise.create']));
    expect(me.abilities).not.toContain('user.manage');
    expect(me.csrfToken).toEqual(expect.any(String));
    expect(me.csrfToken.length).toBeGreaterThan(20);

    const { line, value } = sessionCookieOf(res);
    expect(value).toBeTruthy();
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Lax/i);
    expect(line).toMatch(/;\s*Path=\//i);
    // The cookie value never doubles as the CSRF token.
    expect(value).not.toBe(me.csrfToken);

    const again = await t.anon.get('/api/me', cookieHeader(value!));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: user.id, csrfToken: me.csrfToken });
  });

  it('accepts the username in any letter case', async () => {
    const user = await t.makeUser('commander', { username: 'MixedCase_User' });
    const res = await tryLogin('mixedcase_user', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(user.id);
  });

  it('401 invalid_credentials for a wrong password and an unknown user alike', async () => {
    const user = await t.makeUser('commander');
    const wrong = await tryLogin(user.username, 'Wrong@Pass2020');
    const unknown = await tryLogin('no_such_user_anywhere', TEST_PASSWORD);
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_credentials');
      expect(sessionCookieOf(res).value).toBeUndefined();
    }
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    expect(wrong.json().error.message).toBe('Wrong username or password');
    const zh = await tryLogin('no_such_user_anywhere', TEST_PASSWORD, { 'accept-language': 'zh-CN' });
    expect(zh.json().error.message).toBe('用户名或密码错误');
  });

  it('400 for an unknown field or a missing password', async () => {
    const user = await t.makeUser('commander');
    const extra = await t.anon.post('/api/auth/login', {
      username: user.username,
      password: TEST_PASSWORD,
      remember: true,
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.code).toBe('validation_failed');
    expect(extra.json().error.details[0]).toMatchObject({ path: 'remember', reason: 'unknown_field' });
    const missing = await t.anon.post('/api/auth/login', { username: user.username });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toBe('password');
  });
});

describe('session fixation', () => {
  it('each login gets a fresh cookie; a client-chosen or made-up value is never accepted', async () => {
    const user = await t.makeUser('commander');
    const planted = 'attacker-chosen-session-value-0123456789';
    const first = await tryLogin(user.username, TEST_PASSWORD, cookieHeader(planted));
    const second = await tryLogin(user.username, TEST_PASSWORD);
    const a = sessionCookieOf(first).value!;
    const b = sessionCookieOf(second).value!;
    expect(a).not.toBe(b);
    expect(a).not.toBe(planted);
    expect(first.json().csrfToken).not.toBe(second.json().csrfToken);
    for (const value of [a, b]) {
      expect((await t.anon.get('/api/me', cookieHeader(value))).statusCode).toBe(200);
    }
    for (const value of [planted, 'made-up', `${a}x`]) {
      const res = await t.anon.get('/api/me', cookieHeader(value));
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
  });

  it('401 without any credentials', async () => {
    const res = await t.anon.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'unauthenticated', message: 'Please sign in' });
  });
});

describe('lockout', () => {
  it('locks after 5 wrong passwords for 15 minutes, then resets the counter', async () => {
    const user = await t.makeUser('commander');
    for (let i = 1; i <= 4; i++) {
      const res = await tryLogin(user.username, `Wrong@Pass${i}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_credentials');
    }
    const fifth = await tryLogin(user.username, 'Wrong@Pass5');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('account_locked');
    expect(fifth.json().error.details).toEqual({ lockedUntil: '2020-03-10T01:15:00.000Z' });
    expect(fifth.json().error.message).toMatch(/locked until 2020-03-10 09:15/);

    const right = await tryLogin(user.username, TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('account_locked');
    expect(sessionCookieOf(right).value).toBeUndefined();
    const zh = await tryLogin(user.username, TEST_PASSWORD, { 'accept-language': 'zh-CN' });
    expect(zh.statusCode).toBe(423);
    expect(zh.json().error.message).toBe('登录失败次数过多，账号已锁定至 2020-03-10 09:15');

    t.clock.advance!(14 * MINUTE);
    expect((await tryLogin(user.username, TEST_PASSWORD)).statusCode).toBe(423);

    t.clock.advance!(MINUTE + 1000);
    const after = await tryLogin(user.username, TEST_PASSWORD);
    expect(after.statusCode).toBe(200);

    // The counter started over: four more failures do not lock, the fifth does.
    for (let i = 1; i <= 4; i++) {
      expect((await tryLogin(user.username, 'Wrong@Again1')).statusCode).toBe(401);
    }
    expect((await tryLogin(user.username, 'Wrong@Again1')).statusCode).toBe(423);
  });

  it('a successful login clears earlier failures', async () => {
    const user = await t.makeUser('commander');
    for (let i = 0; i < 4; i++) await tryLogin(user.username, 'Wrong@Pass1');
    expect((await tryLogin(user.username, TEST_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) {
      expect((await tryLogin(user.username, 'Wrong@Pass1')).statusCode).toBe(401);
    }
    expect((await tryLogin(user.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('failures after an expired lock count from one again', async () => {
    const user = await t.makeUser('commander');
    for (let i = 0; i < 5; i++) await tryLogin(user.username, 'Wrong@Pass1');
    t.clock.advance!(16 * MINUTE);
    expect((await tryLogin(user.username, 'Wrong@Pass1')).statusCode).toBe(401);
    expect((await tryLogin(user.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('parallel wrong guesses still lock the account', async () => {
    const user = await t.makeUser('commander');
    await Promise.all(Array.from({ length: 8 }, () => tryLogin(user.username, 'Wrong@Pass1')));
    const res = await tryLogin(user.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(423);
  });
});

describe('session expiry', () => {
  it('ends a session idle for more than 30 minutes', async () => {
    const user = await t.as('commander');
    t.clock.advance!(31 * MINUTE);
    const res = await user.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('session_expired');
    expect(res.json().error.message).toBe('Your session has expired; please sign in again');
    // The expired session is gone, not just refused.
    expect((await user.get('/api/me')).json().error.code).toBe('unauthenticated');
  });

  it('keeps an active session alive', async () => {
    const user = await t.as('commander');
    t.clock.advance!(20 * MINUTE);
    expect((await user.get('/api/me')).statusCode).toBe(200);
    t.clock.advance!(20 * MINUTE);
    expect((await user.get('/api/me')).statusCode).toBe(200);
    t.clock.advance!(29 * MINUTE);
    expect((await user.get('/api/me')).statusCode).toBe(200);
  });

  it('ends even an active session after 12 hours', async () => {
    const user = await t.as('commander');
    let elapsed = 0;
    let firstRefusal: number | undefined;
    while (elapsed < 13 * 60 * MINUTE) {
      t.clock.advance!(20 * MINUTE);
      elapsed += 20 * MINUTE;
      const res = await user.get('/api/me');
      if (res.statusCode !== 200) {
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('session_expired');
        firstRefusal = elapsed;
        break;
      }
    }
    expect(firstRefusal).toBeDefined();
    expect(firstRefusal!).toBeGreaterThan(12 * 60 * MINUTE);
    expect(firstRefusal!).toBeLessThanOrEqual(12 * 60 * MINUTE + 20 * MINUTE);
  });

  it('honours TONGCHOU_SESSION_IDLE_MINUTES', async () => {
    const short = await createTestApp({ env: { TONGCHOU_SESSION_IDLE_MINUTES: '5' } });
    try {
      const user = await short.as('commander');
      short.clock.advance!(4 * MINUTE);
      expect((await user.get('/api/me')).statusCode).toBe(200);
      short.clock.advance!(6 * MINUTE);
      const res = await user.get('/api/me');
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('session_expired');
    } finally {
      await short.close();
    }
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated writes without the right token and changes nothing', async () => {
    const user = await t.as('commander');
    const other = await t.as('commander');
    const cases: Record<string, string>[] = [
      {},
      { [CSRF_HEADER]: 'wrong-token' },
      { [CSRF_HEADER]: other.csrf },
      { [CSRF_HEADER]: '' },
    ];
    for (const extra of cases) {
      const headers = { ...cookieHeader(user.cookie), 'accept-language': 'en', ...extra };
      const patch = await raw('PATCH', '/api/me/preferences', headers, { locale: 'en' });
      expect(patch.statusCode).toBe(403);
      expect(patch.json().error).toMatchObject({
        code: 'csrf_failed',
        message: 'The request has no valid CSRF token',
      });
      const post = await raw('POST', '/api/me/tokens', headers, { name: 'sneaky' });
      expect(post.statusCode).toBe(403);
      expect(post.json().error.code).toBe('csrf_failed');
      const logout = await raw('POST', '/api/auth/logout', headers, {});
      expect(logout.statusCode).toBe(403);
    }
    const me = await raw('GET', '/api/me', cookieHeader(user.cookie));
    expect(me.statusCode).toBe(200);
    expect(me.json().locale).toBe('zh-CN');
    expect((await user.get('/api/me/tokens')).json()).toEqual([]);
  });

  it('lets reads through without a token and writes with it', async () => {
    const user = await t.as('commander');
    expect((await raw('GET', '/api/me', cookieHeader(user.cookie))).statusCode).toBe(200);
    const ok = await raw(
      'PATCH',
      '/api/me/preferences',
      { ...cookieHeader(user.cookie), [CSRF_HEADER]: user.csrf },
      { locale: 'en' },
    );
    expect(ok.statusCode).toBe(200);
  });
});

describe('personal API tokens', () => {
  async function createToken(owner: { post: TestApp['anon']['post'] }, body: unknown = { name: 'ci' }) {
    const res = await owner.post('/api/me/tokens', body);
    expect(res.statusCode).toBe(201);
    return res.json() as { id: number; token: string; prefix: string; expiresAt: string | null };
  }

  it('creates a token shown once that authenticates reads and writes without CSRF', async () => {
    const user = await t.as('commander');
    const created = await createToken(user);
    expect(created.token).toMatch(/^tc_[A-Za-z0-9_-]{20,}$/);
    expect(created.prefix).toBe(created.token.slice(0, 8));
    expect(created.expiresAt).toBeNull();

    const me = await t.anon.get('/api/me', bearer(created.token));
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: user.user.id, csrfToken: null });

    const write = await t.anon.patch('/api/me/preferences', { locale: 'en' }, bearer(created.token));
    expect(write.statusCode).toBe(200);
    expect((await user.get('/api/me')).json().locale).toBe('en');

    const list = await user.get('/api/me/tokens');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.token);
    expect(list.json()).toHaveLength(1);
    expect(list.json()[0]).toMatchObject({ id: created.id, name: 'ci', prefix: created.prefix });
    expect(list.json()[0]).not.toHaveProperty('token');
    expect(list.json()[0].lastUsedAt).toBe('2020-03-10T01:00:00.000Z');
  });

  it('400 for an invalid token request', async () => {
    const user = await t.as('commander');
    for (const body of [{}, { name: '' }, { name: 'x', expiresInDays: 0 }, { name: 'x', scope: 'all' }]) {
      const res = await user.post('/api/me/tokens', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });

  it('acts with its owner’s scope', async () => {
    const own = await t.makeEnterprise({ divisionCode: '210502' });
    const other = await t.makeEnterprise({ divisionCode: '210503' });
    const district = await t.as('district', { divisionCode: '210502' });
    const { token } = await createToken(district);
    const res = await t.anon.get('/api/enterprises?pageSize=200', bearer(token));
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((e: { id: number }) => e.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(other.id);
    for (const e of res.json().items) expect(e.divisionCode).toBe('210502');
    expect((await t.anon.get(`/api/enterprises/${other.id}`, bearer(token))).statusCode).toBe(404);
    // A token does not widen the role either.
    expect((await t.anon.get('/api/users', bearer(token))).statusCode).toBe(403);
  });

  it('revoked, unknown, expired and disabled-owner tokens get 401', async () => {
    const user = await t.as('commander');
    const a = await createToken(user, { name: 'a' });
    const revoke = await user.delete(`/api/me/tokens/${a.id}`);
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).toBe('2020-03-10T01:00:00.000Z');
    const gone = await t.anon.get('/api/me', bearer(a.token));
    expect(gone.statusCode).toBe(401);
    expect(gone.json().error.code).toBe('unauthenticated');

    expect((await t.anon.get('/api/me', bearer('tc_not-a-real-token'))).statusCode).toBe(401);
    expect((await t.anon.get('/api/me', { authorization: 'Bearer ' })).statusCode).toBe(401);

    const b = await createToken(user, { name: 'b', expiresInDays: 1 });
    expect(b.expiresAt).toBe('2020-03-11T01:00:00.000Z');
    expect((await t.anon.get('/api/me', bearer(b.token))).statusCode).toBe(200);
    t.clock.advance!(2 * 24 * 60 * MINUTE);
    expect((await t.anon.get('/api/me', bearer(b.token))).statusCode).toBe(401);

    const owner = await t.as('commander');
    const c = await createToken(owner, { name: 'c' });
    expect((await t.anon.get('/api/me', bearer(c.token))).statusCode).toBe(200);
    await t.database.db
      .update(schema.users)
      .set({ disabled: true })
      .where(eq(schema.users.id, owner.user.id));
    // Disabled behind the server's back (SQL): refused once the database's notice has reached the
    // token cache (tokens.test.ts); through the API it is at once (users.test.ts).
    let status = 200;
    for (let i = 0; i < 60 && status !== 401; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await t.anon.get('/api/me', bearer(c.token))).statusCode;
    }
    expect(status).toBe(401);
  });

  it('cannot revoke another user’s token (404), which keeps working', async () => {
    const alice = await t.as('commander');
    const bob = await t.as('commander');
    const token = await createToken(alice);
    const res = await bob.delete(`/api/me/tokens/${token.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await bob.delete('/api/me/tokens/999999')).statusCode).toBe(404);
    expect((await t.anon.get('/api/me', bearer(token.token))).statusCode).toBe(200);
    expect(JSON.stringify((await bob.get('/api/me/tokens')).json())).toBe('[]');
  });

  it('401 for token endpoints without credentials', async () => {
    expect((await t.anon.get('/api/me/tokens')).statusCode).toBe(401);
    expect((await t.anon.post('/api/me/tokens', { name: 'x' })).statusCode).toBe(401);
    expect((await t.anon.delete('/api/me/tokens/1')).statusCode).toBe(401);
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session and clears the cookie', async () => {
    const user = await t.as('commander');
    const other = await t.login(user.username);
    const res = await user.post('/api/auth/logout');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const cleared = sessionCookieOf(res);
    expect(cleared.value).toBe('');
    const after = await user.get('/api/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
    // Other sessions of the same user are unaffected.
    expect((await other.get('/api/me')).statusCode).toBe(200);
  });

  it('401 without a session', async () => {
    expect((await t.anon.post('/api/auth/logout')).statusCode).toBe(401);
  });
});

describe('POST /api/me/password', () => {
  it('400 for a wrong current password or a weak new one', async () => {
    const user = await t.as('commander');
    const wrong = await user.post('/api/me/password', {
      currentPassword: 'Wrong@Pass2020',
      newPassword: 'Brand@New2021',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(wrong.json().error.details[0].path).toBe('currentPassword');
    const weak = await user.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'password',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password');
    expect(weak.json().error.details[0]).toMatchObject({ path: 'newPassword', reason: 'weak_password' });
    expect((await tryLogin(user.username, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await user.post('/api/me/password', { newPassword: 'Brand@New2021' })).statusCode).toBe(400);
  });

  it('changes the password; this session stays, the others end', async () => {
    const user = await t.as('commander');
    const elsewhere = await t.login(user.username);
    const res = await user.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'Brand@New2021',
    });
    expect(res.statusCode).toBe(200);
    expect((await user.get('/api/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/me')).statusCode).toBe(401);
    const old = await tryLogin(user.username, TEST_PASSWORD);
    expect(old.statusCode).toBe(401);
    expect(old.json().error.code).toBe('invalid_credentials');
    const fresh = await tryLogin(user.username, 'Brand@New2021');
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().mustChangePassword).toBe(false);
  });

  it('401 without a session', async () => {
    const res = await t.anon.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'Brand@New2021',
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('PATCH /api/me/preferences', () => {
  it('remembers the language, which then applies when no Accept-Language is sent', async () => {
    const user = await t.as('commander');
    const before = await raw('GET', '/api/enterprises/999999', cookieHeader(user.cookie));
    expect(before.statusCode).toBe(404);
    expect(before.json().error).toEqual({ code: 'not_found', message: '未找到' });

    const res = await user.patch('/api/me/preferences', { locale: 'en' });
    expect(res.statusCode).toBe(200);
    expect((await user.get('/api/me')).json().locale).toBe('en');

    const after = await raw('GET', '/api/enterprises/999999', cookieHeader(user.cookie));
    expect(after.statusCode).toBe(404);
    expect(after.json().error).toEqual({ code: 'not_found', message: 'Not found' });
    // An explicit header still wins.
    const zh = await raw('GET', '/api/enterprises/999999', {
      ...cookieHeader(user.cookie),
      'accept-language': 'zh-CN,zh;q=0.9',
    });
    expect(zh.json().error.message).toBe('未找到');
    // The language sticks across sign-ins.
    expect((await tryLogin(user.username, TEST_PASSWORD)).json().locale).toBe('en');
  });

  it('400 for an unknown language or field, 401 without a session', async () => {
    const user = await t.as('commander');
    expect((await user.patch('/api/me/preferences', { locale: 'fr' })).statusCode).toBe(400);
    const extra = await user.patch('/api/me/preferences', { locale: 'en', theme: 'dark' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details[0].path).toBe('theme');
    expect((await user.get('/api/me')).json().locale).toBe('zh-CN');
    expect((await t.anon.patch('/api/me/preferences', { locale: 'en' })).statusCode).toBe(401);
  });
});

describe('auth events in the audit log', () => {
  const auditOf = async (auditor: { get: TestApp['anon']['get'] }, query: string) => {
    const res = await auditor.get(`/api/audit?pageSize=200&${query}`);
    expect(res.statusCode).toBe(200);
    return res.json().items as {
      action: string;
      actorUsername: string | null;
      entityId: string | null;
      after: Record<string, unknown> | null;
    }[];
  };

  it('records failed and successful logins, lockout, logout, tokens and password changes', async () => {
    const auditor = await t.as('auditor');
    const user = await t.makeUser('commander');
    expect((await tryLogin(user.username, 'Wrong@Pass2020')).statusCode).toBe(401);
    const agent = await t.login(user.username);
    const token = (await agent.post('/api/me/tokens', { name: 'ci' })).json();
    await agent.delete(`/api/me/tokens/${token.id}`);
    await agent.patch('/api/me/preferences', { locale: 'en' });
    await agent.post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'Brand@New2021' });
    await agent.post('/api/auth/logout');
    for (let i = 0; i < 5; i++) await tryLogin(user.username, 'Wrong@Pass2020');

    const entries = await auditOf(auditor, `actor=${user.username}`);
    const actions = entries.map((e) => e.action).reverse();
    expect(actions).toEqual([
      'auth.login_failed',
      'auth.login',
      'token.create',
      'token.revoke',
      'user.preferences',
      'user.password_changed',
      'auth.logout',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.locked',
    ]);
    for (const e of entries.filter((x) => x.action.startsWith('auth.'))) {
      expect(e.entityId).toBe(String(user.id));
    }
    expect(JSON.stringify(entries)).not.toContain(token.token);

    const unknown = 'nobody_at_all';
    await tryLogin(unknown, TEST_PASSWORD);
    const failed = (await auditOf(auditor, 'action=auth.login')).filter(
      (e) => e.action === 'auth.login_failed',
    );
    expect(failed[0]).toMatchObject({
      actorUsername: null,
      after: { username: unknown, reason: 'unknown_user' },
    });
    // The attempted password never reaches the log.
    expect(JSON.stringify(failed)).not.toContain(TEST_PASSWORD);
  });

  it('records attempts on a locked or disabled account', async () => {
    const auditor = await t.as('auditor');
    const locked = await t.makeUser('commander');
    for (let i = 0; i < 5; i++) await tryLogin(locked.username, 'Wrong@Pass2020');
    const before = (await auditOf(auditor, `actor=${locked.username}`)).length;
    expect((await tryLogin(locked.username, TEST_PASSWORD)).statusCode).toBe(423);
    expect((await auditOf(auditor, `actor=${locked.username}`)).length).toBe(before + 1);

    const disabled = await t.makeUser('commander', { disabled: true });
    expect((await tryLogin(disabled.username, TEST_PASSWORD)).statusCode).toBe(403);
    expect((await auditOf(auditor, `actor=${disabled.username}`)).length).toBe(1);
  });
});
