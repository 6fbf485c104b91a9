import { and, asc, count, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { CampaignStatus, HazardLine } from '../../../shared/enums';
import type {
  CampaignCreateInput,
  CampaignDetail,
  CampaignProgress,
  CampaignUpdateInput,
  CampaignView,
} from '../../../shared/schemas/safety';
import { addCalendarDays, earlierDate } from '../../../shared/workdays';
import { shanghaiInstant } from '../../clock';
import { type Conn, num, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { type FieldIssue, invalid, notFound, staleVersion } from '../../lib/errors';
import { byOf } from '../resumption/people';
import { campaignEnterprises } from './filter';

type CampaignRow = typeof schema.campaigns.$inferSelect;
const c = schema.campaigns;
const e = schema.enterprises;
const h = schema.hazards;
const ins = schema.inspections;

function campaignStatus(row: Pick<CampaignRow, 'startsOn' | 'endsOn'>, today: string): CampaignStatus {
  if (today < row.startsOn) return 'planned';
  if (today > row.endsOn) return 'ended';
  return 'active';
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : null);

type Counts = Omit<CampaignProgress, 'asOf' | 'coverage' | 'inspectionTargetRate' | 'rectificationRate'>;

const EMPTY: Counts = {
  enterprisesInScope: 0,
  inspections: 0,
  inspectedEnterprises: 0,
  hazardsFound: 0,
  hazardsClosed: 0,
  hazardsOverdue: 0,
};

/** The day a campaign's progress stands at: today, or its last day once it has ended. */
const asOfDay = (ctx: Ctx, row: CampaignRow) => earlierDate(ctx.clock.today(), row.endsOn);

const finish = (row: CampaignRow, x: Counts) => ({
  ...x,
  coverage: ratio(x.inspectedEnterprises, x.enterprisesInScope),
  inspectionTargetRate: ratio(x.inspections, row.targetInspections),
  rectificationRate: ratio(x.hazardsClosed, x.hazardsFound),
});

/**
 * Live progress of campaigns from the data, within the actor's scope: enterprises in each one's
 * scope, signed inspections of them in its window, hazards found on its line in its window and
 * how many of those are closed or overdue, as of `asOfDay`. Three queries whatever the number of
 * campaigns (one filtered count per campaign); counts per campaign, keyed by district or 'all'.
 */
async function progressOf(
  ctx: Ctx,
  rows: CampaignRow[],
  groupByDivision: boolean,
): Promise<Map<number, Map<string, Counts>>> {
  const out = new Map(rows.map((row) => [row.id, new Map<string, Counts>()]));
  if (rows.length === 0) return out;
  const scope = ctx.scoper.enterprises(actorOf(ctx));
  // Without a division breakdown everything is one row (GROUP BY a constant is an error).
  const key = groupByDivision ? sql<string>`${e.divisionCode}` : sql<string>`'all'`;
  const by = groupByDivision ? [e.divisionCode] : [];
  const per = rows.map((row) => {
    const asOf = asOfDay(ctx, row);
    const inCampaign = campaignEnterprises(ctx.tree, row);
    const closedBefore = shanghaiInstant(addCalendarDays(asOf, 1)).toISOString();
    const closed = sql`${h.closedAt} is not null and ${h.closedAt} < ${closedBefore}::timestamptz`;
    const templateLine = row.line
      ? sql`${ins.templateId} in (select ${schema.checklistTemplates.id} from ${schema.checklistTemplates} where ${schema.checklistTemplates.line} = ${row.line})`
      : undefined;
    return {
      asOf,
      inCampaign,
      closed,
      inspected: and(
        inCampaign,
        eq(ins.status, 'signed'),
        sql`${ins.inspectedOn} between ${row.startsOn} and ${asOf}`,
        templateLine,
      )!,
      found: and(
        inCampaign,
        sql`${h.foundOn} between ${row.startsOn} and ${asOf}`,
        row.line ? eq(h.line, row.line) : undefined,
      )!,
    };
  });
  const columns = (f: (p: (typeof per)[number]) => Record<string, SQL<number>>) =>
    Object.fromEntries(per.flatMap((p, k) => Object.entries(f(p)).map(([name, v]) => [`${name}${k}`, v])));
  const [ents, inspections, hazards] = await Promise.all([
    ctx.db
      .select({ key, ...columns((p) => ({ n: sql<number>`count(*) filter (where ${p.inCampaign})` })) })
      .from(e)
      .where(and(scope, or(...per.map((p) => p.inCampaign))))
      .groupBy(...by),
    ctx.db
      .select({
        key,
        ...columns((p) => ({
          inspections: sql<number>`count(*) filter (where ${p.inspected})`,
          enterprises: sql<number>`count(distinct ${ins.enterpriseId}) filter (where ${p.inspected})`,
        })),
      })
      .from(ins)
      .innerJoin(e, eq(e.id, ins.enterpriseId))
      .where(and(scope, or(...per.map((p) => p.inspected))))
      .groupBy(...by),
    ctx.db
      .select({
        key,
        ...columns((p) => ({
          found: sql<number>`count(*) filter (where ${p.found})`,
          closed: sql<number>`count(*) filter (where ${p.found} and ${p.closed})`,
          overdue: sql<number>`count(*) filter (where ${p.found} and not (${p.closed}) and ${h.deadline} < ${p.asOf})`,
        })),
      })
      .from(h)
      .innerJoin(e, eq(e.id, h.enterpriseId))
      .where(and(scope, or(...per.map((p) => p.found))))
      .groupBy(...by),
  ]);
  const counts = (k: number, key: string) => {
    const byCampaign = out.get(rows[k].id)!;
    const current = byCampaign.get(key) ?? { ...EMPTY };
    byCampaign.set(key, current);
    return current;
  };
  type Row = Record<string, unknown> & { key: unknown };
  const at = (r: Row, name: string, k: number) => num(r[`${name}${k}`]);
  rows.forEach((_, k) => {
    for (const r of ents as Row[]) counts(k, String(r.key)).enterprisesInScope = at(r, 'n', k);
    for (const r of inspections as Row[]) {
      const c = counts(k, String(r.key));
      c.inspections = at(r, 'inspections', k);
      c.inspectedEnterprises = at(r, 'enterprises', k);
    }
    for (const r of hazards as Row[]) {
      const c = counts(k, String(r.key));
      c.hazardsFound = at(r, 'found', k);
      c.hazardsClosed = at(r, 'closed', k);
      c.hazardsOverdue = at(r, 'overdue', k);
    }
  });
  return out;
}

type ChecklistRef = NonNullable<CampaignView['checklist']>;

/** The current version of each named checklist family, with its item count (one query). */
async function checklistsOf(conn: Conn, rows: CampaignRow[]): Promise<Map<string, ChecklistRef>> {
  const families = [...new Set(rows.map((r) => r.checklistFamily).filter((f): f is string => !!f))];
  if (families.length === 0) return new Map();
  const t = schema.checklistTemplates;
  const it = schema.checklistItems;
  const found = await conn
    .select({
      id: t.id,
      family: t.family,
      version: t.version,
      line: t.line,
      name: t.name,
      nameEn: t.nameEn,
      itemCount: count(it.id),
    })
    .from(t)
    .leftJoin(it, eq(it.templateId, t.id))
    .where(and(inArray(t.family, families), eq(t.current, true)))
    .groupBy(t.id);
  return new Map(found.map((x) => [x.family, { ...x, itemCount: Number(x.itemCount) }]));
}

/**
 * The family of the checklist a campaign names (null: none), checked against the campaign's
 * line: a safety campaign cannot send inspectors out with an epidemic checklist.
 */
async function checklistFamilyFor(
  conn: Conn,
  checklistId: number | null,
  line: HazardLine | null,
): Promise<{ family: string | null; issues: FieldIssue[] }> {
  if (checklistId === null) return { family: null, issues: [] };
  const t = schema.checklistTemplates;
  const [tpl] = await conn.select({ family: t.family, line: t.line }).from(t).where(eq(t.id, checklistId));
  if (!tpl)
    return {
      family: null,
      issues: [{ path: 'checklistId', reason: 'unknown_checklist', params: { value: checklistId } }],
    };
  if (line && tpl.line !== line)
    return { family: null, issues: [{ path: 'checklistId', reason: 'checklist_line_mismatch' }] };
  return { family: tpl.family, issues: [] };
}

function present(
  ctx: Ctx,
  row: CampaignRow,
  counts: Counts,
  checklists: Map<string, ChecklistRef>,
): CampaignView {
  return {
    id: row.id,
    name: row.name,
    nameEn: row.nameEn,
    description: row.description,
    line: row.line,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    status: campaignStatus(row, ctx.clock.today()),
    scope: row.scope,
    targets: { inspections: row.targetInspections, coveragePct: row.targetCoveragePct },
    checklist: (row.checklistFamily && checklists.get(row.checklistFamily)) || null,
    progress: { asOf: asOfDay(ctx, row), ...finish(row, counts) },
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listCampaigns(ctx: Ctx) {
  const rowsOut = await ctx.db.select().from(c).orderBy(asc(c.startsOn), asc(c.id));
  const [progress, checklists] = await Promise.all([
    progressOf(ctx, rowsOut, false),
    checklistsOf(ctx.db, rowsOut),
  ]);
  const items = rowsOut.map((r) => present(ctx, r, progress.get(r.id)!.get('all') ?? EMPTY, checklists));
  return { items, total: items.length };
}

async function findCampaign(conn: Conn, id: number): Promise<CampaignRow> {
  const [row] = await conn.select().from(c).where(eq(c.id, id));
  if (!row) throw notFound();
  return row;
}

export async function getCampaign(ctx: Ctx, id: number): Promise<CampaignDetail> {
  const row = await findCampaign(ctx.db, id);
  const [progress, checklists] = await Promise.all([
    progressOf(ctx, [row], true),
    checklistsOf(ctx.db, [row]),
  ]);
  const byKey = progress.get(row.id)!;
  const total = { ...EMPTY };
  for (const x of byKey.values()) for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += x[k];
  const byDivision = [...byKey.entries()]
    .map(([key, counts]) => ({ key, name: ctx.tree.name(key, ctx.locale) ?? key, ...finish(row, counts) }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { ...present(ctx, row, total, checklists), byDivision };
}

function checkCampaign(
  ctx: Ctx,
  f: { startsOn: string; endsOn: string; divisionCodes: string[] },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (f.endsOn < f.startsOn) issues.push({ path: 'endsOn', reason: 'date_range' });
  f.divisionCodes.forEach((code, k) => {
    if (!ctx.tree.get(code))
      issues.push({ path: `scope.divisionCodes.${k}`, reason: 'unknown_division', params: { value: code } });
  });
  return issues;
}

export async function createCampaign(ctx: Ctx, input: CampaignCreateInput) {
  const issues = checkCampaign(ctx, { ...input, divisionCodes: input.scope.divisionCodes });
  if (issues.length) throw invalid(issues);
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const checklist = await checklistFamilyFor(tx, input.checklistId ?? null, input.line ?? null);
    if (checklist.issues.length) throw invalid(checklist.issues);
    const [created] = await tx
      .insert(c)
      .values({
        name: input.name,
        nameEn: input.nameEn ?? '',
        description: input.description ?? '',
        line: input.line ?? null,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        scope: input.scope,
        targetInspections: input.targets.inspections,
        targetCoveragePct: input.targets.coveragePct,
        checklistFamily: checklist.family,
        createdBy: byOf(ctx),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'campaign.create',
      entity: 'campaign',
      entityId: created.id,
      after: created,
    });
    return created;
  });
  return getCampaign(ctx, row.id);
}

export async function updateCampaign(ctx: Ctx, id: number, input: CampaignUpdateInput) {
  const { version, targets, checklistId, ...rest } = input;
  await ctx.db.transaction(async (tx) => {
    const row = await findCampaign(tx, id);
    if (row.version !== version) throw staleVersion(row.version);
    const next = {
      startsOn: rest.startsOn ?? row.startsOn,
      endsOn: rest.endsOn ?? row.endsOn,
      divisionCodes: (rest.scope ?? row.scope).divisionCodes,
    };
    const issues = checkCampaign(ctx, next);
    const line = rest.line === undefined ? row.line : rest.line;
    // A changed line re-checks the kept checklist too: it must still belong to the line.
    const keptChecklist = async () => {
      if (!row.checklistFamily || !line) return { family: row.checklistFamily, issues: [] };
      const t = schema.checklistTemplates;
      const [tpl] = await tx
        .select({ line: t.line })
        .from(t)
        .where(eq(t.family, row.checklistFamily))
        .limit(1);
      return tpl && tpl.line !== line
        ? { family: null, issues: [{ path: 'line', reason: 'checklist_line_mismatch' }] }
        : { family: row.checklistFamily, issues: [] };
    };
    const checklist =
      checklistId === undefined ? await keptChecklist() : await checklistFamilyFor(tx, checklistId, line);
    issues.push(...checklist.issues);
    if (issues.length) throw invalid(issues);
    const [updated] = await tx
      .update(c)
      .set({
        ...rest,
        ...(targets
          ? { targetInspections: targets.inspections, targetCoveragePct: targets.coveragePct }
          : {}),
        checklistFamily: checklist.family,
        version: row.version + 1,
        updatedAt: ctx.clock.now(),
      })
      .where(and(eq(c.id, id), eq(c.version, version)))
      .returning();
    if (!updated) throw staleVersion(row.version + 1);
    await audit(tx, ctx, {
      action: 'campaign.update',
      entity: 'campaign',
      entityId: id,
      before: row,
      after: updated,
    });
  });
  return getCampaign(ctx, id);
}
