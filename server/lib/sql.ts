import { getTableName, is, SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** Escapes LIKE metacharacters so a search for "50%" or "a_b" means what it says. */
export function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A case-folded "contains" pattern for LIKE over lower-cased text. */
export function likePattern(q: string): string {
  return `%${escapeLike(q.toLowerCase())}%`;
}

/**
 * A column as "table"."column" whatever query it lands in. Drizzle leaves the columns of a
 * single-table select list unqualified, so a correlated subquery there would read `"id"` as its
 * own table's id; use this for the outer column of such subqueries. (Not for aliased tables.)
 */
export function qualified(col: AnyPgColumn | SQL): SQL {
  if (is(col, SQL)) return col;
  const name = col.keyAsName ? toSnakeCase(col.name) : col.name;
  return sql`${sql.identifier(getTableName(col.table))}.${sql.identifier(name)}`;
}
