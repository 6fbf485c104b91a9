import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/enums';
import { type Agent, createTestApp, TEST_PASSWORD, type TestApp, type TestResponse } from '../../test/setup';

let t: TestApp;
let admin: Agent & { user: { id: number } };
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
});
afterAll(() => t.close());

const NON_ADMIN: Role[] = [
  'auditor',
  'commander',
  'leader',
  'department',
  'district',
  'supervisor',
  'liaison',
  'enterprise',
];
const NEW_PASSWORD = 'Fresh@Pass2021';

let n = 0;
const body = (over: Record<string, unknown> = {}) => ({
  username: `new_user_${++n}`,
  displayName: `新用户${n}`,
  role: 'commander',
  password: NEW_PASSWORD,
  ...over,
});

const tryLogin = (username: string, password: string) =>
  t.anon.post('/api/auth/login', { username, password });
const paths = (res: TestResponse) =>
  (res.json().error.details as { path: string }[]).map((d) => d.path).sort();
const versionOf = async (id: number) => (await admin.get(`/api/users/${id}`)).json().version as number;
const HASH = /\$argon2|passwordHash|password_hash/;

describe('access to /api/users', () => {
  it('401 without a session', async () => {
    const u = await t.makeUser('commander');
    for (const res of [
      await t.anon.get('/api/users'),
      await t.anon.get(`/api/users/${u.id}`),
      await t.anon.post('/api/users', body()),
      await t.anon.patch(`/api/users/${u.id}`, { version: 1, displayName: 'x' }),
      await t.anon.post(`/api/users/${u.id}/reset-password`, { password: NEW_PASSWORD }),
      await t.anon.get('/api/admin/enterprise-options'),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
  });

  it.each(NON_ADMIN)('403 for %s', async (role) => {
    const agent = await t.as(role);
    const target = await t.makeUser('commander');
    const attempts = [
      await agent.get('/api/users'),
      await agent.get(`/api/users/${target.id}`),
      await agent.post('/api/users', body()),
      await agent.patch(`/api/users/${target.id}`, { version: 1, disabled: true }),
      await agent.post(`/api/users/${target.id}/reset-password`, { password: NEW_PASSWORD }),
      await agent.get('/api/admin/enterprise-options'),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    // Nothing happened to the target.
    const after = (await admin.get(`/api/users/${target.id}`)).json();
    expect(after).toMatchObject({ disabled: false, version: 1 });
    expect((await tryLogin(target.username, TEST_PASSWORD)).statusCode).toBe(200);
  });
});

describe('GET /api/users', () => {
  it('lists, filters by role and text, and pages', async () => {
    const a = await t.makeUser('supervisor', { username: 'listing_zhang', displayName: '张督导' });
    await t.makeUser('supervisor', { username: 'listing_li', displayName: '李督导' });
    const all = await admin.get('/api/users?pageSize=200');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBeGreaterThanOrEqual(3);
    const byText = await admin.get(`/api/users?q=${encodeURIComponent('张督')}`);
    expect(byText.json().items.map((u: { id: number }) => u.id)).toEqual([a.id]);
    const byRole = await admin.get('/api/users?role=supervisor&q=listing_&pageSize=1');
    expect(byRole.json().total).toBe(2);
    expect(byRole.json().items).toHaveLength(1);
    expect(all.body).not.toMatch(HASH);
    expect((await admin.get('/api/users?role=king')).statusCode).toBe(400);
  });

  it('404 for an unknown id', async () => {
    const res = await admin.get('/api/users/999999');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

describe('POST /api/users', () => {
  it('creates each role with its scope; the new user can sign in', async () => {
    const enterprise = await t.makeEnterprise();
    const cases: [Role, Record<string, unknown>][] = [
      ['admin', {}],
      ['auditor', {}],
      ['commander', {}],
      ['leader', {}],
      ['supervisor', {}],
      ['district', { divisionCode: '210502' }],
      ['liaison', { divisionCode: '210502' }],
      ['department', { departmentCode: 'industry' }],
      ['enterprise', { enterpriseId: enterprise.id }],
    ];
    for (const [role, scope] of cases) {
      const input = body({ role, ...scope, phone: '13800001111' });
      const res = await admin.post('/api/users', input);
      expect(res.statusCode, `${role}: ${res.body}`).toBe(201);
      const u = res.json();
      expect(u).toMatchObject({
        username: input.username,
        displayName: input.displayName,
        role,
        divisionCode: scope.divisionCode ?? null,
        departmentCode: scope.departmentCode ?? null,
        enterpriseId: scope.enterpriseId ?? null,
        enterpriseName: role === 'enterprise' ? enterprise.name : null,
        phone: '13800001111',
        disabled: false,
        locked: false,
        version: 1,
        createdAt: '2020-03-10T01:00:00.000Z',
      });
      expect(res.body).not.toMatch(HASH);
      const login = await tryLogin(input.username, NEW_PASSWORD);
      expect(login.statusCode).toBe(200);
      // The administrator chose the first password, so the user must replace it at first sign-in.
      expect(login.json()).toMatchObject({ id: u.id, role, mustChangePassword: true });
    }
  });

  it('400 when a role’s scope is missing, with the field path', async () => {
    for (const [role, field] of [
      ['district', 'divisionCode'],
      ['liaison', 'divisionCode'],
      ['department', 'departmentCode'],
      ['enterprise', 'enterpriseId'],
    ] as const) {
      const res = await admin.post('/api/users', body({ role }));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details).toEqual([
        { path: field, reason: 'scope_required', message: 'required for this role' },
      ]);
    }
  });

  it('400 when a scope is given that the role does not use', async () => {
    const r1 = await admin.post('/api/users', body({ role: 'commander', divisionCode: '210502' }));
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details[0]).toMatchObject({ path: 'divisionCode', reason: 'scope_not_allowed' });
    const r2 = await admin.post(
      '/api/users',
      body({ role: 'district', divisionCode: '210502', departmentCode: 'industry' }),
    );
    expect(r2.statusCode).toBe(400);
    expect(paths(r2)).toEqual(['departmentCode']);
  });

  it('400 for an unknown division, department or enterprise', async () => {
    const r1 = await admin.post('/api/users', body({ role: 'district', divisionCode: '999999' }));
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details[0]).toMatchObject({
      path: 'divisionCode',
      reason: 'unknown_division',
      message: 'division code 999999 does not exist',
    });
    const r2 = await admin.post('/api/users', body({ role: 'department', departmentCode: 'no-such-dept' }));
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.details[0]).toMatchObject({
      path: 'departmentCode',
      reason: 'unknown_department',
    });
    const r3 = await admin.post('/api/users', body({ role: 'enterprise', enterpriseId: 999999 }));
    expect(r3.statusCode).toBe(400);
    expect(r3.json().error.details[0]).toMatchObject({ path: 'enterpriseId', reason: 'unknown_enterprise' });
  });

  it('400 weak_password, 400 for unknown fields and bad usernames', async () => {
    const input = body({ password: 'password' });
    const weak = await admin.post('/api/users', input);
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password');
    expect(weak.json().error.details[0]).toMatchObject({ path: 'password', reason: 'weak_password' });
    expect((await tryLogin(input.username as string, 'password')).statusCode).toBe(401);

    const extra = await admin.post('/api/users', body({ passwordHash: 'x' }));
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details[0]).toMatchObject({ path: 'passwordHash', reason: 'unknown_field' });
    const badName = await admin.post('/api/users', body({ username: '张三 admin' }));
    expect(badName.statusCode).toBe(400);
    expect(paths(badName)).toEqual(['username']);
    const badRole = await admin.post('/api/users', body({ role: 'root' }));
    expect(badRole.statusCode).toBe(400);
    expect(paths(badRole)).toEqual(['role']);
  });

  it('409 duplicate for a taken username in any letter case', async () => {
    const input = body({ username: 'Case_Taken' });
    expect((await admin.post('/api/users', input)).statusCode).toBe(201);
    const again = await admin.post('/api/users', { ...input, username: 'case_TAKEN' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('duplicate');
    expect(again.json().error.details[0]).toMatchObject({ path: 'username', reason: 'duplicate_username' });
  });
});

describe('PATCH /api/users/:id', () => {
  it('re-scoping a district user ends their session; they then see only the new division', async () => {
    const in502 = await t.makeEnterprise({ divisionCode: '210502' });
    const in503 = await t.makeEnterprise({ divisionCode: '210503' });
    const clerk = await t.as('district', { divisionCode: '210502' });
    const before = (await clerk.get('/api/enterprises?pageSize=200')).json();
    expect(before.items.map((e: { id: number }) => e.id)).toContain(in502.id);

    const res = await admin.patch(`/api/users/${clerk.user.id}`, { version: 1, divisionCode: '210503' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ divisionCode: '210503', version: 2 });
    const old = await clerk.get('/api/enterprises');
    expect(old.statusCode).toBe(401);

    const again = await t.login(clerk.username);
    const list = (await again.get('/api/enterprises?pageSize=200')).json();
    const ids = list.items.map((e: { id: number }) => e.id);
    expect(ids).toContain(in503.id);
    expect(ids).not.toContain(in502.id);
    for (const e of list.items) expect(e.divisionCode).toBe('210503');
  });

  it('409 stale_version for an old version, and nothing changes', async () => {
    const u = await t.makeUser('commander');
    expect((await admin.patch(`/api/users/${u.id}`, { version: 1, displayName: '甲' })).statusCode).toBe(200);
    const stale = await admin.patch(`/api/users/${u.id}`, { version: 1, displayName: '乙' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', details: { currentVersion: 2 } });
    expect((await admin.get(`/api/users/${u.id}`)).json()).toMatchObject({ displayName: '甲', version: 2 });
  });

  it('400 for a missing version, unknown fields or an invalid scope; 404 for an unknown id', async () => {
    const u = await t.makeUser('district');
    expect((await admin.patch(`/api/users/${u.id}`, { displayName: 'x' })).statusCode).toBe(400);
    const extra = await admin.patch(`/api/users/${u.id}`, { version: 1, username: 'renamed' });
    expect(extra.statusCode).toBe(400);
    expect(paths(extra)).toEqual(['username']);
    // Changing the role keeps the old scope unless it is cleared.
    const toCommander = await admin.patch(`/api/users/${u.id}`, { version: 1, role: 'commander' });
    expect(toCommander.statusCode).toBe(400);
    expect(toCommander.json().error.details[0]).toMatchObject({
      path: 'divisionCode',
      reason: 'scope_not_allowed',
    });
    const ok = await admin.patch(`/api/users/${u.id}`, { version: 1, role: 'commander', divisionCode: null });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ role: 'commander', divisionCode: null });
    const missing = await admin.patch('/api/users/999999', { version: 1, displayName: 'x' });
    expect(missing.statusCode).toBe(404);
  });

  it('disabling refuses sign-in with 403 and ends sessions and tokens at once; enabling restores it', async () => {
    const user = await t.as('commander');
    const token = (await user.post('/api/me/tokens', { name: 'job' })).json().token;
    const withToken = () => t.anon.get('/api/me', { authorization: `Bearer ${token}` });
    expect((await withToken()).statusCode).toBe(200);
    const res = await admin.patch(`/api/users/${user.user.id}`, { version: 1, disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await user.get('/api/me')).statusCode).toBe(401);
    expect((await withToken()).statusCode).toBe(401);
    const refused = await tryLogin(user.username, TEST_PASSWORD);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'account_disabled',
      message: 'This account is disabled',
    });
    const enabled = await admin.patch(`/api/users/${user.user.id}`, { version: 2, disabled: false });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().disabled).toBe(false);
    expect((await tryLogin(user.username, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await withToken()).statusCode).toBe(200);
  });

  it('a demotion holds at once for the user’s API token: the new role is refused what the old one could do', async () => {
    const user = await t.as('commander');
    const token = (await user.post('/api/me/tokens', { name: 'job' })).json().token;
    const bearer = { authorization: `Bearer ${token}`, 'accept-language': 'en' };
    const saveForm = () =>
      t.app.inject({ method: 'PUT', url: '/api/daily-reports/form', headers: bearer, payload: {} as never });
    // As commander the form route lets the token through to validation (400, not 403).
    expect((await saveForm()).statusCode).toBe(400);
    const demoted = await admin.patch(`/api/users/${user.user.id}`, { version: 1, role: 'leader' });
    expect(demoted.statusCode).toBe(200);
    const refused = await saveForm();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer });
    expect(me.json().role).toBe('leader');
  });

  it('an edit that changes neither scope nor status keeps the session', async () => {
    const user = await t.as('commander');
    const res = await admin.patch(`/api/users/${user.user.id}`, { version: 1, displayName: '新名字' });
    expect(res.statusCode).toBe(200);
    expect((await user.get('/api/me')).json().displayName).toBe('新名字');
  });

  it('409 self_lockout when the admin disables or demotes themselves', async () => {
    const version = await versionOf(admin.user.id);
    const disable = await admin.patch(`/api/users/${admin.user.id}`, { version, disabled: true });
    expect(disable.statusCode).toBe(409);
    expect(disable.json().error.code).toBe('self_lockout');
    const demote = await admin.patch(`/api/users/${admin.user.id}`, { version, role: 'commander' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('self_lockout');
    expect((await admin.get('/api/me')).json().role).toBe('admin');
    expect(await versionOf(admin.user.id)).toBe(version);
    // Editing one's own name is fine.
    const rename = await admin.patch(`/api/users/${admin.user.id}`, { version, displayName: '管理员' });
    expect(rename.statusCode).toBe(200);
    expect((await admin.get('/api/me')).statusCode).toBe(200);
  });

  it('another admin may disable an admin', async () => {
    const other = await t.as('admin');
    const res = await admin.patch(`/api/users/${other.user.id}`, { version: 1, disabled: true });
    expect(res.statusCode).toBe(200);
    expect((await other.get('/api/me')).statusCode).toBe(401);
  });

  it('unlock lets a locked user sign in at once', async () => {
    const u = await t.makeUser('commander');
    for (let i = 0; i < 5; i++) await tryLogin(u.username, 'Wrong@Pass2020');
    expect((await tryLogin(u.username, TEST_PASSWORD)).statusCode).toBe(423);
    const view = (await admin.get(`/api/users/${u.id}`)).json();
    expect(view).toMatchObject({ locked: true, lockedUntil: '2020-03-10T01:15:00.000Z' });
    const res = await admin.patch(`/api/users/${u.id}`, { version: view.version, unlock: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ locked: false, lockedUntil: null });
    expect((await tryLogin(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await admin.patch(`/api/users/${u.id}`, { version: 1, unlock: false })).statusCode).toBe(400);
  });
});

describe('POST /api/users/:id/reset-password', () => {
  it('400 weak_password; 404 for an unknown id', async () => {
    const u = await t.makeUser('commander');
    const weak = await admin.post(`/api/users/${u.id}/reset-password`, { password: 'abcdefg1' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password');
    expect((await tryLogin(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    const missing = await admin.post('/api/users/999999/reset-password', { password: NEW_PASSWORD });
    expect(missing.statusCode).toBe(404);
  });

  it('sets a new password the user must change; old password and sessions end', async () => {
    const user = await t.as('commander');
    const res = await admin.post(`/api/users/${user.user.id}/reset-password`, { password: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(2);
    expect(res.body).not.toMatch(HASH);
    expect((await user.get('/api/me')).statusCode).toBe(401);
    expect((await tryLogin(user.username, TEST_PASSWORD)).statusCode).toBe(401);
    const fresh = await tryLogin(user.username, NEW_PASSWORD);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().mustChangePassword).toBe(true);
  });

  it('also clears a lockout', async () => {
    const u = await t.makeUser('commander');
    for (let i = 0; i < 5; i++) await tryLogin(u.username, 'Wrong@Pass2020');
    await admin.post(`/api/users/${u.id}/reset-password`, { password: NEW_PASSWORD });
    expect((await tryLogin(u.username, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('GET /api/me keeps reporting mustChangePassword until the password is changed', async () => {
    const u = await t.makeUser('commander');
    await admin.post(`/api/users/${u.id}/reset-password`, { password: NEW_PASSWORD });
    const agent = await t.login(u.username, NEW_PASSWORD);
    expect((await agent.get('/api/me')).json().mustChangePassword).toBe(true);
    await agent.post('/api/me/password', { currentPassword: NEW_PASSWORD, newPassword: 'Other@Pass2022' });
    expect((await agent.get('/api/me')).json().mustChangePassword).toBe(false);
  });
});

describe('password hashes stay inside the database', () => {
  it('appear in no response and in no audit entry', async () => {
    const auditor = await t.as('auditor');
    const created = await admin.post('/api/users', body({ role: 'district', divisionCode: '210502' }));
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const responses = [
      created,
      await admin.get(`/api/users/${id}`),
      await admin.get('/api/users?pageSize=200'),
      await admin.patch(`/api/users/${id}`, { version: 1, divisionCode: '210503' }),
      await admin.post(`/api/users/${id}/reset-password`, { password: 'Other@Pass2022' }),
      await admin.patch(`/api/users/${id}`, { version: 3, disabled: true }),
      await admin.get('/api/me'),
    ];
    for (const res of responses) {
      expect(res.statusCode).toBeLessThan(300);
      expect(res.body).not.toMatch(HASH);
    }
    const log = await auditor.get(`/api/audit?entity=user&entityId=${id}&pageSize=200`);
    expect(log.statusCode).toBe(200);
    const entries = log.json().items as { action: string; before: unknown; after: unknown }[];
    expect(entries.map((e) => e.action).sort()).toEqual([
      'user.create',
      'user.reset_password',
      'user.update',
      'user.update',
    ]);
    const create = entries.find((e) => e.action === 'user.create')!;
    expect(create.after).toMatchObject({ id, role: 'district', divisionCode: '210502' });
    const scopeChange = entries.filter((e) => e.action === 'user.update').at(-1)!;
    expect(scopeChange.before).toMatchObject({ divisionCode: '210502' });
    expect(scopeChange.after).toMatchObject({ divisionCode: '210503' });
    expect(log.body).not.toMatch(HASH);
    const all = await auditor.get('/api/audit?pageSize=200');
    expect(all.body).not.toMatch(HASH);
  });
});

describe('GET /api/admin/enterprise-options', () => {
  it('returns only id, name, USCC and division for the admin', async () => {
    const e = await t.makeEnterprise({ name: '溪湖选项测试有限公司', divisionCode: '210503' });
    const res = await admin.get(`/api/admin/enterprise-options?q=${encodeURIComponent('选项测试')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ id: e.id, name: e.name, uscc: e.uscc, divisionCode: '210503' }]);
    const byUscc = await admin.get(`/api/admin/enterprise-options?q=${e.uscc}`);
    expect(byUscc.json().map((o: { id: number }) => o.id)).toEqual([e.id]);
    const all = await admin.get('/api/admin/enterprise-options');
    expect(all.json().length).toBeGreaterThan(0);
    expect(all.json().length).toBeLessThanOrEqual(20);
    for (const o of all.json()) expect(Object.keys(o).sort()).toEqual(['divisionCode', 'id', 'name', 'uscc']);
  });

  it('403 for the commander', async () => {
    const commander = await t.as('commander');
    const res = await commander.get('/api/admin/enterprise-options?q=a');
    expect(res.statusCode).toBe(403);
  });
});
