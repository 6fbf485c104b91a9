import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../db/client';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed';
import { type Agent, createTestApp, type TestApp } from '../test/setup';

/**
 * Scope leaks, walked over every API read on the seeded demo city: whatever a district clerk, a
 * liaison or an enterprise asks for, no row of an enterprise outside their scope comes back, and a
 * detail page of such a row is "not found". The oracle is computed here from the tables, not with
 * the server's scoper, so a mistake there cannot hide itself.
 */
let t: TestApp;
interface Viewer {
  username: string;
  agent: Agent;
  /** Enterprises the viewer may see. */
  allowed: Set<number>;
  /** Division codes whose figures the viewer may see (itself, its parts and its parents). */
  division: string | null;
}
const viewers: Viewer[] = [];
let outsideRows: Map<string, number[]>;

/** Query strings that make list routes with required parameters answer; the coverage test keeps this honest. */
const QUERY: Record<string, string> = {
  '/api/daily-reports/template': 'date=2020-03-10',
  '/api/kpis/series': 'metric=resumptionRate&from=2020-03-01&to=2020-03-10',
  '/api/kpis/drill': 'metric=resumptionRate&asOf=2020-03-10',
  '/api/kpis/drill/export.xlsx': 'metric=resumptionRate&asOf=2020-03-10',
  '/api/demands/stats': 'from=2020-02-01&to=2020-03-10&groupBy=division',
};
/** Reads that hold no enterprise rows, or stream, or are files (checked in their modules). */
const SKIP = new Set(['/api/openapi.json', '/api/kpis/stream', '/api/health']);

/** Detail routes and the table whose rows they show (every row has an enterprise). */
const DETAIL: Record<string, { table: string }> = {
  '/api/enterprises/:id': { table: 'enterprises' },
  '/api/enterprises/:id/liaison': { table: 'enterprises' },
  '/api/enterprises/:id/responsibility': { table: 'enterprises' },
  '/api/enterprises/:id/resumption-history': { table: 'enterprises' },
  '/api/enterprises/:id/resumption-status': { table: 'enterprises' },
  '/api/hazards/:id': { table: 'hazards' },
  '/api/inspections/:id': { table: 'inspections' },
  '/api/daily-reports/:id': { table: 'daily_reports' },
  '/api/daily-reports/:id/revisions': { table: 'daily_reports' },
  '/api/resumption-applications/:id': { table: 'resumption_applications' },
  '/api/attachments/:id': { table: 'attachments' },
  '/api/demands/:id': { table: 'demands' },
};
/** Detail routes that are not about one enterprise's rows. */
const NOT_ENTERPRISE_DETAIL = new Set([
  '/api/jobs/:id',
  '/api/users/:id',
  '/api/campaigns/:id',
  '/api/checklists/:id',
  '/api/directives/:id',
  '/api/directives/:id/compliance',
  '/api/directives/:id/targets',
  '/api/daily-reports/form/:version',
  '/api/supervision/groups/:id',
  '/api/supervision/squads/:id',
]);

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const res = await t.database.db.execute(query);
  return ((res as unknown as { rows?: T[] }).rows ?? res) as T[];
}

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(await t.ctxFor(await t.makeUser('commander')));
  const db = t.database.db;
  const [district] = await db.select().from(schema.users).where(eq(schema.users.username, 'district'));
  const inDistrict = await rows<{ id: number }>(
    sql`select id from enterprises where division_code like ${`${district.divisionCode}%`}`,
  );
  viewers.push({
    username: 'district',
    agent: await t.login('district', DEMO_PASSWORD),
    allowed: new Set(inDistrict.map((r) => r.id)),
    division: district.divisionCode,
  });
  const [ent] = await db.select().from(schema.users).where(eq(schema.users.username, 'enterprise'));
  viewers.push({
    username: 'enterprise',
    agent: await t.login('enterprise', DEMO_PASSWORD),
    allowed: new Set([ent.enterpriseId as number]),
    division: null,
  });
  const [liaison] = await db.select().from(schema.users).where(eq(schema.users.username, 'liaison'));
  const assigned = await db
    .select({ id: schema.enterpriseAssignments.enterpriseId })
    .from(schema.enterpriseAssignments)
    .where(
      and(
        eq(schema.enterpriseAssignments.userId, liaison.id),
        eq(schema.enterpriseAssignments.kind, 'liaison'),
        isNull(schema.enterpriseAssignments.endedAt),
      ),
    );
  viewers.push({
    username: 'liaison',
    agent: await t.login('liaison', DEMO_PASSWORD),
    allowed: new Set(assigned.map((r) => r.id)),
    division: null,
  });
  // A few rows per table that belong to an enterprise outside the district (and so outside everyone's).
  outsideRows = new Map();
  for (const table of new Set(Object.values(DETAIL).map((d) => d.table))) {
    const col = table === 'enterprises' ? 'id' : 'enterprise_id';
    const found = await rows<{ id: number }>(
      sql.raw(
        `select x.id from ${table} x join enterprises e on e.id = x.${col} where e.division_code not like '${district.divisionCode}%' order by x.id limit 3`,
      ),
    );
    outsideRows.set(
      table,
      found.map((r) => r.id),
    );
  }
}, 300_000);
afterAll(() => t.close());

/** Every enterprise id and division code anywhere in a response. */
function collect(
  value: unknown,
  out: { enterprises: Set<number>; divisions: Set<string> },
  listOfEnterprises: boolean,
) {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out, listOfEnterprises);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'enterpriseId' && typeof v === 'number') out.enterprises.add(v);
    if (k === 'divisionCode' && typeof v === 'string') out.divisions.add(v);
    if (listOfEnterprises && k === 'id' && typeof v === 'number' && 'uscc' in value) out.enterprises.add(v);
    if (typeof v === 'object') collect(v, out, listOfEnterprises);
  }
}

const listRoutes = () =>
  t.app.deps.routes.filter(
    (r) => r.method === 'GET' && !r.url.includes(':') && r.url.startsWith('/api/') && !SKIP.has(r.url),
  );

describe('scope leaks', () => {
  it('every list route answers the commander (so the walk below reads real data)', async () => {
    const commander = await t.login('commander', DEMO_PASSWORD);
    const bad: string[] = [];
    for (const r of listRoutes()) {
      const res = await commander.get(`${r.url}?${QUERY[r.url] ?? 'pageSize=200'}`);
      if (res.statusCode === 400) bad.push(`${r.url}: ${res.body.slice(0, 200)}`);
    }
    expect(bad).toEqual([]);
  }, 120_000);

  it('no list shows a district clerk, a liaison or an enterprise a row outside their scope', async () => {
    const leaks: string[] = [];
    let checked = 0;
    for (const v of viewers) {
      for (const r of listRoutes()) {
        const res = await v.agent.get(`${r.url}?${QUERY[r.url] ?? 'pageSize=200'}`);
        if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('json')) continue;
        const found = { enterprises: new Set<number>(), divisions: new Set<string>() };
        collect(res.json(), found, r.url === '/api/enterprises' || r.url.endsWith('/enterprises'));
        checked += found.enterprises.size;
        for (const id of found.enterprises)
          if (!v.allowed.has(id)) leaks.push(`${v.username} ${r.url}: enterprise ${id}`);
        const own = v.division;
        if (own)
          for (const code of found.divisions)
            if (!code.startsWith(own) && !own.startsWith(code))
              leaks.push(`${v.username} ${r.url}: division ${code}`);
      }
    }
    expect(leaks).toEqual([]);
    // The walk must have seen rows, or it proves nothing.
    expect(checked).toBeGreaterThan(100);
  }, 300_000);

  it('every detail route of an enterprise’s rows says "not found" for a row outside the scope', async () => {
    const unmapped = t.app.deps.routes
      .filter((r) => r.method === 'GET' && r.url.includes(':'))
      .map((r) => r.url)
      .filter((u) => !DETAIL[u] && !NOT_ENTERPRISE_DETAIL.has(u));
    expect(unmapped, 'add new detail routes to DETAIL or NOT_ENTERPRISE_DETAIL').toEqual([]);
    const leaks: string[] = [];
    let tried = 0;
    const registered = new Set(t.app.deps.routes.map((r) => `${r.method} ${r.url}`));
    for (const [url, { table }] of Object.entries(DETAIL)) {
      if (!registered.has(`GET ${url}`)) continue;
      const ids = outsideRows.get(table) ?? [];
      for (const v of viewers) {
        for (const id of ids) {
          const res = await v.agent.get(url.replace(':id', String(id)));
          tried++;
          if (res.statusCode !== 404 && res.statusCode !== 403)
            leaks.push(`${v.username} ${url.replace(':id', String(id))}: ${res.statusCode}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(tried).toBeGreaterThan(50);
  }, 120_000);
});
