import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client';
import { type Agent, createTestApp, type TestApp, testUscc } from '../../test/setup';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HEAD = [
  '统一社会信用代码',
  '企业名称',
  '所属县区',
  '乡镇街道',
  '行业代码',
  '企业规模',
  '规模以上',
  '正常用工人数',
  '正常日产值（元）',
  '联系电话',
];

async function xlsx(rows: unknown[][], head = HEAD): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业名录');
  ws.addRow(head);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(filename: string, content: Buffer) {
  const boundary = '----tongchou-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(agent: Agent, filename: string, content: Buffer) {
  const { payload, headers } = multipart(filename, content);
  return t.app.inject({
    method: 'POST',
    url: '/api/enterprises/import',
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
    expect(res.statusCode).toBe(200);
    if (res.json().status !== 'running') return res.json();
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('job did not finish');
}

const enterpriseCount = async () =>
  Number((await t.database.db.select({ n: count() }).from(schema.enterprises))[0].n);
const auditCount = async () =>
  Number((await t.database.db.select({ n: count() }).from(schema.auditLog))[0].n);

describe('enterprise import', () => {
  it('imports nothing while any row is wrong, lists every problem, then imports the fixed file', async () => {
    const district = await t.as('district', { divisionCode: '210502' });
    const u1 = testUscc();
    const u2 = testUscc();
    const badUscc = `${u2.slice(0, 17)}${u2[17] === '0' ? '1' : '0'}`;
    const rows = [
      [u1, '本溪导入测试一厂', '210502', '', '3130', '中型', '是', 300, 150000, '13800000001'],
      [badUscc, '本溪导入测试二厂', '平山区', '', '3120', '小型', '否', 20, 8000, ''],
      [testUscc(), '本溪导入测试三厂', '210502', '', '9999', '巨型', '也许', -3, 'abc', ''],
      [testUscc('210503'), '溪湖越界企业', '210503', '', '3130', '小型', '否', 10, 1000, ''],
      [u1, '重复代码企业', '210502', '', '3130', '小型', '否', 10, 1000, ''],
    ];
    const before = await enterpriseCount();
    const auditBefore = await auditCount();
    const res = await upload(district, 'enterprises.xlsx', await xlsx(rows));
    expect(res.statusCode).toBe(202);
    const job = await waitJob(district, res.json().jobId);
    expect(job.status).toBe('failed');
    const errs: { row: number; column: string; reason: string }[] = job.result.errors;
    expect(job.result.imported).toBe(0);
    const at = (row: number, column: string) => errs.find((e) => e.row === row && e.column === column);
    expect(at(3, '统一社会信用代码')?.reason).toMatch(/第18位校验码/);
    expect(at(4, '行业代码')?.reason).toMatch(/9999/);
    expect(at(4, '企业规模')).toBeTruthy();
    expect(at(4, '规模以上')).toBeTruthy();
    expect(at(4, '正常用工人数')?.reason).toMatch(/负数/);
    expect(at(4, '正常日产值（元）')?.reason).toMatch(/abc/);
    expect(at(5, '所属县区')?.reason).toMatch(/管辖范围/);
    expect(at(6, '统一社会信用代码')?.reason).toMatch(/第 2 行/);
    expect(await enterpriseCount()).toBe(before);
    expect(await auditCount()).toBe(auditBefore);

    const fixed = [rows[0], [u2, ...rows[1].slice(1)]];
    const res2 = await upload(district, 'enterprises.xlsx', await xlsx(fixed));
    const job2 = await waitJob(district, res2.json().jobId);
    expect(job2.status).toBe('succeeded');
    expect(job2.result.imported).toBe(2);
    expect(job2.processed).toBe(2);
    expect(await enterpriseCount()).toBe(before + 2);
    const [row] = await t.database.db
      .select()
      .from(schema.enterprises)
      .where(eq(schema.enterprises.uscc, u2));
    expect(row).toMatchObject({
      name: '本溪导入测试二厂',
      divisionCode: '210502',
      sizeClass: 'small',
      normalDailyOutputFen: 800000,
    });
    const log = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, 'enterprise.import'));
    expect(log.length).toBe(2);
    // Importing the same file again: both rows are now duplicates of registered enterprises.
    const again = await waitJob(
      district,
      (await upload(district, 'enterprises.xlsx', await xlsx(fixed))).json().jobId,
    );
    expect(again.status).toBe('failed');
    expect(again.result.errors.map((e: { row: number }) => e.row)).toEqual([2, 3]);
  });

  it('reports a missing required column and an unknown column', async () => {
    const commander = await t.as('commander');
    const head = HEAD.filter((h) => h !== '行业代码').concat('神秘列');
    const job = await waitJob(
      commander,
      (await upload(commander, 'x.xlsx', await xlsx([], head))).json().jobId,
    );
    expect(job.status).toBe('failed');
    const cols = job.result.errors.map((e: { column: string }) => e.column);
    expect(cols).toEqual(expect.arrayContaining(['行业代码', '神秘列']));
  });

  it('refuses files that are not .xlsx (400) and files over 10 MB (413)', async () => {
    const commander = await t.as('commander');
    const csv = await upload(commander, 'list.csv', Buffer.from('a,b,c\n1,2,3\n'));
    expect(csv.statusCode).toBe(400);
    expect(csv.json().error.code).toBe('invalid_file_type');
    const renamed = await upload(commander, 'fake.xlsx', Buffer.from('not a zip at all'));
    expect(renamed.statusCode).toBe(400);
    const big = await upload(commander, 'big.xlsx', Buffer.alloc(10 * 1024 * 1024 + 10, 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('file_too_large');
  });

  it('403 for roles that cannot import; export respects scope and re-imports', async () => {
    const leader = await t.as('leader');
    expect((await upload(leader, 'x.xlsx', await xlsx([]))).statusCode).toBe(403);
    const e1 = await t.makeEnterprise({ divisionCode: '210504', name: '明山导出测试企业' });
    await t.makeEnterprise({ divisionCode: '210505', name: '南芬导出测试企业' });
    const district = await t.as('district', { divisionCode: '210504' });
    const res = await district.get('/api/enterprises/export?q=dc');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell(1, 1).value)).toMatch(/2020-03-10/);
    const names: string[] = [];
    ws.eachRow((r, n) => {
      if (n > 2) names.push(String(r.getCell(2).value));
    });
    expect(names).toContain(e1.name);
    expect(names).not.toContain('南芬导出测试企业');
    // The exported file can be edited and imported again: change the USCC and name of the row.
    const uscc = testUscc('210504');
    ws.getRow(3).getCell(1).value = uscc;
    ws.getRow(3).getCell(2).value = '明山再导入企业';
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const job = await waitJob(district, (await upload(district, 'export.xlsx', edited)).json().jobId);
    expect(job.status, JSON.stringify(job.result)).toBe('succeeded');
  });

  it('serves a template whose headers import cleanly', async () => {
    const district = await t.as('district', { divisionCode: '210502' });
    const res = await district.get('/api/enterprises/import-template', { 'accept-language': 'zh-CN' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell(1, 1).value)).toBe('统一社会信用代码 *');
    ws.addRow([testUscc(), '模板导入企业', '平山区', '', '平山区示例路2号', '3130', '小型', '否']);
    const job = await waitJob(
      district,
      (await upload(district, 't.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))).json().jobId,
    );
    expect(job.status, JSON.stringify(job.result)).toBe('succeeded');
  });
});

describe('import jobs', () => {
  it('are visible only to the user who started them (404 for anyone else)', async () => {
    const district = await t.as('district', { divisionCode: '210502' });
    const res = await upload(district, 'x.xlsx', await xlsx([]));
    const id = res.json().jobId;
    await waitJob(district, id);
    const other = await t.as('district', { divisionCode: '210502' });
    expect((await other.get(`/api/jobs/${id}`)).statusCode).toBe(404);
    const commander = await t.as('commander');
    expect((await commander.get(`/api/jobs/${id}`)).statusCode).toBe(404);
  });
});
