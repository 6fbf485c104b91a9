import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testUscc } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const validBody = (over: Record<string, unknown> = {}) => ({
  uscc: testUscc('210502'),
  name: '本溪钢铁集团有限公司',
  divisionCode: '210502',
  industryCode: '3120',
  sizeClass: 'large',
  aboveScale: true,
  normalWorkforce: 5000,
  normalDailyOutput: 1234567.89,
  contactPhone: '13912345678',
  ...over,
});

describe('POST /api/enterprises', () => {
  it('401 without a session', async () => {
    const res = await t.anon.post('/api/enterprises', validBody());
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it('403 for a role that cannot register enterprises', async () => {
    const leader = await t.as('leader');
    const res = await leader.post('/api/enterprises', validBody());
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it('creates, then refuses the same USCC with 409 duplicate', async () => {
    const commander = await t.as('commander');
    const body = validBody();
    const res = await commander.post('/api/enterprises', body);
    expect(res.statusCode).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({
      name: body.name,
      uscc: body.uscc,
      divisionCode: '210502',
      aboveScale: true,
      normalDailyOutput: 1234567.89,
      version: 1,
    });
    const again = await commander.post('/api/enterprises', { ...body, name: '另一家公司' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('duplicate');
    expect(again.json().error.details[0].path).toBe('uscc');
  });

  it('400 names the wrong USCC character and changes nothing', async () => {
    const commander = await t.as('commander');
    const good = validBody().uscc as string;
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await commander.post('/api/enterprises', validBody({ uscc: bad }));
    expect(res.statusCode).toBe(400);
    const d = res.json().error.details;
    expect(d[0].path).toBe('uscc');
    expect(d[0].message).toMatch(/character 18/);
    const zh = await commander.post('/api/enterprises', validBody({ uscc: bad }), {
      'accept-language': 'zh-CN',
    });
    expect(zh.json().error.details[0].message).toMatch(/第18位校验码/);
    const list = await commander.get(`/api/enterprises?q=${bad}`);
    expect(list.json().total).toBe(0);
  });

  it('400 for unknown division, unknown industry, negative workforce and unknown fields', async () => {
    const commander = await t.as('commander');
    const r1 = await commander.post(
      '/api/enterprises',
      validBody({ divisionCode: '999999', industryCode: '9999' }),
    );
    expect(r1.statusCode).toBe(400);
    const paths = r1
      .json()
      .error.details.map((d: { path: string }) => d.path)
      .sort();
    expect(paths).toEqual(['divisionCode', 'industryCode']);
    const r2 = await commander.post('/api/enterprises', validBody({ normalWorkforce: -5 }));
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.details[0].path).toBe('normalWorkforce');
    const r3 = await commander.post('/api/enterprises', validBody({ secretField: 1 }));
    expect(r3.statusCode).toBe(400);
    expect(r3.json().error.details[0].path).toBe('secretField');
  });

  it('a district clerk cannot register an enterprise in another district', async () => {
    const district = await t.as('district', { divisionCode: '210502' });
    const res = await district.post(
      '/api/enterprises',
      validBody({ divisionCode: '210503', uscc: testUscc('210503') }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({
      path: 'divisionCode',
      reason: 'out_of_scope_division',
    });
    const ok = await district.post('/api/enterprises', validBody({ uscc: testUscc() }));
    expect(ok.statusCode).toBe(201);
  });
});

describe('GET /api/enterprises', () => {
  it('a district user sees only its own division; search by pinyin initials works', async () => {
    const own = await t.makeEnterprise({ name: '本溪钢铁测试厂', divisionCode: '210502' });
    const other = await t.makeEnterprise({ name: '本溪钢铁溪湖分厂', divisionCode: '210503' });
    const district = await t.as('district', { divisionCode: '210502' });
    const res = await district.get('/api/enterprises?q=bxgt&pageSize=200');
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((e: { id: number }) => e.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(other.id);
    for (const e of res.json().items) expect(e.divisionCode).toBe('210502');
    const commander = await t.as('commander');
    const all = (await commander.get('/api/enterprises?q=bxgt&pageSize=200'))
      .json()
      .items.map((e: { id: number }) => e.id);
    expect(all).toEqual(expect.arrayContaining([own.id, other.id]));
  });

  it('treats SQL and LIKE metacharacters in search literally', async () => {
    const commander = await t.as('commander');
    for (const q of ["' or 1=1 --", '%', '_', '\\']) {
      const res = await commander.get(`/api/enterprises?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBe(0);
    }
  });

  it('filters by above-scale, size and flag; 400 on a bad filter', async () => {
    const e = await t.makeEnterprise({
      aboveScale: true,
      sizeClass: 'large',
      hazardousChemicals: true,
      divisionCode: '210504',
    });
    const commander = await t.as('commander');
    const res = await commander.get(
      '/api/enterprises?division=210504&aboveScale=true&sizeClass=large&flag=hazardousChemicals',
    );
    expect(res.json().items.map((x: { id: number }) => x.id)).toContain(e.id);
    const none = await commander.get(
      '/api/enterprises?division=210504&aboveScale=false&flag=hazardousChemicals',
    );
    expect(none.json().items.map((x: { id: number }) => x.id)).not.toContain(e.id);
    const bad = await commander.get('/api/enterprises?sizeClass=huge');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('sizeClass');
  });

  it('an enterprise account sees only itself; liaison only its assignments', async () => {
    const mine = await t.makeEnterprise();
    const theirs = await t.makeEnterprise();
    const ent = await t.as('enterprise', { enterpriseId: mine.id });
    const list = (await ent.get('/api/enterprises')).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([mine.id]);
    expect((await ent.get(`/api/enterprises/${theirs.id}`)).statusCode).toBe(404);
    const liaison = await t.as('liaison');
    await t.assign(liaison.user.id, theirs.id, 'liaison');
    const l = (await liaison.get('/api/enterprises')).json();
    expect(l.items.map((x: { id: number }) => x.id)).toEqual([theirs.id]);
    expect((await liaison.get(`/api/enterprises/${mine.id}`)).statusCode).toBe(404);
  });

  it('masks phones for roles that do not need them', async () => {
    const e = await t.makeEnterprise({ contactPhone: '13812345678' });
    const leader = await t.as('leader');
    const v = (await leader.get(`/api/enterprises/${e.id}`)).json();
    expect(v.contactPhone).toBe('138****5678');
    expect(v.phoneMasked).toBe(true);
    const commander = await t.as('commander');
    expect((await commander.get(`/api/enterprises/${e.id}`)).json().contactPhone).toBe('13812345678');
  });

  it('admin and auditor cannot read the registry', async () => {
    for (const role of ['admin', 'auditor'] as const) {
      const a = await t.as(role);
      expect((await a.get('/api/enterprises')).statusCode).toBe(403);
    }
  });
});

describe('PATCH /api/enterprises/:id', () => {
  it('edits with the current version, 409 on a stale one, and audits before/after', async () => {
    const e = await t.makeEnterprise({ normalWorkforce: 100 });
    const commander = await t.as('commander');
    const ok = await commander.patch(`/api/enterprises/${e.id}`, { version: 1, normalWorkforce: 120 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ normalWorkforce: 120, version: 2 });
    const stale = await commander.patch(`/api/enterprises/${e.id}`, { version: 1, normalWorkforce: 130 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    const now = (await commander.get(`/api/enterprises/${e.id}`)).json();
    expect(now.normalWorkforce).toBe(120);
    const auditor = await t.as('auditor');
    const log = (await auditor.get(`/api/audit?entity=enterprise&entityId=${e.id}`)).json();
    expect(log.items[0]).toMatchObject({
      action: 'enterprise.update',
      before: { normalWorkforce: 100 },
      after: { normalWorkforce: 120 },
    });
  });

  it('404 outside scope, 403 in scope without the right', async () => {
    const other = await t.makeEnterprise({ divisionCode: '210503' });
    const own = await t.makeEnterprise({ divisionCode: '210502' });
    const district = await t.as('district', { divisionCode: '210502' });
    expect(
      (await district.patch(`/api/enterprises/${other.id}`, { version: 1, name: '改名' })).statusCode,
    ).toBe(404);
    expect(
      (await district.patch(`/api/enterprises/${own.id}`, { version: 1, name: '改名企业' })).statusCode,
    ).toBe(200);
    const liaison = await t.as('liaison');
    await t.assign(liaison.user.id, own.id, 'liaison');
    expect(
      (await liaison.patch(`/api/enterprises/${own.id}`, { version: 2, name: '再改名' })).statusCode,
    ).toBe(403);
    expect(
      (await district.patch(`/api/enterprises/${own.id}`, { version: 2, divisionCode: '210503' })).statusCode,
    ).toBe(400);
  });

  it('archives with a reason and hides from the default list', async () => {
    const e = await t.makeEnterprise({ name: '归档测试企业' });
    const commander = await t.as('commander');
    const res = await commander.post(`/api/enterprises/${e.id}/archive`, {
      version: 1,
      archived: true,
      reason: '注销',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().archived).toBe(true);
    const list = (await commander.get(`/api/enterprises?q=${encodeURIComponent('归档测试')}`)).json();
    expect(list.total).toBe(0);
    const archived = (
      await commander.get(`/api/enterprises?archived=true&q=${encodeURIComponent('归档测试')}`)
    ).json();
    expect(archived.total).toBe(1);
  });
});

describe('town-level clerks', () => {
  it('see their town’s enterprises but change nothing outside their own territory (403)', async () => {
    const inTown = await t.makeEnterprise({
      divisionCode: '210502',
      townCode: '210502001',
      name: '南地街道测试企业',
    });
    const elsewhere = await t.makeEnterprise({ divisionCode: '210502', townCode: '210502003' });
    const clerk = await t.as('district', { divisionCode: '210502001' });
    const list = (await clerk.get('/api/enterprises?pageSize=200')).json();
    expect(list.items.map((e: { id: number }) => e.id)).toContain(inTown.id);
    expect(list.items.every((e: { townCode: string }) => e.townCode === '210502001')).toBe(true);
    expect((await clerk.get(`/api/enterprises/${elsewhere.id}`)).statusCode).toBe(404);
    const view = (await clerk.get(`/api/enterprises/${inTown.id}`)).json();
    expect(view.abilities).not.toContain('enterprise.update');
    const edit = await clerk.patch(`/api/enterprises/${inTown.id}`, { version: 1, name: '改名企业' });
    expect(edit.statusCode).toBe(403);
    const archive = await clerk.post(`/api/enterprises/${inTown.id}/archive`, {
      version: 1,
      archived: true,
      reason: '注销',
    });
    expect(archive.statusCode).toBe(403);
  });
});
