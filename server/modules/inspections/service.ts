import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { HazardCategory } from '../../../shared/enums';
import type {
  InspectionCreateInput,
  InspectionListQuery,
  InspectionSummary,
  InspectionUpdateInput,
  InspectionView,
} from '../../../shared/schemas/safety';
import { findScopedEnterprise } from '../../access/scope';
import { type Conn, num, schema } from '../../db/client';
import type { HazardDraftData } from '../../db/schema/safety';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, type FieldIssue, forbidden, invalid, notFound, staleVersion } from '../../lib/errors';
import { checkAttachmentIds } from '../attachments/service';
import { checkNewHazard, divisionCondition, insertHazards, type NewHazard } from '../hazards/service';
import { squadFor } from '../supervision/service';

type InspectionRow = typeof schema.inspections.$inferSelect;
type ItemRow = typeof schema.inspectionItems.$inferSelect;
type ChecklistItemRow = typeof schema.checklistItems.$inferSelect;
type EnterpriseRow = typeof schema.enterprises.$inferSelect;

const i = schema.inspections;
const t = schema.checklistTemplates;
const e = schema.enterprises;

/** The inspection with everything its summary shows, joined in one query. */
function summarySelect(conn: Conn) {
  return conn
    .select({
      i,
      enterpriseName: e.name,
      divisionCode: e.divisionCode,
      templateName: t.name,
      templateNameEn: t.nameEn,
      templateVersion: t.version,
      line: t.line,
      inspectorName: schema.users.displayName,
      squadName: schema.supervisionSquads.name,
    })
    .from(i)
    .innerJoin(e, eq(e.id, i.enterpriseId))
    .innerJoin(t, eq(t.id, i.templateId))
    .innerJoin(schema.users, eq(schema.users.id, i.inspectorId))
    .leftJoin(schema.supervisionSquads, eq(schema.supervisionSquads.id, i.squadId));
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof summarySelect>['limit']>>[number];

async function countsOf(conn: Conn, ids: number[]) {
  const it = schema.inspectionItems;
  if (ids.length === 0) return new Map<number, InspectionSummary['counts']>();
  const rowsOut = await conn
    .select({
      id: it.inspectionId,
      pass: sql<number>`count(*) filter (where ${it.result} = 'pass')`,
      fail: sql<number>`count(*) filter (where ${it.result} = 'fail')`,
      na: sql<number>`count(*) filter (where ${it.result} = 'na')`,
      pending: sql<number>`count(*) filter (where ${it.result} is null)`,
    })
    .from(it)
    .where(inArray(it.inspectionId, ids))
    .groupBy(it.inspectionId);
  return new Map(
    rowsOut.map((r) => [
      r.id,
      { pass: num(r.pass), fail: num(r.fail), na: num(r.na), pending: num(r.pending) },
    ]),
  );
}

function presentSummary(
  ctx: Ctx,
  r: SummaryRow,
  counts: InspectionSummary['counts'] | undefined,
): InspectionSummary {
  const actor = actorOf(ctx);
  const en = ctx.locale === 'en';
  const editable = r.i.status === 'draft' && r.i.inspectorId === actor.id;
  return {
    id: r.i.id,
    enterpriseId: r.i.enterpriseId,
    enterpriseName: r.enterpriseName,
    divisionCode: r.divisionCode,
    divisionName: ctx.tree.name(r.divisionCode, ctx.locale) ?? r.divisionCode,
    templateId: r.i.templateId,
    templateName: en ? r.templateNameEn : r.templateName,
    templateVersion: r.templateVersion,
    line: r.line,
    inspectorId: r.i.inspectorId,
    inspectorName: r.inspectorName,
    squadId: r.i.squadId,
    squadName: r.squadName ?? null,
    inspectedOn: r.i.inspectedOn,
    status: r.i.status,
    note: r.i.note,
    signedAt: r.i.signedAt?.toISOString() ?? null,
    counts: counts ?? { pass: 0, fail: 0, na: 0, pending: 0 },
    version: r.i.version,
    abilities: editable ? ['inspection.edit', 'inspection.sign'] : [],
  };
}

async function view(ctx: Ctx, conn: Conn, id: number): Promise<InspectionView> {
  const [r] = await summarySelect(conn).where(eq(i.id, id)).limit(1);
  const it = schema.inspectionItems;
  const ci = schema.checklistItems;
  const [items, counts, hazards] = await Promise.all([
    conn
      .select({ it, ci })
      .from(it)
      .innerJoin(ci, eq(ci.id, it.checklistItemId))
      .where(eq(it.inspectionId, id))
      .orderBy(asc(it.seq)),
    countsOf(conn, [id]),
    conn
      .select({ id: schema.hazards.id, itemId: schema.hazards.inspectionItemId })
      .from(schema.hazards)
      .where(eq(schema.hazards.inspectionId, id))
      .orderBy(asc(schema.hazards.id)),
  ]);
  const hazardOf = new Map(hazards.map((x) => [x.itemId, x.id]));
  return {
    ...presentSummary(ctx, r, counts.get(id)),
    items: items.map(({ it: x, ci: c }) => ({
      id: x.id,
      seq: x.seq,
      checklistItemId: c.id,
      label: c.label,
      labelEn: c.labelEn,
      category: c.category,
      defaultSeverity: c.defaultSeverity,
      result: x.result,
      note: x.note,
      attachmentIds: x.attachmentIds,
      hazardDraft: x.hazardDraft
        ? { ...x.hazardDraft, category: x.hazardDraft.category as HazardCategory }
        : null,
      hazardId: hazardOf.get(x.id) ?? null,
    })),
    hazardIds: hazards.map((x) => x.id),
  };
}

export async function listInspections(ctx: Ctx, q: InspectionListQuery) {
  const actor = actorOf(ctx);
  const conds: (SQL | undefined)[] = [ctx.scoper.enterprises(actor)];
  if (q.enterprise) conds.push(eq(i.enterpriseId, q.enterprise));
  if (q.status) conds.push(eq(i.status, q.status));
  if (q.line) conds.push(eq(t.line, q.line));
  if (q.division) conds.push(divisionCondition(ctx, q.division));
  if (q.from) conds.push(sql`${i.inspectedOn} >= ${q.from}`);
  if (q.to) conds.push(sql`${i.inspectedOn} <= ${q.to}`);
  if (q.mine) conds.push(eq(i.inspectorId, actor.id));
  const where = and(...conds);
  const [rowsOut, [{ n }]] = await Promise.all([
    summarySelect(ctx.db)
      .where(where)
      .orderBy(desc(i.inspectedOn), desc(i.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(i)
      .innerJoin(e, eq(e.id, i.enterpriseId))
      .innerJoin(t, eq(t.id, i.templateId))
      .where(where),
  ]);
  const counts = await countsOf(
    ctx.db,
    rowsOut.map((r) => r.i.id),
  );
  return { items: rowsOut.map((r) => presentSummary(ctx, r, counts.get(r.i.id))), total: Number(n) };
}

async function findScopedInspection(ctx: Ctx, conn: Conn, id: number, lock = false): Promise<InspectionRow> {
  const query = conn
    .select({ i })
    .from(i)
    .innerJoin(e, eq(e.id, i.enterpriseId))
    .where(and(eq(i.id, id), ctx.scoper.enterprises(actorOf(ctx))))
    .limit(1);
  const [row] = lock ? await query.for('update', { of: i }) : await query;
  if (!row) throw notFound();
  return row.i;
}

export async function getInspection(ctx: Ctx, id: number) {
  await findScopedInspection(ctx, ctx.db, id);
  return view(ctx, ctx.db, id);
}

export async function createInspection(ctx: Ctx, input: InspectionCreateInput) {
  const actor = actorOf(ctx);
  const ent = await findScopedEnterprise(ctx.db, ctx.scoper, actor, input.enterpriseId);
  const inspectedOn = input.inspectedOn ?? ctx.clock.today();
  const issues: FieldIssue[] = [];
  if (inspectedOn > ctx.clock.today()) issues.push({ path: 'inspectedOn', reason: 'future_date' });
  const [template] = await ctx.db
    .select()
    .from(t)
    .where(and(eq(t.id, input.templateId), eq(t.current, true)));
  if (!template)
    issues.push({ path: 'templateId', reason: 'unknown_template', params: { value: input.templateId } });
  if (issues.length) throw invalid(issues);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const checklist = await tx
      .select()
      .from(schema.checklistItems)
      .where(eq(schema.checklistItems.templateId, template.id))
      .orderBy(asc(schema.checklistItems.seq));
    const squadId = actor.role === 'supervisor' ? await squadFor(tx, actor.id, ent) : null;
    const [row] = await tx
      .insert(i)
      .values({
        enterpriseId: ent.id,
        templateId: template.id,
        inspectorId: actor.id,
        squadId,
        inspectedOn,
        note: input.note ?? '',
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx
      .insert(schema.inspectionItems)
      .values(checklist.map((c) => ({ inspectionId: row.id, checklistItemId: c.id, seq: c.seq })));
    await audit(tx, ctx, { action: 'inspection.create', entity: 'inspection', entityId: row.id, after: row });
    return view(ctx, tx, row.id);
  });
}

/** The hazard an inspector is offered when an item fails: the checklist item's defaults. */
function defaultDraft(item: ChecklistItemRow, note: string, ent: EnterpriseRow): HazardDraftData {
  return {
    category: item.category,
    severity: item.defaultSeverity,
    description: note ? `${item.label}：${note}` : item.label,
    location: '',
    responsiblePerson: ent.contactName || ent.legalRepresentative,
    deadline: null,
  };
}

/** Loads a draft inspection its own inspector may change (404 outside scope, 403 someone else's). */
async function loadForEdit(ctx: Ctx, tx: Conn, id: number, version: number) {
  const row = await findScopedInspection(ctx, tx, id, true);
  if (row.inspectorId !== actorOf(ctx).id) throw forbidden();
  if (row.status !== 'draft') throw new AppError(409, 'inspection_signed');
  if (row.version !== version) throw staleVersion(row.version);
  return row;
}

export async function updateInspection(ctx: Ctx, id: number, input: InspectionUpdateInput) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadForEdit(ctx, tx, id, input.version);
    const issues: FieldIssue[] = [];
    if (input.inspectedOn && input.inspectedOn > ctx.clock.today())
      issues.push({ path: 'inspectedOn', reason: 'future_date' });
    const it = schema.inspectionItems;
    const current = await tx
      .select({ it, ci: schema.checklistItems })
      .from(it)
      .innerJoin(schema.checklistItems, eq(schema.checklistItems.id, it.checklistItemId))
      .where(eq(it.inspectionId, id));
    const byId = new Map(current.map((x) => [x.it.id, x]));
    const [ent] = await tx.select().from(e).where(eq(e.id, row.enterpriseId));
    const [template] = await tx.select().from(t).where(eq(t.id, row.templateId));
    const seen = new Set<number>();
    const changes: { id: number; patch: Partial<ItemRow>; before: Partial<ItemRow> }[] = [];
    for (const [k, p] of (input.items ?? []).entries()) {
      const cur = byId.get(p.id);
      if (!cur) {
        issues.push({ path: `items.${k}.id`, reason: 'unknown_item', params: { value: p.id } });
        continue;
      }
      if (seen.has(p.id))
        issues.push({ path: `items.${k}.id`, reason: 'duplicate_item', params: { value: p.id } });
      seen.add(p.id);
      issues.push(
        ...(await checkAttachmentIds(tx, row.enterpriseId, p.attachmentIds, `items.${k}.attachmentIds`)),
      );
      const result = p.result !== undefined ? p.result : cur.it.result;
      const note = p.note ?? cur.it.note;
      let draft = cur.it.hazardDraft;
      if (result !== 'fail') {
        if (p.hazard) issues.push({ path: `items.${k}.hazard`, reason: 'not_failed' });
        draft = null;
      } else {
        draft = { ...(draft ?? defaultDraft(cur.ci, note, ent)), ...(p.hazard ?? {}) };
        const hazardIssues = checkNewHazard(
          ctx,
          {
            line: template.line,
            category: draft.category as HazardCategory,
            foundOn: input.inspectedOn ?? row.inspectedOn,
            deadline: draft.deadline,
          },
          `items.${k}.hazard.`,
        ).filter((x) => !x.path.endsWith('foundOn'));
        issues.push(...hazardIssues);
      }
      const patch: Partial<ItemRow> = { result, note, hazardDraft: draft };
      if (p.attachmentIds) patch.attachmentIds = p.attachmentIds;
      changes.push({
        id: p.id,
        patch,
        before: {
          result: cur.it.result,
          note: cur.it.note,
          hazardDraft: cur.it.hazardDraft,
          attachmentIds: cur.it.attachmentIds,
        },
      });
    }
    if (issues.length) throw invalid(issues);
    for (const c of changes) await tx.update(it).set(c.patch).where(eq(it.id, c.id));
    const now = ctx.clock.now();
    const [updated] = await tx
      .update(i)
      .set({
        ...(input.note !== undefined ? { note: input.note } : {}),
        ...(input.inspectedOn ? { inspectedOn: input.inspectedOn } : {}),
        version: row.version + 1,
        updatedAt: now,
      })
      .where(and(eq(i.id, id), eq(i.version, input.version)))
      .returning();
    if (!updated) throw staleVersion(row.version + 1);
    await audit(tx, ctx, {
      action: 'inspection.update',
      entity: 'inspection',
      entityId: id,
      before: {
        note: row.note,
        inspectedOn: row.inspectedOn,
        items: changes.map((c) => ({ id: c.id, ...c.before })),
      },
      after: {
        note: updated.note,
        inspectedOn: updated.inspectedOn,
        items: changes.map((c) => ({ id: c.id, ...c.patch })),
      },
    });
    return view(ctx, tx, id);
  });
}

/**
 * Signs an inspection off: every item must have a result; every failed item's draft becomes an
 * open hazard (with its photos) in the same transaction, so there is never a signed inspection
 * whose failures were not raised.
 */
export async function signInspection(ctx: Ctx, id: number, input: { version: number }) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadForEdit(ctx, tx, id, input.version);
    const it = schema.inspectionItems;
    const items = await tx
      .select({ it, ci: schema.checklistItems })
      .from(it)
      .innerJoin(schema.checklistItems, eq(schema.checklistItems.id, it.checklistItemId))
      .where(eq(it.inspectionId, id))
      .orderBy(asc(it.seq));
    const pending = items.filter((x) => x.it.result === null);
    if (pending.length) {
      throw new AppError(
        400,
        'inspection_incomplete',
        { count: pending.length },
        pending.map((x) => ({
          path: `items.${x.it.seq - 1}.result`,
          reason: 'result_required',
          params: { id: x.it.id },
        })),
      );
    }
    const [ent] = await tx.select().from(e).where(eq(e.id, row.enterpriseId));
    const [template] = await tx.select().from(t).where(eq(t.id, row.templateId));
    const failed = items.filter((x) => x.it.result === 'fail');
    const drafts: NewHazard[] = failed.map(({ it: x, ci }) => {
      const d = x.hazardDraft ?? defaultDraft(ci, x.note, ent);
      return {
        enterpriseId: row.enterpriseId,
        line: template.line,
        category: d.category as HazardCategory,
        severity: d.severity,
        description: d.description,
        location: d.location,
        responsiblePerson: d.responsiblePerson,
        foundOn: row.inspectedOn,
        deadline: d.deadline,
        attachmentIds: x.attachmentIds,
        inspectionId: row.id,
        inspectionItemId: x.id,
      };
    });
    const issues = drafts.flatMap((d, k) => checkNewHazard(ctx, d, `items.${failed[k].it.seq - 1}.hazard.`));
    if (issues.length) throw invalid(issues);
    const hazards = await insertHazards(ctx, tx, drafts);
    const now = ctx.clock.now();
    const [signed] = await tx
      .update(i)
      .set({ status: 'signed', signedAt: now, version: row.version + 1, updatedAt: now })
      .where(eq(i.id, id))
      .returning();
    await audit(tx, ctx, [
      {
        action: 'inspection.sign',
        entity: 'inspection',
        entityId: id,
        before: { status: row.status },
        after: { status: signed.status, signedAt: signed.signedAt, hazards: hazards.map((x) => x.id) },
      },
      ...hazards.map((x) => ({ action: 'hazard.create', entity: 'hazard', entityId: x.id, after: x })),
    ]);
    return view(ctx, tx, id);
  });
}
