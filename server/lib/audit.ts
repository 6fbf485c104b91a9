import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import { type Conn, schema } from '../db/client';
import type { Ctx } from './context';

export interface AuditInput {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

const GENESIS = '0'.repeat(64);
const CHAIN_LOCK = 20200211;

/** JSON with sorted keys, so the hash does not depend on how jsonb reorders them. */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Plain JSON (dates as ISO strings), as jsonb will give it back. */
function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

interface ChainFields {
  at: Date;
  actorId: number | null;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

/** The hash of one entry given the previous entry's hash. */
export function entryHash(prevHash: string, e: ChainFields): string {
  const body = canonical({ ...e, at: e.at.toISOString() });
  return createHash('sha256').update(`${prevHash}|${body}`).digest('hex');
}

/**
 * Appends entries to the audit log inside the caller's transaction. The chain lock is held until
 * that transaction commits, so entries are chained in commit order; call it as the last step.
 */
export async function audit(tx: Conn, ctx: Ctx, entries: AuditInput | AuditInput[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx
    .select({ hash: schema.auditLog.hash })
    .from(schema.auditLog)
    .orderBy(desc(schema.auditLog.id))
    .limit(1);
  let prev = last?.hash ?? GENESIS;
  const at = ctx.clock.now();
  const rowsToInsert = list.map((e) => {
    const fields: ChainFields = {
      at,
      actorId: ctx.actor?.id ?? null,
      actorUsername: ctx.actor?.username ?? null,
      actorRole: ctx.actor?.role ?? null,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      before: plain(e.before),
      after: plain(e.after),
      ip: ctx.ip,
    };
    const hash = entryHash(prev, fields);
    const row = { ...fields, prevHash: prev, hash };
    prev = hash;
    return row;
  });
  for (let i = 0; i < rowsToInsert.length; i += 1000) {
    await tx.insert(schema.auditLog).values(rowsToInsert.slice(i, i + 1000));
  }
  ctx.audited = true;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId: number | null;
  reason: string | null;
}

/** Walks the whole chain; reports the first entry whose content or link does not match. */
export async function verifyAuditChain(
  conn: Conn,
  onProgress?: (checked: number) => void,
): Promise<VerifyResult> {
  let prev = GENESIS;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const batch = await conn
      .select()
      .from(schema.auditLog)
      .where(gt(schema.auditLog.id, lastId))
      .orderBy(asc(schema.auditLog.id))
      .limit(2000);
    if (batch.length === 0) return { ok: true, checked, firstBadId: null, reason: null };
    for (const r of batch) {
      if (r.prevHash !== prev) return { ok: false, checked, firstBadId: r.id, reason: 'broken_link' };
      const h = entryHash(prev, {
        at: r.at,
        actorId: r.actorId,
        actorUsername: r.actorUsername,
        actorRole: r.actorRole,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        before: r.before,
        after: r.after,
        ip: r.ip,
      });
      if (h !== r.hash) return { ok: false, checked, firstBadId: r.id, reason: 'content_altered' };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
    onProgress?.(checked);
  }
}
