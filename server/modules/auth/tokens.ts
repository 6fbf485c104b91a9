import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { type Database, schema } from '../../db/client';
import { listen } from '../../db/listen';
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
 * `last_used_at` is still written (at most once a minute per token), the writes of requests that
 * arrive together in one statement.
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
  const lookup = db
    .select({ t: schema.apiTokens, u: schema.users })
    .from(schema.apiTokens)
    .innerJoin(schema.users, eq(schema.apiTokens.userId, schema.users.id))
    .where(and(eq(schema.apiTokens.tokenHash, sql.placeholder('hash')), isNull(schema.apiTokens.revokedAt)))
    .limit(1)
    .prepare('tongchou_token_lookup');
  const touch = createToucher(database);

  return {
    async resolve(now, bearer) {
      const hash = sha256(bearer);
      let entry = listening ? cache.get(hash) : undefined;
      if (entry) hits++;
      else {
        misses++;
        const seen = generation;
        const [row] = await lookup.execute({ hash });
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
        await touch(entry.tokenId, now);
      }
      return { actor: toActor(entry.user, 'token') };
    },
    forget,
    stats: () => ({ cached: cache.size, hits, misses, notices, listening }),
    close: () => listener.close(),
  };
}

/**
 * Sets tokens' `last_used_at`: the touches requested while one statement runs go together in the
 * next, so a burst of first uses costs a few statements, not one each. Resolves when the caller's
 * touch is written.
 */
function createToucher(database: Database) {
  let pending = new Map<number, Date>();
  let waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const t = schema.apiTokens;
  const run = async () => {
    running = true;
    while (pending.size) {
      const batch = pending;
      const waiters = waiting;
      pending = new Map();
      waiting = [];
      try {
        await database.db.execute(
          sql`update ${t} set last_used_at = v.at
            from (select unnest(${`{${[...batch.keys()].join(',')}}`}::int[]) as id,
              unnest(${`{${[...batch.values()].map((d) => `"${d.toISOString()}"`).join(',')}}`}::timestamptz[]) as at) v
            where ${t.id} = v.id`,
        );
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
    running = false;
  };
  return (tokenId: number, at: Date) =>
    new Promise<void>((resolve, reject) => {
      pending.set(tokenId, at);
      waiting.push({ resolve, reject });
      if (!running) void run();
    });
}
