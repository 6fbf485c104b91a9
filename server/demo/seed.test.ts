import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIndustrial } from '../../shared/data/industries';
import type { ResumptionStatus } from '../../shared/enums';
import { effectivePhase } from '../../shared/phases';
import { nextStatus, type StatusEvent } from '../../shared/resumption';
import { schema } from '../db/client';
import { loadPhases } from '../modules/resumption/phases';
import { resumedOnSql, statusesOn } from '../modules/resumption/status';
import { createTestApp, type TestApp } from '../test/setup';
import { DEMO_RESUMPTION_RATE, DEMO_TODAY } from './resumption';
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

describe('the demo resumption story', () => {
  it('on 2020-03-10, 91.6% ± 0.5 of active above-scale industrial enterprises are resumed', async () => {
    const db = t.database.db;
    const e = schema.enterprises;
    const active = (
      await db
        .select({
          id: e.id,
          industryCode: e.industryCode,
          resumed: sql<boolean>`${resumedOnSql(DEMO_TODAY)}`,
        })
        .from(e)
        .where(and(eq(e.aboveScale, true), eq(e.longTermShutdown, false), isNull(e.archivedAt)))
    ).filter((r) => isIndustrial(r.industryCode));
    const resumed = active.filter((r) => r.resumed).length;
    expect(active.length).toBeGreaterThan(200);
    expect(Math.abs(resumed / active.length - DEMO_RESUMPTION_RATE)).toBeLessThanOrEqual(0.005);
    // The same answer through the batch helper.
    const statuses = await statusesOn(
      db,
      DEMO_TODAY,
      active.map((r) => r.id),
    );
    expect(active.filter((r) => statuses.get(r.id) === 'resumed').length).toBe(resumed);
  });

  it('resumption follows a curve: a few before 2-10 (guarantee phase, exemptions), most from 2-10 to early March', async () => {
    const db = t.database.db;
    const count = async (day: string) => {
      const [{ n }] = await db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(schema.enterprises)
        .where(resumedOnSql(day));
      return n;
    };
    const [jan, feb9, feb20, mar10] = [
      await count('2020-01-31'),
      await count('2020-02-09'),
      await count('2020-02-20'),
      await count(DEMO_TODAY),
    ];
    expect(jan).toBeGreaterThan(0);
    expect(feb9).toBeLessThan(mar10 * 0.1);
    expect(feb20).toBeGreaterThan(feb9 * 3);
    expect(mar10).toBeGreaterThan(1200);
    expect(mar10).toBeLessThan(2000);
  });

  it('every history obeys the status machine and the phase-date gate', async () => {
    const db = t.database.db;
    const ev = schema.resumptionStatusEvents;
    const events = await db
      .select()
      .from(ev)
      .orderBy(asc(ev.enterpriseId), asc(ev.effectiveDate), asc(ev.id));
    const byId = await db.select().from(ev).orderBy(asc(ev.id));
    const phases = await loadPhases(db);
    const enterprises = new Map((await db.select().from(schema.enterprises)).map((x) => [x.id, x]));
    const overrides = await db.select().from(schema.phaseOverrides);
    const exempt = new Set((await db.select().from(schema.resumptionExemptions)).map((x) => x.enterpriseId));
    const eventOf: Record<ResumptionStatus, StatusEvent | null> = {
      not_applied: null,
      applied: 'submit',
      returned: 'return',
      approved: 'approve',
      resumed: 'resume',
      suspended: 'suspend',
      closed: 'close',
    };
    const current = new Map<number, ResumptionStatus>();
    const problems: string[] = [];
    for (const x of events) {
      const from = current.get(x.enterpriseId) ?? 'not_applied';
      if (nextStatus(from, eventOf[x.status]!) !== x.status)
        problems.push(`${x.enterpriseId}: ${from} -> ${x.status}`);
      current.set(x.enterpriseId, x.status);
      if (x.status === 'approved' && !exempt.has(x.enterpriseId)) {
        const ent = enterprises.get(x.enterpriseId)!;
        const phase = effectivePhase(
          ent,
          phases,
          overrides.filter((o) => o.enterpriseId === ent.id),
        ).phase;
        if (!phase?.earliestDate || x.effectiveDate < phase.earliestDate)
          problems.push(`${x.enterpriseId}: approved ${x.effectiveDate} in phase ${phase?.code}`);
      }
      if (x.effectiveDate > DEMO_TODAY) problems.push(`${x.enterpriseId}: future ${x.effectiveDate}`);
    }
    // Ids follow the order of the changes, so "latest on or before D" needs no other tie-break.
    const last = new Map<number, string>();
    for (const x of byId) {
      if ((last.get(x.enterpriseId) ?? '') > x.effectiveDate)
        problems.push(`${x.enterpriseId}: out of order`);
      last.set(x.enterpriseId, x.effectiveDate);
    }
    expect(problems).toEqual([]);
    expect(exempt.size).toBeGreaterThan(0);
  });

  it('~1,000 liaisons carry 1–3 enterprises each and cover every enterprise that needs one', async () => {
    const db = t.database.db;
    const a = schema.enterpriseAssignments;
    const loads = await db
      .select({ id: schema.users.id, n: sql<number>`count(${a.id})`.mapWith(Number) })
      .from(schema.users)
      .leftJoin(a, and(eq(a.userId, schema.users.id), eq(a.kind, 'liaison'), isNull(a.endedAt)))
      .where(eq(schema.users.role, 'liaison'))
      .groupBy(schema.users.id);
    expect(loads.length).toBeGreaterThan(950);
    expect(loads.length).toBeLessThan(1050);
    for (const l of loads) {
      expect(l.n).toBeGreaterThanOrEqual(1);
      expect(l.n).toBeLessThanOrEqual(3);
    }
    const bulk = await t.login('liaison0001', DEMO_PASSWORD);
    const mine = (await bulk.get('/api/liaisons/me/enterprises')).json().items;
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine[0].lastVisitDate).toMatch(/^2020-0[23]-/);
    const district = await t.login('district', DEMO_PASSWORD);
    const cov = (await district.get('/api/liaisons/coverage')).json();
    expect(cov.divisions[0]).toMatchObject({ code: '210502', withoutLiaison: 0, overLoad: 0 });
    expect(cov.divisions[0].notVisited).toBeGreaterThan(0);
  });

  it('the demo enterprise resumed in February; 平山区 has a handful waiting, oldest first', async () => {
    const ent = await t.login('enterprise', DEMO_PASSWORD);
    const me = (await ent.get('/api/me')).json();
    const view = (await ent.get(`/api/enterprises/${me.enterpriseId}`)).json();
    expect(view).toMatchObject({
      resumptionStatus: 'resumed',
      phase: { code: 'general' },
      liaison: { displayName: '派驻指导员 孙丽' },
    });
    const hist = (await ent.get(`/api/enterprises/${me.enterpriseId}/resumption-history`)).json();
    const resumed = hist.events.find((x: { status: string }) => x.status === 'resumed');
    expect(resumed.effectiveDate).toMatch(/^2020-02-/);
    expect(hist.events.map((x: { status: string }) => x.status)).toEqual([
      'applied',
      'returned',
      'applied',
      'approved',
      'resumed',
    ]);
    const app = (await ent.get('/api/resumption-applications')).json().items[0];
    const detail = (await ent.get(`/api/resumption-applications/${app.id}`)).json();
    expect(detail.revisions).toHaveLength(2);
    expect(detail.verifications[0]).toMatchObject({ passed: true, by: { displayName: '派驻指导员 孙丽' } });

    const district = await t.login('district', DEMO_PASSWORD);
    const queue = (await district.get('/api/resumption-applications?status=submitted&pageSize=200')).json();
    expect(queue.total).toBeGreaterThanOrEqual(3);
    expect(queue.total).toBeLessThanOrEqual(12);
    const waited = queue.items.map((x: { daysWaiting: number }) => x.daysWaiting);
    expect(waited).toEqual([...waited].sort((x: number, y: number) => y - x));
    expect(queue.items.every((x: { divisionCode: string }) => x.divisionCode === '210502')).toBe(true);
  });
});
