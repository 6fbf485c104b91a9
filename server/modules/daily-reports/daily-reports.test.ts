import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_START } from '../../clock';
import { schema } from '../../db/client';
import { type Agent, createTestApp, type TestApp } from '../../test/setup';
import { createToken } from '../auth/service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(() => t.clock.set!(DEFAULT_SCENARIO_START));

type Status = 'resumed' | 'suspended' | 'closed' | 'approved';

/** Dated resumption status changes, as the resumption module records them. */
async function statuses(enterpriseId: number, ...changes: [Status, string][]) {
  for (const [status, effectiveDate] of changes) {
    await t.database.db
      .insert(schema.resumptionStatusEvents)
      .values({ enterpriseId, status, effectiveDate, at: t.clock.now() });
  }
}

const workforce = {
  onSiteWorkers: 120,
  returnedToday: 3,
  fromOutsideProvince: 5,
  fromKeyAreas: 0,
  underObservation: 1,
  capacityPct: 80,
};
const full = { ...workforce, feverOrSymptoms: 0, suspected: 0, confirmed: 0, remarks: '正常' };

/** A resumed enterprise in 平山区 with its account, its liaison and the district clerk. */
async function story(resumedOn = '2020-02-20') {
  const ent = await t.makeEnterprise({ divisionCode: '210502' });
  await statuses(ent.id, ['approved', '2020-02-18'], ['resumed', resumedOn]);
  const enterprise = await t.as('enterprise', { enterpriseId: ent.id });
  const liaison = await t.as('liaison', { divisionCode: '210502' });
  await t.assign(liaison.user.id, ent.id, 'liaison');
  const district = await t.as('district', { divisionCode: '210502' });
  return { ent, enterprise, liaison, district };
}

const file = (a: Agent, body: Record<string, unknown>) => a.post('/api/daily-reports', body);

/** PUT through the signed-in session (the harness agent has no put). */
async function put(a: Agent, url: string, body: unknown) {
  const res = await t.app.inject({
    method: 'PUT',
    url,
    payload: body as never,
    headers: { cookie: `tc_session=${a.cookie}`, 'x-csrf-token': a.csrf, 'accept-language': 'en' },
  });
  return { statusCode: res.statusCode, body: res.body, json: () => res.json() };
}

describe('POST /api/daily-reports', () => {
  it('401, 400 naming the field, 403 for roles that do not file, 404 outside scope', async () => {
    const { ent, enterprise } = await story();
    const body = { enterpriseId: ent.id, date: '2020-03-10', values: full };
    expect((await t.anon.post('/api/daily-reports', body)).statusCode).toBe(401);

    const noId = await file(enterprise, { date: '2020-03-10', values: full });
    expect(noId.statusCode).toBe(400);
    expect(noId.json().error.details[0].path).toBe('enterpriseId');
    const extra = await file(enterprise, { ...body, mood: 'ok' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details[0]).toMatchObject({ path: 'mood', reason: 'unknown_field' });

    const bad = await file(enterprise, {
      ...body,
      values: { ...full, onSiteWorkers: 10.5, capacityPct: 130, temperature: 36.6, feverOrSymptoms: -1 },
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad
      .json()
      .error.details.map((d: { path: string; reason: string }) => `${d.path}:${d.reason}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'values.temperature:unknown_field',
        'values.onSiteWorkers:not_an_integer',
        'values.capacityPct:above_max',
        'values.feverOrSymptoms:below_min',
      ]),
    );
    const cross = await file(enterprise, { ...body, values: { ...full, feverOrSymptoms: 121 } });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().error.details[0]).toMatchObject({
      path: 'values.feverOrSymptoms',
      reason: 'exceeds',
      message: 'must not exceed Workers on site',
    });

    for (const role of ['leader', 'department', 'supervisor', 'admin', 'auditor'] as const) {
      const a = await t.as(role);
      expect((await file(a, body)).statusCode, role).toBe(403);
    }
    const other = await t.makeEnterprise();
    await statuses(other.id, ['resumed', '2020-02-20']);
    expect((await file(enterprise, { ...body, enterpriseId: other.id })).statusCode).toBe(404);
    const stranger = await t.as('liaison');
    expect((await file(stranger, body)).statusCode).toBe(404);
    const elsewhere = await t.as('district', { divisionCode: '210503' });
    expect((await file(elsewhere, body)).statusCode).toBe(404);
    expect(await reportCount(ent.id)).toBe(0);
  });

  it('400 on `date` for a future day and for a day the enterprise was not expected to report', async () => {
    const { ent, enterprise } = await story('2020-03-01');
    const future = await file(enterprise, { enterpriseId: ent.id, date: '2020-03-11', values: full });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details[0]).toMatchObject({ path: 'date', reason: 'date_in_future' });
    const before = await file(enterprise, { enterpriseId: ent.id, date: '2020-02-29', values: full });
    expect(before.statusCode).toBe(400);
    expect(before.json().error.details[0]).toMatchObject({ path: 'date', reason: 'not_expected' });
    expect(before.json().error.details[0].message).toMatch(/Approved/);
    // Suspended from 03-05 to 03-07: not expected on those days, expected again from the restart.
    await statuses(ent.id, ['suspended', '2020-03-05'], ['resumed', '2020-03-08']);
    const district = await t.as('district', { divisionCode: '210502' });
    const suspended = await file(district, { enterpriseId: ent.id, date: '2020-03-06', values: full });
    expect(suspended.statusCode).toBe(400);
    expect(suspended.json().error.details[0].path).toBe('date');
    expect(
      (await file(enterprise, { enterpriseId: ent.id, date: '2020-03-08', values: full })).statusCode,
    ).toBe(201);
  });

  it('files once per day: 201 first, then 200 with a new revision; revisions keep who, when and what changed', async () => {
    const { ent, enterprise, liaison } = await story();
    const first = await file(enterprise, { enterpriseId: ent.id, date: '2020-03-10', values: full });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      enterpriseId: ent.id,
      date: '2020-03-10',
      revision: 1,
      content: 'normal',
      onTime: true,
      onBehalf: false,
      formVersion: 1,
      locked: false,
    });
    t.clock.advance!(30 * 60_000);
    const second = await file(liaison, {
      enterpriseId: ent.id,
      date: '2020-03-10',
      values: { ...full, onSiteWorkers: 118, remarks: '更正在岗人数' },
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ id: first.json().id, revision: 2, onBehalf: true, onTime: true });
    expect(second.json().values.onSiteWorkers).toBe(118);
    expect(second.json().updatedBy.id).toBe(liaison.user.id);
    expect(await reportCount(ent.id)).toBe(1);

    const revs = await enterprise.get(`/api/daily-reports/${first.json().id}/revisions`);
    expect(revs.statusCode).toBe(200);
    expect(revs.json().map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    expect(revs.json()[1]).toMatchObject({
      onBehalf: true,
      source: 'web',
      filedBy: { id: liaison.user.id },
      changes: { onSiteWorkers: { from: 120, to: 118 }, remarks: { from: '正常', to: '更正在岗人数' } },
    });
    expect(revs.json()[0].values.onSiteWorkers).toBe(120);

    // One audit entry per filing.
    const log = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.entity, 'daily_report'),
          eq(schema.auditLog.entityId, String(first.json().id)),
        ),
      )
      // Sealing rewrites rows, so the heap order is not the order of writing.
      .orderBy(schema.auditLog.id);
    expect(log.map((l) => l.action)).toEqual(['dailyReport.file', 'dailyReport.correct']);

    const list = await enterprise.get(
      `/api/daily-reports?enterpriseId=${ent.id}&from=2020-03-01&to=2020-03-10`,
    );
    expect(list.json()).toMatchObject({ total: 1, items: [{ revision: 2 }] });
    const stranger = await t.as('liaison');
    expect((await stranger.get(`/api/daily-reports/${first.json().id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/daily-reports/${first.json().id}/revisions`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/daily-reports?enterpriseId=${ent.id}`)).json().total).toBe(0);
  });

  it('first filings batched into one statement write what the full path writes; a race files once, then corrects', async () => {
    // Its own app, so the first filing meets no cached form and takes the full path.
    const own = await createTestApp();
    try {
      const storyIn = async () => {
        const ent = await own.makeEnterprise({ divisionCode: '210502' });
        for (const [status, effectiveDate] of [
          ['approved', '2020-02-18'],
          ['resumed', '2020-02-20'],
        ] as const)
          await own.database.db
            .insert(schema.resumptionStatusEvents)
            .values({ enterpriseId: ent.id, status, effectiveDate, at: own.clock.now() });
        return { ent, account: await own.as('enterprise', { enterpriseId: ent.id }) };
      };
      const [a, b] = [await storyIn(), await storyIn()];
      const revisionOf = async (agent: Agent, id: number) => {
        const res = await agent.get(`/api/daily-reports/${id}/revisions`);
        expect(res.statusCode, res.body).toBe(200);
        const { filedAt: _at, id: _id, filedBy: _by, ...rest } = res.json()[0];
        return rest;
      };
      const entryOf = async (id: number) => {
        const [entry] = await own.database.db
          .select()
          .from(schema.auditLog)
          .where(and(eq(schema.auditLog.entity, 'daily_report'), eq(schema.auditLog.entityId, String(id))));
        const { enterpriseId, ...after } = entry.after as Record<string, unknown>;
        return { action: entry.action, actorRole: entry.actorRole, enterpriseId, after };
      };
      const strip = (x: Record<string, unknown>) => {
        const { id: _id, enterpriseId: _e, enterpriseName: _n, firstFiledBy: _f, updatedBy: _u, ...rest } = x;
        return rest;
      };
      const fullPath = await file(a.account, { enterpriseId: a.ent.id, date: '2020-03-10', values: full });
      const batched = await file(b.account, { enterpriseId: b.ent.id, date: '2020-03-10', values: full });
      expect(fullPath.statusCode, fullPath.body).toBe(201);
      expect(batched.statusCode, batched.body).toBe(201);
      expect(strip(batched.json())).toEqual(strip(fullPath.json()));
      expect(batched.json()).toMatchObject({
        enterpriseId: b.ent.id,
        firstFiledBy: { id: b.account.user.id },
      });
      expect(await revisionOf(b.account, batched.json().id)).toEqual(
        await revisionOf(a.account, fullPath.json().id),
      );
      expect(await entryOf(batched.json().id)).toEqual({
        ...(await entryOf(fullPath.json().id)),
        enterpriseId: b.ent.id,
      });

      // Many at once: every one written once, with its revision and audit entry; the same
      // enterprise twice in one batch: one first filing (201), then a correction (200).
      const many = await Promise.all(Array.from({ length: 12 }, () => storyIn()));
      const results = await Promise.all([
        ...many.map((m) => file(m.account, { enterpriseId: m.ent.id, date: '2020-03-09', values: full })),
        file(many[0].account, {
          enterpriseId: many[0].ent.id,
          date: '2020-03-09',
          values: { ...full, onSiteWorkers: 99 },
        }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, ...Array(12).fill(201)]);
      const [{ n: reports }] = await own.database.db
        .select({ n: count() })
        .from(schema.dailyReports)
        .where(eq(schema.dailyReports.date, '2020-03-09'));
      expect(Number(reports)).toBe(12);
      const [{ n: revisions }] = await own.database.db
        .select({ n: count() })
        .from(schema.dailyReportRevisions)
        .innerJoin(schema.dailyReports, eq(schema.dailyReports.id, schema.dailyReportRevisions.reportId))
        .where(eq(schema.dailyReports.date, '2020-03-09'));
      expect(Number(revisions)).toBe(13);
      const [{ n: entries }] = await own.database.db
        .select({ n: count() })
        .from(schema.auditLog)
        .where(sql`action in ('dailyReport.file', 'dailyReport.correct') and after->>'date' = '2020-03-09'`);
      expect(Number(entries)).toBe(13);
      // The batch writes only an account's own enterprise: another's is refused (404) and written
      // by nobody; so is a district clerk's from another district.
      const other = await storyIn();
      const before = await own.database.db
        .select({ n: count() })
        .from(schema.dailyReports)
        .where(eq(schema.dailyReports.enterpriseId, other.ent.id));
      const foreign = await file(a.account, { enterpriseId: other.ent.id, date: '2020-03-10', values: full });
      expect(foreign.statusCode).toBe(404);
      const elsewhere = await own.as('district', { divisionCode: '210505' });
      expect(
        (await file(elsewhere, { enterpriseId: other.ent.id, date: '2020-03-10', values: full })).statusCode,
      ).toBe(404);
      expect(
        await own.database.db
          .select({ n: count() })
          .from(schema.dailyReports)
          .where(eq(schema.dailyReports.enterpriseId, other.ent.id)),
      ).toEqual(before);
      // A filing the batch may not take (a suspended enterprise) still gets its own answer.
      const stopped = await storyIn();
      await own.database.db.insert(schema.resumptionStatusEvents).values({
        enterpriseId: stopped.ent.id,
        status: 'suspended',
        effectiveDate: '2020-03-01',
        at: own.clock.now(),
      });
      const refused = await file(stopped.account, {
        enterpriseId: stopped.ent.id,
        date: '2020-03-10',
        values: full,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.details[0]).toMatchObject({ path: 'date', reason: 'not_expected' });
    } finally {
      await own.close();
    }
  });

  it('a correction of an open day (one statement) writes what the locking path writes for a settled day', async () => {
    const a = await story();
    const b = await story();
    const clerk = a.district;
    const days = [
      [a.ent.id, '2020-03-05'],
      [b.ent.id, '2020-03-09'],
    ] as const;
    for (const [enterpriseId, date] of days)
      expect((await file(clerk, { enterpriseId, date, values: full })).statusCode).toBe(201);
    const fix = { ...full, onSiteWorkers: 99, remarks: '更正' };
    const [settled, open] = [
      await file(clerk, { enterpriseId: a.ent.id, date: '2020-03-05', values: fix }),
      await file(clerk, { enterpriseId: b.ent.id, date: '2020-03-09', values: fix }),
    ];
    expect(settled.statusCode, settled.body).toBe(200);
    expect(open.statusCode, open.body).toBe(200);
    const strip = (x: Record<string, unknown>) => {
      const { id: _id, enterpriseId: _e, enterpriseName: _n, date: _d, locked: _l, ...rest } = x;
      return rest;
    };
    expect(strip(open.json())).toEqual(strip(settled.json()));
    expect(open.json()).toMatchObject({ revision: 2, values: { onSiteWorkers: 99 } });
    const second = async (id: number) => {
      const { id: _id, ...rest } = (await clerk.get(`/api/daily-reports/${id}/revisions`)).json()[1];
      return rest;
    };
    expect(await second(open.json().id)).toEqual(await second(settled.json().id));
    expect((await second(open.json().id)).changes).toEqual({
      onSiteWorkers: { from: 120, to: 99 },
      remarks: { from: '正常', to: '更正' },
    });
    const entry = async (id: number) => {
      const [e] = await t.database.db
        .select()
        .from(schema.auditLog)
        .where(
          and(eq(schema.auditLog.entityId, String(id)), eq(schema.auditLog.action, 'dailyReport.correct')),
        );
      const { enterpriseId: _e, date: _d, ...after } = e.after as Record<string, unknown>;
      return { actorId: e.actorId, after };
    };
    expect(await entry(open.json().id)).toEqual(await entry(settled.json().id));
  });

  it('a liaison files on behalf (marked); an integration files with an API token (source api)', async () => {
    const { ent, enterprise, liaison } = await story();
    const res = await file(liaison, { enterpriseId: ent.id, date: '2020-03-09', values: full });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      onBehalf: true,
      onTime: false,
      firstFiledBy: { id: liaison.user.id },
    });
    const [user] = await t.database.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.username, enterprise.username));
    const ctx = await t.ctxFor(user);
    const { token } = await createToken(ctx, ctx.actor!, { name: 'erp' });
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/daily-reports',
      headers: { authorization: `Bearer ${token}` },
      payload: { enterpriseId: ent.id, date: '2020-03-10', values: full },
    });
    expect(api.statusCode, api.body).toBe(201);
    const revs = await enterprise.get(`/api/daily-reports/${api.json().id}/revisions`);
    expect(revs.json()[0]).toMatchObject({ source: 'api', onBehalf: false });
  });

  it('zero report: workforce still required, abnormal fields 0; never inferred from silence', async () => {
    const { ent, enterprise, district } = await story();
    const noWorkers = await file(enterprise, {
      enterpriseId: ent.id,
      date: '2020-03-10',
      zero: true,
      values: { capacityPct: 80 },
    });
    expect(noWorkers.statusCode).toBe(400);
    expect(noWorkers.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['values.onSiteWorkers', 'values.returnedToday']),
    );
    const abnormal = await file(enterprise, {
      enterpriseId: ent.id,
      date: '2020-03-10',
      zero: true,
      values: { ...workforce, suspected: 1 },
    });
    expect(abnormal.statusCode).toBe(400);
    expect(abnormal.json().error.details[0]).toMatchObject({
      path: 'values.suspected',
      reason: 'zero_report_abnormal',
    });

    // Silence: nothing filed yet, so the enterprise is missing, not zero.
    const before = await district.get(
      '/api/daily-reports/status?date=2020-03-10&status=missing&pageSize=200',
    );
    expect(before.json().items.map((i: { enterpriseId: number }) => i.enterpriseId)).toContain(ent.id);
    const zero = await district.get('/api/daily-reports/status?date=2020-03-10&status=zero&pageSize=200');
    expect(zero.json().items.map((i: { enterpriseId: number }) => i.enterpriseId)).not.toContain(ent.id);

    const ok = await file(enterprise, {
      enterpriseId: ent.id,
      date: '2020-03-10',
      zero: true,
      values: workforce,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ zero: true, content: 'zero' });
    expect(ok.json().values).toMatchObject({ feverOrSymptoms: 0, suspected: 0, confirmed: 0 });
    const after = await district.get('/api/daily-reports/status?date=2020-03-10&status=zero&pageSize=200');
    expect(after.json().items.find((i: { enterpriseId: number }) => i.enterpriseId === ent.id)).toMatchObject(
      {
        submission: 'on_time',
        content: 'zero',
      },
    );
  });

  it('locks a day after lockAfterDays: then only the district or HQ may file or correct it', async () => {
    const { ent, enterprise, liaison, district } = await story();
    // 2020-03-10: 03-07 is 3 days back (open), 03-06 is 4 days back (locked).
    expect(
      (await file(enterprise, { enterpriseId: ent.id, date: '2020-03-07', values: full })).statusCode,
    ).toBe(201);
    for (const a of [enterprise, liaison]) {
      const locked = await file(a, { enterpriseId: ent.id, date: '2020-03-06', values: full });
      expect(locked.statusCode).toBe(403);
      expect(locked.json().error.code).toBe('report_locked');
    }
    const corrected = await file(district, { enterpriseId: ent.id, date: '2020-03-06', values: full });
    expect(corrected.statusCode).toBe(201);
    expect(corrected.json()).toMatchObject({
      onBehalf: true,
      onTime: false,
      locked: true,
      abilities: ['dailyReport.file'],
    });
    const seen = await enterprise.get(`/api/daily-reports/${corrected.json().id}`);
    expect(seen.json()).toMatchObject({ locked: true, abilities: [] });
    const now = await file(enterprise, {
      enterpriseId: ent.id,
      date: '2020-03-07',
      values: { ...full, remarks: 'x' },
    });
    expect(now.statusCode).toBe(200);
    // The next day, 03-07 is 4 days back: the enterprise can no longer correct it.
    t.clock.set!('2020-03-11T09:00:00+08:00');
    const again = await t.login(enterprise.username);
    expect((await file(again, { enterpriseId: ent.id, date: '2020-03-07', values: full })).statusCode).toBe(
      403,
    );
  });
});

describe('the form and its versions', () => {
  it('commander saves a new version (stale → 409); reports keep the version they were filed with', async () => {
    const { ent, enterprise } = await story();
    const v1 = await enterprise.get('/api/daily-reports/form');
    expect(v1.statusCode).toBe(200);
    expect(v1.json()).toMatchObject({ version: 1, deadline: '10:00', lockAfterDays: 3 });
    expect(v1.json().fields.map((f: { key: string }) => f.key)).toEqual([
      'onSiteWorkers',
      'returnedToday',
      'fromOutsideProvince',
      'fromKeyAreas',
      'underObservation',
      'feverOrSymptoms',
      'suspected',
      'confirmed',
      'capacityPct',
      'remarks',
    ]);
    const old = await file(enterprise, { enterpriseId: ent.id, date: '2020-03-09', values: full });
    expect(old.json().formVersion).toBe(1);

    const commander = await t.as('commander');
    const { version, fields, rules, deadline, lockAfterDays } = v1.json();
    const next = {
      version,
      fields: [
        ...fields,
        {
          key: 'maskStockDays',
          labelZh: '口罩储备天数',
          labelEn: 'Mask stock (days)',
          type: 'integer',
          required: true,
          min: 0,
          max: 365,
        },
      ],
      rules,
      deadline,
      lockAfterDays,
      note: '增加口罩储备',
    };
    expect((await put(enterprise, '/api/daily-reports/form', next)).statusCode).toBe(403);
    const bad = await put(commander, '/api/daily-reports/form', {
      ...next,
      rules: [...rules, { field: 'remarks', lte: 'onSiteWorkers' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ reason: 'rule_not_numeric' });
    const saved = await put(commander, '/api/daily-reports/form', next);
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().version).toBe(2);
    const stale = await put(commander, '/api/daily-reports/form', next);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');

    const missing = await file(enterprise, { enterpriseId: ent.id, date: '2020-03-10', values: full });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toBe('values.maskStockDays');
    const filed = await file(enterprise, {
      enterpriseId: ent.id,
      date: '2020-03-10',
      values: { ...full, maskStockDays: 14 },
    });
    expect(filed.json().formVersion).toBe(2);
    expect((await enterprise.get(`/api/daily-reports/${old.json().id}`)).json().formVersion).toBe(1);
    expect((await enterprise.get('/api/daily-reports/form/1')).json().fields).toHaveLength(10);
    expect((await enterprise.get('/api/daily-reports/form/9')).statusCode).toBe(404);
    // Put the default back (as a new version) so later tests file against it.
    const back = await put(commander, '/api/daily-reports/form', {
      version: 2,
      fields,
      rules,
      deadline,
      lockAfterDays,
    });
    expect(back.json().version).toBe(3);
  });

  it('a correction checked against an older form is decided again on the form in force', async () => {
    const { ent, enterprise } = await story();
    const commander = await t.as('commander');
    const date = '2020-03-10';
    expect((await file(enterprise, { enterpriseId: ent.id, date, values: full })).statusCode).toBe(201);
    expect((await file(enterprise, { enterpriseId: ent.id, date, values: full })).statusCode).toBe(200);
    const { rules, deadline, lockAfterDays, ...current } = (
      await enterprise.get('/api/daily-reports/form')
    ).json();
    const withCapacityMax = (max: number) =>
      current.fields.map((f: { key: string }) => (f.key === 'capacityPct' ? { ...f, max } : f));
    const save = async (version: number, fields: unknown) => {
      const res = await put(commander, '/api/daily-reports/form', {
        version,
        fields,
        rules,
        deadline,
        lockAfterDays,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().version as number;
    };
    // Stricter: the form this instance read last would take 80; the one in force refuses it.
    const strict = await save(current.version, withCapacityMax(50));
    const refused = await file(enterprise, {
      enterpriseId: ent.id,
      date,
      values: { ...full, capacityPct: 80 },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0]).toMatchObject({
      path: 'values.capacityPct',
      reason: 'above_max',
    });
    const ok = await file(enterprise, { enterpriseId: ent.id, date, values: { ...full, capacityPct: 40 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ formVersion: strict, revision: 3 });
    // Looser: the form read last would refuse 90; the one in force takes it.
    const loose = await save(strict, current.fields);
    const taken = await file(enterprise, {
      enterpriseId: ent.id,
      date,
      values: { ...full, capacityPct: 90 },
    });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ formVersion: loose, revision: 4 });
  });

  it('reorders and drops optional fields but keeps the KPI fields; each problem names its field', async () => {
    type F = { key: string; type: string };
    const commander = await t.as('commander');
    const url = '/api/daily-reports/form';
    const current = (await commander.get(url)).json();
    const { version, fields, rules, deadline, lockAfterDays } = current as {
      version: number;
      fields: F[];
      rules: { field: string; lte: string }[];
      deadline: string;
      lockAfterDays: number;
    };
    const base = { version, fields, rules, deadline, lockAfterDays };

    const noKpi = await put(commander, url, {
      ...base,
      fields: fields.filter((f) => f.key !== 'onSiteWorkers'),
      rules: rules.filter((r) => r.field !== 'onSiteWorkers' && r.lte !== 'onSiteWorkers'),
    });
    expect(noKpi.statusCode).toBe(400);
    expect(noKpi.json().error.details).toEqual([
      expect.objectContaining({ path: 'fields', reason: 'kpi_field_removed' }),
    ]);
    expect(noKpi.json().error.details[0].message).toMatch(/onSiteWorkers/);

    const n = fields.length;
    const bad = await put(commander, url, {
      ...base,
      fields: [...fields, { key: 'Bad Key', labelZh: '', labelEn: 'x', type: 'integer', required: false }],
      deadline: '7:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining([`fields.${n}.key`, `fields.${n}.labelZh`, 'deadline']),
    );
    expect((await commander.get(url)).json().version).toBe(version);

    // Capacity first, remarks gone, an earlier deadline: a new version the filing page follows.
    const reordered = [
      fields.find((f) => f.key === 'capacityPct')!,
      ...fields.filter((f) => f.key !== 'capacityPct' && f.key !== 'remarks'),
    ];
    const saved = await put(commander, url, { ...base, fields: reordered, deadline: '09:30' });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ version: version + 1, deadline: '09:30' });
    const { enterprise } = await story();
    const seen = (await enterprise.get(url)).json();
    expect(seen.fields.map((f: F) => f.key)).toEqual(reordered.map((f) => f.key));
    expect(seen.fields.map((f: F) => f.key)).not.toContain('remarks');

    const back = await put(commander, url, { ...base, version: version + 1 });
    expect(back.statusCode).toBe(201);
  });
});

async function reportCount(enterpriseId: number) {
  const [{ n }] = await t.database.db
    .select({ n: count() })
    .from(schema.dailyReports)
    .where(eq(schema.dailyReports.enterpriseId, enterpriseId));
  return Number(n);
}

describe('daily reports and alerts outside scope', () => {
  it('404 for another division and another enterprise, 403 by role; a correction names both filers', async () => {
    const { ent, enterprise, liaison } = await story();
    const body = { enterpriseId: ent.id, date: t.clock.today(), values: { ...full, feverOrSymptoms: 1 } };
    const filed = await file(enterprise, body);
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().firstFiledBy).toMatchObject({ id: enterprise.user.id });
    const corrected = await file(liaison, body);
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json().firstFiledBy).toMatchObject({ id: enterprise.user.id });
    expect(corrected.json().updatedBy).toMatchObject({ id: liaison.user.id });

    const id = filed.json().id;
    const otherDistrict = await t.as('district', { divisionCode: '210503' });
    const otherEnterprise = await t.as('enterprise');
    for (const a of [otherDistrict, otherEnterprise]) {
      expect((await a.get(`/api/daily-reports/${id}`)).statusCode).toBe(404);
      expect((await a.get(`/api/daily-reports/${id}/revisions`)).statusCode).toBe(404);
      expect((await a.get(`/api/daily-reports?enterpriseId=${ent.id}`)).json().total).toBe(0);
      expect((await a.get(`/api/alerts?enterpriseId=${ent.id}`)).json().total).toBe(0);
    }
    const alert = (await t.login(liaison.username).then((a) => a.get('/api/alerts?status=open'))).json()
      .items[0];
    expect(alert).toMatchObject({ enterpriseId: ent.id });
    const ack = { actionTaken: '已隔离' };
    expect((await otherDistrict.post(`/api/alerts/${alert.id}/acknowledge`, ack)).statusCode).toBe(404);
    expect((await otherEnterprise.post(`/api/alerts/${alert.id}/acknowledge`, ack)).statusCode).toBe(403);
    expect((await enterprise.post(`/api/alerts/${alert.id}/acknowledge`, ack)).statusCode).toBe(403);
    const leader = await t.as('leader');
    expect((await file(leader, body)).statusCode).toBe(403);
    expect(
      (await otherDistrict.get(`/api/daily-reports/completeness?date=${body.date}`)).json().total,
    ).toMatchObject({ expected: 0 });
  });
});
