import { inArray } from 'drizzle-orm';
import type { PersonRef } from '../../../shared/schemas/resumption';
import { type Conn, schema } from '../../db/client';
import { actorOf, type Ctx } from '../../lib/context';

/** The acting user's id for a `by` column; the system (id 0: seed, CLI) is recorded as null. */
export function byOf(ctx: Ctx): number | null {
  const id = actorOf(ctx).id;
  return id > 0 ? id : null;
}

/** Display names of the users a page of records names, in one query. */
export async function peopleByIds(
  conn: Conn,
  ids: Iterable<number | null | undefined>,
): Promise<Map<number, PersonRef>> {
  const wanted = [...new Set([...ids].filter((x): x is number => typeof x === 'number'))];
  if (!wanted.length) return new Map();
  const found = await conn
    .select({ id: schema.users.id, displayName: schema.users.displayName })
    .from(schema.users)
    .where(inArray(schema.users.id, wanted));
  return new Map(found.map((u) => [u.id, u]));
}

/** A person reference from a loaded map (null for the system or an unknown id). */
export function personOf(map: Map<number, PersonRef>, id: number | null | undefined): PersonRef | null {
  return typeof id === 'number' ? (map.get(id) ?? null) : null;
}
