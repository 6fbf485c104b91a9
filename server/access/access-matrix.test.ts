import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, type Action } from '../../shared/access';
import { ROLES, type Role } from '../../shared/enums';
import { createToken } from '../modules/auth/service';
import { createTestApp, type TestApp } from '../test/setup';

/**
 * Every API route × every role: a role the access table does not allow gets 403 before any
 * validation or lookup; an allowed role never gets 401/403; nobody unauthenticated gets in.
 * A route registered without a rule fails at startup, so it cannot slip past this walk.
 */
let t: TestApp;
const tokens = new Map<Role, string>();
/** The operations of the published OpenAPI document, each with the rule its route registered. */
const operations: { method: string; url: string; access: string | undefined }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const ent = await t.makeEnterprise();
  for (const role of ROLES) {
    const user = await t.makeUser(role, { enterpriseId: role === 'enterprise' ? ent.id : null });
    const ctx = await t.ctxFor(user);
    const created = await createToken(ctx, ctx.actor!, { name: 'matrix' });
    tokens.set(role, created.token);
  }
  const doc = (await t.anon.get('/api/openapi.json')).json();
  const rules = new Map(t.app.deps.routes.map((r) => [`${r.method} ${r.url}`, r.access]));
  for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    const url = p.replace(/\{(\w+)\}/g, ':$1');
    for (const m of Object.keys(ops)) {
      const method = m.toUpperCase();
      operations.push({ method, url, access: rules.get(`${method} ${url}`) });
    }
  }
});
afterAll(() => t.close());

const concrete = (url: string) =>
  url.replace(':id', url.startsWith('/api/jobs') ? '00000000-0000-4000-8000-000000000000' : '999999');

describe('access matrix', () => {
  it('has a rule for every operation of the OpenAPI document and every action names known roles', () => {
    expect(operations.length).toBeGreaterThan(100);
    expect(operations.length).toBeGreaterThanOrEqual(t.app.deps.routes.length - 1);
    for (const r of operations) expect(r.access, `${r.method} ${r.url}`).toBeTruthy();
    for (const roles of Object.values(ACCESS)) for (const role of roles) expect(ROLES).toContain(role);
  });

  it('refuses unauthenticated calls to every non-public route with 401', async () => {
    for (const r of operations.filter((x) => x.access !== 'public')) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: concrete(r.url),
        payload: r.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('gives each role exactly what shared/access.ts says', async () => {
    const failures: string[] = [];
    for (const r of operations.filter((x) => x.access !== 'public')) {
      for (const role of ROLES) {
        // Logging out with a token changes nothing, but skip it so the walk stays read-mostly.
        if (r.url === '/api/auth/logout') continue;
        const res = await t.app.inject({
          method: r.method as 'GET',
          url: concrete(r.url),
          headers: { authorization: `Bearer ${tokens.get(role)}`, 'accept-language': 'en' },
          payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
        });
        const allowed =
          r.access === 'authenticated' || (ACCESS[r.access as Action] as readonly Role[]).includes(role);
        const refused = res.statusCode === 403 && res.json().error.code === 'forbidden';
        if (res.statusCode >= 500)
          failures.push(`${role} ${r.method} ${r.url}: ${res.statusCode} ${res.body}`);
        if (allowed && (res.statusCode === 401 || refused))
          failures.push(`${role} ${r.method} ${r.url}: ${res.statusCode} but allowed`);
        if (!allowed && !refused)
          failures.push(`${role} ${r.method} ${r.url}: ${res.statusCode} but not allowed`);
      }
    }
    expect(failures).toEqual([]);
  });
});
