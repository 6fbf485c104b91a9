import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIndustrial } from '../../shared/data/industries';
import { schema } from '../db/client';
import { createTestApp, type TestApp } from '../test/setup';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoSeeded, seedDemo } from './seed';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const u = await t.makeUser('commander');
  await seedDemo(await t.ctxFor(u));
});
afterAll(() => t.close());

describe('the demo city', () => {
  it('has ~2,000 enterprises, 250 above-scale industrial, and refuses to seed twice', async () => {
    const db = t.database.db;
    const [{ n }] = await db.select({ n: count() }).from(schema.enterprises);
    expect(Number(n)).toBe(2000);
    const above = await db
      .select({ code: schema.enterprises.industryCode })
      .from(schema.enterprises)
      .where(eq(schema.enterprises.aboveScale, true));
    expect(above.filter((r) => isIndustrial(r.code)).length).toBe(250);
    expect(await isDemoSeeded(db)).toBe(true);
    const u = await t.makeUser('commander');
    await expect(seedDemo(await t.ctxFor(u))).rejects.toThrow(/already seeded/);
  });

  it('every demo account signs in with the documented password and sees its story', async () => {
    for (const a of DEMO_ACCOUNTS) {
      const agent = await t.login(a.username, DEMO_PASSWORD);
      const me = (await agent.get('/api/me')).json();
      expect(me.role).toBe(a.role);
    }
    const ent = await t.login('enterprise', DEMO_PASSWORD);
    const mine = (await ent.get('/api/enterprises')).json();
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({
      divisionCode: '210502',
      aboveScale: true,
      name: '本溪华晟特钢有限公司',
    });
    const district = await t.login('district', DEMO_PASSWORD);
    const list = (await district.get('/api/enterprises?pageSize=200')).json();
    expect(list.total).toBeGreaterThan(100);
    expect(list.items.every((e: { divisionCode: string }) => e.divisionCode === '210502')).toBe(true);
    const liaison = await t.login('liaison', DEMO_PASSWORD);
    const assigned = (await liaison.get('/api/enterprises')).json();
    expect(assigned.total).toBeGreaterThanOrEqual(1);
    expect(assigned.total).toBeLessThanOrEqual(3);
    expect(assigned.items.map((e: { id: number }) => e.id)).toContain(mine.items[0].id);
    const supervisor = await t.login('supervisor', DEMO_PASSWORD);
    expect((await supervisor.get(`/api/enterprises/${mine.items[0].id}`)).statusCode).toBe(200);
  });

  it('the leader is contact leader of the demo enterprise', async () => {
    const db = t.database.db;
    const [leader] = await db.select().from(schema.users).where(eq(schema.users.username, 'leader'));
    const [ent] = await db.select().from(schema.users).where(eq(schema.users.username, 'enterprise'));
    const rows = await db
      .select()
      .from(schema.enterpriseAssignments)
      .where(
        and(
          eq(schema.enterpriseAssignments.userId, leader.id),
          inArray(schema.enterpriseAssignments.enterpriseId, [ent.enterpriseId!]),
        ),
      );
    expect(rows[0]?.kind).toBe('contact_leader');
  });
});
