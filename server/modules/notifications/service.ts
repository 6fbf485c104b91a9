import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { NotificationKind } from '../../../shared/enums';
import type { NotificationListQuery, NotificationView } from '../../../shared/schemas/notifications';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { inChunks } from '../../lib/chunks';
import { actorOf, type Ctx } from '../../lib/context';
import { notFound } from '../../lib/errors';
import { renderNotification } from './templates';

const n = schema.notifications;

/** The deduplication key of a notification or outbox message: (kind, subject, enterprise, date, recipient). */
export function dedupeKey(parts: {
  kind: string;
  subject?: string | number | null;
  enterpriseId?: number | null;
  date?: string | null;
  recipient: string | number;
}): string {
  return [
    parts.kind,
    parts.subject ?? '-',
    parts.enterpriseId ?? '-',
    parts.date ?? '-',
    parts.recipient,
  ].join(':');
}

/** Inserts notifications, skipping any whose key exists; returns how many were new. */
export async function insertNotifications(conn: Conn, list: (typeof n.$inferInsert)[]): Promise<number> {
  const added = await inChunks(list, (part) =>
    conn.insert(n).values(part).onConflictDoNothing().returning({ id: n.id }),
  );
  return added.length;
}

function present(ctx: Ctx, r: typeof n.$inferSelect): NotificationView {
  const { title, body } = renderNotification(r.kind, r.data, ctx.locale);
  return {
    id: r.id,
    kind: r.kind as NotificationKind,
    title,
    body,
    enterpriseId: r.enterpriseId,
    date: r.refDate,
    subject: r.subjectType && r.subjectId ? { type: r.subjectType, id: r.subjectId } : null,
    data: r.data,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

/** The caller's own notifications, newest first, with the unread count. */
export async function listNotifications(ctx: Ctx, q: NotificationListQuery) {
  const actor = actorOf(ctx);
  const mine = eq(n.userId, actor.id);
  const where = q.unread ? and(mine, isNull(n.readAt)) : mine;
  const [items, [{ total }], [{ unread }]] = await Promise.all([
    ctx.db
      .select()
      .from(n)
      .where(where)
      .orderBy(desc(n.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(n).where(where),
    ctx.db
      .select({ unread: count() })
      .from(n)
      .where(and(mine, isNull(n.readAt))),
  ]);
  return { items: items.map((r) => present(ctx, r)), total: Number(total), unread: Number(unread) };
}

/** Marks one of the caller's notifications read (someone else's is 404). */
export async function markRead(ctx: Ctx, id: number): Promise<NotificationView> {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(n)
      .where(and(eq(n.id, id), eq(n.userId, actor.id)))
      .limit(1);
    if (!row) throw notFound();
    if (row.readAt) {
      await audit(tx, ctx, { action: 'notification.read', entity: 'notification', entityId: id });
      return present(ctx, row);
    }
    const [updated] = await tx.update(n).set({ readAt: ctx.clock.now() }).where(eq(n.id, id)).returning();
    await audit(tx, ctx, {
      action: 'notification.read',
      entity: 'notification',
      entityId: id,
      after: { readAt: updated.readAt },
    });
    return present(ctx, updated);
  });
}

/** Marks all of the caller's notifications read. */
export async function markAllRead(ctx: Ctx): Promise<{ updated: number }> {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const res = await tx
      .update(n)
      .set({ readAt: ctx.clock.now() })
      .where(and(eq(n.userId, actor.id), isNull(n.readAt)))
      .returning({ id: n.id });
    await audit(tx, ctx, {
      action: 'notification.readAll',
      entity: 'notification',
      after: { updated: res.length },
    });
    return { updated: res.length };
  });
}
