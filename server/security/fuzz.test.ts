import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, type Action } from '../../shared/access';
import type { Role } from '../../shared/enums';
import { sealAuditChain } from '../lib/audit';
import { createToken } from '../modules/auth/service';
import { createTestApp, type TestApp } from '../test/setup';

/**
 * Property-based fuzzing of every API route from its OpenAPI description: bodies and query strings
 * that follow the documented shape with hostile values mixed in (wrong types, SQL and HTML
 * meta-characters, huge numbers, impossible dates, unknown fields) and some that follow nothing.
 * Whatever arrives, the server never answers 5xx, and a refused write leaves every table as it was.
 *
 * FUZZ_RUNS (default 6) cases per route; FUZZ_SEED picks another sequence than the fixed one.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20200210);

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  maxLength?: number;
};

const HOSTILE_STRINGS = [
  '',
  ' ',
  "' or 1=1 --",
  "'; drop table enterprises; --",
  '%_\\',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '\u0000',
  '𠮷野家',
  '2020-02-30',
  '2020-13-01',
  '9999-12-31',
  '-1',
  '1e309',
  'null',
  'x'.repeat(5000),
];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 40 }));
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 0.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/**
 * Values shaped like the schema. Clean values follow it (enums, patterns, dates, small numbers) so
 * requests get past validation into the handlers; hostile ones swap leaves for something else.
 */
function shaped(schema: JsonSchema | undefined, hostile: boolean, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostile ? fc.anything({ maxDepth: 1 }) : fc.constant(undefined);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((s) => shaped(s, hostile, depth + 1)));
  if (schema.allOf?.length) return shaped(schema.allOf[0], hostile, depth + 1);
  let good: fc.Arbitrary<unknown>;
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  if (schema.enum?.length) good = fc.constantFrom(...schema.enum);
  else if (schema.const !== undefined) good = fc.constant(schema.const);
  else
    switch (type) {
      case 'object': {
        const props = schema.properties ?? {};
        const required = (schema.required ?? []).filter((k) => k in props);
        const record = fc.record(
          Object.fromEntries(
            Object.keys(props).map((k) => [k, shaped(props[k], hostile, depth + 1)]),
          ) as Record<string, fc.Arbitrary<unknown>>,
          { requiredKeys: hostile ? [] : required },
        );
        good = hostile
          ? fc
              .tuple(record, fc.option(fc.tuple(hostileString, fc.anything({ maxDepth: 1 }))))
              .map(([rec, extra]) => (extra ? { ...rec, [extra[0] || 'unknown']: extra[1] } : rec))
          : record;
        break;
      }
      case 'array':
        good = fc.array(shaped(schema.items, hostile, depth + 1), { maxLength: 3 });
        break;
      case 'string':
        if (schema.format === 'date')
          good = hostile
            ? fc.constantFrom('2020-02-30', '2019-12-31', '1900-01-01', '2020-3-1')
            : fc.constantFrom('2020-03-10', '2020-02-01', '2020-03-09', '2020-02-20');
        else if (schema.format === 'date-time') good = fc.constantFrom('2020-03-10T01:00:00.000Z', 'x');
        else if (schema.pattern && !hostile) good = safeMatching(schema.pattern, schema.maxLength);
        else
          good = hostile
            ? hostileString
            : fc.oneof(
                fc.constantFrom('测试', 'test', '本溪', '210502'),
                fc.string({ minLength: 1, maxLength: 12 }),
              );
        break;
      case 'integer':
        good = hostile ? hostileNumber : fc.integer({ min: 0, max: 5 });
        break;
      case 'number':
        good = hostile ? hostileNumber : fc.constantFrom(0, 1, 0.5, 80, 100);
        break;
      case 'boolean':
        good = fc.boolean();
        break;
      default:
        good = hostile ? fc.anything({ maxDepth: 1 }) : fc.constant(null);
    }
  if (!hostile) return good;
  const wrong = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.constant([]));
  return fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: wrong });
}

function safeMatching(pattern: string, maxLength?: number): fc.Arbitrary<unknown> {
  try {
    const arb = fc.stringMatching(new RegExp(pattern));
    return maxLength ? arb.filter((s) => s.length <= maxLength) : arb;
  } catch {
    return fc.string({ maxLength: 12 });
  }
}

/** Clean, hostile, or anything at all. */
function input(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: shaped(schema, false) },
    { weight: 2, arbitrary: shaped(schema, true) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  );
}

interface Operation {
  method: string;
  url: string;
  access: string;
  body?: JsonSchema;
  multipart: boolean;
  query: { name: string; schema: JsonSchema }[];
}

const ID_VALUES = [
  '1',
  '2',
  '0',
  '-1',
  '999999',
  '99999999999999999999',
  'abc',
  "1'or'1'='1",
  '00000000-0000-4000-8000-000000000000',
];

let t: TestApp;
let operations: Operation[] = [];
const tokens = new Map<Role, string>();
let tableNames: string[] = [];

/** A token for a fresh user of the role (re-made if a fuzzed request disabled or revoked it). */
async function tokenFor(role: Role, entId: number): Promise<string> {
  const user = await t.makeUser(role, { enterpriseId: role === 'enterprise' ? entId : null });
  const ctx = await t.ctxFor(user);
  const created = await createToken(ctx, ctx.actor!, { name: 'fuzz' });
  tokens.set(role, created.token);
  return created.token;
}

/**
 * Row counts and a content hash of every table: equal before and after means nothing was written.
 * Audit entries of earlier requests are sealed first, so the background sealer has nothing left
 * to change meanwhile.
 */
async function fingerprint(): Promise<Map<string, string>> {
  await sealAuditChain(t.database.db, { wait: true });
  const parts = tableNames.map(
    (n) =>
      `select '${n}' as t, count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${n}" x`,
  );
  const res = await t.database.db.execute(sql.raw(parts.join(' union all ')));
  const rows = ((res as unknown as { rows?: unknown[] }).rows ?? res) as {
    t: string;
    n: number;
    h: string;
  }[];
  return new Map(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before].filter(([k, v]) => after.get(k) !== v).map(([k]) => k);
}

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await t.anon.get('/api/openapi.json')).json();
  const ent = await t.makeEnterprise();
  const roles = new Set<Role>();
  for (const r of t.app.deps.routes) {
    if (r.access === 'public' || r.url === '/api/auth/logout' || r.url === '/api/openapi.json') continue;
    const op = doc.paths?.[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
    const content = op?.requestBody?.content ?? {};
    operations.push({
      method: r.method,
      url: r.url,
      access: r.access,
      body: content['application/json']?.schema,
      multipart: Boolean(content['multipart/form-data']),
      query: (op?.parameters ?? [])
        .filter((p: { in: string }) => p.in === 'query')
        .map((p: { name: string; schema: JsonSchema }) => ({ name: p.name, schema: p.schema })),
    });
  }
  operations = operations.filter((o) => o.access !== undefined);
  for (const o of operations) roles.add(roleFor(o.access));
  for (const role of roles) await tokenFor(role, ent.id);
  const res = await t.database.db.execute(
    sql.raw(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  );
  const rows = ((res as unknown as { rows?: { table_name: string }[] }).rows ?? res) as {
    table_name: string;
  }[];
  // Sessions and tokens record their last use on every request; they are not business data.
  tableNames = rows.map((r) => r.table_name).filter((n) => !['sessions', 'api_tokens'].includes(n));
}, 120_000);
afterAll(() => t.close());

/** The most powerful role the route admits, so the fuzz gets past the access check. */
function roleFor(access: string): Role {
  if (access === 'authenticated') return 'commander';
  const allowed = ACCESS[access as Action] as readonly Role[];
  for (const r of [
    'commander',
    'district',
    'department',
    'enterprise',
    'liaison',
    'supervisor',
    'leader',
    'admin',
    'auditor',
  ] as Role[])
    if (allowed.includes(r)) return r;
  return allowed[0];
}

const isWrite = (m: string) => m !== 'GET';

describe('fuzzing every route', () => {
  it('never answers 5xx, and a refused write changes nothing', async () => {
    const failures: string[] = [];
    const stats = new Map<number, number>();
    for (const op of operations) {
      const role = roleFor(op.access);
      const queryOf = (hostile: boolean) =>
        fc.record(
          Object.fromEntries(op.query.map((q) => [q.name, shaped(q.schema, hostile)])) as Record<
            string,
            fc.Arbitrary<unknown>
          >,
          { requiredKeys: [] },
        );
      const queryArb = fc.oneof({ weight: 2, arbitrary: queryOf(false) }, queryOf(true));
      const bodyArb = op.body ? input(op.body) : fc.constant(undefined);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ID_VALUES), queryArb, bodyArb, async (id, query, body) => {
          const qs = new URLSearchParams();
          for (const [k, v] of Object.entries(query))
            if (v !== undefined) qs.set(k, typeof v === 'string' ? v : JSON.stringify(v));
          const url = op.url.replace(/:(\w+)/g, encodeURIComponent(id)) + (qs.size ? `?${qs}` : '');
          let before = isWrite(op.method) ? await fingerprint() : new Map<string, string>();
          const send = async () =>
            t.app.inject({
              method: op.method as 'POST',
              url,
              headers: { authorization: `Bearer ${tokens.get(role)}`, 'accept-language': 'zh-CN' },
              payload: op.method === 'GET' || op.method === 'DELETE' ? undefined : (body as object),
            });
          let res = await send();
          if (res.statusCode === 401) {
            // A fuzzed request may have disabled this user or revoked its token: a new one, once.
            await tokenFor(role, (await t.makeEnterprise()).id);
            if (isWrite(op.method)) before = await fingerprint();
            res = await send();
          }
          stats.set(res.statusCode, (stats.get(res.statusCode) ?? 0) + 1);
          const where = `${role} ${op.method} ${url.slice(0, 160)} body=${JSON.stringify(body)?.slice(0, 200)}`;
          if (res.statusCode >= 500) failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 300)}`);
          if (res.statusCode >= 400 && res.statusCode < 500) {
            const err = res.json().error;
            if (!err?.code || !err?.message)
              failures.push(`${where}: ${res.statusCode} without the error shape`);
            const changed = isWrite(op.method) ? changedTables(before, await fingerprint()) : [];
            if (changed.length)
              failures.push(`${where}: ${res.statusCode} but ${changed.join(', ')} changed`);
          }
          return true;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
    // The fuzz must reach the handlers, not only bounce off validation.
    const total = [...stats.values()].reduce((a, b) => a + b, 0);
    const passed = [...stats].filter(([s]) => s < 300).reduce((a, [, n]) => a + n, 0);
    expect(operations.length).toBeGreaterThan(100);
    expect(passed / total).toBeGreaterThan(0.1);
  }, 600_000);
});

describe('inputs the database cannot hold', () => {
  it('an impossible date is refused on its field in the user’s language', async () => {
    const token = tokens.get('commander');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/daily-reports/completeness?date=2020-02-30',
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'zh-CN' },
    });
    expect(res.statusCode).toBe(400);
    const issue = res.json().error.details[0];
    expect(issue).toMatchObject({ path: 'date', reason: 'invalid_date' });
    expect(issue.message).toContain('不是有效的日期');
  });

  it('an id beyond the integer range is no row (404), and a too-large number in a body is a 400', async () => {
    const token = tokens.get('commander');
    const headers = { authorization: `Bearer ${token}`, 'accept-language': 'en' };
    const get = await t.app.inject({ method: 'GET', url: '/api/enterprises/3000000000', headers });
    expect([400, 404]).toContain(get.statusCode);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/attachments?ids=3,61222560387',
      headers,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].reason).toBe('out_of_range');
  });
});
