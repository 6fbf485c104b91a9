import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { type Database, schema } from '../../db/client';
import { listen } from '../../db/listen';
import { createBatcher } from '../../lib/batch';
import { type Resolution, sha256, TOUCH_EVERY_MS, toActor } from './service';

/**
 * The channel the database announces account changes on: triggers on `users` and `api_tokens`
 * (migration 0007) notify it when a change can alter whom a token acts as (revoked, expired,
 * disabled, another role, division, enterprise, name, language…), whoever made it: this
 * instance, another one, or the CLI. Sign-in bookkeeping and `last_used_at` do not notify.
 */
export const ACCOUNTS_CHANNEL = 'tongchou_accounts';
/** Cached tokens beyond this: the cache starts over (a bound on memory, not a policy). */
const MAX_CACHED = 100_000;

type UserRow = typeof schema.users.$inferSelect;

interface CachedToken {
  user: UserRow;
  tokenId: number;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export interface TokenResolver {
  /** The actor of a Bearer token; revoked, expired or disabled owners get nothing. */
  resolve(now: Date, bearer: string): Promise<Resolution>;
  /** Forgets every cached token (a change to users or tokens has committed). */
  forget(): void;
  /** For tests and health: how the cache is doing. */
  stats(): { cached: number; hits: number; misses: number; notices: number; listening: boolean };
  close(): Promise<void>;
}

/**
 * Resolves Bearer tokens, the look-up every API request of an integrator starts with, from a
 * per-instance cache of token → owner. A cached token is as current as the database: the cache is
 * used only while this instance LISTENs on ACCOUNTS_CHANNEL, is emptied on every notice, when the
 * listening connection drops and again when it is back (notices may have been missed), and by
 * this instance itself as soon as one of its requests changed a user or a token (before that
 * request's answer is sent). A look-up that began before a change is not cached.
 *
 * Look-ups that miss the cache and `last_used_at` writes (at most once a minute per token) of
 * requests that arrive together go in one statement each.
 */
export function createTokenResolver(database: Database, log?: FastifyBaseLogger): TokenResolver {
  const db = database.db;
  const cache = new Map<string, CachedToken>();
  let generation = 0;
  let listening = false;
  let hits = 0;
  let misses = 0;
  let notices = 0;
  const forget = () => {
    generation++;
    cache.clear();
  };
  const listener = listen(
    database,
    ACCOUNTS_CHANNEL,
    {
      onNotify: () => {
        notices++;
        forget();
      },
      onUp: () => {
        forget();
        listening = true;
      },
      onDown: () => {
        listening = false;
        forget();
      },
    },
    log,
  );
  const t = schema.apiTokens;
  // Look-ups of tokens not cached (and first uses) of requests that arrive together: one statement.
  const lookupMany = db
    .select({ t, u: schema.users })
    .from(t)
    .innerJoin(schema.users, eq(t.userId, schema.users.id))
    .where(and(sql`${t.tokenHash} = any(${sql.placeholder('hashes')}::text[])`, isNull(t.revokedAt)))
    .prepare('tongchou_token_lookup');
  const lookup = createBatcher(async (hashes: string[]) => {
    const found = new Map((await lookupMany.execute({ hashes })).map((row) => [row.t.tokenHash, row]));
    return hashes.map((h) => found.get(h));
  });
  const touch = createBatcher(
    async (uses: { id: number; at: Date }[]) => {
      await db.execute(
        sql`update ${t} set last_used_at = v.at
          from (select unnest(${sql.param(uses.map((u) => u.id))}::int[]) as id,
            unnest(${sql.param(uses.map((u) => u.at.toISOString()))}::timestamptz[]) as at) v
          where ${t.id} = v.id`,
      );
      return uses.map(() => undefined);
    },
    { max: 1000 },
  );

  return {
    async resolve(now, bearer) {
      const hash = sha256(bearer);
      let entry = listening ? cache.get(hash) : undefined;
      if (entry) hits++;
      else {
        misses++;
        const seen = generation;
        const row = await lookup(hash);
        if (!row) return { error: 'unauthenticated' };
        entry = { user: row.u, tokenId: row.t.id, expiresAt: row.t.expiresAt, lastUsedAt: row.t.lastUsedAt };
        if (listening && seen === generation) {
          if (cache.size >= MAX_CACHED) cache.clear();
          cache.set(hash, entry);
        }
      }
      if (entry.user.disabled || (entry.expiresAt && entry.expiresAt <= now))
        return { error: 'unauthenticated' };
      if (!entry.lastUsedAt || now.getTime() - entry.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
        entry.lastUsedAt = now;
        await touch({ id: entry.tokenId, at: now });
      }
      return { actor: toActor(entry.user, 'token') };
    },
    forget,
    stats: () => ({ cached: cache.size, hits, misses, notices, listening }),
    close: () => listener.close(),
  };
}
