import { and, asc, eq, isNull, or, type SQL } from 'drizzle-orm';
import type {
  DemandTemplateInput,
  DemandTemplateQuery,
  DemandTemplateUpdate,
  DemandTemplateView,
} from '../../../shared/schemas/demands';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { invalid, notFound, staleVersion } from '../../lib/errors';
import { byOf } from '../resumption/people';

const t = schema.demandTemplates;
type Row = typeof t.$inferSelect;

/** A department user works with their own department's templates; the commander with every department's. */
function own(ctx: Ctx): SQL | undefined {
  return ctx.scoper.byDepartment(actorOf(ctx), t.departmentCode);
}

function present(ctx: Ctx, r: Row): DemandTemplateView {
  const dep = ctx.ref.departments.get(r.departmentCode);
  return {
    id: r.id,
    departmentCode: r.departmentCode,
    departmentName: dep ? (ctx.locale === 'en' ? dep.nameEn : dep.name) : r.departmentCode,
    category: r.category,
    title: r.title,
    body: r.body,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Templates in scope; with a category, those for it and those for any category. */
export async function listTemplates(ctx: Ctx, q: DemandTemplateQuery) {
  const rows = await ctx.db
    .select()
    .from(t)
    .where(
      and(
        own(ctx),
        q.departmentCode ? eq(t.departmentCode, q.departmentCode) : undefined,
        q.category ? or(eq(t.category, q.category), isNull(t.category)) : undefined,
      ),
    )
    .orderBy(asc(t.departmentCode), asc(t.title), asc(t.id));
  return rows.map((r) => present(ctx, r));
}

export async function createTemplate(ctx: Ctx, input: DemandTemplateInput) {
  const actor = actorOf(ctx);
  const mine = ctx.scoper.ownDepartment(actor);
  const code = mine ?? input.departmentCode;
  if (!code) throw invalid([{ path: 'departmentCode', reason: 'required' }]);
  if (mine && input.departmentCode && input.departmentCode !== mine)
    throw invalid([
      { path: 'departmentCode', reason: 'other_department', params: { value: input.departmentCode } },
    ]);
  if (!ctx.ref.departments.has(code))
    throw invalid([{ path: 'departmentCode', reason: 'unknown_department', params: { value: code } }]);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [row] = await tx
      .insert(t)
      .values({
        departmentCode: code,
        category: input.category,
        title: input.title,
        body: input.body,
        createdBy: byOf(ctx),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'demand.template.create',
      entity: 'demand_template',
      entityId: row.id,
      after: row,
    });
    return present(ctx, row);
  });
}

/** The department's own template, locked for a change; another department's is not found. */
async function lockOwn(ctx: Ctx, tx: Conn, id: number) {
  const [row] = await tx
    .select()
    .from(t)
    .where(and(eq(t.id, id), own(ctx)))
    .for('update');
  if (!row) throw notFound();
  return row;
}

export async function updateTemplate(ctx: Ctx, id: number, input: DemandTemplateUpdate) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockOwn(ctx, tx, id);
    if (row.version !== input.version) throw staleVersion(row.version);
    const { version: _v, ...patch } = input;
    const [updated] = await tx
      .update(t)
      .set({ ...patch, version: row.version + 1, updatedAt: ctx.clock.now() })
      .where(eq(t.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'demand.template.update',
      entity: 'demand_template',
      entityId: id,
      before: row,
      after: updated,
    });
    return present(ctx, updated);
  });
}

export async function deleteTemplate(ctx: Ctx, id: number) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockOwn(ctx, tx, id);
    await tx.delete(t).where(eq(t.id, id));
    await audit(tx, ctx, {
      action: 'demand.template.delete',
      entity: 'demand_template',
      entityId: id,
      before: row,
    });
    return { ok: true as const };
  });
}
