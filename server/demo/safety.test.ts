import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, schema } from '../db/client';
import { escalateOverdueHazards } from '../jobs/escalate-hazards';
import { createTestApp, type TestApp } from '../test/setup';
import { DEMO_GROUPS, DEMO_SQUADS } from './safety';
import { DEMO_PASSWORD, seedDemo } from './seed';

let t: TestApp;
let seedMs = 0;
const phases = new Map<string, number>();
beforeAll(async () => {
  t = await createTestApp();
  const u = await t.makeUser('commander');
  const started = Date.now();
  await seedDemo(await t.ctxFor(u), (p) => {
    if (!phases.has(p)) phases.set(p, Date.now() - started);
  });
  seedMs = Date.now() - started;
});
afterAll(() => t.close());

const n = async (
  table: Parameters<TestApp['database']['db']['select']>[0] extends never ? never : any,
  where?: any,
) => {
  const [{ c }] = await t.database.db.select({ c: count() }).from(table).where(where);
  return Number(c);
};

describe('the demo safety line', () => {
  it('has 8 groups and 247 three-in-one squads, every squad with all three lines', async () => {
    console.log(`demo seed took ${seedMs} ms; phases:`, [...phases]);
    expect(phases.has('hazards')).toBe(true);
    expect(await n(schema.supervisionGroups)).toBe(DEMO_GROUPS);
    expect(await n(schema.supervisionSquads)).toBe(DEMO_SQUADS);
    const incomplete = await rows<{ id: number }>(
      t.database.db,
      sql`select s.id from supervision_squads s
          left join supervision_members m on m.squad_id = s.id and m.ended_at is null
          group by s.id having count(distinct m.line) < 3`,
    );
    expect(incomplete).toEqual([]);
    const supervisors = await n(schema.users, eq(schema.users.role, 'supervisor'));
    expect(supervisors).toBeGreaterThan(740);
  });

  it('has ~3,800 hazards, most closed by 2020-03-10, some rectifying, a few overdue and escalated', async () => {
    const byStatus = await rows<{ status: string; n: string }>(
      t.database.db,
      sql`select status, count(*) as n from hazards group by status`,
    );
    const c = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
    const total = Object.values(c).reduce((s, x) => s + x, 0);
    console.log('hazards by status', c, 'total', total);
    expect(total).toBeGreaterThan(3800);
    expect(total).toBeLessThan(3950);
    expect(c.closed / total).toBeGreaterThan(0.8);
    expect(c.rectifying).toBeGreaterThan(20);
    expect(c.open).toBeGreaterThan(0);
    expect(c.submitted).toBeGreaterThan(0);
    const [over] = await rows<{ n: string }>(
      t.database.db,
      sql`select count(*) as n from hazards where status <> 'closed' and deadline < '2020-03-10'`,
    );
    console.log('overdue', over.n);
    expect(Number(over.n)).toBeGreaterThan(3);
    expect(Number(over.n)).toBeLessThan(150);
    const levels = await rows<{ level: string; n: string }>(
      t.database.db,
      sql`select level, count(*) as n from hazard_escalations group by level`,
    );
    console.log('escalations', levels);
    expect(levels.map((l) => l.level).sort()).toEqual(['city', 'district']);
    const inspections = await n(schema.inspections);
    console.log('inspections', inspections);
    expect(inspections).toBeGreaterThan(2000);
  });

  it('is consistent with the escalation job: running it on the scenario clock adds nothing', async () => {
    const u = await t.makeUser('commander');
    const r = await escalateOverdueHazards(await t.ctxFor(u));
    expect(r.district).toBe(0);
    expect(r.city).toBe(0);
    expect(r.checked).toBeGreaterThan(0);
  });

  it('tells the demo story: supervisor via its squad, the enterprise sees its overdue hazard', async () => {
    const ent = await t.login('enterprise', DEMO_PASSWORD);
    const mine = (await ent.get('/api/hazards')).json();
    expect(mine.items.map((h: { status: string }) => h.status).sort()).toEqual([
      'closed',
      'open',
      'rectifying',
      'submitted',
    ]);
    const overdue = (await ent.get('/api/hazards?overdue=true')).json();
    expect(overdue.items).toHaveLength(1);
    expect(overdue.items[0]).toMatchObject({ category: 'electrical', escalationLevel: 'district' });
    const supervisor = await t.login('supervisor', DEMO_PASSWORD);
    const squads = (await supervisor.get('/api/supervision/squads')).json();
    expect(squads.total).toBe(1);
    expect(squads.items[0].lines).toEqual(['industry', 'health', 'emergency']);
    const submitted = mine.items.find((h: { status: string }) => h.status === 'submitted');
    const seen = (await supervisor.get(`/api/hazards/${submitted.id}`)).json();
    expect(seen.transitions.sort()).toEqual(['closed', 'rectifying']);
    const visible = (await supervisor.get('/api/enterprises?pageSize=200')).json();
    expect(visible.items.map((e: { id: number }) => e.id)).toContain(mine.items[0].enterpriseId);
    const liaison = await t.login('liaison', DEMO_PASSWORD);
    expect((await liaison.get('/api/hazards?overdue=true')).json().total).toBeGreaterThanOrEqual(1);
  });

  it('has two campaigns with progress, stats that add up, and mostly complete responsibility matrices', async () => {
    const commander = await t.login('commander', DEMO_PASSWORD);
    const campaigns = (await commander.get('/api/campaigns')).json();
    expect(campaigns.items.map((c: { name: string }) => c.name)).toEqual([
      '危险化学品专项治理',
      '重点行业领域集中整治',
    ]);
    for (const c of campaigns.items) {
      console.log(c.name, c.progress);
      expect(c.status).toBe('active');
      expect(c.progress.enterprisesInScope).toBeGreaterThan(20);
      expect(c.progress.inspectedEnterprises).toBeGreaterThan(0);
      expect(c.progress.hazardsFound).toBeGreaterThan(0);
      // Inspectors in both campaigns use the current production-safety checklist.
      expect(c.checklist).toMatchObject({ family: 'safety-2020', line: 'safety' });
    }
    const stats = (await commander.get('/api/hazards/stats')).json();
    expect(stats.found).toBeGreaterThan(3800);
    expect(stats.byDivision.reduce((s: number, d: { found: number }) => s + d.found, 0)).toBe(stats.found);
    expect(stats.byCampaign).toHaveLength(2);
    const incomplete = (await commander.get('/api/responsibility/incomplete')).json();
    expect(incomplete.total).toBeGreaterThan(50);
    expect(incomplete.total).toBeLessThan(500);
    const [{ c: checklists }] = await t.database.db
      .select({ c: count() })
      .from(schema.checklistTemplates)
      .where(eq(schema.checklistTemplates.current, true));
    expect(Number(checklists)).toBe(2);
  });
});
