import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type Action, can } from '../../shared/access';
import { type Conn, schema } from '../db/client';
import type { Actor } from '../lib/context';
import { AppError, notFound } from '../lib/errors';
import type { DivisionTree } from './divisions';

/**
 * The one place that turns an actor into "which rows". Every list, read and write of a
 * scoped row goes through these functions; no module reads the actor's division itself.
 */
export interface Scoper {
  /** Condition on `enterprises` for the enterprises the actor may see; undefined means all. */
  enterprises(actor: Actor): SQL | undefined;
  /** Condition on any table's enterprise-id column, e.g. daily_reports.enterprise_id. */
  byEnterprise(actor: Actor, column: AnyPgColumn): SQL | undefined;
  /** Whether a division code lies within the actor's territory (for writes that set a division). */
  divisionInScope(actor: Actor, code: string): boolean;
  /** The district codes the actor covers (all for city-wide roles), for per-division figures. */
  divisionCodes(actor: Actor): string[] | undefined;
  /**
   * The division a territorial account (district) is bound to: where its figures start (the
   * KPIs of its own division by default); null for city-wide roles and for non-territorial scopes.
   */
  territory(actor: Actor): string | null;
  /**
   * Conditions on supervision_groups.id and supervision_squads.id for the units the actor may see:
   * a supervisor sees the units they serve in (and a group member the group's squads); undefined
   * means all.
   */
  supervisionUnits(actor: Actor): { groups: SQL | undefined; squads: SQL | undefined };
  /** The enterprise an enterprise account speaks for; null for every other role. */
  ownEnterprise(actor: Actor): number | null;
  /** The department a department account works for; null for every other role. */
  ownDepartment(actor: Actor): string | null;
  /**
   * Condition on a department-code column (e.g. a department's reply templates): a department
   * account its own department's rows, city-wide roles all (undefined), anyone else none.
   */
  byDepartment(actor: Actor, column: AnyPgColumn): SQL | undefined;
  /**
   * Condition on `demands` for the demands the actor may see: a department those it leads or
   * co-handles; everyone else those of the enterprises in their scope; undefined means all.
   */
  demands(actor: Actor): SQL | undefined;
}

const NOTHING = sql`false`;

export function createScoper(tree: DivisionTree): Scoper {
  const assigned = (actor: Actor, kind: 'liaison' | 'supervisor') =>
    inArray(
      schema.enterprises.id,
      sql`(select ${schema.enterpriseAssignments.enterpriseId} from ${schema.enterpriseAssignments}
           where ${schema.enterpriseAssignments.userId} = ${actor.id}
             and ${schema.enterpriseAssignments.kind} = ${kind}
             and ${schema.enterpriseAssignments.endedAt} is null)`,
    );

  // The supervision units (squads, groups) a user currently serves in.
  const mySquads = (actor: Actor) => {
    const m = schema.supervisionMembers;
    return sql`(select ${m.squadId} from ${m} where ${m.userId} = ${actor.id}
      and ${m.endedAt} is null and ${m.squadId} is not null)`;
  };
  const myGroups = (actor: Actor) => {
    const m = schema.supervisionMembers;
    return sql`(select ${m.groupId} from ${m} where ${m.userId} = ${actor.id}
      and ${m.endedAt} is null and ${m.groupId} is not null)`;
  };

  /**
   * Enterprises a supervisor reaches through supervision units: the squads they serve in, and the
   * groups they serve in directly (a group member oversees the group's own assignments and all of
   * its squads'). A unit's assignment names an enterprise or a division: the city, a district or
   * a town.
   */
  const viaSupervision = (actor: Actor) => {
    const a = schema.supervisionAssignments;
    const sq = schema.supervisionSquads;
    const d = schema.divisions;
    const mine = sql`${a.endedAt} is null and (${a.squadId} in ${mySquads(actor)}
      or ${a.groupId} in ${myGroups(actor)}
      or ${a.squadId} in (select ${sq.id} from ${sq} where ${sq.groupId} in ${myGroups(actor)}))`;
    const divisionTargets = sql`(select ${a.divisionCode} from ${a} where ${mine} and ${a.divisionCode} is not null)`;
    return or(
      inArray(
        schema.enterprises.id,
        sql`(select ${a.enterpriseId} from ${a} where ${mine} and ${a.enterpriseId} is not null)`,
      ),
      inArray(
        schema.enterprises.divisionCode,
        sql`(select ${d.code} from ${d} where ${d.code} in ${divisionTargets} or ${d.parentCode} in ${divisionTargets})`,
      ),
      inArray(schema.enterprises.townCode, divisionTargets),
    );
  };

  const territory = (code: string) => {
    const node = tree.get(code);
    if (!node) return NOTHING;
    if (node.level === 'town') return eq(schema.enterprises.townCode, code);
    return inArray(schema.enterprises.divisionCode, tree.descendants(code));
  };

  const enterprises = (actor: Actor): SQL | undefined => {
    switch (actor.role) {
      case 'commander':
      case 'leader':
      case 'department':
        return undefined;
      case 'district':
        return actor.divisionCode ? territory(actor.divisionCode) : NOTHING;
      case 'liaison':
        return assigned(actor, 'liaison');
      case 'supervisor':
        return or(assigned(actor, 'supervisor'), viaSupervision(actor));
      case 'enterprise':
        return actor.enterpriseId ? eq(schema.enterprises.id, actor.enterpriseId) : NOTHING;
      default:
        return NOTHING;
    }
  };

  return {
    enterprises,
    byEnterprise(actor, column) {
      const cond = enterprises(actor);
      if (!cond) return undefined;
      if (actor.role === 'enterprise') return actor.enterpriseId ? eq(column, actor.enterpriseId) : NOTHING;
      return inArray(column, sql`(select ${schema.enterprises.id} from ${schema.enterprises} where ${cond})`);
    },
    divisionInScope(actor, code) {
      if (actor.role === 'commander') return true;
      if (actor.role === 'district' && actor.divisionCode) return tree.within(code, actor.divisionCode);
      return false;
    },
    divisionCodes(actor) {
      if (actor.role === 'district' && actor.divisionCode) return tree.descendants(actor.divisionCode);
      return undefined;
    },
    territory(actor) {
      return actor.role === 'district' ? actor.divisionCode : null;
    },
    supervisionUnits(actor) {
      if (['commander', 'leader', 'department', 'district'].includes(actor.role)) {
        return { groups: undefined, squads: undefined };
      }
      if (actor.role !== 'supervisor') return { groups: NOTHING, squads: NOTHING };
      const g = schema.supervisionGroups;
      const sq = schema.supervisionSquads;
      return {
        groups: or(
          inArray(g.id, myGroups(actor)),
          inArray(g.id, sql`(select ${sq.groupId} from ${sq} where ${sq.id} in ${mySquads(actor)})`),
        ),
        squads: or(inArray(sq.id, mySquads(actor)), inArray(sq.groupId, myGroups(actor))),
      };
    },
    ownEnterprise(actor) {
      return actor.role === 'enterprise' ? actor.enterpriseId : null;
    },
    ownDepartment(actor) {
      return actor.role === 'department' ? actor.departmentCode : null;
    },
    byDepartment(actor, column) {
      if (actor.role === 'department')
        return actor.departmentCode ? eq(column, actor.departmentCode) : NOTHING;
      return actor.role === 'commander' || actor.role === 'leader' ? undefined : NOTHING;
    },
    demands(actor) {
      const d = schema.demands;
      if (actor.role === 'department') {
        const code = actor.departmentCode;
        return code ? or(eq(d.leadDepartment, code), sql`${code} = any(${d.coDepartments})`) : NOTHING;
      }
      if (actor.role === 'enterprise')
        return actor.enterpriseId ? eq(d.enterpriseId, actor.enterpriseId) : NOTHING;
      const cond = enterprises(actor);
      if (!cond) return undefined;
      return inArray(
        d.enterpriseId,
        sql`(select ${schema.enterprises.id} from ${schema.enterprises} where ${cond})`,
      );
    },
  };
}

/** Loads an enterprise inside the actor's scope; outside it is 404, never a hint that it exists. */
export async function findScopedEnterprise(conn: Conn, scoper: Scoper, actor: Actor, id: number) {
  const scope = scoper.enterprises(actor);
  const [row] = await conn
    .select()
    .from(schema.enterprises)
    .where(scope ? and(eq(schema.enterprises.id, id), scope) : eq(schema.enterprises.id, id))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

/** In scope but not allowed: 403. */
export function authorize(actor: Actor, action: Action): void {
  if (!can(actor.role, action)) throw new AppError(403, 'forbidden');
}

export const activeOnly = () => isNull(schema.enterprises.archivedAt);
