import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { ENTERPRISE_FLAGS, type EnterpriseFlag } from '../../../shared/enums';
import type { DivisionTree } from '../../access/divisions';
import { schema } from '../../db/client';
import { escapeLike } from '../../lib/sql';

type CampaignRow = typeof schema.campaigns.$inferSelect;

/**
 * The enterprises a campaign covers, as a condition on `enterprises`: active, inside the listed
 * divisions (if any), and matching any listed industry prefix or flag (neither listed: all).
 */
export function campaignEnterprises(tree: DivisionTree, c: Pick<CampaignRow, 'scope'>): SQL {
  const e = schema.enterprises;
  const conds: (SQL | undefined)[] = [sql`${e.archivedAt} is null`];
  const { industryPrefixes, flags, divisionCodes } = c.scope;
  if (divisionCodes.length) {
    const codes = divisionCodes.flatMap((d) => (tree.get(d) ? tree.descendants(d) : []));
    conds.push(codes.length ? or(inArray(e.divisionCode, codes), inArray(e.townCode, codes)) : sql`false`);
  }
  const matches: SQL[] = [
    ...industryPrefixes.map((p) => sql`${e.industryCode} like ${`${escapeLike(p)}%`}`),
    ...flags
      .filter((f): f is EnterpriseFlag => (ENTERPRISE_FLAGS as readonly string[]).includes(f))
      .map((f) => eq(e[f], true)),
  ];
  if (matches.length) conds.push(or(...matches));
  return and(...conds)!;
}

/** Hazards a campaign counts: of enterprises in its scope, found in its window, on its line. */
export function campaignHazards(tree: DivisionTree, c: CampaignRow): SQL {
  const h = schema.hazards;
  return and(
    inArray(
      h.enterpriseId,
      sql`(select ${schema.enterprises.id} from ${schema.enterprises} where ${campaignEnterprises(tree, c)})`,
    ),
    sql`${h.foundOn} between ${c.startsOn} and ${c.endsOn}`,
    c.line ? eq(h.line, c.line) : undefined,
  )!;
}
