import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDemandOverdue } from '../../shared/demands';
import { schema } from '../db/client';
import { escalateDemands } from '../jobs/escalate-demands';
import { createTestApp, type TestApp } from '../test/setup';
import { DEMO_PASSWORD, seedDemo } from './seed';

let t: TestApp;
const phases = new Map<string, { first: number; last: number }>();
beforeAll(async () => {
  t = await createTestApp();
  const u = await t.makeUser('commander');
  await seedDemo(await t.ctxFor(u), (phase) => {
    const now = Date.now();
    const p = phases.get(phase) ?? { first: now, last: now };
    p.last = now;
    phases.set(phase, p);
  });
}, 600_000);
afterAll(() => t.close());

const d = schema.demands;

describe('the demo demands', () => {
  it('about 1,500 in February–March 2020, across categories and departments, seeded quickly', async () => {
    const db = t.database.db;
    const [{ n }] = await db.select({ n: count() }).from(d);
    expect(Number(n)).toBeGreaterThanOrEqual(1450);
    expect(Number(n)).toBeLessThanOrEqual(1600);
    const [range] = await db
      .select({ min: sql<string>`min(${d.raisedOn})`, max: sql<string>`max(${d.raisedOn})` })
      .from(d);
    expect(range.min >= '2020-02-01').toBe(true);
    expect(range.max <= '2020-03-10').toBe(true);
    const cats = await db.select({ c: d.category, n: count() }).from(d).groupBy(d.category);
    expect(cats.length).toBe(10);
    const depts = await db.select({ c: d.leadDepartment, n: count() }).from(d).groupBy(d.leadDepartment);
    expect(depts.length).toBeGreaterThanOrEqual(7);
    const phase = phases.get('demands')!;
    // The phase's time is logged for the record; it must stay a small part of the seed.
    const [entry] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'demo.seed'));
    const summary = (entry.after as { demands: unknown }).demands;
    console.info(`demo demands seeded in ${phase.last - phase.first} ms`, JSON.stringify(summary));
    expect(phase.last - phase.first).toBeLessThan(30_000);
  });

  it('tells the story: most closed and rated, some overdue and escalated, a few reopened, some waiting', async () => {
    const db = t.database.db;
    const [s] = await db
      .select({
        total: count(),
        closed: sql<number>`count(*) filter (where ${d.status} = 'closed')`,
        solved: sql<number>`count(*) filter (where ${d.solved})`,
        rated: sql<number>`count(*) filter (where ${d.rating} is not null)`,
        auto: sql<number>`count(*) filter (where ${d.closure} = 'auto_unrated')`,
        reopened: sql<number>`count(*) filter (where ${d.reopenCount} > 0)`,
        waiting: sql<number>`count(*) filter (where ${d.status} = 'waiting')`,
        escalated: sql<number>`count(*) filter (where ${d.escalationLevel} = 2)`,
        fromVisits: sql<number>`count(*) filter (where ${d.source} = 'visit')`,
      })
      .from(d);
    const total = Number(s.total);
    expect(Number(s.closed) / total).toBeGreaterThan(0.6);
    expect(Number(s.rated) / total).toBeGreaterThan(0.5);
    expect(Number(s.solved)).toBeLessThan(Number(s.closed));
    expect(Number(s.auto)).toBeGreaterThan(10);
    expect(Number(s.reopened)).toBeGreaterThan(5);
    expect(Number(s.waiting)).toBeGreaterThan(5);
    expect(Number(s.escalated)).toBeGreaterThan(0);
    expect(Number(s.fromVisits)).toBeGreaterThan(0);
    const open = await db.select().from(d).where(sql`${d.status} <> 'closed'`);
    expect(open.filter((x) => isDemandOverdue(x, '2020-03-10')).length).toBeGreaterThan(10);
  });

  it('is consistent: closures, ratings and verdicts only where they belong; the jobs find nothing left to do', async () => {
    const db = t.database.db;
    const bad = await db
      .select({ id: d.id })
      .from(d)
      .where(
        sql`(${d.status} = 'closed') <> (${d.closure} is not null)
          or (${d.closure} = 'auto_unrated' and (${d.rating} is not null or ${d.solved} is not null))
          or (${d.closure} = 'confirmed' and (${d.rating} is null or ${d.solved} is null))
          or (${d.status} = 'waiting') <> (${d.pausedOn} is not null)
          or (${d.status} = 'resolved' and ${d.autoCloseOn} is null)
          or (${d.acceptedAt} is null and ${d.status} not in ('submitted'))
          or ${d.updatedAt} < ${d.raisedAt}`,
      );
    expect(bad).toEqual([]);
    const u = await t.makeUser('commander');
    const run = await escalateDemands(await t.ctxFor(u));
    expect(run).toMatchObject({ level1: 0, level2: 0, autoClosed: 0 });
    // Every demand's history starts with its creation and ends at its current status.
    const last = await db.execute(sql`
      select d.id, d.status, (select e.to_status from demand_events e where e.demand_id = d.id
        and e.to_status is not null order by e.at desc, e.id desc limit 1) as last
      from demands d`);
    const rows = (last as unknown as { rows: { id: number; status: string; last: string }[] }).rows;
    expect(rows.filter((r) => r.status !== r.last)).toEqual([]);
  });

  it('the demo enterprise has one in each state; the finance office has a handler account', async () => {
    const ent = await t.login('enterprise', DEMO_PASSWORD);
    const mine = (await ent.get('/api/demands?pageSize=50')).json();
    const statuses = new Set(mine.items.map((x: { status: string }) => x.status));
    for (const s of ['submitted', 'in_progress', 'waiting', 'resolved', 'closed'])
      expect(statuses).toContain(s);
    const finance = await t.login('dept-finance_office', DEMO_PASSWORD);
    const queue = (await finance.get('/api/demands?status=open')).json();
    expect(queue.total).toBeGreaterThan(0);
    expect(
      queue.items.every(
        (x: { leadDepartment: { code: string } }) => x.leadDepartment.code === 'finance_office',
      ),
    ).toBe(true);
    const industry = await t.login('department', DEMO_PASSWORD);
    expect((await industry.get('/api/demands')).json().total).toBeGreaterThan(50);
    const [handler] = await t.database.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.username, 'dept-hr'));
    expect(handler.departmentCode).toBe('hr');
  });
});
