import { and, asc, count, desc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import { can } from '../../../shared/access';
import type {
  EnterpriseCreateInput,
  EnterpriseListQuery,
  EnterpriseUpdateInput,
  EnterpriseView,
} from '../../../shared/schemas/enterprises';
import { findScopedEnterprise } from '../../access/scope';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, type FieldIssue, invalid, staleVersion } from '../../lib/errors';
import { escapeLike, likePattern } from '../../lib/sql';
import { notifyKpi } from '../kpis/events';
import { resumptionFacts } from '../resumption/facts';

export type EnterpriseRow = typeof schema.enterprises.$inferSelect;
type EnterpriseFields = Omit<
  EnterpriseRow,
  'id' | 'version' | 'createdAt' | 'updatedAt' | 'archivedAt' | 'searchText'
>;

/** Lower-case name, USCC, pinyin initials and full pinyin: "bxgt" and "benxi" both find 本溪钢铁. */
export function searchTextOf(name: string, uscc: string): string {
  const initials = pinyin(name, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
  }).join('');
  const full = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
  return `${name} ${uscc} ${initials} ${full}`.toLowerCase();
}

/** 138****1234 for roles that do not need the full number. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return phone ? '****' : '';
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

export function presentEnterprise(ctx: Ctx, row: EnterpriseRow): EnterpriseView {
  const actor = actorOf(ctx);
  const industry = ctx.ref.industries.get(row.industryCode);
  const division = ctx.tree.get(row.divisionCode);
  const town = ctx.tree.get(row.townCode);
  const en = ctx.locale === 'en';
  const showPhone = can(actor.role, 'enterprise.viewPhone');
  const abilities: string[] = [];
  for (const a of ['enterprise.update', 'enterprise.archive'] as const) {
    // divisionInScope: a town-level clerk sees its town's enterprises but does not own the district.
    if (can(actor.role, a) && ctx.scoper.divisionInScope(actor, row.divisionCode)) abilities.push(a);
  }
  return {
    id: row.id,
    uscc: row.uscc,
    name: row.name,
    divisionCode: row.divisionCode,
    divisionName: division ? (en ? division.nameEn : division.name) : row.divisionCode,
    townCode: row.townCode,
    townName: town ? town.name : null,
    address: row.address,
    industryCode: row.industryCode,
    industryName: industry ? (en ? industry.nameEn : industry.name) : row.industryCode,
    industrySection: industry?.section ?? '',
    sizeClass: row.sizeClass,
    aboveScale: row.aboveScale,
    publicUtility: row.publicUtility,
    epidemicSupplies: row.epidemicSupplies,
    cityOperation: row.cityOperation,
    keyEnterprise: row.keyEnterprise,
    hazardousChemicals: row.hazardousChemicals,
    longTermShutdown: row.longTermShutdown,
    normalWorkforce: row.normalWorkforce,
    normalDailyOutput: row.normalDailyOutputFen / 100,
    legalRepresentative: row.legalRepresentative,
    contactName: row.contactName,
    contactPhone: showPhone ? row.contactPhone : maskPhone(row.contactPhone),
    phoneMasked: !showPhone && row.contactPhone !== '',
    archived: row.archivedAt !== null,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    abilities,
  };
}

/** The WHERE of a list or export: the actor's scope and the filters, combined. */
export function listWhere(ctx: Ctx, q: Partial<EnterpriseListQuery>): SQL | undefined {
  const e = schema.enterprises;
  const conds: (SQL | undefined)[] = [ctx.scoper.enterprises(actorOf(ctx))];
  conds.push(q.archived ? isNotNull(e.archivedAt) : isNull(e.archivedAt));
  if (q.q) conds.push(sql`${e.searchText} like ${likePattern(q.q)}`);
  if (q.division) {
    const node = ctx.tree.get(q.division);
    if (!node) conds.push(sql`false`);
    else if (node.level === 'town') conds.push(eq(e.townCode, q.division));
    else conds.push(inArray(e.divisionCode, ctx.tree.descendants(q.division)));
  }
  if (q.industry) {
    if (/^[A-T]$/.test(q.industry)) {
      const codes = [...ctx.ref.industries.values()]
        .filter((i) => i.section === q.industry)
        .map((i) => i.code);
      conds.push(codes.length ? inArray(e.industryCode, codes) : sql`false`);
    } else {
      conds.push(sql`${e.industryCode} like ${`${escapeLike(q.industry)}%`}`);
    }
  }
  if (q.sizeClass) conds.push(eq(e.sizeClass, q.sizeClass));
  if (q.aboveScale !== undefined) conds.push(eq(e.aboveScale, q.aboveScale));
  if (q.flag) conds.push(eq(e[q.flag], true));
  return and(...conds.filter(Boolean));
}

const SORTS = {
  name: [asc(schema.enterprises.name)],
  uscc: [asc(schema.enterprises.uscc)],
  division: [asc(schema.enterprises.divisionCode), asc(schema.enterprises.name)],
  updatedAt: [desc(schema.enterprises.updatedAt)],
};

export async function listEnterprises(ctx: Ctx, q: EnterpriseListQuery) {
  const where = listWhere(ctx, q);
  const [rowsOut, [{ n }]] = await Promise.all([
    ctx.db
      .select()
      .from(schema.enterprises)
      .where(where)
      .orderBy(...SORTS[q.sort], asc(schema.enterprises.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(schema.enterprises).where(where),
  ]);
  return { items: rowsOut.map((r) => presentEnterprise(ctx, r)), total: Number(n) };
}

export async function getEnterprise(ctx: Ctx, id: number): Promise<EnterpriseView> {
  const row = await findScopedEnterprise(ctx.db, ctx.scoper, actorOf(ctx), id);
  const view = presentEnterprise(ctx, row);
  const { abilities, ...facts } = await resumptionFacts(ctx, row);
  return { ...view, ...facts, abilities: [...view.abilities, ...abilities] };
}

/** A town must exist and, when the district is known, lie in it. */
function townIssues(ctx: Ctx, town: string, district: string | undefined, prefix = ''): FieldIssue[] {
  const t = ctx.tree.get(town);
  if (t?.level === 'town' && (!district || t.parentCode === district)) return [];
  return [{ path: `${prefix}townCode`, reason: 'unknown_town', params: { value: town } }];
}

/**
 * Checks the references a row points at (division, town, industry) and that a district user
 * keeps the enterprise inside their own territory. Returns every problem, not just the first.
 */
export function checkReferences(
  ctx: Ctx,
  f: { divisionCode?: string; townCode?: string | null; industryCode?: string },
  prefix = '',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const actor = actorOf(ctx);
  if (f.divisionCode !== undefined) {
    const d = ctx.tree.get(f.divisionCode);
    if (!d)
      issues.push({
        path: `${prefix}divisionCode`,
        reason: 'unknown_division',
        params: { value: f.divisionCode },
      });
    else if (d.level !== 'district')
      issues.push({
        path: `${prefix}divisionCode`,
        reason: 'division_not_district',
        params: { value: f.divisionCode },
      });
    else if (!ctx.scoper.divisionInScope(actor, f.divisionCode))
      issues.push({
        path: `${prefix}divisionCode`,
        reason: 'out_of_scope_division',
        params: { value: f.divisionCode },
      });
  }
  if (f.townCode) issues.push(...townIssues(ctx, f.townCode, f.divisionCode, prefix));
  if (f.industryCode !== undefined) {
    const ind = ctx.ref.industries.get(f.industryCode);
    if (!ind || !/^\d+$/.test(f.industryCode)) {
      issues.push({
        path: `${prefix}industryCode`,
        reason: 'unknown_industry',
        params: { value: f.industryCode },
      });
    }
  }
  return issues;
}

async function usccTaken(conn: Conn, uscc: string, exceptId?: number): Promise<boolean> {
  const [hit] = await conn
    .select({ id: schema.enterprises.id })
    .from(schema.enterprises)
    .where(eq(schema.enterprises.uscc, uscc))
    .limit(1);
  return !!hit && hit.id !== exceptId;
}

const duplicateUscc = (uscc: string) =>
  new AppError(409, 'duplicate', { what: uscc }, [
    { path: 'uscc', reason: 'duplicate_uscc', params: { value: uscc } },
  ]);

/** Fills the defaults of a new enterprise and converts yuan to fen. */
export function newEnterpriseFields(input: EnterpriseCreateInput): EnterpriseFields {
  return {
    uscc: input.uscc,
    name: input.name,
    divisionCode: input.divisionCode,
    townCode: input.townCode ?? null,
    address: input.address ?? '',
    industryCode: input.industryCode,
    sizeClass: input.sizeClass,
    aboveScale: input.aboveScale ?? false,
    publicUtility: input.publicUtility ?? false,
    epidemicSupplies: input.epidemicSupplies ?? false,
    cityOperation: input.cityOperation ?? false,
    keyEnterprise: input.keyEnterprise ?? false,
    hazardousChemicals: input.hazardousChemicals ?? false,
    longTermShutdown: input.longTermShutdown ?? false,
    normalWorkforce: input.normalWorkforce ?? 0,
    normalDailyOutputFen: Math.round((input.normalDailyOutput ?? 0) * 100),
    legalRepresentative: input.legalRepresentative ?? '',
    contactName: input.contactName ?? '',
    contactPhone: input.contactPhone ?? '',
  };
}

export async function createEnterprise(ctx: Ctx, input: EnterpriseCreateInput) {
  const issues = checkReferences(ctx, input);
  if (issues.length) throw invalid(issues);
  const now = ctx.clock.now();
  const fields = newEnterpriseFields(input);
  return ctx.db.transaction(async (tx) => {
    if (await usccTaken(tx, input.uscc)) throw duplicateUscc(input.uscc);
    const [row] = await tx
      .insert(schema.enterprises)
      .values({
        ...fields,
        searchText: searchTextOf(fields.name, fields.uscc),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await notifyKpi(tx, ctx, 'enterprise', [row.id]);
    await audit(tx, ctx, {
      action: 'enterprise.create',
      entity: 'enterprise',
      entityId: row.id,
      after: auditView(row),
    });
    return presentEnterprise(ctx, row);
  });
}

/** What the audit log keeps of an enterprise (everything but derived search text). */
function auditView(row: EnterpriseRow) {
  const { searchText: _s, ...rest } = row;
  return rest;
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    const bv = before[k] instanceof Date ? (before[k] as Date).toISOString() : before[k];
    const av = after[k] instanceof Date ? (after[k] as Date).toISOString() : after[k];
    if (bv !== av) {
      b[k] = bv;
      a[k] = av;
    }
  }
  return { before: b, after: a };
}

/** Loads a row the actor may change: 404 outside scope, 403 if not theirs to change. */
async function loadForWrite(
  ctx: Ctx,
  conn: Conn,
  id: number,
  action: 'enterprise.update' | 'enterprise.archive',
) {
  const actor = actorOf(ctx);
  const row = await findScopedEnterprise(conn, ctx.scoper, actor, id);
  // Seeing an enterprise is not owning it: a change needs its district within the actor's territory.
  if (!can(actor.role, action) || !ctx.scoper.divisionInScope(actor, row.divisionCode)) {
    throw new AppError(403, 'forbidden');
  }
  return row;
}

export async function updateEnterprise(ctx: Ctx, id: number, input: EnterpriseUpdateInput) {
  const { version, normalDailyOutput, ...rest } = input;
  return ctx.db.transaction(async (tx) => {
    const row = await loadForWrite(ctx, tx, id, 'enterprise.update');
    if (row.version !== version) throw staleVersion(row.version);
    const patch: Partial<EnterpriseFields> = { ...rest };
    if (normalDailyOutput !== undefined) patch.normalDailyOutputFen = Math.round(normalDailyOutput * 100);
    const nextDivision = patch.divisionCode ?? row.divisionCode;
    let nextTown = patch.townCode !== undefined ? patch.townCode : row.townCode;
    // Moving district without naming a town keeps the town only if it lies in the new district.
    if (patch.divisionCode !== undefined && patch.townCode === undefined && nextTown) {
      if (ctx.tree.get(nextTown)?.parentCode !== nextDivision) nextTown = null;
    }
    if (nextTown !== row.townCode) patch.townCode = nextTown;
    const issues = checkReferences(ctx, {
      divisionCode: patch.divisionCode,
      industryCode: patch.industryCode,
    });
    if (patch.townCode) issues.push(...townIssues(ctx, patch.townCode, nextDivision));
    if (issues.length) throw invalid(issues);
    if (patch.uscc && patch.uscc !== row.uscc && (await usccTaken(tx, patch.uscc, row.id)))
      throw duplicateUscc(patch.uscc);
    const name = patch.name ?? row.name;
    const uscc = patch.uscc ?? row.uscc;
    const [updated] = await tx
      .update(schema.enterprises)
      .set({
        ...patch,
        searchText: searchTextOf(name, uscc),
        version: row.version + 1,
        updatedAt: ctx.clock.now(),
      })
      .where(and(eq(schema.enterprises.id, id), eq(schema.enterprises.version, version)))
      .returning();
    if (!updated) throw staleVersion(row.version + 1);
    const diff = changedFields(auditView(row), auditView(updated));
    // Moved to another division: both hear of it (unknown divisions reach every stream).
    const moved = 'divisionCode' in diff.after || 'townCode' in diff.after;
    await notifyKpi(tx, ctx, 'enterprise', moved ? undefined : [id]);
    await audit(tx, ctx, { action: 'enterprise.update', entity: 'enterprise', entityId: id, ...diff });
    return presentEnterprise(ctx, updated);
  });
}

export async function archiveEnterprise(
  ctx: Ctx,
  id: number,
  input: { version: number; archived: boolean; reason: string },
) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadForWrite(ctx, tx, id, 'enterprise.archive');
    if (row.version !== input.version) throw staleVersion(row.version);
    const [updated] = await tx
      .update(schema.enterprises)
      .set({
        archivedAt: input.archived ? (row.archivedAt ?? ctx.clock.now()) : null,
        version: row.version + 1,
        updatedAt: ctx.clock.now(),
      })
      .where(and(eq(schema.enterprises.id, id), eq(schema.enterprises.version, input.version)))
      .returning();
    if (!updated) throw staleVersion(row.version + 1);
    await notifyKpi(tx, ctx, 'enterprise', [id]);
    await audit(tx, ctx, {
      action: input.archived ? 'enterprise.archive' : 'enterprise.restore',
      entity: 'enterprise',
      entityId: id,
      before: { archivedAt: row.archivedAt },
      after: { archivedAt: updated.archivedAt, reason: input.reason },
    });
    return presentEnterprise(ctx, updated);
  });
}

/** Rows for an export of the current filtered list (capped to keep the file openable). */
export async function exportRows(ctx: Ctx, q: Partial<EnterpriseListQuery>, cap = 200_000) {
  const rowsOut = await ctx.db
    .select()
    .from(schema.enterprises)
    .where(listWhere(ctx, q))
    .orderBy(...SORTS[q.sort ?? 'name'], asc(schema.enterprises.id))
    .limit(cap);
  return rowsOut.map((r) => presentEnterprise(ctx, r));
}
