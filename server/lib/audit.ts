import { createHash } from 'node:crypto';
import { and, asc, desc, gt, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { type Conn, rows, schema } from '../db/client';
import { inChunks } from './chunks';
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
 * Appends entries to the audit log inside the caller's transaction: one INSERT, no lock. The
 * entries commit or roll back with the work they describe; the sealer links them into the hash
 * chain right after the commit (`sealAuditChain`), so writers never queue behind each other.
 */
export async function audit(tx: Conn, ctx: Ctx, entries: AuditInput | AuditInput[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const at = ctx.clock.now();
  const rowsToInsert = list.map((e) => auditRow(ctx, e, at));
  await inChunks(rowsToInsert, async (part) => {
    await tx.insert(schema.auditLog).values(part);
  });
  ctx.audited = true;
  if (list.some((e) => ACCOUNT_ENTITIES.has(e.entity))) ctx.accountsChanged = true;
}

/** Entities whose change can change who a token or session acts as (see auth/tokens.ts). */
const ACCOUNT_ENTITIES = new Set(['user', 'api_token']);

/** The audit_log row of one entry by the context's actor (unsealed). */
export function auditRow(ctx: Ctx, e: AuditInput, at = ctx.clock.now()) {
  return {
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
}

/** The columns of an entry as SQL expressions, for an entry written inside a larger statement. */
export interface AuditColumnsSql {
  at: SQL;
  actorId: SQL;
  actorUsername: SQL;
  actorRole: SQL;
  action: SQL;
  entity: SQL;
  entityId: SQL;
  before?: SQL;
  after: SQL;
  ip: SQL;
}

/** One entry by the context's actor (as audit() would write it) as constant SQL columns. */
export function auditColumnsOf(ctx: Ctx, e: AuditInput, at = ctx.clock.now()): AuditColumnsSql {
  const row = auditRow(ctx, e, at);
  const json = (v: unknown) => (v === null ? sql`null::jsonb` : sql`${JSON.stringify(v)}::jsonb`);
  return {
    at: sql`${row.at.toISOString()}::timestamptz`,
    actorId: sql`${row.actorId}::int`,
    actorUsername: sql`${row.actorUsername}::text`,
    actorRole: sql`${row.actorRole}::text`,
    action: sql`${row.action}::text`,
    entity: sql`${row.entity}::text`,
    entityId: sql`${row.entityId}::text`,
    before: json(row.before),
    after: json(row.after),
    ip: sql`${row.ip}::text`,
  };
}

/**
 * SQL appending one unsealed entry per row of `from` — a CTE of the same statement, so the entries
 * exist exactly when the write did — for a write done in one statement. The caller sets
 * `ctx.audited` once the statement has run.
 */
export function auditInsertSql(c: AuditColumnsSql, from: SQL): SQL {
  return sql`insert into ${schema.auditLog} (at, actor_id, actor_username, actor_role, action, entity, entity_id, before, after, ip)
    select ${c.at}, ${c.actorId}, ${c.actorUsername}, ${c.actorRole}, ${c.action}, ${c.entity}, ${c.entityId},
      ${c.before ?? sql`null::jsonb`}, ${c.after}, ${c.ip}
    from ${from}`;
}

const SEAL_BATCH = 2000;
/** Entries hashed between two turns of the event loop. */
const SEAL_SLICE = 100;

/** The hashed fields of a stored entry. */
function fieldsOf(r: typeof schema.auditLog.$inferSelect): ChainFields {
  return {
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
  };
}

/** One sealing transaction: null when another sealer holds the chain (and `wait` is off). */
async function sealBatch(db: Conn, wait: boolean): Promise<number | null> {
  const a = schema.auditLog;
  // READ COMMITTED whatever the database default: the reads below must see every commit made
  // before the lock was granted.
  return db.transaction(
    async (tx) => {
      if (wait) await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
      else {
        const [lock] = await rows<{ got: boolean }>(
          tx,
          sql`select pg_try_advisory_xact_lock(${CHAIN_LOCK}) as got`,
        );
        if (!lock?.got) return null;
      }
      const pending = await tx.select().from(a).where(isNull(a.hash)).orderBy(asc(a.id)).limit(SEAL_BATCH);
      if (pending.length === 0) return 0;
      const [last] = await tx
        .select({ seq: a.seq, hash: a.hash })
        .from(a)
        .where(isNotNull(a.seq))
        .orderBy(desc(a.seq))
        .limit(1);
      let prev = last?.hash ?? GENESIS;
      let seq = last?.seq ?? 0;
      const ids: number[] = [];
      const seqs: number[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const [i, r] of pending.entries()) {
        // Hashing is the sealer's CPU work: let waiting requests run between slices of it.
        if (i > 0 && i % SEAL_SLICE === 0) await new Promise((done) => setImmediate(done));
        seq += 1;
        const hash = entryHash(prev, fieldsOf(r));
        ids.push(r.id);
        seqs.push(seq);
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      // Four array parameters, however many entries: building and sending the statement stays cheap.
      await tx.execute(sql`update ${a} set seq = v.seq, prev_hash = v.prev, hash = v.hash
        from (select unnest(${sql.param(ids)}::bigint[]) as id, unnest(${sql.param(seqs)}::bigint[]) as seq,
          unnest(${sql.param(prevs)}::text[]) as prev, unnest(${sql.param(hashes)}::text[]) as hash) as v
        where ${a.id} = v.id`);
      return pending.length;
    },
    { isolationLevel: 'read committed' },
  );
}

/**
 * Links every committed, unsealed entry into the chain in id order, in batches, under the chain
 * lock (one sealer at a time across all server instances). Without `wait` it gives way when
 * another sealer is at work (`busy`): that one carries on until nothing is left.
 */
export async function sealAuditChain(
  db: Conn,
  opts: { wait?: boolean } = {},
): Promise<{ sealed: number; busy: boolean }> {
  let sealed = 0;
  for (;;) {
    const n = await sealBatch(db, opts.wait ?? false);
    if (n === null) return { sealed, busy: true };
    sealed += n;
    if (n < SEAL_BATCH) return { sealed, busy: false };
  }
}

export interface AuditSealer {
  /** Seal soon: called after a request that wrote audit entries has been answered. */
  kick(): void;
  /** Stops the timer and seals what is pending. */
  close(): Promise<void>;
}

/**
 * Seals in the background: right after each audited request (coalesced: one run at a time, and
 * never sooner than `gapMs` after the previous run began: a kick meanwhile runs once, then) and
 * every `intervalMs`, which also picks up entries written by other instances, CLI commands or a
 * process killed before its sealer ran. The gap makes a busy server seal in batches (each run is a
 * transaction and a commit of its own) instead of one run per request, whether requests overlap a
 * run or come one after another between runs; an entry waits at most about that long.
 */
export function createAuditSealer(
  db: Conn,
  log?: FastifyBaseLogger,
  intervalMs = 1000,
  gapMs = 100,
): AuditSealer {
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  // When the last run began (monotonic), and the timer of a kick that came sooner than the gap after it.
  let lastBegan = Number.NEGATIVE_INFINITY;
  let deferred: NodeJS.Timeout | null = null;
  const loop = async () => {
    if (deferred) {
      clearTimeout(deferred);
      deferred = null;
    }
    do {
      again = false;
      const began = performance.now();
      lastBegan = began;
      try {
        const r = await sealAuditChain(db);
        if (r.busy && !closed && !retry) {
          // Another instance is sealing; look again shortly for entries it may have missed.
          retry = setTimeout(() => {
            retry = null;
            kick();
          }, 50);
          retry.unref();
        }
      } catch (err) {
        log?.warn({ err }, 'sealing the audit chain failed; will retry');
      }
      const wait = gapMs - (performance.now() - began);
      if (again && !closed && wait > 0) await new Promise((r) => setTimeout(r, wait));
    } while (again && !closed);
  };
  const kick = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    const wait = gapMs - (performance.now() - lastBegan);
    if (wait > 0) {
      if (!deferred) {
        deferred = setTimeout(
          () => {
            deferred = null;
            kick();
          },
          Math.min(wait, gapMs),
        );
        deferred.unref();
      }
      return;
    }
    running = loop().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(kick, intervalMs);
  timer.unref();
  return {
    kick,
    async close() {
      closed = true;
      clearInterval(timer);
      if (retry) clearTimeout(retry);
      if (deferred) clearTimeout(deferred);
      await running;
      await sealAuditChain(db).catch((err) => log?.warn({ err }, 'sealing the audit chain at close failed'));
    },
  };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId: number | null;
  reason: string | null;
}

/**
 * Seals what is pending (waiting for a sealer at work), then walks the whole chain in seq order;
 * reports the first entry whose content or link does not match.
 */
export async function verifyAuditChain(
  conn: Conn,
  onProgress?: (checked: number) => void,
): Promise<VerifyResult> {
  await sealAuditChain(conn, { wait: true });
  const a = schema.auditLog;
  let prev = GENESIS;
  let lastSeq: number | null = null;
  let checked = 0;
  for (;;) {
    const batch = await conn
      .select()
      .from(a)
      .where(lastSeq === null ? isNotNull(a.seq) : gt(a.seq, lastSeq))
      .orderBy(asc(a.seq))
      .limit(2000);
    if (batch.length === 0) {
      // Every entry carrying a link must be in the walked chain: one written with its own hash
      // (the insert guard bypassed) would otherwise go unchecked.
      const [outside] = await conn
        .select({ id: a.id })
        .from(a)
        .where(and(isNull(a.seq), or(isNotNull(a.hash), isNotNull(a.prevHash))))
        .orderBy(asc(a.id))
        .limit(1);
      if (outside) return { ok: false, checked, firstBadId: outside.id, reason: 'broken_link' };
      return { ok: true, checked, firstBadId: null, reason: null };
    }
    for (const r of batch) {
      if (r.prevHash !== prev) return { ok: false, checked, firstBadId: r.id, reason: 'broken_link' };
      const h = entryHash(prev, fieldsOf(r));
      if (h !== r.hash) return { ok: false, checked, firstBadId: r.id, reason: 'content_altered' };
      prev = r.hash ?? '';
      lastSeq = r.seq;
      checked++;
    }
    onProgress?.(checked);
  }
}
