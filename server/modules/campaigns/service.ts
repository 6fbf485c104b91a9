import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { CampaignStatus } from '../../../shared/enums';
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
import { campaignEnterprises } from './filter';

type CampaignRow = typeof schema.campaigns.$inferSelect;
const c = schema.campaigns;
const e = schema.enterprises;
const h = schema.hazards;
const ins = schema.inspections;

export function campaignStatus(row: Pick<CampaignRow, 'startsOn' | 'endsOn'>, today: string): CampaignStatus {
  if (today < row.startsOn) return 'planned';
  if (today > row.endsOn) return 'ended';
  return 'active';
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : null);

type Counts = Omit<CampaignProgress, 'asOf' | 'coverage' | 'inspectionTargetRate' | 'rectificationRate'>;

/**
 * Live progress of a campaign from the data, within the actor's scope: enterprises in its scope,
 * signed inspections of them in its window, hazards found on its line in its window and how many
 * of those are closed or overdue — as of today, or as of the last day once it has ended.
 */
async function progressOf(ctx: Ctx, row: CampaignRow, groupByDivision: boolean) {
  const today = ctx.clock.today();
  const asOf = earlierDate(today, row.endsOn);
  const inScope = and(ctx.scoper.enterprises(actorOf(ctx)), campaignEnterprises(ctx.tree, row));
  // Without a division breakdown everything is one row (GROUP BY a constant is an error).
  const key = groupByDivision ? sql<string>`${e.divisionCode}` : sql<string>`'all'`;
  const by = groupByDivision ? [e.divisionCode] : [];
  const closedBefore = shanghaiInstant(addCalendarDays(asOf, 1)).toISOString();
  const closedExpr = sql`${h.closedAt} is not null and ${h.closedAt} < ${closedBefore}::timestamptz`;
  const lineCond: SQL | undefined = row.line ? eq(h.line, row.line) : undefined;
  const templateLine: SQL | undefined = row.line
    ? sql`${ins.templateId} in (select ${schema.checklistTemplates.id} from ${schema.checklistTemplates} where ${schema.checklistTemplates.line} = ${row.line})`
    : undefined;
  const [ents, inspections, hazards] = await Promise.all([
    ctx.db
      .select({ key, n: sql<number>`count(*)` })
      .from(e)
      .where(inScope)
      .groupBy(...by),
    ctx.db
      .select({
        key,
        inspections: sql<number>`count(*)`,
        enterprises: sql<number>`count(distinct ${ins.enterpriseId})`,
      })
      .from(ins)
      .innerJoin(e, eq(e.id, ins.enterpriseId))
      .where(
        and(
          inScope,
          eq(ins.status, 'signed'),
          sql`${ins.inspectedOn} between ${row.startsOn} and ${asOf}`,
          templateLine,
        ),
      )
      .groupBy(...by),
    ctx.db
      .select({
        key,
        found: sql<number>`count(*)`,
        closed: sql<number>`count(*) filter (where ${closedExpr})`,
        overdue: sql<number>`count(*) filter (where not (${closedExpr}) and ${h.deadline} < ${asOf})`,
      })
      .from(h)
      .innerJoin(e, eq(e.id, h.enterpriseId))
      .where(and(inScope, sql`${h.foundOn} between ${row.startsOn} and ${asOf}`, lineCond))
      .groupBy(...by),
  ]);
  const keys = new Set([...ents, ...inspections, ...hazards].map((r) => String(r.key)));
  const counts = new Map<string, Counts>();
  for (const k of keys) {
    const en = ents.find((r) => String(r.key) === k);
    const inspected = inspections.find((r) => String(r.key) === k);
    const found = hazards.find((r) => String(r.key) === k);
    counts.set(k, {
      enterprisesInScope: num(en?.n),
      inspections: num(inspected?.inspections),
      inspectedEnterprises: num(inspected?.enterprises),
      hazardsFound: num(found?.found),
      hazardsClosed: num(found?.closed),
      hazardsOverdue: num(found?.overdue),
    });
  }
  const finish = (x: Counts) => ({
    ...x,
    coverage: ratio(x.inspectedEnterprises, x.enterprisesInScope),
    inspectionTargetRate: ratio(x.inspections, row.targetInspections),
    rectificationRate: ratio(x.hazardsClosed, x.hazardsFound),
  });
  return { asOf, counts, finish };
}

const EMPTY: Counts = {
  enterprisesInScope: 0,
  inspections: 0,
  inspectedEnterprises: 0,
  hazardsFound: 0,
  hazardsClosed: 0,
  hazardsOverdue: 0,
};

async function present(ctx: Ctx, row: CampaignRow): Promise<CampaignView> {
  const p = await progressOf(ctx, row, false);
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
    progress: { asOf: p.asOf, ...p.finish(p.counts.get('all') ?? EMPTY) },
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listCampaigns(ctx: Ctx) {
  const rowsOut = await ctx.db.select().from(c).orderBy(asc(c.startsOn), asc(c.id));
  const items = [];
  for (const r of rowsOut) items.push(await present(ctx, r));
  return { items, total: items.length };
}

async function findCampaign(conn: Conn, id: number): Promise<CampaignRow> {
  const [row] = await conn.select().from(c).where(eq(c.id, id));
  if (!row) throw notFound();
  return row;
}

export async function getCampaign(ctx: Ctx, id: number): Promise<CampaignDetail> {
  const row = await findCampaign(ctx.db, id);
  const [base, p] = await Promise.all([present(ctx, row), progressOf(ctx, row, true)]);
  const en = ctx.locale === 'en';
  const byDivision = [...p.counts.entries()]
    .map(([key, counts]) => {
      const d = ctx.tree.get(key);
      return { key, name: d ? (en ? d.nameEn : d.name) : key, ...p.finish(counts) };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
  return { ...base, byDivision };
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
        createdBy: actorOf(ctx).id || null,
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
  const { version, targets, ...rest } = input;
  await ctx.db.transaction(async (tx) => {
    const row = await findCampaign(tx, id);
    if (row.version !== version) throw staleVersion(row.version);
    const next = {
      startsOn: rest.startsOn ?? row.startsOn,
      endsOn: rest.endsOn ?? row.endsOn,
      divisionCodes: (rest.scope ?? row.scope).divisionCodes,
    };
    const issues = checkCampaign(ctx, next);
    if (issues.length) throw invalid(issues);
    const [updated] = await tx
      .update(c)
      .set({
        ...rest,
        ...(targets
          ? { targetInspections: targets.inspections, targetCoveragePct: targets.coveragePct }
          : {}),
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
