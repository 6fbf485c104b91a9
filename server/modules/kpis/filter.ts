import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { INDUSTRIES } from '../../../shared/data/industries';
import type { SizeClass } from '../../../shared/enums';
import { INDUSTRIAL_DIVISIONS, SME_SIZE_CLASSES } from '../../../shared/kpi';
import type { DivisionNode } from '../../access/divisions';
import { schema } from '../../db/client';
import { actorOf, type Ctx } from '../../lib/context';
import { notFound } from '../../lib/errors';
import { divisionWhere } from '../daily-reports/service';

const e = schema.enterprises;

/** Which enterprises a figure covers: the caller's scope, a division, optionally a section or size. */
export interface KpiScope {
  /** The division asked for (or the caller's own territory); null = everything in scope (the city). */
  division: string | null;
  section?: string;
  sizeClass?: SizeClass;
}

/**
 * The division a request is about. Omitted: the caller's territory (a district clerk's district) or
 * the whole city. Unknown, or outside the caller's territory: 404, never a hint that it exists.
 */
export function resolveDivision(ctx: Ctx, division: string | undefined): string | null {
  const actor = actorOf(ctx);
  const own = ctx.scoper.territory(actor);
  if (!division) return own;
  if (!ctx.tree.get(division)) throw notFound();
  const allowed = ctx.scoper.divisionCodes(actor);
  if (allowed && !allowed.includes(division)) throw notFound();
  return division;
}

const quoted = (codes: readonly string[]) => sql.raw(codes.map((c) => `'${c.replace(/'/g, '')}'`).join(', '));

/**
 * For a `left join lateral (…) st on true` over `enterprises`: the enterprise's latest status change
 * on or before a day (`status`, `effective_date`), one probe of the (enterprise_id, effective_date,
 * id) index — statusOnSql (resumption/status.ts) with the date of the change.
 */
export function latestStatusSql(asOf: string): SQL {
  const ev = schema.resumptionStatusEvents;
  return sql`select ${ev.status} as status, ${ev.effectiveDate} as effective_date from ${ev}
    where ${ev.enterpriseId} = ${e.id} and ${ev.effectiveDate} <= ${asOf}
    order by ${ev.effectiveDate} desc, ${ev.id} desc limit 1`;
}

/** The two-digit industry division of an enterprise (what sections are made of). */
export const industryDivision = sql<string>`left(${e.industryCode}, 2)`;

/** Above-scale industrial and not a long-term shutdown: the resumption-rate population (before "closed"). */
export const aboveScaleIndustrialSql = sql<boolean>`(${e.aboveScale} and not ${e.longTermShutdown}
  and left(${e.industryCode}, 2) in (${quoted(INDUSTRIAL_DIVISIONS)}))`;

/** Medium, small or micro, any sector, not a long-term shutdown: the SME-rate population. */
export const smeSql = sql<boolean>`(${e.sizeClass} in (${quoted(SME_SIZE_CLASSES)}) and not ${e.longTermShutdown})`;

/** The industry divisions (two digits) of a GB/T 4754 section. */
export function sectionDivisions(section: string): string[] {
  return INDUSTRIES.filter((i) => i.level === 'division' && i.section === section).map((i) => i.code);
}

/**
 * The condition on `enterprises` for a figure: in the caller's scope, in the division, section and
 * size class. Archived enterprises are left out of the registry figures (as in the report
 * completeness view); hazard figures keep them, as the hazard statistics do.
 */
export function enterpriseWhere(
  ctx: Ctx,
  scope: KpiScope,
  opts: { archived?: boolean } = {},
): SQL | undefined {
  return and(
    opts.archived ? undefined : isNull(e.archivedAt),
    ctx.scoper.enterprises(actorOf(ctx)),
    scope.division ? divisionWhere(ctx, scope.division) : undefined,
    scope.section ? sql`${industryDivision} in (${quoted(sectionDivisions(scope.section))})` : undefined,
    scope.sizeClass ? eq(e.sizeClass, scope.sizeClass) : undefined,
  );
}

/** The division the figures start from: the one asked for, else the city. */
export function rootNode(ctx: Ctx, division: string | null): DivisionNode | undefined {
  if (division) return ctx.tree.get(division);
  return [...ctx.tree.byCode.values()].find((d) => d.level === 'city');
}

/**
 * Maps an enterprise's (district, town) to the child of `root` it belongs to: a district of the
 * city, a town of a district. Null when it lies under no child (e.g. no town recorded).
 */
export function childOf(
  ctx: Ctx,
  root: DivisionNode,
  divisionCode: string,
  townCode: string | null,
): string | null {
  for (const start of [townCode, divisionCode]) {
    let cur = ctx.tree.get(start);
    while (cur) {
      if (cur.parentCode === root.code) return cur.code;
      cur = ctx.tree.get(cur.parentCode);
    }
  }
  return null;
}
