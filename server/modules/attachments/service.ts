import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';
import type { AttachmentView } from '../../../shared/schemas/safety';
import { findScopedEnterprise } from '../../access/scope';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, type FieldIssue, invalid, notFound } from '../../lib/errors';
import { looksLikeXlsx, XLSX_MIME } from '../../lib/excel';

type AttachmentRow = typeof schema.attachments.$inferSelect;
export type AttachmentKind = AttachmentRow['kind'];

const KINDS: Record<AttachmentKind, { mime: string; ext: string; exts: string[] }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg', exts: ['jpg', 'jpeg'] },
  png: { mime: 'image/png', ext: 'png', exts: ['png'] },
  webp: { mime: 'image/webp', ext: 'webp', exts: ['webp'] },
  pdf: { mime: 'application/pdf', ext: 'pdf', exts: ['pdf'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
    exts: ['docx'],
  },
  xlsx: { mime: XLSX_MIME, ext: 'xlsx', exts: ['xlsx'] },
};

const IMAGE_KINDS = new Set<AttachmentKind>(['jpeg', 'png', 'webp']);

const startsWith = (buf: Buffer, bytes: number[], at = 0) =>
  buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * What a file really is, from its first bytes (never from its name): JPEG, PNG, WebP, PDF, or an
 * Office Open XML package whose part names say Word or Excel. Anything else is null.
 */
export function detectKind(buf: Buffer): AttachmentKind | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(buf, ascii('%PDF-'))) return 'pdf';
  // Any ZIP passes looksLikeXlsx; entry names are stored uncompressed, so the parts tell Word from Excel.
  if (looksLikeXlsx(buf)) {
    if (!buf.includes('[Content_Types].xml', 0, 'latin1')) return null;
    if (buf.includes('word/document.xml', 0, 'latin1')) return 'docx';
    if (buf.includes('xl/workbook.xml', 0, 'latin1')) return 'xlsx';
  }
  return null;
}

/**
 * The client's file name reduced to something safe to keep as metadata: no directories, no
 * control characters, at most 200 characters. It never becomes part of a path on disk.
 */
export function cleanFileName(name: string, kind: AttachmentKind): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const safe = cleaned === '.' || cleaned === '..' ? '' : cleaned;
  return (safe || `file.${KINDS[kind].ext}`).slice(0, 200);
}

function extensionOf(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : null;
}

export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

/** The file of an attachment, refusing anything that would resolve outside the attachments directory. */
export function storedPath(dataDir: string, storedName: string): string {
  const root = path.resolve(attachmentsDir(dataDir));
  const full = path.resolve(root, storedName);
  if (!full.startsWith(root + path.sep))
    throw new Error(`attachment path escapes its directory: ${storedName}`);
  return full;
}

function presentAttachment(a: AttachmentRow): AttachmentView {
  const url = `/api/attachments/${a.id}`;
  return {
    id: a.id,
    enterpriseId: a.enterpriseId,
    originalName: a.originalName,
    kind: a.kind,
    mime: a.mime,
    size: a.size,
    url,
    thumbnailUrl: IMAGE_KINDS.has(a.kind) ? url : null,
    uploadedBy: a.uploadedBy,
    createdAt: a.createdAt.toISOString(),
  };
}

export function isInline(a: AttachmentRow): boolean {
  return IMAGE_KINDS.has(a.kind);
}

/**
 * Stores an upload for an enterprise in the actor's scope: checks the real type, writes the bytes
 * under a generated name, then records and audits it (the file is removed if that fails).
 */
export async function uploadAttachment(
  ctx: Ctx,
  dataDir: string,
  enterpriseId: number,
  file: { filename: string; data: Buffer },
) {
  const actor = actorOf(ctx);
  await findScopedEnterprise(ctx.db, ctx.scoper, actor, enterpriseId);
  const kind = detectKind(file.data);
  const ext = extensionOf(file.filename);
  if (!kind || (ext !== null && !KINDS[kind].exts.includes(ext))) {
    throw new AppError(415, 'unsupported_attachment_type', undefined, [
      { path: 'file', reason: 'unsupported_attachment_type' },
    ]);
  }
  const now = ctx.clock.now();
  const month = now.toISOString().slice(0, 7);
  const storedName = `${month}/${randomUUID()}.${KINDS[kind].ext}`;
  const full = storedPath(dataDir, storedName);
  await fs.promises.mkdir(path.dirname(full), { recursive: true });
  await fs.promises.writeFile(full, file.data, { flag: 'wx' });
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(schema.attachments)
        .values({
          enterpriseId,
          storedName,
          originalName: cleanFileName(file.filename, kind),
          kind,
          mime: KINDS[kind].mime,
          size: file.data.length,
          sha256: createHash('sha256').update(file.data).digest('hex'),
          uploadedBy: actor.id,
          createdAt: now,
        })
        .returning();
      await audit(tx, ctx, {
        action: 'attachment.upload',
        entity: 'attachment',
        entityId: row.id,
        after: { ...row },
      });
      return presentAttachment(row);
    });
  } catch (err) {
    await fs.promises.rm(full, { force: true });
    throw err;
  }
}

/** One attachment in the actor's scope (404 otherwise). */
export async function findScopedAttachment(ctx: Ctx, id: number): Promise<AttachmentRow> {
  const scope = ctx.scoper.byEnterprise(actorOf(ctx), schema.attachments.enterpriseId);
  const [row] = await ctx.db
    .select()
    .from(schema.attachments)
    .where(and(eq(schema.attachments.id, id), scope))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

export async function listAttachments(
  ctx: Ctx,
  q: { enterpriseId?: number; ids?: string; page: number; pageSize: number },
) {
  const a = schema.attachments;
  const conds: (SQL | undefined)[] = [ctx.scoper.byEnterprise(actorOf(ctx), a.enterpriseId)];
  if (q.enterpriseId) conds.push(eq(a.enterpriseId, q.enterpriseId));
  if (q.ids) conds.push(inArray(a.id, q.ids.split(',').map(Number)));
  const where = and(...conds);
  const [items, [{ n }]] = await Promise.all([
    ctx.db
      .select()
      .from(a)
      .where(where)
      .orderBy(asc(a.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(a).where(where),
  ]);
  return { items: items.map(presentAttachment), total: Number(n) };
}

/**
 * Checks that attachment ids name uploads of this enterprise (a hazard never shows another
 * enterprise's photos); returns the field issues, empty when all is well.
 */
export async function checkAttachmentIds(
  conn: Conn,
  enterpriseId: number,
  ids: number[] | undefined,
  pathPrefix: string,
): Promise<FieldIssue[]> {
  if (!ids || ids.length === 0) return [];
  const found = await conn
    .select({ id: schema.attachments.id })
    .from(schema.attachments)
    .where(and(inArray(schema.attachments.id, ids), eq(schema.attachments.enterpriseId, enterpriseId)));
  const ok = new Set(found.map((r) => r.id));
  return ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !ok.has(id))
    .map(({ id, i }) => ({
      path: `${pathPrefix}.${i}`,
      reason: 'unknown_attachment',
      params: { value: id },
    }));
}

/** Throws a 400 when any attachment id is not this enterprise's. */
export async function assertAttachmentIds(
  conn: Conn,
  enterpriseId: number,
  ids: number[] | undefined,
  pathPrefix = 'attachmentIds',
): Promise<void> {
  const issues = await checkAttachmentIds(conn, enterpriseId, ids, pathPrefix);
  if (issues.length) throw invalid(issues);
}
