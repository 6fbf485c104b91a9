import { createHash, randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { abilitiesOf } from '../../../shared/access';
import type { Locale } from '../../../shared/enums';
import { isStrongPassword } from '../../../shared/password';
import type { Me } from '../../../shared/schemas/auth';
import { type Db, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import type { Actor, Ctx } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { burnVerify, hashPassword, verifyPassword } from '../../lib/passwords';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Sessions and API tokens are touched at most this often, so reads do not each cost a write. */
export const TOUCH_EVERY_MS = 60_000;

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = (bytes = 32) => randomBytes(bytes).toString('base64url');

type UserRow = typeof schema.users.$inferSelect;

/** The actor a user row acts as. */
export function toActor(u: UserRow, via: Actor['via'], extra: Partial<Actor> = {}): Actor {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    divisionCode: u.divisionCode,
    departmentCode: u.departmentCode,
    enterpriseId: u.enterpriseId,
    locale: u.locale,
    mustChangePassword: u.mustChangePassword,
    via,
    ...extra,
  };
}

/** The `/api/me` view of an actor. */
export function presentMe(ctx: Ctx, actor: Actor): Me {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    divisionCode: actor.divisionCode,
    departmentCode: actor.departmentCode,
    enterpriseId: actor.enterpriseId,
    locale: actor.locale,
    abilities: abilitiesOf(actor.role),
    mustChangePassword: actor.mustChangePassword ?? false,
    csrfToken: actor.csrfToken ?? null,
    today: ctx.clock.today(),
    now: ctx.clock.now().toISOString(),
  };
}

export function assertStrongPassword(pw: string, path = 'password'): void {
  if (!isStrongPassword(pw)) {
    throw new AppError(400, 'weak_password', undefined, [{ path, reason: 'weak_password' }]);
  }
}

/**
 * Checks a username and password. Five failures in a row lock the account for 15 minutes
 * (by the scenario clock); while locked even the right password is refused with 423.
 * Every attempt, good or bad, is audited.
 */
export async function login(
  ctx: Ctx,
  input: { username: string; password: string },
  meta: { userAgent: string | null },
): Promise<{ cookieValue: string; actor: Actor }> {
  const { db, clock } = ctx;
  const now = clock.now();
  const [user] = await db
    .select()
    .from(schema.users)
    .where(sql`lower(${schema.users.username}) = lower(${input.username})`)
    .limit(1);
  if (!user) {
    await burnVerify(input.password);
    await db.transaction((tx) =>
      audit(tx, ctx, {
        action: 'auth.login_failed',
        entity: 'user',
        after: { username: input.username, reason: 'unknown_user' },
      }),
    );
    throw new AppError(401, 'invalid_credentials');
  }
  ctx.actor = toActor(user, 'session');
  const refuse = async (why: 'locked' | 'disabled') => {
    await db.transaction((tx) =>
      audit(tx, ctx, {
        action: 'auth.login_refused',
        entity: 'user',
        entityId: user.id,
        after: { reason: why },
      }),
    );
  };
  const lockedError = (until: Date) =>
    new AppError(423, 'account_locked', { until: fmtShanghai(until) }, { lockedUntil: until.toISOString() });
  if (user.lockedUntil && user.lockedUntil > now) {
    await burnVerify(input.password);
    await refuse('locked');
    throw lockedError(user.lockedUntil);
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    // Count under a row lock, so a burst of parallel guesses is counted in full.
    const lockedUntil = await db.transaction(async (tx) => {
      const [cur] = await tx.select().from(schema.users).where(eq(schema.users.id, user.id)).for('update');
      if (cur.lockedUntil && cur.lockedUntil > now) return cur.lockedUntil;
      const failures = (cur.lockedUntil ? 0 : cur.failedLogins) + 1;
      const until = failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
      await tx
        .update(schema.users)
        .set({ failedLogins: until ? 0 : failures, lockedUntil: until })
        .where(eq(schema.users.id, user.id));
      await audit(tx, ctx, {
        action: until ? 'auth.locked' : 'auth.login_failed',
        entity: 'user',
        entityId: user.id,
        after: { failures, lockedUntil: until },
      });
      return until;
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw new AppError(401, 'invalid_credentials');
  }
  if (user.disabled) {
    await refuse('disabled');
    throw new AppError(403, 'account_disabled');
  }

  const cookieValue = token();
  const csrfToken = token(24);
  const sessionId = sha256(cookieValue);
  const actor = toActor(user, 'session', { sessionId, csrfToken });
  await db.transaction(async (tx) => {
    await tx
      .update(schema.users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
      .where(eq(schema.users.id, user.id));
    await tx.insert(schema.sessions).values({
      id: sessionId,
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      ip: ctx.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    ctx.actor = actor;
    await audit(tx, ctx, { action: 'auth.login', entity: 'user', entityId: user.id });
  });
  return { cookieValue, actor };
}

export async function logout(ctx: Ctx, actor: Actor): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (actor.sessionId) await tx.delete(schema.sessions).where(eq(schema.sessions.id, actor.sessionId));
    await audit(tx, ctx, { action: 'auth.logout', entity: 'user', entityId: actor.id });
  });
}

function fmtShanghai(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export type Resolution = { actor: Actor } | { error: 'session_expired' | 'unauthenticated' } | null;

/** Finds the actor of a session cookie, enforcing idle and absolute expiry. */
export async function resolveSession(
  db: Db,
  now: Date,
  cookieValue: string,
  policy: SessionPolicy,
): Promise<Resolution> {
  const id = sha256(cookieValue);
  const [row] = await db
    .select({ s: schema.sessions, u: schema.users })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.sessions.userId, schema.users.id))
    .where(eq(schema.sessions.id, id))
    .limit(1);
  if (!row) return { error: 'unauthenticated' };
  const idleMs = policy.idleMinutes * 60_000;
  const absMs = policy.absoluteHours * 3600_000;
  const expired =
    now.getTime() - row.s.lastSeenAt.getTime() > idleMs || now.getTime() - row.s.createdAt.getTime() > absMs;
  if (expired || row.u.disabled) {
    await db.delete(schema.sessions).where(eq(schema.sessions.id, id));
    return { error: expired ? 'session_expired' : 'unauthenticated' };
  }
  if (now.getTime() - row.s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(schema.sessions).set({ lastSeenAt: now }).where(eq(schema.sessions.id, id));
  }
  return { actor: toActor(row.u, 'session', { sessionId: id, csrfToken: row.s.csrfToken }) };
}

export async function setLocale(ctx: Ctx, actor: Actor, locale: Locale): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.update(schema.users).set({ locale }).where(eq(schema.users.id, actor.id));
    await audit(tx, ctx, {
      action: 'user.preferences',
      entity: 'user',
      entityId: actor.id,
      before: { locale: actor.locale },
      after: { locale },
    });
  });
}

/** Changes one's own password; other sessions of the user end, this one stays. */
export async function changeOwnPassword(
  ctx: Ctx,
  actor: Actor,
  current: string,
  next: string,
): Promise<void> {
  const [user] = await ctx.db.select().from(schema.users).where(eq(schema.users.id, actor.id));
  if (!(await verifyPassword(user.passwordHash, current))) {
    throw new AppError(400, 'invalid_credentials', undefined, [
      { path: 'currentPassword', reason: 'invalid_credentials' },
    ]);
  }
  assertStrongPassword(next, 'newPassword');
  const hash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(schema.users)
      .set({ passwordHash: hash, passwordChangedAt: ctx.clock.now(), mustChangePassword: false })
      .where(eq(schema.users.id, actor.id));
    await tx
      .delete(schema.sessions)
      .where(
        and(eq(schema.sessions.userId, actor.id), sql`${schema.sessions.id} <> ${actor.sessionId ?? ''}`),
      );
    await audit(tx, ctx, { action: 'user.password_changed', entity: 'user', entityId: actor.id });
  });
}

type TokenRow = typeof schema.apiTokens.$inferSelect;
export function presentToken(t: TokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export async function listTokens(ctx: Ctx, actor: Actor) {
  const list = await ctx.db.select().from(schema.apiTokens).where(eq(schema.apiTokens.userId, actor.id));
  return list.map(presentToken);
}

/** Creates a personal API token; its plaintext is returned once and never stored. */
export async function createToken(ctx: Ctx, actor: Actor, input: { name: string; expiresInDays?: number }) {
  const secret = `tc_${token(30)}`;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.apiTokens)
      .values({
        userId: actor.id,
        name: input.name,
        tokenHash: sha256(secret),
        prefix: secret.slice(0, 8),
        createdAt: now,
        expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'token.create',
      entity: 'api_token',
      entityId: row.id,
      after: presentToken(row),
    });
    return { ...presentToken(row), token: secret };
  });
}

export async function revokeToken(ctx: Ctx, actor: Actor, id: number) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(schema.apiTokens)
      .where(and(eq(schema.apiTokens.id, id), eq(schema.apiTokens.userId, actor.id)));
    if (!row) throw new AppError(404, 'not_found');
    if (row.revokedAt) return presentToken(row);
    const [updated] = await tx
      .update(schema.apiTokens)
      .set({ revokedAt: ctx.clock.now() })
      .where(eq(schema.apiTokens.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'token.revoke',
      entity: 'api_token',
      entityId: id,
      before: presentToken(row),
      after: presentToken(updated),
    });
    return presentToken(updated);
  });
}
