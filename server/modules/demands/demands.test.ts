import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_START } from '../../clock';
import { rows, schema } from '../../db/client';
import { escalateDemands } from '../../jobs/escalate-demands';
import type { Agent } from '../../test/setup';
import { cloneRow, createTestApp, type TestApp } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  // The clock jumps across days here: sessions must outlive it.
  t = await createTestApp({
    env: { TONGCHOU_SESSION_IDLE_MINUTES: '1000000', TONGCHOU_SESSION_ABSOLUTE_HOURS: '100000' },
  });
});
afterAll(() => t.close());
afterEach(() => t.clock.set!(DEFAULT_SCENARIO_START));

const at = (iso: string) => t.clock.set!(`${iso}T09:00:00+08:00`);

const body = (enterpriseId: number, over: Record<string, unknown> = {}) => ({
  enterpriseId,
  category: 'financing',
  description: '受疫情影响回款困难，申请流动资金贷款500万元展期',
  ...over,
});

async function raise(agent: Agent, enterpriseId: number, over: Record<string, unknown> = {}) {
  const res = await agent.post('/api/demands', body(enterpriseId, over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function step(agent: Agent, id: number, to: string, extra: Record<string, unknown> = {}) {
  const cur = await agent.get(`/api/demands/${id}`);
  expect(cur.statusCode, cur.body).toBe(200);
  return agent.post(`/api/demands/${id}/transitions`, { to, version: cur.json().version, ...extra });
}

async function ok(agent: Agent, id: number, to: string, extra: Record<string, unknown> = {}) {
  const res = await step(agent, id, to, extra);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** An enterprise with its own account, and the finance office's handler. */
async function scene(over: Parameters<TestApp['makeEnterprise']>[0] = {}) {
  const e = await t.makeEnterprise(over);
  const ent = await t.as('enterprise', { enterpriseId: e.id });
  const finance = await t.as('department', { departmentCode: 'finance_office' });
  return { e, ent, finance };
}

describe('POST /api/demands', () => {
  it('401 without a session; 403 for roles that cannot raise; 404 for an enterprise out of scope', async () => {
    const e = await t.makeEnterprise();
    expect((await t.anon.post('/api/demands', body(e.id))).statusCode).toBe(401);
    for (const role of ['department', 'admin', 'auditor'] as const) {
      const res = await (await t.as(role)).post('/api/demands', body(e.id));
      expect(res.statusCode, role).toBe(403);
    }
    const other = await t.as('enterprise');
    expect((await other.post('/api/demands', body(e.id))).statusCode).toBe(404);
    const otherDistrict = await t.as('district', { divisionCode: '210503' });
    expect((await otherDistrict.post('/api/demands', body(e.id))).statusCode).toBe(404);
    const liaison = await t.as('liaison');
    expect((await liaison.post('/api/demands', body(e.id))).statusCode).toBe(404);
    const leader = await t.as('leader');
    const notMine = await leader.post('/api/demands', body(e.id));
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().error.code).toBe('not_contact_leader');
    await t.assign(leader.user.id, e.id, 'contact_leader');
    expect((await leader.post('/api/demands', body(e.id))).json()).toMatchObject({
      source: 'contact_leader',
    });
  });

  it('400 with field errors and nothing written', async () => {
    const { e, ent } = await scene();
    const res = await ent.post('/api/demands', body(e.id, { category: 'loans', description: 'x', extra: 1 }));
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['category', 'description']));
    const src = await ent.post('/api/demands', body(e.id, { source: 'inspection' }));
    expect(src.statusCode).toBe(400);
    expect(src.json().error.details[0]).toMatchObject({ path: 'source', reason: 'source_not_allowed' });
    const insp = await ent.post('/api/demands', body(e.id, { inspectionId: 999999 }));
    expect(insp.json().error.details[0]).toMatchObject({
      path: 'inspectionId',
      reason: 'unknown_inspection',
    });
    const rows = await t.database.db
      .select()
      .from(schema.demands)
      .where(eq(schema.demands.enterpriseId, e.id));
    expect(rows).toHaveLength(0);
  });

  it('routes a financing demand to the finance office with deadlines in working days, and tells its handlers', async () => {
    const { e, ent, finance } = await scene();
    const d = await raise(ent, e.id);
    // Tuesday 2020-03-10: accept by Wednesday, resolve within 10 working days (Tuesday 03-24).
    expect(d).toMatchObject({
      status: 'submitted',
      source: 'enterprise',
      category: 'financing',
      leadDepartment: { code: 'finance_office', name: 'Finance Office' },
      raisedOn: '2020-03-10',
      acceptDueOn: '2020-03-11',
      resolveDueOn: '2020-03-24',
      dueOn: '2020-03-11',
      overdue: false,
      escalationLevel: 0,
      transitions: [],
      canTransfer: false,
    });
    expect(d.number).toMatch(/^SQ-2020-\d{6}$/);
    expect(d.history).toEqual([
      expect.objectContaining({ event: 'create', toStatus: 'submitted', toDepartment: 'Finance Office' }),
    ]);
    const notes = await finance.get('/api/notifications');
    expect(notes.json().items.some((n: { kind: string }) => n.kind === 'demand_received')).toBe(true);
    const seen = await finance.get(`/api/demands/${d.id}`);
    expect(seen.json()).toMatchObject({ transitions: ['accepted'], canTransfer: true });
  });
});

describe('routing rules', () => {
  it('the most specific rule wins: a chemical maker’s permits go to emergency management', async () => {
    const chem = await t.makeEnterprise({ industryCode: '2614' });
    const plain = await t.makeEnterprise({ industryCode: '3130' });
    const commander = await t.as('commander');
    expect((await raise(commander, chem.id, { category: 'permits' })).leadDepartment.code).toBe('emergency');
    expect((await raise(commander, plain.id, { category: 'permits' })).leadDepartment.code).toBe('market');
  });

  it('GET for the territory, PUT for the commander only: validated, versioned, audited, and used at once', async () => {
    const district = await t.as('district');
    const current = (await district.get('/api/demands/routing')).json();
    expect(current.version).toBeGreaterThanOrEqual(1);
    const financing = current.rules.find((r: { category: string }) => r.category === 'financing');
    expect(financing).toMatchObject({ departmentCode: 'finance_office', acceptDays: 1, resolveDays: 10 });
    const rules = current.rules.map((r: Record<string, unknown>) => ({
      category: r.category,
      divisionCode: r.divisionCode,
      industryPrefix: r.industryPrefix,
      departmentCode: r.departmentCode,
      acceptDays: r.acceptDays,
      resolveDays: r.resolveDays,
    }));
    expect((await district.put('/api/demands/routing', { version: current.version, rules })).statusCode).toBe(
      403,
    );
    const commander = await t.as('commander');
    const bad = await commander.put('/api/demands/routing', {
      version: current.version,
      rules: [
        ...rules.filter((r: { category: string }) => r.category !== 'labour'),
        { category: 'energy', departmentCode: 'nowhere', resolveDays: 3 },
        { category: 'energy', divisionCode: '999999', departmentCode: 'development', resolveDays: 3 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'unknown_department' }),
        expect.objectContaining({ reason: 'unknown_division' }),
        expect.objectContaining({ reason: 'duplicate_rule' }),
        expect.objectContaining({
          reason: 'missing_default_rule',
          message: expect.stringContaining('labour'),
        }),
      ]),
    );
    const next = [
      ...rules,
      { category: 'financing', divisionCode: '210502', departmentCode: 'finance', resolveDays: 4 },
    ];
    const saved = await commander.put('/api/demands/routing', { version: current.version, rules: next });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().version).toBe(current.version + 1);
    const stale = await commander.put('/api/demands/routing', { version: current.version, rules: next });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    const pingshan = await t.makeEnterprise({ divisionCode: '210502' });
    const elsewhere = await t.makeEnterprise({ divisionCode: '210503' });
    expect(await raise(commander, pingshan.id)).toMatchObject({
      leadDepartment: { code: 'finance' },
      resolveDueOn: '2020-03-16',
    });
    expect((await raise(commander, elsewhere.id)).leadDepartment.code).toBe('finance_office');
    const [entry] = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, 'demand.routing'));
    expect(entry).toBeTruthy();
    // Put the defaults back for the rest of the file.
    const back = await commander.put('/api/demands/routing', { version: current.version + 1, rules });
    expect(back.statusCode).toBe(200);
  });
});

describe('lifecycle', () => {
  it('accept → in progress ⇄ waiting (the clock pauses) → resolved → confirmed solved and rated', async () => {
    at('2020-03-02');
    const { e, ent, finance } = await scene();
    const d = await raise(ent, e.id);
    expect(d.resolveDueOn).toBe('2020-03-16');
    const accepted = await ok(finance, d.id, 'accepted');
    expect(accepted).toMatchObject({
      status: 'accepted',
      acceptedOnTime: true,
      handlerName: finance.user.displayName,
    });
    await ok(finance, d.id, 'in_progress');
    at('2020-03-04');
    const noNote = await step(finance, d.id, 'waiting');
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.details[0]).toMatchObject({ path: 'note', reason: 'note_required' });
    const waiting = await ok(finance, d.id, 'waiting', { note: '请补充近三个月财务报表' });
    expect(waiting).toMatchObject({ status: 'waiting', pausedOn: '2020-03-04', dueOn: null, overdue: false });
    expect(waiting.transitions).toEqual(['in_progress']);
    at('2020-03-06');
    expect((await ent.get(`/api/demands/${d.id}`)).json().transitions).toEqual(['in_progress']);
    const resumed = await ok(ent, d.id, 'in_progress', { note: '已上传报表' });
    expect(resumed).toMatchObject({ status: 'in_progress', pausedWorkdays: 2, resolveDueOn: '2020-03-18' });
    const resolved = await ok(finance, d.id, 'resolved', { note: '已协调建设银行办理展期6个月' });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolution: '已协调建设银行办理展期6个月',
      resolvedOnTime: true,
      autoCloseOn: '2020-03-17',
    });
    const entNotes = (await ent.get('/api/notifications')).json().items;
    expect(entNotes.some((n: { kind: string }) => n.kind === 'demand_resolved')).toBe(true);
    const closed = await ok(ent, d.id, 'closed', { solved: true, rating: 5, comment: '非常及时' });
    expect(closed).toMatchObject({
      status: 'closed',
      closure: 'confirmed',
      solved: true,
      rating: 5,
      comment: '非常及时',
      transitions: [],
    });
    expect(closed.history.map((h: { event: string }) => h.event)).toEqual([
      'create',
      'accept',
      'start',
      'wait',
      'resume',
      'resolve',
      'confirm',
    ]);
    expect(closed.history[1].actorName).toBe(finance.user.displayName);
    expect(closed.history[4].actorName).toBe(ent.user.displayName);
  });

  it('denials: a handler rating → 403, another department → 404, a co-handler → 403, illegal step → 409 in words, stale → 409', async () => {
    const { e, ent, finance } = await scene();
    const d = await raise(ent, e.id);
    const illegal = await step(finance, d.id, 'resolved', { note: 'x' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().error).toMatchObject({
      code: 'invalid_transition',
      message: 'Something that is "Submitted" cannot become "Resolved, awaiting confirmation"',
    });
    const hr = await t.as('department', { departmentCode: 'hr' });
    expect((await hr.get(`/api/demands/${d.id}`)).statusCode).toBe(404);
    expect(
      (await hr.post(`/api/demands/${d.id}/transitions`, { to: 'accepted', version: 1 })).statusCode,
    ).toBe(404);
    const stale = await finance.post(`/api/demands/${d.id}/transitions`, { to: 'accepted', version: 99 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    await ok(finance, d.id, 'accepted');
    await ok(finance, d.id, 'in_progress');
    await ok(finance, d.id, 'resolved', { note: '已办理' });
    const rate = await step(finance, d.id, 'closed', { solved: true, rating: 5 });
    expect(rate.statusCode).toBe(403);
    expect(rate.json().error.code).toBe('rating_forbidden');
    const close = await step(finance, d.id, 'closed');
    expect(close.statusCode).toBe(403);
    const commander = await t.as('commander');
    expect((await step(commander, d.id, 'closed', { solved: true, rating: 4 })).statusCode).toBe(403);
    const missing = await step(ent, d.id, 'closed', { solved: true });
    expect(missing.json().error.details[0]).toMatchObject({ path: 'rating', reason: 'rating_required' });
    // Other enterprise, other district: 404.
    const otherEnt = await t.as('enterprise');
    expect((await otherEnt.get(`/api/demands/${d.id}`)).statusCode).toBe(404);
    expect(
      (await otherEnt.post(`/api/demands/${d.id}/transitions`, { to: 'closed', version: 4 })).statusCode,
    ).toBe(404);
    const otherDistrict = await t.as('district', { divisionCode: '210503' });
    expect((await otherDistrict.get(`/api/demands/${d.id}`)).statusCode).toBe(404);
    const ownDistrict = await t.as('district', { divisionCode: '210502' });
    expect((await ownDistrict.get(`/api/demands/${d.id}`)).statusCode).toBe(200);
    // Reopened: back in progress, counted.
    const reopened = await ok(ent, d.id, 'in_progress', { note: '贷款仍未到账' });
    expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1, autoCloseOn: null });
    expect(reopened.history.at(-1)).toMatchObject({ event: 'reopen', note: '贷款仍未到账' });
  });

  it('the list is scoped and filtered: status, department, category, overdue, queue, enterprise, text', async () => {
    at('2020-03-02');
    const { e, ent, finance } = await scene();
    const a = await raise(ent, e.id, { description: '申请贴息贷款支持扩大口罩产能' });
    const b = await raise(ent, e.id, { category: 'labour', description: '复工缺少熟练工人约50名' });
    at('2020-03-10');
    const mine = (await ent.get('/api/demands')).json();
    expect(mine.items.map((x: { id: number }) => x.id).sort()).toEqual([a.id, b.id].sort());
    const fin = (await finance.get(`/api/demands?enterpriseId=${e.id}`)).json();
    expect(fin.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    const overdue = (await ent.get('/api/demands?overdue=true')).json();
    expect(overdue.total).toBe(2);
    expect(overdue.items[0]).toMatchObject({ overdue: true });
    expect((await ent.get('/api/demands?queue=new&category=labour')).json().items).toHaveLength(1);
    expect((await ent.get('/api/demands?department=hr')).json().items[0].id).toBe(b.id);
    expect((await ent.get(`/api/demands?q=${encodeURIComponent('口罩')}`)).json().items[0].id).toBe(a.id);
    expect((await ent.get(`/api/demands?q=${a.number}`)).json().items[0].id).toBe(a.id);
    const queues = (await finance.get('/api/demands/queues')).json();
    expect(queues.overdue).toBeGreaterThanOrEqual(1);
    expect(queues.byHandler[0]).toHaveProperty('open');
    expect((await ent.get('/api/demands?status=bogus')).statusCode).toBe(400);
  });
});

describe('transfer, co-handling, bulk accept, comments', () => {
  it('the lead transfers with a reason; the new department must accept; the old one no longer sees it', async () => {
    const { e, ent, finance } = await scene();
    const d = await raise(ent, e.id);
    await ok(finance, d.id, 'accepted');
    const hr = await t.as('department', { departmentCode: 'hr' });
    expect(
      (await hr.post(`/api/demands/${d.id}/transfer`, { departmentCode: 'hr', reason: '我要' })).statusCode,
    ).toBe(404);
    const noReason = await finance.post(`/api/demands/${d.id}/transfer`, { departmentCode: 'hr' });
    expect(noReason.statusCode).toBe(400);
    const unknown = await finance.post(`/api/demands/${d.id}/transfer`, {
      departmentCode: 'mars',
      reason: '转办',
    });
    expect(unknown.json().error.details[0]).toMatchObject({
      path: 'departmentCode',
      reason: 'unknown_department',
    });
    const moved = await finance.post(`/api/demands/${d.id}/transfer`, {
      departmentCode: 'hr',
      reason: '实为稳岗补贴问题，属人社局职责',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      status: 'submitted',
      leadDepartment: { code: 'hr' },
      handlerId: null,
      acceptDueOn: '2020-03-11',
    });
    expect(moved.json().history.at(-1)).toMatchObject({
      event: 'transfer',
      fromDepartment: 'Finance Office',
      toDepartment: 'Human Resources and Social Security Bureau',
      note: '实为稳岗补贴问题，属人社局职责',
    });
    expect((await finance.get(`/api/demands/${d.id}`)).statusCode).toBe(404);
    expect((await hr.get(`/api/demands/${d.id}`)).json().transitions).toEqual(['accepted']);
  });

  it('the commander reassigns with co-handlers: they see and comment, only the lead moves it', async () => {
    const { e, ent, finance } = await scene();
    const d = await raise(ent, e.id);
    const commander = await t.as('commander');
    const res = await commander.post(`/api/demands/${d.id}/transfer`, {
      departmentCode: 'finance_office',
      reason: '涉及税费减免，请税务局协办',
      coDepartments: ['tax'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'submitted', coDepartments: [{ code: 'tax' }] });
    expect(res.json().history.at(-1).event).toBe('reassign');
    const tax = await t.as('department', { departmentCode: 'tax' });
    const seen = (await tax.get(`/api/demands/${d.id}`)).json();
    expect(seen).toMatchObject({ transitions: [], canTransfer: false, canComment: true });
    expect((await tax.get('/api/demands?department=tax')).json().total).toBeGreaterThanOrEqual(1);
    const denied = await step(tax, d.id, 'accepted');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('not_lead');
    const noTransfer = await tax.post(`/api/demands/${d.id}/transfer`, {
      departmentCode: 'tax',
      reason: '接手',
    });
    expect(noTransfer.statusCode).toBe(403);
    const comment = await tax.post(`/api/demands/${d.id}/comments`, { note: '可享受社保费减半征收政策' });
    expect(comment.statusCode).toBe(200);
    expect(comment.json().history.at(-1)).toMatchObject({
      event: 'comment',
      actorName: tax.user.displayName,
    });
    await ok(finance, d.id, 'accepted');
    await ok(finance, d.id, 'in_progress');
    await ok(finance, d.id, 'resolved', { note: '已办结' });
    const late = await finance.post(`/api/demands/${d.id}/transfer`, {
      departmentCode: 'hr',
      reason: '转办',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('invalid_transition');
  });

  it('bulk accept takes the department’s submitted demands and lists the rest as skipped', async () => {
    const { e, ent, finance } = await scene();
    const a = await raise(ent, e.id);
    const b = await raise(ent, e.id);
    const c = await raise(ent, e.id, { category: 'labour' });
    await ok(finance, b.id, 'accepted');
    const res = await finance.post('/api/demands/bulk-accept', { ids: [a.id, b.id, c.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      accepted: [a.id],
      skipped: [
        { id: b.id, reason: 'invalid_transition' },
        { id: c.id, reason: 'not_found' },
      ],
    });
    expect((await finance.get(`/api/demands/${a.id}`)).json()).toMatchObject({
      status: 'accepted',
      acceptedOnTime: true,
    });
    expect((await ent.post('/api/demands/bulk-accept', { ids: [a.id] })).statusCode).toBe(403);
    expect((await finance.post('/api/demands/bulk-accept', { ids: [] })).statusCode).toBe(400);
  });
});

describe('reply templates', () => {
  it('a department keeps its own; another department cannot see or touch them; the commander names the department', async () => {
    const finance = await t.as('department', { departmentCode: 'finance_office' });
    const hr = await t.as('department', { departmentCode: 'hr' });
    const created = await finance.post('/api/demands/templates', {
      category: 'financing',
      title: '续贷办理答复',
      body: '已协调合作银行开通续贷绿色通道，请携带营业执照到银行网点办理。',
    });
    expect(created.statusCode, created.body).toBe(201);
    const tpl = created.json();
    expect(tpl).toMatchObject({ departmentCode: 'finance_office', version: 1 });
    expect((await finance.get('/api/demands/templates?category=financing')).json()).toHaveLength(1);
    expect((await hr.get('/api/demands/templates')).json()).toHaveLength(0);
    expect((await hr.put(`/api/demands/templates/${tpl.id}`, { title: 'x', version: 1 })).statusCode).toBe(
      404,
    );
    expect((await hr.delete(`/api/demands/templates/${tpl.id}`)).statusCode).toBe(404);
    const other = await hr.post('/api/demands/templates', { departmentCode: 'tax', title: 'a', body: 'b' });
    expect(other.json().error.details[0]).toMatchObject({ reason: 'other_department' });
    const edited = await finance.put(`/api/demands/templates/${tpl.id}`, { title: '续贷答复', version: 1 });
    expect(edited.json()).toMatchObject({ title: '续贷答复', version: 2 });
    expect(
      (await finance.put(`/api/demands/templates/${tpl.id}`, { title: 'y', version: 1 })).statusCode,
    ).toBe(409);
    const commander = await t.as('commander');
    const noDept = await commander.post('/api/demands/templates', { title: 'a', body: 'b' });
    expect(noDept.json().error.details[0]).toMatchObject({ path: 'departmentCode', reason: 'required' });
    expect(
      (
        await commander.post('/api/demands/templates', {
          departmentCode: 'hr',
          title: '用工',
          body: '已对接',
        })
      ).statusCode,
    ).toBe(201);
    expect((await commander.get('/api/demands/templates')).json().length).toBeGreaterThanOrEqual(2);
    expect((await finance.delete(`/api/demands/templates/${tpl.id}`)).statusCode).toBe(200);
    expect((await (await t.as('enterprise')).get('/api/demands/templates')).statusCode).toBe(403);
  });
});

describe('escalation and auto-close', () => {
  it('level 1 the day after the deadline (department told), level 2 two working days later (commander told), once only', async () => {
    at('2020-03-02');
    const { e, ent } = await scene();
    const d = await raise(ent, e.id, { category: 'logistics' });
    expect(d).toMatchObject({ acceptDueOn: '2020-03-03', leadDepartment: { code: 'commerce' } });
    const commerce = await t.as('department', { departmentCode: 'commerce' });
    const commander = await t.as('commander');
    const ctx = await t.ctxFor(commander.user);
    at('2020-03-03');
    await escalateDemands(ctx);
    expect((await commander.get(`/api/demands/${d.id}`)).json().escalationLevel).toBe(0);
    at('2020-03-04');
    // Two runs at once (as from two nodes): one escalation.
    await Promise.all([escalateDemands(ctx), escalateDemands(ctx)]);
    await escalateDemands(ctx);
    const one = (await commander.get(`/api/demands/${d.id}`)).json();
    expect(one).toMatchObject({ escalationLevel: 1, overdue: true });
    expect(one.history.filter((h: { event: string }) => h.event === 'escalate')).toHaveLength(1);
    const deptNotes = (await commerce.get('/api/notifications')).json().items;
    expect(deptNotes.filter((n: { kind: string }) => n.kind === 'demand_overdue')).toHaveLength(1);
    at('2020-03-05');
    await escalateDemands(ctx);
    expect((await commander.get(`/api/demands/${d.id}`)).json().escalationLevel).toBe(1);
    at('2020-03-06');
    const run = await commander.post('/api/demands/escalate');
    expect(run.statusCode).toBe(200);
    expect(run.json().level2).toBeGreaterThanOrEqual(1);
    expect((await commander.post('/api/demands/escalate')).json()).toMatchObject({ level1: 0, level2: 0 });
    const two = (await commander.get(`/api/demands/${d.id}`)).json();
    expect(two.escalationLevel).toBe(2);
    expect(two.history.filter((h: { event: string }) => h.event === 'escalate')).toHaveLength(2);
    const hqNotes = (await commander.get('/api/notifications')).json().items;
    expect(
      hqNotes.filter(
        (n: { kind: string; data: { demandId: number } }) =>
          n.kind === 'demand_escalated' && n.data.demandId === d.id,
      ),
    ).toHaveLength(1);
    expect((await commerce.get(`/api/demands?escalated=true`)).json().total).toBeGreaterThanOrEqual(1);
    expect((await ent.post('/api/demands/escalate')).statusCode).toBe(403);
  });

  it('escalates 9,000 overdue demands in one run (more rows than one statement may carry), once', async () => {
    at('2020-03-02');
    const { e, ent } = await scene();
    const d = await raise(ent, e.id, { category: 'logistics' });
    await cloneRow(t.database, 'demands', d.id, 8999);
    const ctx = await t.ctxFor((await t.as('commander')).user);
    // Past level 2's day without a run before: straight to level 2, the department told too.
    at('2020-03-06');
    const run = await escalateDemands(ctx);
    expect(run.level2).toBeGreaterThanOrEqual(9000);
    const [counts] = await rows<{ demands: number; level2: number; events: number; told: number }>(
      t.database.db,
      sql`select (select count(*)::int from demands where enterprise_id = ${e.id}) as demands,
        (select count(*)::int from demands where enterprise_id = ${e.id} and escalation_level = 2) as level2,
        (select count(*)::int from demand_events v join demands x on x.id = v.demand_id
          where x.enterprise_id = ${e.id} and v.event = 'escalate') as events,
        (select count(distinct subject_id)::int from notifications
          where enterprise_id = ${e.id} and kind = 'demand_escalated') as told`,
    );
    expect(counts).toEqual({ demands: 9000, level2: 9000, events: 9000, told: 9000 });
    expect(await escalateDemands(ctx)).toMatchObject({ level1: 0, level2: 0 });
  });

  it('an unconfirmed resolution closes unrated after 7 working days: closed, never solved or rated', async () => {
    at('2020-03-02');
    const { e, ent, finance } = await scene();
    const d = await raise(ent, e.id);
    await ok(finance, d.id, 'accepted');
    await ok(finance, d.id, 'in_progress');
    const resolved = await ok(finance, d.id, 'resolved', { note: '已对接银行' });
    expect(resolved.autoCloseOn).toBe('2020-03-11');
    const commander = await t.as('commander');
    const ctx = await t.ctxFor(commander.user);
    at('2020-03-11');
    await escalateDemands(ctx);
    expect((await ent.get(`/api/demands/${d.id}`)).json().status).toBe('resolved');
    at('2020-03-12');
    const run = await escalateDemands(ctx);
    expect(run.autoClosed).toBeGreaterThanOrEqual(1);
    const closed = (await ent.get(`/api/demands/${d.id}`)).json();
    expect(closed).toMatchObject({ status: 'closed', closure: 'auto_unrated', solved: null, rating: null });
    expect(closed.history.at(-1)).toMatchObject({ event: 'auto_close', actorName: 'System' });
    expect((await escalateDemands(ctx)).autoClosed).toBe(0);
  });
});

describe('statistics', () => {
  it('closed (办结) and solved (解决) are counted apart; unrated closures never count as satisfied', async () => {
    at('2020-02-10');
    // Its own district so the figures are only these four.
    const e = await t.makeEnterprise({ divisionCode: '210505' });
    const ent = await t.as('enterprise', { enterpriseId: e.id });
    const hr = await t.as('department', { departmentCode: 'hr' });
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await raise(ent, e.id, { category: 'labour' })).id);
    at('2020-02-11');
    for (const id of ids.slice(0, 3)) {
      await ok(hr, id, 'accepted');
      await ok(hr, id, 'in_progress');
      await ok(hr, id, 'resolved', { note: '已组织专场招聘' });
    }
    await ok(ent, ids[0], 'closed', { solved: true, rating: 5 });
    await ok(ent, ids[1], 'in_progress', { note: '人员仍未到岗' });
    await ok(hr, ids[1], 'resolved', { note: '已补充招聘20人' });
    await ok(ent, ids[1], 'closed', { solved: false, rating: 2 });
    at('2020-03-10');
    await escalateDemands(await t.ctxFor(hr.user));
    const district = await t.as('district', { divisionCode: '210505' });
    const res = await district.get('/api/demands/stats?from=2020-02-01&to=2020-02-29&groupBy=category');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.totals).toMatchObject({
      received: 4,
      acceptedOnTime: 3,
      closed: 3,
      closedRate: 0.75,
      solved: 1,
      solvedRate: 0.25,
      rated: 2,
      meanSatisfaction: 3.5,
      reopened: 1,
      reopenRate: 0.25,
      overdue: 1,
    });
    expect(s.rows).toEqual([
      expect.objectContaining({ key: 'labour', name: 'Labour and hiring', received: 4 }),
    ]);
    const byDept = (await district.get('/api/demands/stats?from=2020-02-01&groupBy=department')).json();
    expect(byDept.rows[0]).toMatchObject({ key: 'hr', rank: 1, solved: 1 });
    const byDivision = (await district.get('/api/demands/stats?groupBy=division')).json();
    expect(byDivision.rows.map((r: { key: string }) => r.key)).toEqual(['210505']);
    expect((await district.get('/api/demands/stats?from=2020-03-01&to=2020-02-01')).statusCode).toBe(400);
    expect((await ent.get('/api/demands/stats')).statusCode).toBe(403);
  });

  it('exports the statistics as a formatted .xlsx with the range in the title and percentages', async () => {
    const commander = await t.as('commander');
    const res = await commander.get(
      '/api/demands/stats/export.xlsx?from=2020-02-01&to=2020-03-10&groupBy=department',
    );
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell(1, 1).value)).toContain('2020-02-01 to 2020-03-10');
    expect(ws.getCell(2, 1).value).toBe('Rank');
    const headers = (ws.getRow(2).values as unknown[]).map(String);
    const rateCol = headers.indexOf('Solved rate');
    expect(rateCol).toBeGreaterThan(0);
    expect(ws.getColumn(rateCol).numFmt).toBe('0.0%');
    expect(String(ws.getRow(ws.rowCount).getCell(2).value)).toBe('Total');
  });
});

describe('a liaison visit raises demands', () => {
  it('one linked demand per problem, in the visit’s transaction; closing it closes the visit’s problem', async () => {
    const e = await t.makeEnterprise();
    const liaison = await t.as('liaison');
    await t.assign(liaison.user.id, e.id, 'liaison');
    const visit = {
      enterpriseId: e.id,
      date: '2020-03-10',
      purpose: 'service',
      problems: [
        { category: 'financing', description: '流动资金紧张，需贷款300万元' },
        { category: 'rawMaterials', description: '外省原料运不进来' },
      ],
    };
    const failed = await liaison.post('/api/liaison-visits', { ...visit, date: '2020-03-11' });
    expect(failed.statusCode).toBe(400);
    const none = await t.database.db
      .select()
      .from(schema.demands)
      .where(eq(schema.demands.enterpriseId, e.id));
    expect(none).toHaveLength(0);
    const res = await liaison.post('/api/liaison-visits', visit);
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    const list = (await liaison.get(`/api/demands?visitId=${v.id}&sort=raisedAt`)).json();
    expect(list.total).toBe(2);
    const byCat = Object.fromEntries(list.items.map((x: { category: string }) => [x.category, x]));
    expect(byCat.financing).toMatchObject({
      source: 'visit',
      visitId: v.id,
      leadDepartment: { code: 'finance_office' },
      raisedByName: liaison.user.displayName,
    });
    expect(byCat.supply).toMatchObject({ leadDepartment: { code: 'industry' } });
    const ent = await t.as('enterprise', { enterpriseId: e.id });
    const finance = await t.as('department', { departmentCode: 'finance_office' });
    const id = byCat.financing.id;
    await ok(finance, id, 'accepted');
    await ok(finance, id, 'in_progress');
    await ok(finance, id, 'resolved', { note: '已放款' });
    await ok(ent, id, 'closed', { solved: true, rating: 4 });
    const [row] = await t.database.db
      .select()
      .from(schema.liaisonVisits)
      .where(and(eq(schema.liaisonVisits.id, v.id)));
    expect(row.problems.map((p) => p.status)).toEqual(['closed', 'open']);
  });
});

describe('denials across every write', () => {
  it('other district, other enterprise, a non-lead department and a role without the right are refused', async () => {
    const { e, ent, finance } = await scene();
    const d = await raise(ent, e.id);
    const otherEnt = await t.as('enterprise');
    const otherDistrict = await t.as('district', { divisionCode: '210503' });
    const hr = await t.as('department', { departmentCode: 'hr' });
    const transfer = { departmentCode: 'hr', reason: '转办' };
    // Out of scope: 404 on transitions, transfer, comments; bulk accept skips it as not found.
    for (const agent of [otherEnt, otherDistrict, hr]) {
      const tr = await agent.post(`/api/demands/${d.id}/transitions`, { to: 'accepted', version: 1 });
      // A district account never takes steps: refused by the route before scope is looked at.
      expect(tr.statusCode).toBe(agent === otherDistrict ? 403 : 404);
      const cm = await agent.post(`/api/demands/${d.id}/comments`, { note: '看看' });
      expect(cm.statusCode).toBe(404);
    }
    expect((await hr.post(`/api/demands/${d.id}/transfer`, transfer)).statusCode).toBe(404);
    expect((await hr.post('/api/demands/bulk-accept', { ids: [d.id] })).json()).toEqual({
      accepted: [],
      skipped: [{ id: d.id, reason: 'not_found' }],
    });
    // In scope but without the right: 403, nothing changed.
    const ownDistrict = await t.as('district', { divisionCode: '210502' });
    const leader = await t.as('leader');
    const supervisor = await t.as('supervisor');
    for (const agent of [ownDistrict, leader, supervisor]) {
      const tr = await agent.post(`/api/demands/${d.id}/transitions`, { to: 'accepted', version: 1 });
      expect(tr.statusCode).toBe(403);
      expect((await agent.post(`/api/demands/${d.id}/transfer`, transfer)).statusCode).toBe(403);
      expect((await agent.post('/api/demands/bulk-accept', { ids: [d.id] })).statusCode).toBe(403);
      expect((await agent.get('/api/demands/templates')).statusCode).toBe(403);
      expect((await agent.post('/api/demands/templates', { title: 'a', body: 'b' })).statusCode).toBe(403);
    }
    expect((await ent.post(`/api/demands/${d.id}/transfer`, transfer)).statusCode).toBe(403);
    expect(
      (await ent.post(`/api/demands/${d.id}/transitions`, { to: 'accepted', version: 1 })).statusCode,
    ).toBe(403);
    // A co-handling department sees it but cannot accept it, in bulk either.
    const commander = await t.as('commander');
    const co = await commander.post(`/api/demands/${d.id}/transfer`, {
      departmentCode: 'finance_office',
      reason: '请人社局协办',
      coDepartments: ['hr'],
    });
    expect(co.statusCode, co.body).toBe(200);
    expect((await hr.post('/api/demands/bulk-accept', { ids: [d.id] })).json()).toEqual({
      accepted: [],
      skipped: [{ id: d.id, reason: 'not_lead' }],
    });
    expect((await hr.post(`/api/demands/${d.id}/transfer`, transfer)).statusCode).toBe(403);
    const still = (await finance.get(`/api/demands/${d.id}`)).json();
    expect(still).toMatchObject({ status: 'submitted', leadDepartment: { code: 'finance_office' } });
    // Routing: read for the territory roles only, write for the commander only.
    for (const role of ['enterprise', 'liaison', 'supervisor'] as const) {
      expect((await (await t.as(role)).get('/api/demands/routing')).statusCode, role).toBe(403);
    }
    const routing = (await finance.get('/api/demands/routing')).json();
    expect(
      (await finance.put('/api/demands/routing', { version: routing.version, rules: [] })).statusCode,
    ).toBe(403);
  });
});
