import { count, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_START } from '../clock';
import { type Db, schema } from '../db/client';
import { type Agent, createTestApp, eventually, type TestApp, testUscc } from '../test/setup';
import { audit, canonical, createAuditSealer, entryHash, sealAuditChain, verifyAuditChain } from './audit';

const enterpriseBody = (over: Record<string, unknown> = {}) => ({
  uscc: testUscc('210502'),
  name: `审计测试企业${testUscc().slice(-4)}有限公司`,
  divisionCode: '210502',
  industryCode: '3120',
  sizeClass: 'large',
  contactPhone: '13912345678',
  ...over,
});

async function createEnterprise(agent: Agent, over: Record<string, unknown> = {}) {
  const res = await agent.post('/api/enterprises', enterpriseBody(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; version: number; name: string };
}

async function rowCount(db: Db) {
  const [{ n }] = await db.select({ n: count() }).from(schema.auditLog);
  return Number(n);
}

interface Entry {
  id: number;
  at: string;
  actorUsername: string | null;
  action: string;
  entity: string;
  entityId: string | null;
}
const idsOf = (items: Entry[]) => items.map((e) => e.id);

describe('canonical and entryHash', () => {
  it('canonical JSON does not depend on key order', () => {
    const a = { b: 1, a: { y: [1, { q: 2, p: null }], x: 'x' }, c: undefined };
    const b = { a: { x: 'x', y: [1, { p: null, q: 2 }] }, b: 1 };
    expect(canonical(a)).toBe(canonical(b));
    expect(canonical(a)).toBe('{"a":{"x":"x","y":[1,{"p":null,"q":2}]},"b":1}');
    expect(canonical(undefined)).toBe('null');
    expect(canonical([3, 1, 2])).not.toBe(canonical([1, 2, 3]));
    expect(canonical({ s: '引号"与\\' })).toBe(`{"s":${JSON.stringify('引号"与\\')}}`);
  });

  it('entryHash changes when any field or the previous hash changes', () => {
    const base: Parameters<typeof entryHash>[1] = {
      at: new Date('2020-03-10T01:00:00.000Z'),
      actorId: 7,
      actorUsername: 'commander_1',
      actorRole: 'commander',
      action: 'enterprise.create',
      entity: 'enterprise',
      entityId: '42',
      before: null,
      after: { name: '本溪钢铁', workforce: 100 },
      ip: '127.0.0.1',
    };
    const prev = '0'.repeat(64);
    const h = entryHash(prev, base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(prev, { ...base, after: { workforce: 100, name: '本溪钢铁' } })).toBe(h);
    const variants: Partial<typeof base>[] = [
      { at: new Date('2020-03-10T01:00:00.001Z') },
      { actorId: 8 },
      { actorUsername: 'commander_2' },
      { actorRole: 'district' },
      { action: 'enterprise.update' },
      { entity: 'user' },
      { entityId: '43' },
      { before: {} },
      { after: { name: '本溪钢铁', workforce: 101 } },
      { after: null },
      { ip: '127.0.0.2' },
      { ip: null },
    ];
    for (const v of variants) expect(entryHash(prev, { ...base, ...v }), JSON.stringify(v)).not.toBe(h);
    expect(entryHash('1'.repeat(64), base)).not.toBe(h);
  });
});

describe('the audit log over HTTP', () => {
  let t: TestApp;
  let commander: Agent;
  let auditor: Agent;
  const created: { id: number }[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    commander = await t.as('commander');
    auditor = await t.as('auditor');
    for (let i = 0; i < 3; i++) created.push(await createEnterprise(commander));
    const first = created[0];
    const res = await commander.patch(`/api/enterprises/${first.id}`, { version: 1, normalWorkforce: 321 });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.clock.set!(DEFAULT_SCENARIO_START);
  });

  it('the chain verifies over every row', async () => {
    const rows = await rowCount(t.database.db);
    expect(rows).toBeGreaterThanOrEqual(6);
    expect(await verifyAuditChain(t.database.db)).toEqual({
      ok: true,
      checked: rows,
      firstBadId: null,
      reason: null,
    });
    const res = await auditor.post('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, checked: rows, firstBadId: null, reason: null });
    // Verifying writes nothing.
    expect(await rowCount(t.database.db)).toBe(rows);
  });

  it('401 without a session; 403 for roles other than the auditor', async () => {
    expect((await t.anon.get('/api/audit')).statusCode).toBe(401);
    expect((await t.anon.post('/api/audit/verify')).statusCode).toBe(401);
    for (const role of ['commander', 'admin', 'leader'] as const) {
      const agent = role === 'commander' ? commander : await t.as(role);
      const list = await agent.get('/api/audit');
      expect(list.statusCode).toBe(403);
      expect(list.json().error.code).toBe('forbidden');
      const verify = await agent.post('/api/audit/verify');
      expect(verify.statusCode).toBe(403);
    }
  });

  it('lists newest first with the entry fields', async () => {
    await sealAuditChain(t.database.db, { wait: true });
    const res = await auditor.get(`/api/audit?actor=${commander.username}`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as (Entry & { hash: string; actorRole: string })[];
    expect(res.json().total).toBe(5);
    const ids = idsOf(items);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(items.map((e) => e.action)).toEqual([
      'enterprise.update',
      'enterprise.create',
      'enterprise.create',
      'enterprise.create',
      'auth.login',
    ]);
    for (const e of items) {
      expect(e).toMatchObject({ actorUsername: commander.username, actorRole: 'commander' });
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(e.at).toBe('2020-03-10T01:00:00.000Z');
    }
    expect(items[0]).toMatchObject({ entity: 'enterprise', entityId: String(created[0].id) });
  });

  it('filters by action prefix, entity and entity id', async () => {
    const prefix = (await auditor.get(`/api/audit?action=enterprise.&actor=${commander.username}`)).json();
    expect(prefix.total).toBe(4);
    for (const e of prefix.items as Entry[]) expect(e.action.startsWith('enterprise.')).toBe(true);
    const creates = (await auditor.get('/api/audit?action=enterprise.create')).json();
    expect(creates.total).toBe(3);
    const auth = (await auditor.get('/api/audit?action=auth.')).json();
    for (const e of auth.items as Entry[]) expect(e.action.startsWith('auth.')).toBe(true);
    expect(auth.total).toBeGreaterThanOrEqual(2);

    const one = (await auditor.get(`/api/audit?entity=enterprise&entityId=${created[0].id}`)).json();
    expect((one.items as Entry[]).map((e) => e.action)).toEqual(['enterprise.update', 'enterprise.create']);
    const other = (await auditor.get(`/api/audit?entity=enterprise&entityId=${created[1].id}`)).json();
    expect(other.total).toBe(1);
    const noUser = (await auditor.get(`/api/audit?entity=user&entityId=${created[1].id}`)).json();
    expect(noUser.items.every((e: Entry) => e.entity === 'user')).toBe(true);

    const none = (await auditor.get('/api/audit?actor=no_such_actor')).json();
    expect(none).toEqual({ items: [], total: 0 });
    // LIKE metacharacters are not wildcards.
    expect((await auditor.get(`/api/audit?action=${encodeURIComponent('%')}create`)).json().total).toBe(0);
  });

  it('finds actions that contain an underscore', async () => {
    const someone = await t.makeUser('leader');
    await t.anon.post('/api/auth/login', { username: someone.username, password: 'Wrong@Pass2020' });
    const res = (await auditor.get('/api/audit?action=auth.login_failed')).json();
    expect(res.total).toBe(1);
    expect(res.items[0].action).toBe('auth.login_failed');
    expect((await auditor.get('/api/audit?action=%25')).json().total).toBe(0);
  });

  it('pages without gaps or overlaps', async () => {
    const all = (await auditor.get(`/api/audit?actor=${commander.username}&pageSize=200`)).json();
    const p1 = (await auditor.get(`/api/audit?actor=${commander.username}&pageSize=2&page=1`)).json();
    const p2 = (await auditor.get(`/api/audit?actor=${commander.username}&pageSize=2&page=2`)).json();
    const p3 = (await auditor.get(`/api/audit?actor=${commander.username}&pageSize=2&page=3`)).json();
    const p4 = (await auditor.get(`/api/audit?actor=${commander.username}&pageSize=2&page=4`)).json();
    for (const p of [p1, p2, p3, p4]) expect(p.total).toBe(all.total);
    expect([p1, p2, p3].map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(p4.items).toEqual([]);
    expect([...idsOf(p1.items), ...idsOf(p2.items), ...idsOf(p3.items)]).toEqual(idsOf(all.items));
  });

  it('400 for bad filters', async () => {
    for (const q of ['from=2020-3-1', 'to=yesterday', 'page=0', 'pageSize=201']) {
      const res = await auditor.get(`/api/audit?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });

  it('filters by calendar day in Asia/Shanghai', async () => {
    // 23:59 and 00:01 Shanghai time are both on 2020-03-10 in UTC.
    t.clock.set!('2020-03-10T23:59:00+08:00');
    const late = await t.as('commander');
    // The auditor's morning session has long expired.
    const reader = await t.login(auditor.username);
    const a = await createEnterprise(late);
    t.clock.advance!(2 * 60_000);
    const b = await createEnterprise(late);
    const q = (range: string) =>
      reader
        .get(`/api/audit?actor=${late.username}&entity=enterprise&${range}`)
        .then((r) => (r.json().items as Entry[]).map((e) => Number(e.entityId)));
    expect(await q('')).toEqual([b.id, a.id]);
    expect(await q('from=2020-03-11')).toEqual([b.id]);
    expect(await q('to=2020-03-10')).toEqual([a.id]);
    expect(await q('from=2020-03-10&to=2020-03-10')).toEqual([a.id]);
    expect(await q('from=2020-03-11&to=2020-03-11')).toEqual([b.id]);
    expect(await q('from=2020-03-10&to=2020-03-11')).toEqual([b.id, a.id]);
    expect(await q('from=2020-03-12')).toEqual([]);
    expect(await q('to=2020-03-09')).toEqual([]);
    const entries = (await reader.get(`/api/audit?actor=${late.username}&entity=enterprise`)).json().items;
    expect(entries.map((e: Entry) => e.at)).toEqual(['2020-03-10T16:01:00.000Z', '2020-03-10T15:59:00.000Z']);
  });
});

describe('tampering', () => {
  // Its own database: these tests break the chain on purpose.
  let t: TestApp;
  let db: Db;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.database.db;
    const commander = await t.as('commander');
    for (let i = 0; i < 4; i++) await createEnterprise(commander);
  });
  afterAll(() => t.close());

  /** What a DBA with table rights could do: switch the guard off, change rows, switch it on. */
  async function asDba(fn: () => Promise<unknown>) {
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_change`);
    try {
      await fn();
    } finally {
      await db.execute(sql`alter table audit_log enable trigger audit_log_no_change`);
    }
  }

  const ids = async () =>
    (await db.select({ id: schema.auditLog.id }).from(schema.auditLog).orderBy(schema.auditLog.id)).map(
      (r) => r.id,
    );

  it('the table refuses UPDATE, DELETE and TRUNCATE', async () => {
    const [first] = await ids();
    for (const statement of [
      sql`update audit_log set action = 'x' where id = ${first}`,
      sql`delete from audit_log where id = ${first}`,
      sql`truncate audit_log`,
    ]) {
      // drizzle wraps the database error ("Failed query: …"); the trigger's message is its cause.
      const err = await db.execute(statement).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(String((err?.cause as Error | undefined)?.message ?? err?.message)).toMatch(/append-only/);
    }
    const [row] = await db
      .select({ action: schema.auditLog.action })
      .from(schema.auditLog)
      .where(sql`id = ${first}`);
    expect(row.action).toBe('auth.login');
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('finds an altered entry even after the guard is bypassed', async () => {
    const [target] = await db
      .select()
      .from(schema.auditLog)
      .where(sql`action = 'enterprise.create'`)
      .orderBy(schema.auditLog.id)
      .limit(1);
    const before = (await ids()).filter((id) => id < target.id).length;
    await asDba(() =>
      db.execute(
        sql`update audit_log set after = jsonb_set(after, '{name}', '"篡改后的企业"') where id = ${target.id}`,
      ),
    );
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: before,
      firstBadId: target.id,
      reason: 'content_altered',
    });
    const auditor = await t.as('auditor');
    const res = await auditor.post('/api/audit/verify');
    expect(res.json()).toMatchObject({ ok: false, firstBadId: target.id, reason: 'content_altered' });

    // Putting the content back makes the chain whole again; so the hash covers exactly the content.
    await asDba(() =>
      db.execute(
        sql`update audit_log set after = ${JSON.stringify(target.after)}::jsonb where id = ${target.id}`,
      ),
    );
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // Other columns are covered too.
    expect(target.before).toBeNull();
    for (const change of [
      sql`actor_username = 'someone_else'`,
      sql`at = at + interval '1 second'`,
      sql`entity_id = '0'`,
      sql`before = '{}'::jsonb`,
    ]) {
      await asDba(() => db.execute(sql`update audit_log set ${change} where id = ${target.id}`));
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        firstBadId: target.id,
        reason: 'content_altered',
      });
      await asDba(() =>
        db.execute(
          sql`update audit_log set actor_username = ${target.actorUsername},
              at = ${target.at.toISOString()}::timestamptz, entity_id = ${target.entityId}, before = null
              where id = ${target.id}`,
        ),
      );
      expect((await verifyAuditChain(db)).ok).toBe(true);
    }
  });

  it('finds a deleted entry at the next one', async () => {
    const all = await ids();
    const middle = all[Math.floor(all.length / 2)];
    const next = all[all.indexOf(middle) + 1];
    expect(next).toBeDefined();
    await asDba(() => db.execute(sql`delete from audit_log where id = ${middle}`));
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: all.indexOf(middle),
      firstBadId: next,
      reason: 'broken_link',
    });
  });
});

describe('sealing', () => {
  let t: TestApp;
  let db: Db;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.database.db;
  });
  afterAll(() => t.close());

  const a = schema.auditLog;
  const chain = async () =>
    db.select({ id: a.id, seq: a.seq, hash: a.hash, prevHash: a.prevHash }).from(a).orderBy(a.id);

  it('a write leaves its entry unlinked; the sealer links it once, after the commit', async () => {
    await sealAuditChain(db, { wait: true });
    const ctx = await t.ctxFor(await t.makeUser('commander'));
    const [{ maxId }] = await db.select({ maxId: sql<number>`coalesce(max(id), 0)::int` }).from(a);
    await db.transaction(async (tx) => {
      await audit(tx, ctx, [
        { action: 'test.one', entity: 'test', entityId: 1, after: { n: 1 } },
        { action: 'test.two', entity: 'test', entityId: 2, after: { n: 2 } },
      ]);
    });
    // Rolled back: no entry, so no hole in the chain either.
    await db
      .transaction(async (tx) => {
        await audit(tx, ctx, { action: 'test.rolled_back', entity: 'test' });
        throw new Error('abort');
      })
      .catch(() => undefined);
    const fresh = (await chain()).filter((r) => r.id > maxId);
    expect(fresh).toHaveLength(2);
    for (const r of fresh) expect(r).toMatchObject({ seq: null, hash: null, prevHash: null });

    expect((await sealAuditChain(db, { wait: true })).sealed).toBe(2);
    const all = await chain();
    expect(all.every((r) => r.hash && r.seq)).toBe(true);
    const seqs = all.map((r) => r.seq!).sort((x, y) => x - y);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    for (let i = 1; i < all.length; i++) expect(all[i].prevHash).toBe(all[i - 1].hash);
    expect((await sealAuditChain(db, { wait: true })).sealed).toBe(0);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: all.length });
  });

  it('seals a backlog larger than one batch (2,000) in order, in one unbroken chain', async () => {
    await sealAuditChain(db, { wait: true });
    const ctx = await t.ctxFor(await t.makeUser('commander'));
    const entries = Array.from({ length: 2_150 }, (_, n) => ({
      action: 'test.backlog',
      entity: 'test',
      entityId: n,
      after: { n, text: `条目 ${n}` },
    }));
    await db.transaction((tx) => audit(tx, ctx, entries));
    expect((await sealAuditChain(db, { wait: true })).sealed).toBe(2_150);
    const backlog = (await chain()).slice(-2_150);
    for (let i = 1; i < backlog.length; i++) {
      expect(backlog[i].seq).toBe(backlog[i - 1].seq! + 1);
      expect(backlog[i].prevHash).toBe(backlog[i - 1].hash);
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('the trigger allows the seal once and nothing else', async () => {
    const ctx = await t.ctxFor(await t.makeUser('commander'));
    await db.transaction((tx) => audit(tx, ctx, { action: 'test.guard', entity: 'test' }));
    const [row] = await db.select().from(a).where(sql`action = 'test.guard'`);
    const refused = async (statement: ReturnType<typeof sql>) => {
      const err = await db.execute(statement).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(String((err?.cause as Error | undefined)?.message ?? err?.message)).toMatch(/append-only/);
    };
    // Sealing while changing the content, or sealing only partly, is refused.
    await refused(
      sql`update audit_log set seq = 999999, prev_hash = ${'0'.repeat(64)}, hash = ${'1'.repeat(64)}, action = 'x' where id = ${row.id}`,
    );
    await refused(sql`update audit_log set hash = ${'1'.repeat(64)} where id = ${row.id}`);
    await refused(sql`delete from audit_log where id = ${row.id}`);
    await sealAuditChain(db, { wait: true });
    // Sealed: even the chain columns are fixed.
    await refused(sql`update audit_log set hash = ${'1'.repeat(64)} where id = ${row.id}`);
    await refused(sql`update audit_log set seq = seq + 1000000 where id = ${row.id}`);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('a writer cannot choose its place in the chain; an entry written past the guard fails verify', async () => {
    await sealAuditChain(db, { wait: true });
    const refused = async (statement: ReturnType<typeof sql>, pattern: RegExp) => {
      const err = await db.execute(statement).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(String((err?.cause as Error | undefined)?.message ?? err?.message)).toMatch(pattern);
    };
    const forged = sql`insert into audit_log (at, action, entity, prev_hash, hash)
      values (now(), 'test.forged', 'test', ${'0'.repeat(64)}, ${'f'.repeat(64)})`;
    await refused(forged, /sealed by the sealer/);
    const ctx = await t.ctxFor(await t.makeUser('commander'));
    await db.transaction((tx) => audit(tx, ctx, { action: 'test.pending', entity: 'test' }));
    const [pending] = await db.select().from(a).where(sql`action = 'test.pending'`);
    await refused(
      sql`update audit_log set seq = 0, prev_hash = ${'0'.repeat(64)}, hash = ${'1'.repeat(64)} where id = ${pending.id}`,
      /append-only/,
    );
    expect((await verifyAuditChain(db)).ok).toBe(true);
    // A DBA switching the insert guard off: the forged entry is outside the chain and named.
    await db.execute(sql`alter table audit_log disable trigger audit_log_unsealed_insert`);
    try {
      await db.execute(forged);
    } finally {
      await db.execute(sql`alter table audit_log enable trigger audit_log_unsealed_insert`);
    }
    const [row] = await db.select({ id: a.id }).from(a).where(sql`action = 'test.forged'`);
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstBadId: row.id,
      reason: 'broken_link',
    });
    // Removed again (guard off), the chain is whole.
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_change`);
    try {
      await db.execute(sql`delete from audit_log where id = ${row.id}`);
    } finally {
      await db.execute(sql`alter table audit_log enable trigger audit_log_no_change`);
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('concurrent writers and concurrent sealers give one unbroken chain', async () => {
    const commander = await t.as('commander');
    const before = (await chain()).length;
    const results = await Promise.all(
      Array.from({ length: 24 }, () => commander.post('/api/enterprises', enterpriseBody())),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    await Promise.all([sealAuditChain(db), sealAuditChain(db), sealAuditChain(db, { wait: true })]);
    await sealAuditChain(db, { wait: true });
    const all = await chain();
    expect(all.length).toBe(before + 24);
    expect(new Set(all.map((r) => r.seq)).size).toBe(all.length);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: all.length });
  });

  it('the server seals on its own after an audited request', async () => {
    const commander = await t.as('commander');
    const created = await createEnterprise(commander);
    const sealed = async () => {
      const [row] = await db
        .select({ hash: a.hash })
        .from(a)
        .where(sql`entity = 'enterprise' and entity_id = ${String(created.id)}`);
      return row?.hash ?? null;
    };
    const deadline = Date.now() + 5000;
    while (!(await sealed()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await sealed()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('kicks that follow one another within the gap are sealed by one more run, not one each', async () => {
    const ctx = await t.ctxFor(await t.makeUser('commander'));
    let runs = 0;
    // The sealer's own view of the database: counts its sealing transactions.
    const counted = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'transaction')
          return (...args: Parameters<Db['transaction']>) => {
            runs++;
            return target.transaction(...args);
          };
        return Reflect.get(target, prop, receiver);
      },
    });
    const sealer = createAuditSealer(counted, undefined, 60_000, 400);
    try {
      sealer.kick();
      await new Promise((r) => setTimeout(r, 60));
      const firstRuns = runs;
      expect(firstRuns).toBeGreaterThanOrEqual(1);
      // Five audited writes, each followed by a kick once the previous run has finished: before,
      // each kick began a run (a transaction and a commit) of its own.
      const ids: number[] = [];
      for (let n = 0; n < 5; n++) {
        await db.transaction((tx) => audit(tx, ctx, { action: 'test.gap', entity: 'test', entityId: n }));
        const [{ id }] = await db
          .select({ id: sql<number>`max(id)::int` })
          .from(a)
          .where(sql`action = 'test.gap'`);
        ids.push(id);
        sealer.kick();
        await new Promise((r) => setTimeout(r, 20));
      }
      const unsealed = async () =>
        (await db.select({ hash: a.hash }).from(a).where(inArray(a.id, ids))).filter((r) => !r.hash).length;
      // The deferred run comes once the gap has passed (the test app's own sealer, every second,
      // may seal the entries first: they are sealed either way).
      await eventually(() => runs - firstRuns >= 1);
      await new Promise((r) => setTimeout(r, 600));
      expect(await unsealed()).toBe(0);
      // One deferred run for the five (the test app's sealer may make this one give way once).
      expect(runs - firstRuns).toBeLessThanOrEqual(2);
    } finally {
      await sealer.close();
    }
  });
});
