import { and, asc, count, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { can } from '../../../shared/access';
import type {
  IncompleteQuery,
  RESPONSIBILITY_LEVELS,
  ResponsibilityInput,
  ResponsibilityView,
} from '../../../shared/schemas/safety';
import { findScopedEnterprise } from '../../access/scope';
import { schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { forbidden, invalid, staleVersion } from '../../lib/errors';
import { maskPhone } from '../enterprises/service';
import { divisionCondition } from '../hazards/service';

type Level = (typeof RESPONSIBILITY_LEVELS)[number];
type Row = typeof schema.enterpriseResponsibilities.$inferSelect;
type EnterpriseRow = typeof schema.enterprises.$inferSelect;

const r = schema.enterpriseResponsibilities;
const e = schema.enterprises;

/**
 * The department usually in charge of an enterprise (部门管理责任): emergency management for
 * hazardous chemicals, industry for mining/manufacturing/utilities, health for health care,
 * commerce for trade and catering, market regulation otherwise.
 */
export function suggestedDepartment(
  ctx: Ctx,
  ent: Pick<EnterpriseRow, 'industryCode' | 'hazardousChemicals'>,
) {
  if (ent.hazardousChemicals) return 'emergency';
  const section = ctx.ref.industries.get(ent.industryCode)?.section ?? '';
  if (['B', 'C', 'D'].includes(section)) return 'industry';
  if (section === 'Q') return 'health';
  if (['F', 'H'].includes(section)) return 'commerce';
  return 'market';
}

/** Which of the four levels are not yet named. */
function missingLevels(row: Row | null | undefined): Level[] {
  const out: Level[] = [];
  if (!row?.districtContactName.trim()) out.push('territorial');
  if (!row?.principalName.trim()) out.push('principal');
  if (!row?.departmentCode) out.push('departmental');
  if (!row || row.posts.filter((p) => p.post.trim() && p.person.trim()).length === 0) out.push('post');
  return out;
}

function present(ctx: Ctx, ent: EnterpriseRow, row: Row | null | undefined): ResponsibilityView {
  const actor = actorOf(ctx);
  const showPhone = can(actor.role, 'enterprise.viewPhone');
  const phone = (p: string) => (showPhone ? p : maskPhone(p));
  const en = ctx.locale === 'en';
  const dep = row?.departmentCode ? ctx.ref.departments.get(row.departmentCode) : undefined;
  const missing = missingLevels(row);
  const abilities: string[] = [];
  if (can(actor.role, 'responsibility.update')) abilities.push('responsibility.update');
  return {
    enterpriseId: ent.id,
    enterpriseName: ent.name,
    divisionCode: ent.divisionCode,
    divisionName: ctx.tree.name(ent.divisionCode, ctx.locale) ?? ent.divisionCode,
    districtContact: { name: row?.districtContactName ?? '', phone: phone(row?.districtContactPhone ?? '') },
    principal: {
      name: row?.principalName ?? '',
      title: row?.principalTitle ?? '',
      phone: phone(row?.principalPhone ?? ''),
    },
    department: {
      code: row?.departmentCode ?? null,
      name: dep ? (en ? dep.nameEn : dep.name) : null,
      contactName: row?.departmentContactName ?? '',
      suggestedCode: suggestedDepartment(ctx, ent),
    },
    posts: (row?.posts ?? []).map((p) => ({ post: p.post, person: p.person, phone: phone(p.phone) })),
    complete: missing.length === 0,
    missing,
    phoneMasked: !showPhone,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    abilities,
  };
}

export async function getResponsibility(ctx: Ctx, enterpriseId: number) {
  const ent = await findScopedEnterprise(ctx.db, ctx.scoper, actorOf(ctx), enterpriseId);
  const [row] = await ctx.db.select().from(r).where(eq(r.enterpriseId, ent.id));
  return present(ctx, ent, row);
}

/**
 * Replaces an enterprise's responsibility matrix. The enterprise itself names its principal and
 * posts; the territorial and departmental levels are the district's and HQ's to set (403 if an
 * enterprise account tries to change them).
 */
export async function putResponsibility(ctx: Ctx, enterpriseId: number, input: ResponsibilityInput) {
  const actor = actorOf(ctx);
  if (input.departmentCode && !ctx.ref.departments.has(input.departmentCode)) {
    throw invalid([
      { path: 'departmentCode', reason: 'unknown_department', params: { value: input.departmentCode } },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    const ent = await findScopedEnterprise(tx, ctx.scoper, actor, enterpriseId);
    const [row] = await tx.select().from(r).where(eq(r.enterpriseId, ent.id)).for('update');
    const current = row?.version ?? 0;
    if (current !== input.version) throw staleVersion(current);
    const next = {
      districtContactName: input.districtContact.name,
      districtContactPhone: input.districtContact.phone ?? '',
      principalName: input.principal.name,
      principalTitle: input.principal.title ?? '',
      principalPhone: input.principal.phone ?? '',
      departmentCode: input.departmentCode,
      departmentContactName: input.departmentContactName ?? '',
      posts: input.posts.map((p) => ({ post: p.post, person: p.person, phone: p.phone ?? '' })),
    };
    if (!can(actor.role, 'responsibility.assignOfficials')) {
      const was = {
        districtContactName: row?.districtContactName ?? '',
        districtContactPhone: row?.districtContactPhone ?? '',
        departmentCode: row?.departmentCode ?? null,
        departmentContactName: row?.departmentContactName ?? '',
      };
      for (const k of Object.keys(was) as (keyof typeof was)[]) if (was[k] !== next[k]) throw forbidden();
    }
    const now = ctx.clock.now();
    const [saved] = row
      ? await tx
          .update(r)
          .set({ ...next, version: current + 1, updatedBy: actor.id, updatedAt: now })
          .where(and(eq(r.enterpriseId, ent.id), eq(r.version, current)))
          .returning()
      : await tx
          .insert(r)
          .values({ enterpriseId: ent.id, ...next, version: 1, updatedBy: actor.id, updatedAt: now })
          .returning();
    if (!saved) throw staleVersion(current + 1);
    await audit(tx, ctx, {
      action: 'responsibility.update',
      entity: 'enterprise_responsibility',
      entityId: ent.id,
      before: row ?? null,
      after: saved,
    });
    return present(ctx, ent, saved);
  });
}

const blank = (col: AnyPgColumn) => sql`coalesce(trim(${col}), '') = ''`;
const MISSING: Record<Level, SQL> = {
  territorial: blank(r.districtContactName),
  principal: blank(r.principalName),
  departmental: sql`${r.departmentCode} is null`,
  post: sql`coalesce(jsonb_array_length(${r.posts}), 0) = 0`,
};

/** Active enterprises in scope whose matrix lacks at least one level (or the one asked for). */
export async function listIncomplete(ctx: Ctx, q: IncompleteQuery) {
  const incomplete = q.missing ? MISSING[q.missing] : or(...Object.values(MISSING));
  const where = and(
    ctx.scoper.enterprises(actorOf(ctx)),
    isNull(e.archivedAt),
    q.division ? divisionCondition(ctx, q.division) : undefined,
    incomplete,
  );
  const [rowsOut, [{ n }]] = await Promise.all([
    ctx.db
      .select({ e, r })
      .from(e)
      .leftJoin(r, eq(r.enterpriseId, e.id))
      .where(where)
      .orderBy(asc(e.divisionCode), asc(e.name), asc(e.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(e).leftJoin(r, eq(r.enterpriseId, e.id)).where(where),
  ]);
  return {
    items: rowsOut.map((x) => ({
      enterpriseId: x.e.id,
      enterpriseName: x.e.name,
      divisionCode: x.e.divisionCode,
      divisionName: ctx.tree.name(x.e.divisionCode, ctx.locale) ?? x.e.divisionCode,
      missing: missingLevels(x.r),
    })),
    total: Number(n),
  };
}
