import { and, asc, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { ROLE_SCOPE, type Role } from '../../../shared/enums';
import type { UserView } from '../../../shared/schemas/users';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, type FieldIssue, invalid, notFound, staleVersion } from '../../lib/errors';
import { hashPassword } from '../../lib/passwords';
import { likePattern } from '../../lib/sql';
import { assertStrongPassword } from '../auth/service';

type UserRow = typeof schema.users.$inferSelect;

export function presentUser(ctx: Ctx, u: UserRow, enterpriseName: string | null): UserView {
  const now = ctx.clock.now();
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    divisionCode: u.divisionCode,
    departmentCode: u.departmentCode,
    enterpriseId: u.enterpriseId,
    enterpriseName,
    phone: u.phone,
    disabled: u.disabled,
    locked: !!u.lockedUntil && u.lockedUntil > now,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a user: never the password hash. */
function auditView(u: UserRow) {
  const { passwordHash: _p, ...rest } = u;
  return rest;
}

interface ScopeInput {
  divisionCode?: string | null;
  departmentCode?: string | null;
  enterpriseId?: number | null;
}

/**
 * Each role carries exactly the scope field it needs (district → division, department →
 * department, enterprise → enterprise); the others must be empty, so a re-scoped account
 * never keeps a stale scope.
 */
async function checkScope(ctx: Ctx, conn: Conn, role: Role, s: ScopeInput): Promise<FieldIssue[]> {
  const need = ROLE_SCOPE[role];
  const issues: FieldIssue[] = [];
  const fields = [
    ['divisionCode', 'division'],
    ['departmentCode', 'department'],
    ['enterpriseId', 'enterprise'],
  ] as const;
  for (const [field, kind] of fields) {
    const v = s[field];
    if (need === kind && (v === null || v === undefined))
      issues.push({ path: field, reason: 'scope_required' });
    if (need !== kind && v !== null && v !== undefined)
      issues.push({ path: field, reason: 'scope_not_allowed' });
  }
  if (need === 'division' && s.divisionCode && !ctx.tree.get(s.divisionCode)) {
    issues.push({ path: 'divisionCode', reason: 'unknown_division', params: { value: s.divisionCode } });
  }
  if (need === 'department' && s.departmentCode && !ctx.ref.departments.has(s.departmentCode)) {
    issues.push({
      path: 'departmentCode',
      reason: 'unknown_department',
      params: { value: s.departmentCode },
    });
  }
  if (need === 'enterprise' && s.enterpriseId) {
    const [e] = await conn
      .select({ id: schema.enterprises.id })
      .from(schema.enterprises)
      .where(eq(schema.enterprises.id, s.enterpriseId));
    if (!e)
      issues.push({ path: 'enterpriseId', reason: 'unknown_enterprise', params: { value: s.enterpriseId } });
  }
  return issues;
}

function withEnterpriseName(conn: Conn, where: SQL | undefined) {
  return conn
    .select({ u: schema.users, enterpriseName: schema.enterprises.name })
    .from(schema.users)
    .leftJoin(schema.enterprises, eq(schema.users.enterpriseId, schema.enterprises.id))
    .where(where)
    .$dynamic();
}

export async function listUsers(ctx: Ctx, q: { q?: string; role?: Role; page: number; pageSize: number }) {
  const conds: SQL[] = [];
  if (q.q) {
    const p = likePattern(q.q);
    conds.push(or(ilike(schema.users.username, p), ilike(schema.users.displayName, p))!);
  }
  if (q.role) conds.push(eq(schema.users.role, q.role));
  const where = conds.length ? and(...conds) : undefined;
  const [list, [{ n }]] = await Promise.all([
    withEnterpriseName(ctx.db, where)
      .orderBy(asc(schema.users.role), asc(schema.users.username))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(schema.users).where(where),
  ]);
  return { items: list.map((r) => presentUser(ctx, r.u, r.enterpriseName)), total: Number(n) };
}

export async function getUser(ctx: Ctx, id: number) {
  const [r] = await withEnterpriseName(ctx.db, eq(schema.users.id, id));
  if (!r) throw notFound();
  return presentUser(ctx, r.u, r.enterpriseName);
}

export interface NewUser extends ScopeInput {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  phone?: string | null;
}

/** Creates an account (admin page and CLI). An administrator-set first password must be changed at first sign-in. */
export async function createUser(
  ctx: Ctx,
  input: NewUser,
  opts: { passwordHash?: string; mustChangePassword?: boolean } = {},
) {
  if (!opts.passwordHash) assertStrongPassword(input.password);
  const scope = {
    divisionCode: input.divisionCode ?? null,
    departmentCode: input.departmentCode ?? null,
    enterpriseId: input.enterpriseId ?? null,
  };
  const issues = await checkScope(ctx, ctx.db, input.role, scope);
  if (issues.length) throw invalid(issues);
  const passwordHash = opts.passwordHash ?? (await hashPassword(input.password));
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(sql`lower(${schema.users.username}) = lower(${input.username})`);
    if (taken) {
      throw new AppError(409, 'duplicate', { what: input.username }, [
        { path: 'username', reason: 'duplicate_username', params: { value: input.username } },
      ]);
    }
    const [u] = await tx
      .insert(schema.users)
      .values({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        ...scope,
        phone: input.phone ?? null,
        passwordHash,
        passwordChangedAt: now,
        mustChangePassword: opts.mustChangePassword ?? false,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, ctx, { action: 'user.create', entity: 'user', entityId: u.id, after: auditView(u) });
    return u;
  });
}

export interface UserPatch extends ScopeInput {
  version: number;
  displayName?: string;
  role?: Role;
  phone?: string | null;
  disabled?: boolean;
  unlock?: true;
}

/** Edits, disables, unlocks or re-scopes an account; disabling ends its sessions. */
export async function updateUser(ctx: Ctx, id: number, input: UserPatch) {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.select().from(schema.users).where(eq(schema.users.id, id));
    if (!u) throw notFound();
    if (u.version !== input.version) throw staleVersion(u.version);
    if (u.id === actor.id && (input.disabled || (input.role && input.role !== 'admin'))) {
      throw new AppError(409, 'self_lockout');
    }
    const role = input.role ?? u.role;
    const scope = {
      divisionCode: input.divisionCode !== undefined ? input.divisionCode : u.divisionCode,
      departmentCode: input.departmentCode !== undefined ? input.departmentCode : u.departmentCode,
      enterpriseId: input.enterpriseId !== undefined ? input.enterpriseId : u.enterpriseId,
    };
    const issues = await checkScope(ctx, tx, role, scope);
    if (issues.length) throw invalid(issues);
    const [updated] = await tx
      .update(schema.users)
      .set({
        displayName: input.displayName ?? u.displayName,
        role,
        ...scope,
        phone: input.phone !== undefined ? input.phone : u.phone,
        disabled: input.disabled ?? u.disabled,
        ...(input.unlock ? { lockedUntil: null, failedLogins: 0 } : {}),
        version: u.version + 1,
        updatedAt: ctx.clock.now(),
      })
      .where(and(eq(schema.users.id, id), eq(schema.users.version, input.version)))
      .returning();
    if (!updated) throw staleVersion(u.version + 1);
    // A disabled or re-scoped account starts over: its sessions end now.
    if (updated.disabled || updated.role !== u.role || scopeChanged(u, updated)) {
      await tx.delete(schema.sessions).where(eq(schema.sessions.userId, id));
    }
    await audit(tx, ctx, {
      action: 'user.update',
      entity: 'user',
      entityId: id,
      before: auditView(u),
      after: auditView(updated),
    });
    return getUserIn(ctx, tx, id);
  });
}

function scopeChanged(a: UserRow, b: UserRow) {
  return (
    a.divisionCode !== b.divisionCode ||
    a.departmentCode !== b.departmentCode ||
    a.enterpriseId !== b.enterpriseId
  );
}

async function getUserIn(ctx: Ctx, conn: Conn, id: number) {
  const [r] = await withEnterpriseName(conn, eq(schema.users.id, id));
  return presentUser(ctx, r.u, r.enterpriseName);
}

/** Sets a new password for an account; the user must change it at next sign-in, sessions end. */
export async function resetPassword(
  ctx: Ctx,
  id: number,
  password: string,
  opts: { mustChange?: boolean } = {},
) {
  assertStrongPassword(password);
  const hash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.select().from(schema.users).where(eq(schema.users.id, id));
    if (!u) throw notFound();
    await tx
      .update(schema.users)
      .set({
        passwordHash: hash,
        passwordChangedAt: ctx.clock.now(),
        mustChangePassword: opts.mustChange ?? true,
        failedLogins: 0,
        lockedUntil: null,
        version: u.version + 1,
        updatedAt: ctx.clock.now(),
      })
      .where(eq(schema.users.id, id));
    await tx.delete(schema.sessions).where(eq(schema.sessions.userId, id));
    await audit(tx, ctx, { action: 'user.reset_password', entity: 'user', entityId: id });
    return getUserIn(ctx, tx, id);
  });
}

/** A minimal enterprise lookup for the admin's account form (no business data beyond the name). */
export async function enterpriseOptions(ctx: Ctx, q: string | undefined) {
  const e = schema.enterprises;
  return ctx.db
    .select({ id: e.id, name: e.name, uscc: e.uscc, divisionCode: e.divisionCode })
    .from(e)
    .where(q ? sql`${e.searchText} like ${likePattern(q)}` : undefined)
    .orderBy(asc(e.name))
    .limit(20);
}
