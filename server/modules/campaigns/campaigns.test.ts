import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_START } from '../../clock';
import { makeChecklist, makeHazard, makeSquad, outsiders } from '../../test/safety-factories';
import { createTestApp, type TestApp } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => t.clock.set!(DEFAULT_SCENARIO_START));

const campaign = (over: Record<string, unknown> = {}) => ({
  name: '危险化学品专项治理',
  nameEn: 'Hazardous chemicals campaign',
  line: 'safety',
  startsOn: '2020-02-10',
  endsOn: '2020-04-30',
  scope: { industryPrefixes: ['26'], flags: ['hazardousChemicals'], divisionCodes: ['210504'] },
  targets: { inspections: 4, coveragePct: 100 },
  ...over,
});

describe('campaigns', () => {
  it('computes live progress from enterprises, inspections and hazards in its scope and window', async () => {
    const chem = await t.makeEnterprise({ divisionCode: '210504', industryCode: '2614' });
    const flagged = await t.makeEnterprise({
      divisionCode: '210504',
      industryCode: '5265',
      hazardousChemicals: true,
    });
    const outOfScope = await t.makeEnterprise({ divisionCode: '210504', industryCode: '3130' });
    const otherDistrict = await t.makeEnterprise({ divisionCode: '210505', industryCode: '2614' });
    const commander = await t.as('commander');
    const created = await commander.post('/api/campaigns', campaign());
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({
      status: 'active',
      progress: { enterprisesInScope: 2, inspections: 0, coverage: 0 },
    });

    // A signed safety inspection of `chem` that fails one item; an epidemic one does not count.
    const { template } = await makeChecklist(t, { line: 'safety' });
    const ins = (
      await commander.post('/api/inspections', { enterpriseId: chem.id, templateId: template.id })
    ).json();
    await commander.patch(`/api/inspections/${ins.id}`, {
      version: 1,
      items: ins.items.map((it: { id: number }, k: number) => ({
        id: it.id,
        result: k === 0 ? 'fail' : 'pass',
      })),
    });
    await commander.post(`/api/inspections/${ins.id}/sign`, { version: 2 });
    const { template: epidemic } = await makeChecklist(t, { line: 'epidemic' });
    const eIns = (
      await commander.post('/api/inspections', { enterpriseId: flagged.id, templateId: epidemic.id })
    ).json();
    await commander.patch(`/api/inspections/${eIns.id}`, {
      version: 1,
      items: eIns.items.map((it: { id: number }) => ({ id: it.id, result: 'pass' })),
    });
    await commander.post(`/api/inspections/${eIns.id}/sign`, { version: 2 });

    // Besides the inspection's (open): one closed and one overdue in the window, one before the
    // campaign, two out of scope.
    await makeHazard(t, flagged.id, { foundOn: '2020-02-20', status: 'closed' });
    await makeHazard(t, flagged.id, { foundOn: '2020-02-25', status: 'rectifying' });
    await makeHazard(t, flagged.id, { foundOn: '2020-02-05', status: 'open' });
    await makeHazard(t, outOfScope.id, { foundOn: '2020-02-25' });
    await makeHazard(t, otherDistrict.id, { foundOn: '2020-02-25' });

    const detail = (await commander.get(`/api/campaigns/${c.id}`)).json();
    expect(detail.progress).toEqual({
      asOf: '2020-03-10',
      enterprisesInScope: 2,
      inspectedEnterprises: 1,
      inspections: 1,
      coverage: 0.5,
      inspectionTargetRate: 0.25,
      hazardsFound: 3,
      hazardsClosed: 1,
      hazardsOverdue: 1,
      rectificationRate: 0.3333,
    });
    expect(detail.byDivision).toHaveLength(1);
    expect(detail.byDivision[0]).toMatchObject({ key: '210504', enterprisesInScope: 2, hazardsFound: 3 });

    const stats = (await commander.get('/api/hazards/stats?division=210504')).json();
    expect(stats.byCampaign.find((x: { key: string }) => x.key === String(c.id))).toMatchObject({
      found: 3,
      closed: 1,
      overdue: 1,
    });
    const drill = (await commander.get(`/api/hazards?campaign=${c.id}`)).json();
    expect(drill.total).toBe(3);

    // A district user outside 明山区 sees the campaign but none of its progress.
    const district = await t.as('district', { divisionCode: '210502' });
    const theirs = (await district.get(`/api/campaigns/${c.id}`)).json();
    expect(theirs.progress.enterprisesInScope).toBe(0);
    // A supervisor sees progress over the enterprises of their squad only.
    const supervisor = await t.as('supervisor');
    await makeSquad(t, { members: [supervisor.user.id], enterprises: [flagged.id] });
    const mine = (await supervisor.get(`/api/campaigns/${c.id}`)).json();
    expect(mine.progress).toMatchObject({ enterprisesInScope: 1, hazardsFound: 2, inspections: 0 });
  });

  it('shows progress as of the end day once over, and is planned before it starts', async () => {
    const commander = await t.as('commander');
    const past = (
      await commander.post(
        '/api/campaigns',
        campaign({ name: '春节前专项检查', startsOn: '2020-01-10', endsOn: '2020-01-20' }),
      )
    ).json();
    expect(past).toMatchObject({ status: 'ended', progress: { asOf: '2020-01-20' } });
    const future = (
      await commander.post(
        '/api/campaigns',
        campaign({ name: '汛期安全专项', startsOn: '2020-06-01', endsOn: '2020-08-31' }),
      )
    ).json();
    expect(future.status).toBe('planned');
    const edited = await commander.patch(`/api/campaigns/${future.id}`, {
      version: 1,
      targets: { inspections: 10, coveragePct: 80 },
    });
    expect(edited.json()).toMatchObject({ version: 2, targets: { inspections: 10, coveragePct: 80 } });
    const stale = await commander.patch(`/api/campaigns/${future.id}`, { version: 1, name: '改名' });
    expect(stale.statusCode).toBe(409);
    const backwards = await commander.patch(`/api/campaigns/${future.id}`, {
      version: 2,
      endsOn: '2020-05-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details[0]).toMatchObject({ path: 'endsOn', reason: 'date_range' });
  });

  it('400 on bad scope; 403 for anyone but the commander to launch; 404 for an unknown campaign', async () => {
    const commander = await t.as('commander');
    const bad = await commander.post(
      '/api/campaigns',
      campaign({ scope: { industryPrefixes: ['2x'], flags: ['spicy'], divisionCodes: ['999999'] } }),
    );
    expect(bad.statusCode).toBe(400);
    const unknownDivision = await commander.post(
      '/api/campaigns',
      campaign({ scope: { industryPrefixes: [], flags: [], divisionCodes: ['999999'] } }),
    );
    expect(unknownDivision.json().error.details[0]).toMatchObject({
      path: 'scope.divisionCodes.0',
      reason: 'unknown_division',
    });
    const district = await t.as('district');
    expect((await district.post('/api/campaigns', campaign())).statusCode).toBe(403);
    expect((await district.get('/api/campaigns')).statusCode).toBe(200);
    const ent = await t.as('enterprise');
    expect((await ent.get('/api/campaigns')).statusCode).toBe(403);
    expect((await commander.get('/api/campaigns/999999')).statusCode).toBe(404);
    expect((await t.anon.get('/api/campaigns')).statusCode).toBe(401);
  });
});

describe('a campaign’s checklist', () => {
  it('names a template and follows its current version; refuses an unknown one or another line’s', async () => {
    const commander = await t.as('commander');
    const { template } = await makeChecklist(t, { line: 'safety' });
    const created = await commander.post('/api/campaigns', campaign({ checklistId: template.id }));
    expect(created.statusCode).toBe(201);
    expect(created.json().checklist).toEqual({
      id: template.id,
      family: template.family,
      version: 1,
      line: 'safety',
      name: template.name,
      nameEn: template.nameEn,
      itemCount: 3,
    });
    const c = created.json();

    // A new version of the template: the campaign shows it, the list too.
    const v2 = await commander.put(`/api/checklists/${template.id}`, {
      version: 1,
      name: '测试安全检查表（第二版）',
      nameEn: 'Test safety checklist v2',
      items: [{ label: '消防通道畅通', labelEn: 'Fire exits clear', category: 'fire' }],
    });
    expect(v2.statusCode).toBe(200);
    const after = (await commander.get(`/api/campaigns/${c.id}`)).json();
    expect(after.checklist).toMatchObject({ id: v2.json().id, version: 2, itemCount: 1 });
    const listed = (await commander.get('/api/campaigns')).json().items;
    expect(listed.find((x: { id: number }) => x.id === c.id).checklist.version).toBe(2);
    const supervisor = await t.as('supervisor');
    expect((await supervisor.get(`/api/campaigns/${c.id}`)).json().checklist.id).toBe(v2.json().id);

    const { template: epidemic } = await makeChecklist(t, { line: 'epidemic' });
    const mismatch = await commander.post('/api/campaigns', campaign({ checklistId: epidemic.id }));
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.details[0]).toMatchObject({
      path: 'checklistId',
      reason: 'checklist_line_mismatch',
    });
    const unknown = await commander.post('/api/campaigns', campaign({ checklistId: 999999 }));
    expect(unknown.json().error.details[0]).toMatchObject({
      path: 'checklistId',
      reason: 'unknown_checklist',
    });
    // A campaign without a line may use either line's checklist.
    const anyLine = await commander.post(
      '/api/campaigns',
      campaign({ line: null, checklistId: epidemic.id }),
    );
    expect(anyLine.statusCode).toBe(201);

    // Switching the line away from the kept checklist's is refused; nothing changes.
    const switched = await commander.patch(`/api/campaigns/${c.id}`, { version: 1, line: 'epidemic' });
    expect(switched.statusCode).toBe(400);
    expect(switched.json().error.details[0]).toMatchObject({
      path: 'line',
      reason: 'checklist_line_mismatch',
    });
    expect((await commander.get(`/api/campaigns/${c.id}`)).json()).toMatchObject({
      version: 1,
      line: 'safety',
    });
    // Dropping the checklist and switching the line together is fine.
    const dropped = await commander.patch(`/api/campaigns/${c.id}`, {
      version: 1,
      line: 'epidemic',
      checklistId: null,
    });
    expect(dropped.statusCode).toBe(200);
    expect(dropped.json()).toMatchObject({ checklist: null, line: 'epidemic', version: 2 });
  });
});

describe('campaign progress in the list', () => {
  it('matches each campaign’s detail and the hazard statistics; outsiders see none of it', async () => {
    const commander = await t.as('commander');
    const chem = await t.makeEnterprise({ divisionCode: '210521', industryCode: '2614' });
    const shop = await t.makeEnterprise({ divisionCode: '210521', industryCode: '5265' });
    const scope = { industryPrefixes: [], flags: [], divisionCodes: ['210521'] };
    const safety = (
      await commander.post('/api/campaigns', campaign({ name: '本溪县安全专项', scope }))
    ).json();
    const epidemic = (
      await commander.post(
        '/api/campaigns',
        campaign({ name: '本溪县防疫专项', line: 'epidemic', startsOn: '2020-03-01', scope }),
      )
    ).json();
    await makeHazard(t, chem.id, { foundOn: '2020-02-20', status: 'closed' });
    await makeHazard(t, chem.id, { foundOn: '2020-02-25', status: 'rectifying' });
    await makeHazard(t, shop.id, { foundOn: '2020-03-02', line: 'epidemic', category: 'temperature' });
    await makeHazard(t, shop.id, { foundOn: '2020-02-02', line: 'epidemic', category: 'temperature' });

    const listed = (await commander.get('/api/campaigns')).json().items as {
      id: number;
      progress: unknown;
    }[];
    const stats = (await commander.get('/api/hazards/stats')).json();
    for (const c of [safety, epidemic]) {
      const detail = (await commander.get(`/api/campaigns/${c.id}`)).json();
      expect(listed.find((x) => x.id === c.id)?.progress).toEqual(detail.progress);
      const row = stats.byCampaign.find((x: { key: string }) => x.key === String(c.id));
      expect(row).toMatchObject({
        found: detail.progress.hazardsFound,
        closed: detail.progress.hazardsClosed,
        overdue: detail.progress.hazardsOverdue,
      });
    }
    expect(listed.find((x) => x.id === safety.id)?.progress).toMatchObject({
      enterprisesInScope: 2,
      hazardsFound: 2,
      hazardsClosed: 1,
    });
    expect(listed.find((x) => x.id === epidemic.id)?.progress).toMatchObject({
      enterprisesInScope: 2,
      hazardsFound: 1,
      hazardsClosed: 0,
    });

    const { district, supervisor } = await outsiders(t);
    for (const [who, a] of Object.entries({ district, supervisor })) {
      const theirs = (await a.get('/api/campaigns')).json().items as { id: number; progress: unknown }[];
      const detail = (await a.get(`/api/campaigns/${safety.id}`)).json();
      expect(detail.byDivision, who).toEqual([]);
      for (const c of [safety, epidemic]) {
        expect(theirs.find((x) => x.id === c.id)?.progress, who).toMatchObject({
          enterprisesInScope: 0,
          inspections: 0,
          hazardsFound: 0,
        });
      }
    }
  });
});
