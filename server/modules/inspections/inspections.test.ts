import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeChecklist, makeSquad, outsiders, PNG, upload } from '../../test/safety-factories';
import { createTestApp, type TestApp } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const checklistBody = {
  line: 'safety',
  name: '复工安全检查表',
  nameEn: 'Restart safety checklist',
  items: [
    { label: '消防设施完好', labelEn: 'Fire equipment in order', category: 'fire' },
    { label: '电气线路规范', labelEn: 'Wiring in order', category: 'electrical' },
    {
      label: '危化品规范储存',
      labelEn: 'Chemicals stored properly',
      category: 'hazardous_chemicals',
      defaultSeverity: 'major',
    },
  ],
};

describe('checklist templates', () => {
  it('the commander creates and edits; editing writes a new version and retires the old one', async () => {
    const commander = await t.as('commander');
    const created = await commander.post('/api/checklists', checklistBody);
    expect(created.statusCode).toBe(201);
    const v1 = created.json();
    expect(v1).toMatchObject({ version: 1, current: true, line: 'safety' });
    expect(v1.items.map((i: { seq: number }) => i.seq)).toEqual([1, 2, 3]);
    const edited = await commander.put(`/api/checklists/${v1.id}`, {
      version: 1,
      name: '复工安全检查表（修订）',
      nameEn: 'Restart safety checklist (rev.)',
      items: [
        ...checklistBody.items,
        { label: '应急预案演练', labelEn: 'Emergency drill', category: 'emergency_plan' },
      ],
    });
    expect(edited.statusCode).toBe(200);
    const v2 = edited.json();
    expect(v2).toMatchObject({ version: 2, family: v1.family, current: true });
    expect(v2.id).not.toBe(v1.id);
    expect(v2.items).toHaveLength(4);
    expect((await commander.get(`/api/checklists/${v1.id}`)).json()).toMatchObject({
      current: false,
      version: 1,
    });
    const stale = await commander.put(`/api/checklists/${v1.id}`, {
      ...checklistBody,
      version: 1,
      line: undefined,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', details: { currentVersion: 2 } });
    const list = (await commander.get('/api/checklists?line=safety')).json();
    const ids = list.items.map((x: { id: number }) => x.id);
    expect(ids).toContain(v2.id);
    expect(ids).not.toContain(v1.id);
    const all = (await commander.get('/api/checklists?all=true')).json();
    expect(all.items.map((x: { id: number }) => x.id)).toContain(v1.id);
  });

  it('400 for a category of the other line; 403 for anyone but the commander', async () => {
    const commander = await t.as('commander');
    const bad = await commander.post('/api/checklists', {
      ...checklistBody,
      items: [{ label: '测温点', labelEn: 'Temperature point', category: 'temperature' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({
      path: 'items.0.category',
      reason: 'category_line_mismatch',
    });
    const supervisor = await t.as('supervisor');
    expect((await supervisor.post('/api/checklists', checklistBody)).statusCode).toBe(403);
    expect((await supervisor.get('/api/checklists')).statusCode).toBe(200);
    const ent = await t.as('enterprise');
    expect((await ent.get('/api/checklists')).statusCode).toBe(403);
  });
});

describe('inspections', () => {
  it('a squad member inspects, two items fail, drafts are edited, sign-off raises the hazards', async () => {
    const e = await t.makeEnterprise({ contactName: '刘晓东' });
    const supervisor = await t.as('supervisor');
    const { squad } = await makeSquad(t, { members: [supervisor.user.id], enterprises: [e.id] });
    const { template, items } = await makeChecklist(t, { line: 'safety' });

    const started = await supervisor.post('/api/inspections', {
      enterpriseId: e.id,
      templateId: template.id,
    });
    expect(started.statusCode).toBe(201);
    const ins = started.json();
    expect(ins).toMatchObject({
      status: 'draft',
      squadId: squad.id,
      inspectedOn: '2020-03-10',
      templateVersion: 1,
      counts: { pending: 3, pass: 0, fail: 0, na: 0 },
      abilities: ['inspection.edit', 'inspection.sign'],
    });
    const [fire, electrical, chemicals] = ins.items;
    expect(fire.checklistItemId).toBe(items[0].id);

    const photo = (await upload(t, supervisor, e.id, 'IMG_0001.jpg.png', PNG)).json();
    const marked = await supervisor.patch(`/api/inspections/${ins.id}`, {
      version: 1,
      items: [
        { id: fire.id, result: 'fail', note: '灭火器过期', attachmentIds: [photo.id] },
        { id: electrical.id, result: 'pass' },
        { id: chemicals.id, result: 'fail', note: '混存' },
      ],
    });
    expect(marked.statusCode).toBe(200);
    const m = marked.json();
    expect(m.counts).toEqual({ pass: 1, fail: 2, na: 0, pending: 0 });
    expect(m.items[0].hazardDraft).toEqual({
      category: 'fire',
      severity: 'general',
      description: '检查项1：灭火器过期',
      location: '',
      responsiblePerson: '刘晓东',
      deadline: null,
    });
    expect(m.items[1].hazardDraft).toBeNull();
    expect(m.items[2].hazardDraft.severity).toBe('major');

    const edited = await supervisor.patch(`/api/inspections/${ins.id}`, {
      version: 2,
      items: [
        { id: fire.id, hazard: { location: '二号仓库', deadline: '2020-03-13' } },
        { id: chemicals.id, hazard: { severity: 'general', description: '酸碱混存，需分区' } },
      ],
    });
    expect(edited.statusCode).toBe(200);
    const notFailed = await supervisor.patch(`/api/inspections/${ins.id}`, {
      version: 3,
      items: [{ id: electrical.id, hazard: { location: 'x' } }],
    });
    expect(notFailed.statusCode).toBe(400);
    expect(notFailed.json().error.details[0]).toMatchObject({ path: 'items.0.hazard', reason: 'not_failed' });

    const signed = await supervisor.post(`/api/inspections/${ins.id}/sign`, { version: 3 });
    expect(signed.statusCode).toBe(200);
    const s = signed.json();
    expect(s.status).toBe('signed');
    expect(s.hazardIds).toHaveLength(2);
    expect(s.items[0].hazardId).toBe(s.hazardIds[0]);
    expect(s.abilities).toEqual([]);

    const h1 = (await supervisor.get(`/api/hazards/${s.hazardIds[0]}`)).json();
    expect(h1).toMatchObject({
      status: 'open',
      line: 'safety',
      category: 'fire',
      location: '二号仓库',
      deadline: '2020-03-13',
      attachmentIds: [photo.id],
      inspectionId: ins.id,
      reportedBy: supervisor.user.id,
    });
    const h2 = (await supervisor.get(`/api/hazards/${s.hazardIds[1]}`)).json();
    expect(h2).toMatchObject({
      severity: 'general',
      deadline: '2020-03-17',
      description: '酸碱混存，需分区',
    });

    const again = await supervisor.post(`/api/inspections/${ins.id}/sign`, { version: 4 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('inspection_signed');
    const auditor = await t.as('auditor');
    const log = (await auditor.get(`/api/audit?entity=inspection&entityId=${ins.id}`)).json();
    expect(log.items.map((x: { action: string }) => x.action)).toContain('inspection.sign');

    const ent = await t.as('enterprise', { enterpriseId: e.id });
    const seen = (await ent.get('/api/inspections')).json();
    expect(seen.items.map((x: { id: number }) => x.id)).toEqual([ins.id]);
    expect((await ent.get(`/api/hazards?inspection=${ins.id}`)).json().total).toBe(2);
  });

  it('is filed under the inspector’s squad that covers the enterprise', async () => {
    const first = await t.makeEnterprise({ divisionCode: '210503' });
    const second = await t.makeEnterprise({ divisionCode: '210505' });
    const supervisor = await t.as('supervisor');
    const a = await makeSquad(t, { members: [supervisor.user.id], enterprises: [first.id] });
    const b = await makeSquad(t, { members: [supervisor.user.id], divisions: ['210505'] });
    const { template } = await makeChecklist(t, { line: 'epidemic' });
    const i1 = (
      await supervisor.post('/api/inspections', { enterpriseId: first.id, templateId: template.id })
    ).json();
    const i2 = (
      await supervisor.post('/api/inspections', { enterpriseId: second.id, templateId: template.id })
    ).json();
    expect(i1.squadId).toBe(a.squad.id);
    expect(i2.squadId).toBe(b.squad.id);
  });

  it('keeps the template version it was started with after the template is edited', async () => {
    const e = await t.makeEnterprise();
    const commander = await t.as('commander');
    const v1 = (await commander.post('/api/checklists', checklistBody)).json();
    const ins = (await commander.post('/api/inspections', { enterpriseId: e.id, templateId: v1.id })).json();
    await commander.put(`/api/checklists/${v1.id}`, {
      version: 1,
      name: '新版',
      nameEn: 'New',
      items: checklistBody.items.slice(0, 1),
    });
    const after = (await commander.get(`/api/inspections/${ins.id}`)).json();
    expect(after).toMatchObject({ templateId: v1.id, templateVersion: 1 });
    expect(after.items).toHaveLength(3);
    const retired = await commander.post('/api/inspections', { enterpriseId: e.id, templateId: v1.id });
    expect(retired.statusCode).toBe(400);
    expect(retired.json().error.details[0]).toMatchObject({ path: 'templateId', reason: 'unknown_template' });
  });

  it('refuses sign-off with items left, edits by someone else, stale versions, and out-of-scope enterprises', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    const other = await t.makeEnterprise({ divisionCode: '210503' });
    const liaison = await t.as('liaison');
    await t.assign(liaison.user.id, e.id, 'liaison');
    const { template } = await makeChecklist(t, { line: 'epidemic' });
    expect(
      (await liaison.post('/api/inspections', { enterpriseId: other.id, templateId: template.id }))
        .statusCode,
    ).toBe(404);
    const ins = (
      await liaison.post('/api/inspections', { enterpriseId: e.id, templateId: template.id })
    ).json();
    const partial = await liaison.patch(`/api/inspections/${ins.id}`, {
      version: 1,
      items: [{ id: ins.items[0].id, result: 'pass' }],
    });
    expect(partial.statusCode).toBe(200);
    const early = await liaison.post(`/api/inspections/${ins.id}/sign`, { version: 2 });
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatchObject({
      code: 'inspection_incomplete',
      message: '2 items have no result yet',
    });
    expect(early.json().error.details).toHaveLength(2);

    const stale = await liaison.patch(`/api/inspections/${ins.id}`, { version: 1, note: 'x' });
    expect(stale.statusCode).toBe(409);
    const district = await t.as('district', { divisionCode: '210502' });
    expect((await district.get(`/api/inspections/${ins.id}`)).statusCode).toBe(200);
    const foreign = await district.patch(`/api/inspections/${ins.id}`, { version: 2, note: '改' });
    expect(foreign.statusCode).toBe(403);
    const outside = await t.as('district', { divisionCode: '210503' });
    expect((await outside.get(`/api/inspections/${ins.id}`)).statusCode).toBe(404);
    const unknown = await liaison.patch(`/api/inspections/${ins.id}`, {
      version: 2,
      items: [{ id: 999999, result: 'pass' }],
    });
    expect(unknown.json().error.details[0]).toMatchObject({ path: 'items.0.id', reason: 'unknown_item' });
    const future = await liaison.post('/api/inspections', {
      enterpriseId: e.id,
      templateId: template.id,
      inspectedOn: '2020-03-11',
    });
    expect(future.json().error.details[0]).toMatchObject({ path: 'inspectedOn', reason: 'future_date' });
  });

  it('401 without a session; 403 for roles that do not inspect', async () => {
    expect((await t.anon.post('/api/inspections', {})).statusCode).toBe(401);
    const e = await t.makeEnterprise();
    for (const role of ['leader', 'auditor'] as const) {
      const a = await t.as(role);
      expect((await a.post('/api/inspections', { enterpriseId: e.id, templateId: 1 })).statusCode, role).toBe(
        403,
      );
    }
    const ent = await t.as('enterprise', { enterpriseId: e.id });
    expect((await ent.post('/api/inspections', { enterpriseId: e.id, templateId: 1 })).statusCode).toBe(403);
    const department = await t.as('department');
    const bad = await department.post('/api/inspections', { enterpriseId: e.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('templateId');
  });
});

describe('scope denials', () => {
  it('404 on every inspection endpoint for another district, another enterprise and a supervisor assigned elsewhere', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    const { template } = await makeChecklist(t);
    const commander = await t.as('commander');
    const ins = (
      await commander.post('/api/inspections', { enterpriseId: e.id, templateId: template.id })
    ).json();
    const { district, enterprise, supervisor } = await outsiders(t);
    for (const [who, a] of Object.entries({ district, enterprise, supervisor })) {
      expect((await a.get(`/api/inspections/${ins.id}`)).statusCode, who).toBe(404);
      expect((await a.get(`/api/inspections?enterprise=${e.id}`)).json(), who).toEqual({
        items: [],
        total: 0,
      });
    }
    for (const [who, a] of Object.entries({ district, supervisor })) {
      const create = await a.post('/api/inspections', { enterpriseId: e.id, templateId: template.id });
      expect(create.statusCode, who).toBe(404);
      const edit = await a.patch(`/api/inspections/${ins.id}`, { version: 1, note: '改' });
      expect(edit.statusCode, who).toBe(404);
      expect((await a.post(`/api/inspections/${ins.id}/sign`, { version: 1 })).statusCode, who).toBe(404);
    }
    const after = (await commander.get(`/api/inspections/${ins.id}`)).json();
    expect(after).toMatchObject({ status: 'draft', version: 1, note: '' });
  });
});
