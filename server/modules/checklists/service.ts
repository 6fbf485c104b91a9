import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { HAZARD_CATEGORY_LINE, type HazardCategory, type HazardLine } from '../../../shared/enums';
import type {
  ChecklistCreateInput,
  ChecklistUpdateInput,
  ChecklistView,
} from '../../../shared/schemas/safety';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import type { Ctx } from '../../lib/context';
import { type FieldIssue, invalid, notFound, staleVersion } from '../../lib/errors';
import { byOf } from '../resumption/people';

type TemplateRow = typeof schema.checklistTemplates.$inferSelect;
type ItemRow = typeof schema.checklistItems.$inferSelect;

function presentChecklist(t: TemplateRow, items: ItemRow[]): ChecklistView {
  return {
    id: t.id,
    family: t.family,
    version: t.version,
    line: t.line,
    name: t.name,
    nameEn: t.nameEn,
    description: t.description,
    current: t.current,
    items: items
      .filter((i) => i.templateId === t.id)
      .sort((a, b) => a.seq - b.seq)
      .map((i) => ({
        id: i.id,
        seq: i.seq,
        label: i.label,
        labelEn: i.labelEn,
        category: i.category,
        defaultSeverity: i.defaultSeverity,
      })),
    createdAt: t.createdAt.toISOString(),
  };
}

async function itemsOf(conn: Conn, templateIds: number[]): Promise<ItemRow[]> {
  if (templateIds.length === 0) return [];
  return conn
    .select()
    .from(schema.checklistItems)
    .where(inArray(schema.checklistItems.templateId, templateIds))
    .orderBy(asc(schema.checklistItems.seq));
}

export async function listChecklists(ctx: Ctx, q: { line?: HazardLine; all?: boolean }) {
  const t = schema.checklistTemplates;
  const conds: (SQL | undefined)[] = [];
  if (!q.all) conds.push(eq(t.current, true));
  if (q.line) conds.push(eq(t.line, q.line));
  const rows = await ctx.db
    .select()
    .from(t)
    .where(and(...conds))
    .orderBy(asc(t.line), asc(t.family), desc(t.version));
  const items = await itemsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => presentChecklist(r, items)), total: rows.length };
}

/** A template version with its items (any version: old inspections show the one they used). */
async function loadChecklist(conn: Conn, id: number, lock = false) {
  const query = conn.select().from(schema.checklistTemplates).where(eq(schema.checklistTemplates.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) return null;
  return { template: row, items: await itemsOf(conn, [row.id]) };
}

export async function getChecklist(ctx: Ctx, id: number) {
  const found = await loadChecklist(ctx.db, id);
  if (!found) throw notFound();
  return presentChecklist(found.template, found.items);
}

function checkItems(line: HazardLine, items: { category: HazardCategory }[]): FieldIssue[] {
  return items.flatMap((item, i) => {
    const own = HAZARD_CATEGORY_LINE[item.category];
    return own !== null && own !== line
      ? [{ path: `items.${i}.category`, reason: 'category_line_mismatch', params: { value: item.category } }]
      : [];
  });
}

async function insertVersion(
  ctx: Ctx,
  tx: Conn,
  family: string,
  version: number,
  line: HazardLine,
  input: Omit<ChecklistCreateInput, 'line'>,
) {
  const [template] = await tx
    .insert(schema.checklistTemplates)
    .values({
      family,
      version,
      line,
      name: input.name,
      nameEn: input.nameEn,
      description: input.description ?? '',
      current: true,
      createdBy: byOf(ctx),
      createdAt: ctx.clock.now(),
    })
    .returning();
  const items = await tx
    .insert(schema.checklistItems)
    .values(
      input.items.map((item, i) => ({
        templateId: template.id,
        seq: i + 1,
        label: item.label,
        labelEn: item.labelEn,
        category: item.category,
        defaultSeverity: item.defaultSeverity,
      })),
    )
    .returning();
  return { template, items };
}

export async function createChecklist(ctx: Ctx, input: ChecklistCreateInput) {
  const issues = checkItems(input.line, input.items);
  if (issues.length) throw invalid(issues);
  return ctx.db.transaction(async (tx) => {
    const { template, items } = await insertVersion(
      ctx,
      tx,
      `${input.line}-${randomUUID().slice(0, 8)}`,
      1,
      input.line,
      input,
    );
    const view = presentChecklist(template, items);
    await audit(tx, ctx, {
      action: 'checklist.create',
      entity: 'checklist_template',
      entityId: template.id,
      after: view,
    });
    return view;
  });
}

/**
 * Edits a template by writing its next version and retiring the edited one. Editing any version
 * but the current one is a stale edit (409): someone else has published a newer version.
 */
export async function updateChecklist(ctx: Ctx, id: number, input: ChecklistUpdateInput) {
  return ctx.db.transaction(async (tx) => {
    const t = schema.checklistTemplates;
    const found = await loadChecklist(tx, id, true);
    if (!found) throw notFound();
    const row = found.template;
    const issues = checkItems(row.line, input.items);
    if (issues.length) throw invalid(issues);
    const [latest] = await tx
      .select()
      .from(t)
      .where(eq(t.family, row.family))
      .orderBy(desc(t.version))
      .limit(1);
    if (!row.current || row.version !== input.version || latest.id !== row.id)
      throw staleVersion(latest.version);
    await tx.update(t).set({ current: false }).where(eq(t.id, row.id));
    const { version: _v, ...rest } = input;
    const { template, items } = await insertVersion(ctx, tx, row.family, row.version + 1, row.line, rest);
    const view = presentChecklist(template, items);
    await audit(tx, ctx, {
      action: 'checklist.version',
      entity: 'checklist_template',
      entityId: template.id,
      before: presentChecklist(row, found.items),
      after: view,
    });
    return view;
  });
}
