import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSquad, outsiders } from '../../test/safety-factories';
import { createTestApp, type TestApp } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ids = (res: { json(): { items: { id: number }[] } }) =>
  res
    .json()
    .items.map((x) => x.id)
    .sort((a, b) => a - b);

describe('supervisor scope through squads and groups', () => {
  it('a squad member sees exactly the enterprises assigned to the squad, directly or by division', async () => {
    const direct = await t.makeEnterprise({ divisionCode: '210503' });
    const town = (await t.database.db.query.divisions.findFirst({
      where: (d, { eq }) => eq(d.parentCode, '210504'),
    }))!;
    const inTown = await t.makeEnterprise({ divisionCode: '210504', townCode: town.code });
    const elsewhere = await t.makeEnterprise({ divisionCode: '210504' });
    const supervisor = await t.as('supervisor');
    await makeSquad(t, { members: [supervisor.user.id], enterprises: [direct.id], divisions: [town.code] });
    const seen = ids(await supervisor.get('/api/enterprises?pageSize=200'));
    expect(seen).toEqual([direct.id, inTown.id].sort((a, b) => a - b));
    expect((await supervisor.get(`/api/enterprises/${elsewhere.id}`)).statusCode).toBe(404);
    expect((await supervisor.get(`/api/enterprises/${inTown.id}`)).statusCode).toBe(200);
  });

  it('a group member sees the group’s districts and all its squads’ enterprises; the direct kind still works', async () => {
    const district = await t.makeEnterprise({ divisionCode: '210505' });
    const squadOnly = await t.makeEnterprise({ divisionCode: '210521' });
    const directly = await t.makeEnterprise({ divisionCode: '210522' });
    const lead = await t.as('supervisor');
    const member = await t.as('supervisor');
    await makeSquad(t, {
      members: [member.user.id],
      groupMembers: [lead.user.id],
      enterprises: [squadOnly.id],
      groupDivisions: ['210505'],
    });
    await t.assign(lead.user.id, directly.id, 'supervisor');
    const leadSees = ids(await lead.get('/api/enterprises?pageSize=200'));
    expect(leadSees).toEqual(expect.arrayContaining([district.id, squadOnly.id, directly.id]));
    const memberSees = ids(await member.get('/api/enterprises?pageSize=200'));
    expect(memberSees).toEqual([squadOnly.id]);
  });

  it('a city-wide assignment covers every district; ending the membership ends the scope', async () => {
    const anywhere = await t.makeEnterprise({ divisionCode: '210590' });
    const supervisor = await t.as('supervisor');
    await makeSquad(t, { members: [supervisor.user.id], divisions: ['210500'] });
    expect((await supervisor.get(`/api/enterprises/${anywhere.id}`)).statusCode).toBe(200);
    const commander = await t.as('commander');
    const squads = (await supervisor.get('/api/supervision/squads')).json();
    expect(squads.total).toBe(1);
    const membership = squads.items[0].members.find(
      (m: { userId: number }) => m.userId === supervisor.user.id,
    );
    const ended = await commander.delete(`/api/supervision/members/${membership.id}`);
    expect(ended.statusCode).toBe(200);
    expect((await supervisor.get(`/api/enterprises/${anywhere.id}`)).statusCode).toBe(404);
    expect((await commander.delete(`/api/supervision/members/${membership.id}`)).statusCode).toBe(404);
  });
});

describe('managing groups, squads, members and assignments', () => {
  it('the commander builds a three-in-one squad; supervisors read only their own units', async () => {
    const commander = await t.as('commander');
    const g = await commander.post('/api/supervision/groups', {
      code: 'T1',
      name: '测试督导组',
      nameEn: 'Test group',
    });
    expect(g.statusCode).toBe(201);
    const s = await commander.post('/api/supervision/squads', {
      groupId: g.json().id,
      code: 'T1-01',
      name: '测试小分队',
    });
    expect(s.statusCode).toBe(201);
    const squadId = s.json().id;
    const users = await Promise.all([t.as('supervisor'), t.as('supervisor'), t.as('supervisor')]);
    const lines = [
      ['industry', 'industry'],
      ['health', 'health'],
      ['emergency', 'emergency'],
    ];
    for (const [k, u] of users.entries()) {
      const m = await commander.post('/api/supervision/members', {
        userId: u.user.id,
        squadId,
        line: lines[k][0],
        departmentCode: lines[k][1],
        lead: k === 0,
      });
      expect(m.statusCode).toBe(201);
      expect(m.json()).toMatchObject({
        userId: u.user.id,
        line: lines[k][0],
        departmentName: expect.any(String),
      });
    }
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    const a = await commander.post('/api/supervision/assignments', {
      squadId,
      enterpriseId: e.id,
      reason: '包保',
    });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ enterpriseId: e.id, enterpriseName: e.name });
    const squad = (await commander.get(`/api/supervision/squads/${squadId}`)).json();
    expect(squad).toMatchObject({ lines: ['industry', 'health', 'emergency'], groupName: 'Test group' });
    expect(squad.members).toHaveLength(3);

    const own = (await users[1].get('/api/supervision/squads')).json();
    expect(own.items.map((x: { id: number }) => x.id)).toEqual([squadId]);
    expect((await users[1].get(`/api/enterprises/${e.id}`)).statusCode).toBe(200);
    const groups = (await users[1].get('/api/supervision/groups')).json();
    expect(groups.items.map((x: { id: number }) => x.id)).toEqual([g.json().id]);
    const other = await t.as('supervisor');
    expect((await other.get(`/api/supervision/squads/${squadId}`)).statusCode).toBe(404);
    expect((await other.get('/api/supervision/squads')).json().total).toBe(0);
    const district = await t.as('district');
    expect((await district.get(`/api/supervision/squads/${squadId}`)).statusCode).toBe(200);

    const renamed = await commander.patch(`/api/supervision/squads/${squadId}`, {
      version: 1,
      name: '测试第一小分队',
    });
    expect(renamed.json()).toMatchObject({ name: '测试第一小分队', version: 2 });
    const stale = await commander.patch(`/api/supervision/squads/${squadId}`, { version: 1, name: '又改' });
    expect(stale.statusCode).toBe(409);
    const end = await commander.delete(`/api/supervision/assignments/${a.json().id}`);
    expect(end.statusCode).toBe(200);
    expect((await users[1].get(`/api/enterprises/${e.id}`)).statusCode).toBe(404);
  });

  it('400 for a non-supervisor member, both or neither unit, unknown references; 409 for a duplicate', async () => {
    const commander = await t.as('commander');
    const { squad, group } = await makeSquad(t);
    const liaison = await t.makeUser('liaison');
    const r1 = await commander.post('/api/supervision/members', {
      userId: liaison.id,
      squadId: squad.id,
      line: 'industry',
      departmentCode: 'industry',
    });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details[0]).toMatchObject({ path: 'userId', reason: 'not_supervisor' });
    const sup = await t.makeUser('supervisor');
    const r2 = await commander.post('/api/supervision/members', {
      userId: sup.id,
      squadId: squad.id,
      groupId: group.id,
      line: 'industry',
      departmentCode: 'nowhere',
    });
    expect(
      r2
        .json()
        .error.details.map((d: { reason: string }) => d.reason)
        .sort(),
    ).toEqual(['one_of', 'unknown_department']);
    const ok = { userId: sup.id, squadId: squad.id, line: 'health', departmentCode: 'health' };
    expect((await commander.post('/api/supervision/members', ok)).statusCode).toBe(201);
    const dup = await commander.post('/api/supervision/members', ok);
    expect(dup.statusCode).toBe(409);
    const r3 = await commander.post('/api/supervision/assignments', { squadId: squad.id });
    expect(r3.json().error.details[0]).toMatchObject({ path: 'divisionCode', reason: 'one_of' });
    const r4 = await commander.post('/api/supervision/assignments', {
      squadId: 999999,
      divisionCode: '999999',
    });
    expect(
      r4
        .json()
        .error.details.map((d: { reason: string }) => d.reason)
        .sort(),
    ).toEqual(['unknown_division', 'unknown_squad']);
    const r5 = await commander.post('/api/supervision/squads', {
      groupId: 999999,
      code: 'X',
      name: '不存在的组',
    });
    expect(r5.json().error.details[0].reason).toBe('unknown_group');
  });

  it('401 without a session; 403 for roles that may not read or manage', async () => {
    expect((await t.anon.get('/api/supervision/groups')).statusCode).toBe(401);
    for (const role of ['liaison', 'enterprise', 'admin', 'auditor'] as const) {
      const a = await t.as(role);
      expect((await a.get('/api/supervision/squads')).statusCode, role).toBe(403);
    }
    for (const role of ['district', 'supervisor', 'leader'] as const) {
      const a = await t.as(role);
      expect((await a.post('/api/supervision/groups', { code: 'X9', name: '越权组' })).statusCode, role).toBe(
        403,
      );
    }
  });
});

describe('GET /api/supervision/candidates', () => {
  it('finds supervisor accounts by name or username with the units they serve in; commander only', async () => {
    const busy = await t.makeUser('supervisor', { username: 'cand_busy', displayName: '候选甲' });
    const free = await t.makeUser('supervisor', {
      username: 'cand_free',
      displayName: '候选乙',
      departmentCode: 'health',
    });
    await t.makeUser('liaison', { username: 'cand_liaison', displayName: '候选丙' });
    const { squad, group } = await makeSquad(t, { members: [busy.id], groupMembers: [busy.id] });
    const commander = await t.as('commander');
    const res = await commander.get('/api/supervision/candidates?q=CAND_');
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.total).toBe(2);
    expect(list.items.map((x: { username: string }) => x.username)).toEqual(['cand_busy', 'cand_free']);
    expect(list.items[0].units).toEqual([
      { kind: 'squad', id: squad.id, name: squad.name },
      { kind: 'group', id: group.id, name: group.name },
    ]);
    expect(list.items[1]).toMatchObject({
      units: [],
      departmentCode: 'health',
      departmentName: 'Health Commission',
    });
    const byName = (
      await commander.get(`/api/supervision/candidates?q=${encodeURIComponent('候选乙')}`)
    ).json();
    expect(byName.items.map((x: { id: number }) => x.id)).toEqual([free.id]);
    // Ending the membership frees the account.
    const membership = (await commander.get(`/api/supervision/squads/${squad.id}`)).json().members[0];
    await commander.delete(`/api/supervision/members/${membership.id}`);
    const after = (await commander.get('/api/supervision/candidates?q=cand_busy')).json();
    expect(after.items[0].units).toEqual([{ kind: 'group', id: group.id, name: group.name }]);

    expect((await t.anon.get('/api/supervision/candidates')).statusCode).toBe(401);
    for (const role of ['district', 'supervisor', 'leader', 'admin'] as const) {
      const a = await t.as(role);
      expect((await a.get('/api/supervision/candidates')).statusCode, role).toBe(403);
    }
    expect((await commander.get('/api/supervision/candidates?pageSize=500')).statusCode).toBe(400);
  });
});

describe('scope denials', () => {
  it('404 for a group or squad the supervisor does not serve in; a group member reads the group’s squads', async () => {
    const groupLead = await t.as('supervisor');
    const { group, squad } = await makeSquad(t, { groupMembers: [groupLead.user.id] });
    const { supervisor } = await outsiders(t);
    expect((await supervisor.get(`/api/supervision/groups/${group.id}`)).statusCode).toBe(404);
    expect((await supervisor.get(`/api/supervision/squads/${squad.id}`)).statusCode).toBe(404);
    const theirGroups = (await supervisor.get('/api/supervision/groups')).json();
    expect(theirGroups.items.map((x: { id: number }) => x.id)).not.toContain(group.id);
    const theirSquads = (await supervisor.get(`/api/supervision/squads?group=${group.id}`)).json();
    expect(theirSquads).toEqual({ items: [], total: 0 });
    expect((await groupLead.get(`/api/supervision/groups/${group.id}`)).statusCode).toBe(200);
    expect((await groupLead.get(`/api/supervision/squads/${squad.id}`)).statusCode).toBe(200);
    // Managing is the commander's: another supervisor gets 403 even for their own unit.
    const own = (await supervisor.get('/api/supervision/squads')).json().items[0];
    const rename = await supervisor.patch(`/api/supervision/squads/${own.id}`, {
      version: own.version,
      name: '改名',
    });
    expect(rename.statusCode).toBe(403);
  });
});
