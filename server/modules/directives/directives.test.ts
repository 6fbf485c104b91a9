import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const actions = [
  { key: 'education', label: '开展防控教育', labelEn: 'Prevention education done' },
  { key: 'screening', label: '完成人员排查', labelEn: 'Personnel screening done' },
  { key: 'disinfection', label: '张贴消杀时间表', labelEn: 'Disinfection schedule posted' },
];
const directive = (over: Record<string, unknown> = {}) => ({
  title: '本溪市新冠肺炎疫情防控指挥部令（第7号）',
  body: '全市危险化学品企业复工前须完成防控教育、人员排查并张贴清洁消杀时间表。',
  actions,
  target: { divisions: ['210503'], flags: ['hazardousChemicals'] },
  dueDate: '2020-03-12',
  ...over,
});

describe('directives (指挥部令)', () => {
  it('issue, acknowledge and tick, compliance per division, drill-down and overdue chase', async () => {
    const chem = [
      await t.makeEnterprise({ divisionCode: '210503', hazardousChemicals: true, name: '溪湖化工一厂' }),
      await t.makeEnterprise({ divisionCode: '210503', hazardousChemicals: true, name: '溪湖化工二厂' }),
      await t.makeEnterprise({ divisionCode: '210503', hazardousChemicals: true, name: '溪湖化工三厂' }),
    ];
    const plain = await t.makeEnterprise({ divisionCode: '210503', name: '溪湖食品厂' });
    await t.makeEnterprise({ divisionCode: '210502', hazardousChemicals: true, name: '平山化工厂' });
    const commander = await t.as('commander');
    const district = await t.as('district', { divisionCode: '210503' });
    const e1 = await t.as('enterprise', { enterpriseId: chem[0].id });
    const e2 = await t.as('enterprise', { enterpriseId: chem[1].id });
    const outsider = await t.as('enterprise', { enterpriseId: plain.id });
    const liaison = await t.as('liaison', { divisionCode: '210503' });
    await t.assign(liaison.user.id, chem[2].id, 'liaison');

    // Issue: 401, 403, 400s, then 201.
    expect((await t.anon.post('/api/directives', directive())).statusCode).toBe(401);
    expect((await district.post('/api/directives', directive())).statusCode).toBe(403);
    expect((await e1.post('/api/directives', directive())).statusCode).toBe(403);
    const noTitle = await commander.post('/api/directives', directive({ title: undefined }));
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.details[0].path).toBe('title');
    const past = await commander.post('/api/directives', directive({ dueDate: '2020-03-01' }));
    expect(past.json().error.details[0]).toMatchObject({ path: 'dueDate', reason: 'date_in_past' });
    const nowhere = await commander.post('/api/directives', directive({ target: { divisions: ['999999'] } }));
    expect(nowhere.json().error.details[0]).toMatchObject({
      path: 'target.divisions.0',
      reason: 'unknown_division',
    });
    const nobody = await commander.post(
      '/api/directives',
      directive({ target: { industryPrefixes: ['07'] } }),
    );
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.details[0].reason).toBe('no_targets');
    const issued = await commander.post('/api/directives', directive());
    expect(issued.statusCode, issued.body).toBe(201);
    const d = issued.json();
    expect(d).toMatchObject({ targetCount: 3, overdue: false, dueDate: '2020-03-12' });

    // Who sees it: the bound enterprises (with their own state), not the others.
    const mine = (await e1.get('/api/directives')).json();
    expect(mine.total).toBe(1);
    expect(mine.items[0].mine).toMatchObject({ status: 'pending', actions: {} });
    expect((await e1.get('/api/notifications')).json().items[0]).toMatchObject({
      kind: 'directive_issued',
      subject: { type: 'directive', id: d.id },
    });
    expect((await outsider.get('/api/directives')).json().total).toBe(0);
    expect((await outsider.get(`/api/directives/${d.id}`)).statusCode).toBe(404);
    expect(
      (await outsider.post(`/api/directives/${d.id}/ack`, { actions: { education: true } })).statusCode,
    ).toBe(404);

    // Acknowledge and tick.
    const unknown = await e1.post(`/api/directives/${d.id}/ack`, { actions: { dancing: true } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0]).toMatchObject({
      path: 'actions.dancing',
      reason: 'unknown_field',
    });
    const ack = await e1.post(`/api/directives/${d.id}/ack`, { actions: { education: true } });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({
      status: 'acknowledged',
      onBehalf: false,
      actions: { education: true },
    });
    const done = await e1.post(`/api/directives/${d.id}/ack`, {
      actions: { screening: true, disinfection: true },
    });
    expect(done.json()).toMatchObject({ status: 'completed' });
    expect(done.json().completedAt).toBeTruthy();
    expect((await e2.post(`/api/directives/${d.id}/ack`, { actions: {} })).json().status).toBe(
      'acknowledged',
    );
    expect(
      (await liaison.post(`/api/directives/${d.id}/ack`, { actions: { education: true } })).statusCode,
    ).toBe(400);
    const behalf = await liaison.post(`/api/directives/${d.id}/ack`, {
      enterpriseId: chem[2].id,
      actions: { education: true },
    });
    expect(behalf.json()).toMatchObject({ status: 'acknowledged', onBehalf: true });
    expect(
      (await liaison.post(`/api/directives/${d.id}/ack`, { enterpriseId: chem[0].id, actions: {} }))
        .statusCode,
    ).toBe(404);
    expect(
      (await commander.post(`/api/directives/${d.id}/ack`, { enterpriseId: chem[0].id, actions: {} }))
        .statusCode,
    ).toBe(403);

    // Compliance per division, for HQ and for the district; the drill-down behind it.
    const c = await commander.get(`/api/directives/${d.id}/compliance`);
    expect(c.statusCode).toBe(200);
    expect(c.json().total).toMatchObject({ targeted: 3, acknowledged: 3, completed: 1 });
    expect(c.json().total.complianceRate).toBeCloseTo(1 / 3);
    expect(c.json().byDivision).toEqual([
      expect.objectContaining({ divisionCode: '210503', targeted: 3, completed: 1 }),
    ]);
    expect(c.json().actions.map((a: { key: string; done: number }) => [a.key, a.done])).toEqual([
      ['education', 2],
      ['screening', 1],
      ['disinfection', 1],
    ]);
    expect((await district.get(`/api/directives/${d.id}/compliance`)).json().total.targeted).toBe(3);
    const otherDistrict = await t.as('district', { divisionCode: '210502' });
    expect((await otherDistrict.get(`/api/directives/${d.id}/compliance`)).statusCode).toBe(404);
    expect((await e1.get(`/api/directives/${d.id}/compliance`)).statusCode).toBe(403);
    const pending = await district.get(`/api/directives/${d.id}/targets?status=acknowledged`);
    expect(
      pending
        .json()
        .items.map((x: { enterpriseId: number }) => x.enterpriseId)
        .sort(),
    ).toEqual([chem[1].id, chem[2].id].sort());

    // Overdue: after the due date the open ones are chased (enterprise, liaison, district), once a day.
    t.clock.set!('2020-03-13T10:30:00+08:00');
    // A district chases its own territory only: 平山区 has none of this directive's enterprises and
    // may not even name it (404); 溪湖区 chases the two open ones.
    const far = await t.login(otherDistrict.username);
    expect((await far.post('/api/directives/chase', {})).json()).toMatchObject({
      directives: 0,
      overdueTargets: 0,
      notifications: 0,
    });
    expect((await far.post('/api/directives/chase', { directiveId: d.id })).statusCode).toBe(404);
    const own = await t.login(district.username);
    const chase = await own.post('/api/directives/chase', { directiveId: d.id });
    expect(chase.statusCode, chase.body).toBe(200);
    expect(chase.json()).toMatchObject({ directives: 1, overdueTargets: 2 });
    expect(chase.json().notifications).toBeGreaterThanOrEqual(3);
    expect((await own.post('/api/directives/chase', { directiveId: 999_999 })).statusCode).toBe(404);
    expect((await own.post('/api/directives/chase', { directiveId: 'x' })).statusCode).toBe(400);
    // HQ (no body: every overdue directive) adds nothing already sent today.
    const hq = await t.login(commander.username);
    const again = await hq.post('/api/directives/chase');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ directives: 1, overdueTargets: 2, notifications: 0, outbox: 0 });
    const e2again = await t.login(e2.username);
    expect((await e2again.get('/api/notifications')).json().items[0]).toMatchObject({
      kind: 'directive_overdue',
    });
    const e1again = await t.login(e1.username);
    const e1Kinds = (await e1again.get('/api/notifications'))
      .json()
      .items.map((n: { kind: string }) => n.kind);
    expect(e1Kinds).not.toContain('directive_overdue');
    const l = await t.login(liaison.username);
    const ln = (await l.get('/api/notifications'))
      .json()
      .items.find((n: { kind: string }) => n.kind === 'directive_overdue_liaison');
    expect(ln.data).toMatchObject({ count: 1, enterprises: [{ id: chem[2].id }] });
    expect((await hq.get('/api/directives?state=overdue')).json().items[0]).toMatchObject({
      id: d.id,
      overdue: true,
    });
    for (const who of [e2again, l])
      expect((await who.post('/api/directives/chase', { directiveId: d.id })).statusCode).toBe(403);
  });
});

describe('directives outside scope', () => {
  it('404 for another division and another enterprise, 403 by role', async () => {
    const bound = await t.makeEnterprise({
      divisionCode: '210505',
      keyEnterprise: true,
      name: '南芬重点企业',
    });
    const commander = await t.as('commander');
    const issued = await commander.post(
      '/api/directives',
      directive({ target: { divisions: ['210505'], flags: ['keyEnterprise'] }, dueDate: '2020-12-31' }),
    );
    expect(issued.statusCode, issued.body).toBe(201);
    const id = issued.json().id;
    const otherDistrict = await t.as('district', { divisionCode: '210503' });
    const otherEnterprise = await t.as('enterprise');
    const own = await t.as('enterprise', { enterpriseId: bound.id });
    for (const a of [otherDistrict, otherEnterprise]) {
      expect((await a.get(`/api/directives/${id}`)).statusCode).toBe(404);
      expect((await a.get('/api/directives')).json().items.map((x: { id: number }) => x.id)).not.toContain(
        id,
      );
    }
    expect((await otherDistrict.get(`/api/directives/${id}/targets`)).statusCode).toBe(404);
    expect((await otherEnterprise.get(`/api/directives/${id}/targets`)).statusCode).toBe(403);
    expect((await otherEnterprise.post(`/api/directives/${id}/ack`, { actions: {} })).statusCode).toBe(404);
    // An enterprise account naming another enterprise finds nothing in its scope.
    const bystander = await t.makeEnterprise({ divisionCode: '210505', keyEnterprise: true });
    expect(
      (await own.post(`/api/directives/${id}/ack`, { enterpriseId: bystander.id, actions: {} })).statusCode,
    ).toBe(404);
    expect((await otherDistrict.post(`/api/directives/${id}/ack`, { actions: {} })).statusCode).toBe(403);
    const mine = (await own.get(`/api/directives/${id}`)).json();
    expect(mine.mine).toMatchObject({ enterpriseId: bound.id, status: 'pending' });
    expect((await commander.get(`/api/directives/${id}`)).json().mine).toBeNull();
  });
});
