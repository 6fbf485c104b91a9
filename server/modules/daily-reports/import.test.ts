import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client';
import { type Agent, createTestApp, type TestApp } from '../../test/setup';
import { backoffMs, deliverOutbox } from '../notifications/outbox';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const D = '2020-03-09';

async function resumed(enterpriseId: number, from = '2020-03-01') {
  await t.database.db
    .insert(schema.resumptionStatusEvents)
    .values({ enterpriseId, status: 'resumed', effectiveDate: from, at: t.clock.now() });
}

function multipart(filename: string, content: Buffer) {
  const boundary = '----tongchou-report-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(agent: Agent, content: Buffer, query = '') {
  const { payload, headers } = multipart('reports.xlsx', content);
  return t.app.inject({
    method: 'POST',
    url: `/api/daily-reports/import${query}`,
    payload,
    headers: {
      ...headers,
      cookie: `tc_session=${agent.cookie}`,
      'x-csrf-token': agent.csrf,
      'accept-language': 'zh-CN',
    },
  });
}

async function waitJob(agent: Agent, id: string) {
  for (let i = 0; i < 400; i++) {
    const res = await agent.get(`/api/jobs/${id}`);
    if (res.json().status !== 'running') return res.json();
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('job did not finish');
}

const reports = async () =>
  Number((await t.database.db.select({ n: count() }).from(schema.dailyReports))[0].n);

describe('district .xlsx upload of a day', () => {
  it('template lists the enterprises expected that day; a file with any bad row imports nothing; the fixed one imports all', async () => {
    const a = await t.makeEnterprise({ divisionCode: '210504', name: '明山上传测试甲' });
    const b = await t.makeEnterprise({ divisionCode: '210504', name: '明山上传测试乙' });
    const c = await t.makeEnterprise({ divisionCode: '210504', name: '明山未复工企业' });
    const far = await t.makeEnterprise({ divisionCode: '210505', name: '南芬越界企业' });
    await resumed(a.id);
    await resumed(b.id);
    await resumed(far.id);
    const district = await t.as('district', { divisionCode: '210504' });

    const tpl = await district.get(`/api/daily-reports/template?date=${D}`, { 'accept-language': 'zh-CN' });
    expect(tpl.statusCode).toBe(200);
    expect(String(tpl.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell(1, 1).value)).toContain(D);
    const header = (ws.getRow(2).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 4)).toEqual(['统一社会信用代码', '企业名称', '零报告', '在岗人数 *']);
    const listed: string[] = [];
    ws.eachRow((r, n) => {
      if (n > 2) listed.push(String(r.getCell(2).value));
    });
    expect(listed.sort()).toEqual(['明山上传测试乙', '明山上传测试甲'].sort());

    // Fill the template: row of 甲 fine, row of 乙 with problems; add 未复工 and 越界 rows.
    const rowOf = (name: string) => {
      let found = 0;
      ws.eachRow((r, n) => {
        if (String(r.getCell(2).value) === name) found = n;
      });
      return ws.getRow(found);
    };
    const fill = (r: ExcelJS.Row, zero: string, vals: unknown[]) => {
      r.getCell(3).value = zero;
      vals.forEach((v, i) => {
        r.getCell(4 + i).value = v as ExcelJS.CellValue;
      });
    };
    fill(rowOf('明山上传测试甲'), '是', [80, 2, 1, 0, 0, '', '', '', 75, '']);
    fill(rowOf('明山上传测试乙'), '否', [50, 60, 1, 0, 0, 1, 0, 'x', 120, '']);
    ws.addRow([c.uscc, c.name, '是', 10, 0, 0, 0, 0, '', '', '', 50]);
    ws.addRow([far.uscc, far.name, '是', 10, 0, 0, 0, 0, '', '', '', 50]);
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await reports();
    const res = await upload(district, bad);
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitJob(district, res.json().jobId);
    expect(job.status).toBe('failed');
    expect(job.result.imported).toBe(0);
    const errs: { row: number; column: string; reason: string }[] = job.result.errors;
    const rowB = rowOf('明山上传测试乙').number;
    const at = (row: number, column: string) =>
      errs.find((e) => e.row === row && e.column === column)?.reason;
    expect(at(rowB, '当日返岗人数')).toMatch(/不能大于 在岗人数/);
    expect(at(rowB, '确诊病例')).toMatch(/不是数字/);
    expect(at(rowB, '产能恢复率（%）')).toMatch(/不能大于 100/);
    expect(at(ws.rowCount - 1, '统一社会信用代码')).toMatch(/不需要报告/);
    expect(at(ws.rowCount, '统一社会信用代码')).toMatch(/不存在/);
    expect(await reports()).toBe(before);

    // Fix: 乙 corrected, drop the two rows that do not belong.
    fill(rowOf('明山上传测试乙'), '否', [50, 2, 1, 0, 0, 1, 0, 0, 60, '发热1人已送医']);
    for (const n of [ws.rowCount - 1, ws.rowCount]) {
      ws.getRow(n).eachCell((cell) => {
        cell.value = null;
      });
    }
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    const ok = await waitJob(district, (await upload(district, good)).json().jobId);
    expect(ok.status, JSON.stringify(ok.result)).toBe('succeeded');
    expect(ok.result).toMatchObject({ imported: 2, created: 2, corrected: 0, date: D });
    const [ra] = await t.database.db
      .select()
      .from(schema.dailyReports)
      .where(eq(schema.dailyReports.enterpriseId, a.id));
    expect(ra).toMatchObject({
      date: D,
      zero: true,
      content: 'zero',
      onBehalf: true,
      onTime: false,
      capacityPct: 75,
    });
    expect(ra.values).toMatchObject({ feverOrSymptoms: 0, suspected: 0, confirmed: 0 });
    const [rb] = await t.database.db
      .select()
      .from(schema.dailyReports)
      .where(eq(schema.dailyReports.enterpriseId, b.id));
    expect(rb.content).toBe('abnormal');
    const alerts = await t.database.db
      .select()
      .from(schema.reportAlerts)
      .where(eq(schema.reportAlerts.reportId, rb.id));
    expect(alerts).toHaveLength(1);

    // The same file again: corrections, kept as revisions (nothing duplicated).
    const again = await waitJob(district, (await upload(district, good)).json().jobId);
    expect(again.result).toMatchObject({ imported: 2, created: 0, corrected: 2 });
    expect(await reports()).toBe(before + 2);
    const revs = await district.get(`/api/daily-reports/${ra.id}/revisions`);
    expect(revs.json().map((r: { revision: number; source: string }) => [r.revision, r.source])).toEqual([
      [1, 'import'],
      [2, 'import'],
    ]);
  });

  it('403 for roles that cannot upload; a future day is refused', async () => {
    const liaison = await t.as('liaison');
    expect((await liaison.get('/api/daily-reports/template')).statusCode).toBe(403);
    expect((await upload(liaison, Buffer.from('x'))).statusCode).toBe(403);
    const district = await t.as('district', { divisionCode: '210504' });
    expect((await district.get('/api/daily-reports/template?date=2020-03-11')).statusCode).toBe(400);
    const csv = await upload(district, Buffer.from('a,b\n1,2\n'));
    expect(csv.statusCode).toBe(400);
    expect(csv.json().error.code).toBe('invalid_file_type');
  });
});

describe('webhook sender', () => {
  it('posts due outbox messages, retries failures with backoff, and gives up after maxAttempts', async () => {
    let calls = 0;
    const received: { body: { id: number; channel: string }; key: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        calls++;
        const parsed = JSON.parse(body);
        received.push({ body: parsed, key: String(req.headers['idempotency-key']) });
        // The first two attempts of message "retry" fail; message "doomed" always fails.
        const fail = parsed.payload.tag === 'doomed' || (parsed.payload.tag === 'retry' && calls <= 2);
        res.writeHead(fail ? 503 : 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      // Messages queued by earlier tests are not part of this one.
      await t.database.db
        .update(schema.outbox)
        .set({ status: 'sent' })
        .where(eq(schema.outbox.status, 'pending'));
      const now = t.clock.now();
      const [retry, doomed] = await t.database.db
        .insert(schema.outbox)
        .values([
          {
            channel: 'sms',
            recipient: '13800000001',
            payload: { tag: 'retry' },
            nextAttemptAt: now,
            dedupeKey: 'test:retry',
            createdAt: now,
          },
          {
            channel: 'webhook',
            recipient: 'u1',
            payload: { tag: 'doomed' },
            nextAttemptAt: now,
            dedupeKey: 'test:doomed',
            createdAt: now,
          },
        ])
        .returning();
      const deps = { db: t.database.db, clock: t.clock };
      const opts = { url, maxAttempts: 3, baseDelayMs: 60_000 };
      expect(await deliverOutbox(deps, opts)).toEqual({ attempted: 2, sent: 0, retrying: 2, failed: 0 });
      // Nothing is due again until the backoff has passed.
      expect((await deliverOutbox(deps, opts)).attempted).toBe(0);
      t.clock.advance!(backoffMs(1) + 1000);
      expect(await deliverOutbox(deps, opts)).toEqual({ attempted: 2, sent: 1, retrying: 1, failed: 0 });
      t.clock.advance!(backoffMs(2) + 1000);
      expect(await deliverOutbox(deps, opts)).toEqual({ attempted: 1, sent: 0, retrying: 0, failed: 1 });
      const state = new Map((await t.database.db.select().from(schema.outbox)).map((m) => [m.id, m]));
      expect(state.get(retry.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      expect(state.get(doomed.id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 503' });
      expect(received.every((r) => r.key === `tongchou-outbox-${r.body.id}`)).toBe(true);
      // A message that was sent is never posted again.
      t.clock.advance!(3_600_000);
      expect((await deliverOutbox(deps, opts)).attempted).toBe(0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('backs off exponentially, capped at an hour', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(20)).toBe(3_600_000);
  });
});
