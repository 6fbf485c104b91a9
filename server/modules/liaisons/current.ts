import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { PersonRef } from '../../../shared/schemas/resumption';
import { type Conn, schema } from '../../db/client';

const a = schema.enterpriseAssignments;

/**
 * Each enterprise's stationed liaison (the oldest active liaison assignment), in one query.
 * An enterprise has at most one in practice; auto-assignment ends duplicates.
 */
export async function currentLiaisons(
  conn: Conn,
  enterpriseIds: number[],
): Promise<Map<number, PersonRef & { assignmentId: number; assignedAt: Date }>> {
  if (!enterpriseIds.length) return new Map();
  const found = await conn
    .selectDistinctOn([a.enterpriseId], {
      enterpriseId: a.enterpriseId,
      assignmentId: a.id,
      assignedAt: a.assignedAt,
      id: schema.users.id,
      displayName: schema.users.displayName,
    })
    .from(a)
    .innerJoin(schema.users, eq(schema.users.id, a.userId))
    .where(and(eq(a.kind, 'liaison'), isNull(a.endedAt), inArray(a.enterpriseId, enterpriseIds)))
    .orderBy(a.enterpriseId, asc(a.id));
  return new Map(
    found.map((r) => [
      r.enterpriseId,
      { id: r.id, displayName: r.displayName, assignmentId: r.assignmentId, assignedAt: r.assignedAt },
    ]),
  );
}
