import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outsiders } from '../../test/safety-factories';
import { createTestApp, type TestApp } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const matrix = (version: number, over: Record<string, unknown> = {}) => ({
  version,
  districtContact: { name: '王振宇', phone: '13904141234' },
  principal: { name: '刘晓东', title: '总经理', phone: '13804145210' },
  departmentCode: 'industry',
  departmentContactName: '赵明',
  posts: [
    { post: '安全管理员', person: '张伟', phone: '13700001111' },
    { post: '防疫专员', person: '李娜' },
  ],
  ...over,
});

describe('four levels of responsibility', () => {
  it('starts empty with a suggested department, then the district fills it in', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502', industryCode: '3130' });
    const district = await t.as('district', { divisionCode: '210502' });
    const empty = (await district.get(`/api/enterprises/${e.id}/responsibility`)).json();
    expect(empty).toMatchObject({
      version: 0,
      complete: false,
      missing: ['territorial', 'principal', 'departmental', 'post'],
      department: { code: null, suggestedCode: 'industry' },
    });
    const saved = await district.put(`/api/enterprises/${e.id}/responsibility`, matrix(0));
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      version: 1,
      complete: true,
      missing: [],
      department: { code: 'industry', name: 'Industry and Information Technology Bureau' },
      posts: [
        { post: '安全管理员', person: '张伟', phone: '13700001111' },
        { post: '防疫专员', person: '李娜', phone: '' },
      ],
    });
    const stale = await district.put(`/api/enterprises/${e.id}/responsibility`, matrix(0));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toEqual({ currentVersion: 1 });
    const auditor = await t.as('auditor');
    const log = (await auditor.get(`/api/audit?entity=enterprise_responsibility&entityId=${e.id}`)).json();
    expect(log.items[0].action).toBe('responsibility.update');
  });

  it('the enterprise may change its principal and posts but not the territorial or departmental level', async () => {
    const e = await t.makeEnterprise({ industryCode: '2614', hazardousChemicals: true });
    const commander = await t.as('commander');
    expect(
      (await commander.get(`/api/enterprises/${e.id}/responsibility`)).json().department.suggestedCode,
    ).toBe('emergency');
    await commander.put(
      `/api/enterprises/${e.id}/responsibility`,
      matrix(0, { departmentCode: 'emergency' }),
    );
    const ent = await t.as('enterprise', { enterpriseId: e.id });
    const posts = await ent.put(
      `/api/enterprises/${e.id}/responsibility`,
      matrix(1, { departmentCode: 'emergency', posts: [{ post: '危化品库管员', person: '周强' }] }),
    );
    expect(posts.statusCode).toBe(200);
    expect(posts.json().posts).toEqual([{ post: '危化品库管员', person: '周强', phone: '' }]);
    const territorial = await ent.put(
      `/api/enterprises/${e.id}/responsibility`,
      matrix(2, { departmentCode: 'emergency', districtContact: { name: '别人' } }),
    );
    expect(territorial.statusCode).toBe(403);
    const department = await ent.put(
      `/api/enterprises/${e.id}/responsibility`,
      matrix(2, { departmentCode: 'industry' }),
    );
    expect(department.statusCode).toBe(403);
  });

  it('masks phones for roles that do not need them; 404 outside scope; 400 for an unknown department', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    const commander = await t.as('commander');
    await commander.put(`/api/enterprises/${e.id}/responsibility`, matrix(0));
    const leader = await t.as('leader');
    const seen = (await leader.get(`/api/enterprises/${e.id}/responsibility`)).json();
    expect(seen).toMatchObject({
      phoneMasked: true,
      districtContact: { phone: '139****1234' },
      abilities: [],
    });
    expect((await leader.put(`/api/enterprises/${e.id}/responsibility`, matrix(1))).statusCode).toBe(403);
    const outside = await t.as('district', { divisionCode: '210503' });
    expect((await outside.get(`/api/enterprises/${e.id}/responsibility`)).statusCode).toBe(404);
    expect((await outside.put(`/api/enterprises/${e.id}/responsibility`, matrix(1))).statusCode).toBe(404);
    const bad = await commander.put(
      `/api/enterprises/${e.id}/responsibility`,
      matrix(1, { departmentCode: 'nowhere' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({
      path: 'departmentCode',
      reason: 'unknown_department',
    });
    const noPost = await commander.put(
      `/api/enterprises/${e.id}/responsibility`,
      matrix(1, { posts: [{ post: '' }] }),
    );
    expect(noPost.statusCode).toBe(400);
    expect((await t.anon.get(`/api/enterprises/${e.id}/responsibility`)).statusCode).toBe(401);
  });

  it('lists enterprises whose matrix is incomplete, by level and division, within scope', async () => {
    const none = await t.makeEnterprise({ divisionCode: '210505' });
    const noPosts = await t.makeEnterprise({ divisionCode: '210505' });
    const complete = await t.makeEnterprise({ divisionCode: '210505' });
    const commander = await t.as('commander');
    await commander.put(`/api/enterprises/${noPosts.id}/responsibility`, matrix(0, { posts: [] }));
    await commander.put(`/api/enterprises/${complete.id}/responsibility`, matrix(0));
    const list = (await commander.get('/api/responsibility/incomplete?division=210505&pageSize=200')).json();
    const byId = new Map(
      list.items.map((x: { enterpriseId: number; missing: string[] }) => [x.enterpriseId, x.missing]),
    );
    expect(byId.get(none.id)).toEqual(['territorial', 'principal', 'departmental', 'post']);
    expect(byId.get(noPosts.id)).toEqual(['post']);
    expect(byId.has(complete.id)).toBe(false);
    const principal = (
      await commander.get('/api/responsibility/incomplete?division=210505&missing=principal')
    ).json();
    expect(principal.items.map((x: { enterpriseId: number }) => x.enterpriseId)).toEqual([none.id]);
    const district = await t.as('district', { divisionCode: '210502' });
    const theirs = (await district.get('/api/responsibility/incomplete?division=210505')).json();
    expect(theirs.total).toBe(0);
    // An oversight list: the enterprise sees its own gaps on its card, not here.
    const ent = await t.as('enterprise', { enterpriseId: none.id });
    expect((await ent.get('/api/responsibility/incomplete')).statusCode).toBe(403);
    const liaison = await t.as('liaison');
    await t.assign(liaison.user.id, noPosts.id, 'liaison');
    const mine = (await liaison.get('/api/responsibility/incomplete')).json();
    expect(mine.items.map((x: { enterpriseId: number }) => x.enterpriseId)).toEqual([noPosts.id]);
  });
});

describe('scope denials', () => {
  it('404 on read and write for another district, another enterprise and a supervisor assigned elsewhere; none listed', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    const { district, enterprise, supervisor } = await outsiders(t);
    for (const [who, a] of Object.entries({ district, enterprise, supervisor })) {
      expect((await a.get(`/api/enterprises/${e.id}/responsibility`)).statusCode, who).toBe(404);
    }
    for (const [who, a] of Object.entries({ district, supervisor })) {
      const incomplete = (await a.get('/api/responsibility/incomplete?division=210502')).json();
      expect(incomplete, who).toEqual({ items: [], total: 0 });
    }
    for (const [who, a] of Object.entries({ district, enterprise })) {
      const put = await a.put(`/api/enterprises/${e.id}/responsibility`, matrix(0));
      expect(put.statusCode, who).toBe(404);
    }
    // A supervisor may not write at all: 403 before scope.
    expect((await supervisor.put(`/api/enterprises/${e.id}/responsibility`, matrix(0))).statusCode).toBe(403);
    const commander = await t.as('commander');
    expect((await commander.get(`/api/enterprises/${e.id}/responsibility`)).json().version).toBe(0);
  });
});
