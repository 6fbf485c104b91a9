import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client';
import { JPEG, outsiders, PDF, PNG, upload } from '../../test/safety-factories';
import { createTestApp, type TestApp } from '../../test/setup';
import { attachmentsDir, cleanFileName, detectKind, storedPath } from './service';

let t: TestApp;
let small: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // 20 KB upload limit for the size test.
  small = await createTestApp({ env: { TONGCHOU_UPLOAD_MAX_MB: '0.02' } });
});
afterAll(async () => {
  await t.close();
  await small.close();
});

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('整改台账').addRow(['隐患', '状态']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('type detection', () => {
  it('recognises images, PDF and Office files by their bytes, not their names', async () => {
    expect(detectKind(PNG)).toBe('png');
    expect(detectKind(JPEG)).toBe('jpeg');
    expect(detectKind(PDF)).toBe('pdf');
    expect(detectKind(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe(
      'webp',
    );
    expect(detectKind(await xlsx())).toBe('xlsx');
    expect(detectKind(Buffer.from('MZ\x90\x00 not a picture'))).toBeNull();
    expect(detectKind(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(detectKind(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeNull();
  });

  it('keeps only a harmless base name as metadata', () => {
    expect(cleanFileName('../../etc/passwd.png', 'png')).toBe('passwd.png');
    expect(cleanFileName('C:\\Users\\a\\照片.jpg', 'jpeg')).toBe('照片.jpg');
    expect(cleanFileName('..', 'pdf')).toBe('file.pdf');
    expect(cleanFileName('a\u0000b\nc.png', 'png')).toBe('abc.png');
    expect(() => storedPath('/data', '../../etc/passwd')).toThrow(/escapes/);
  });
});

describe('POST /api/attachments', () => {
  it('stores a photo under a generated name and serves it to users in scope only', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    const ent = await t.as('enterprise', { enterpriseId: e.id });
    const res = await upload(t, ent, e.id, '../../../../etc/整改前.png', PNG);
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      enterpriseId: e.id,
      originalName: '整改前.png',
      kind: 'png',
      mime: 'image/png',
      size: PNG.length,
      url: `/api/attachments/${a.id}`,
      thumbnailUrl: `/api/attachments/${a.id}`,
    });
    const [row] = await t.database.db
      .select()
      .from(schema.attachments)
      .where(eq(schema.attachments.id, a.id));
    expect(row.storedName).toMatch(/^\d{4}-\d{2}\/[0-9a-f-]{36}\.png$/);
    const file = storedPath(t.app.deps.env.dataDir, row.storedName);
    expect(file.startsWith(path.resolve(attachmentsDir(t.app.deps.env.dataDir)))).toBe(true);
    expect(fs.readFileSync(file).equals(PNG)).toBe(true);

    const got = await ent.get(a.url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(String(got.headers['content-disposition'])).toMatch(/^inline; .*filename\*=UTF-8''%E6%95%B4/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.rawPayload.equals(PNG)).toBe(true);

    const district = await t.as('district', { divisionCode: '210502' });
    expect((await district.get(a.url)).statusCode).toBe(200);
    const other = await t.as('district', { divisionCode: '210503' });
    expect((await other.get(a.url)).statusCode).toBe(404);
    const stranger = await t.as('enterprise');
    expect((await stranger.get(a.url)).statusCode).toBe(404);
    const liaison = await t.as('liaison');
    expect((await liaison.get(a.url)).statusCode).toBe(404);
    expect((await t.anon.get(a.url)).statusCode).toBe(401);
    const list = (await district.get(`/api/attachments?ids=${a.id}`)).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    expect((await other.get(`/api/attachments?ids=${a.id}`)).json().total).toBe(0);
  });

  it('accepts PDF and Office files; documents download as attachments', async () => {
    const e = await t.makeEnterprise();
    const commander = await t.as('commander');
    const pdf = await upload(t, commander, e.id, '整改方案.pdf', PDF);
    expect(pdf.statusCode).toBe(201);
    expect(pdf.json()).toMatchObject({ kind: 'pdf', thumbnailUrl: null });
    const sheet = await upload(t, commander, e.id, '台账.xlsx', await xlsx());
    expect(sheet.json().kind).toBe('xlsx');
    const got = await commander.get(pdf.json().url);
    expect(String(got.headers['content-disposition'])).toMatch(/^attachment;/);
  });

  it('415 for a file whose bytes are not an allowed type, or whose extension lies', async () => {
    const e = await t.makeEnterprise();
    const commander = await t.as('commander');
    const fake = await upload(t, commander, e.id, 'photo.png', Buffer.from('<?php system($_GET["c"]); ?>'));
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.code).toBe('unsupported_attachment_type');
    const exe = await upload(t, commander, e.id, 'setup.exe', Buffer.from('MZ\x90\x00\x03\x00\x00\x00'));
    expect(exe.statusCode).toBe(415);
    const renamed = await upload(t, commander, e.id, 'report.pdf', PNG);
    expect(renamed.statusCode).toBe(415);
    const html = await upload(t, commander, e.id, 'x.html', PNG);
    expect(html.statusCode).toBe(415);
    const noExt = await upload(t, commander, e.id, 'blob', JPEG);
    expect(noExt.statusCode).toBe(201);
    expect(noExt.json().originalName).toBe('blob');
    const notMultipart = await commander.post(`/api/attachments?enterpriseId=${e.id}`, { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);
  });

  it('413 above TONGCHOU_UPLOAD_MAX_MB, and nothing is stored', async () => {
    const e = await small.makeEnterprise();
    const commander = await small.as('commander');
    const before = (await small.database.db.select().from(schema.attachments)).length;
    const big = Buffer.concat([PNG, Buffer.alloc(30 * 1024, 7)]);
    const res = await upload(small, commander, e.id, 'big.png', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('file_too_large');
    expect((await small.database.db.select().from(schema.attachments)).length).toBe(before);
    const ok = await upload(
      small,
      commander,
      e.id,
      'small.png',
      Buffer.concat([PNG, Buffer.alloc(10 * 1024)]),
    );
    expect(ok.statusCode).toBe(201);
  });

  it('404 when uploading for an enterprise outside scope; 403 for roles that may not upload; 400 without an enterprise', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210503' });
    const district = await t.as('district', { divisionCode: '210502' });
    expect((await upload(t, district, e.id, 'a.png', PNG)).statusCode).toBe(404);
    const leader = await t.as('leader');
    expect((await upload(t, leader, e.id, 'a.png', PNG)).statusCode).toBe(403);
    const commander = await t.as('commander');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/attachments',
      payload: {},
      headers: { cookie: `tc_session=${commander.cookie}`, 'x-csrf-token': commander.csrf },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('enterpriseId');
  });
});

describe('scope denials', () => {
  it('404 on upload and download for another district, another enterprise and a supervisor assigned elsewhere; none listed', async () => {
    const e = await t.makeEnterprise({ divisionCode: '210502' });
    const commander = await t.as('commander');
    const a = (await upload(t, commander, e.id, 'a.png', PNG)).json();
    const { district, enterprise, supervisor } = await outsiders(t);
    for (const [who, agent] of Object.entries({ district, enterprise, supervisor })) {
      expect((await upload(t, agent, e.id, 'b.png', PNG)).statusCode, who).toBe(404);
      expect((await agent.get(a.url)).statusCode, who).toBe(404);
      const byEnterprise = (await agent.get(`/api/attachments?enterpriseId=${e.id}`)).json();
      expect(byEnterprise, who).toEqual({ items: [], total: 0 });
      expect((await agent.get(`/api/attachments?ids=${a.id}`)).json().total, who).toBe(0);
    }
    expect((await commander.get(`/api/attachments?enterpriseId=${e.id}`)).json().total).toBe(1);
  });
});
