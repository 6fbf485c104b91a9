import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { NotificationKind } from '../../../shared/enums';
import { type Conn, schema } from '../../db/client';
import { inChunks } from '../../lib/chunks';
import type { Ctx } from '../../lib/context';
import { dedupeKey, insertNotifications } from './service';
import { renderNotification } from './templates';

/** An enterprise someone must be told about. */
export interface ChaseTarget {
  id: number;
  name: string;
  divisionCode: string;
  townCode: string | null;
  contactPhone: string;
}

export type Audience = 'enterprise' | 'liaison' | 'district';

export interface FanOut {
  audience: Audience;
  kind: NotificationKind;
  /** The day the reminder is about (part of the key: one reminder per day). */
  date: string;
  subject?: { type: string; id: number };
  targets: ChaseTarget[];
  /** Data every notification carries (deadline, directive title…). */
  data: Record<string, unknown>;
  /** The message is about one enterprise (an alert): liaison and district rows name it too. */
  aboutEnterprise?: boolean;
}

/** Enterprise ids looked up per statement (one parameter each). */
const IDS_PER_LOOKUP = 5000;

/**
 * Tells one audience about a list of enterprises: each enterprise's own accounts one by one (and an
 * SMS to its contact phone), or each liaison / district account once with the list of its
 * enterprises (SMS to the liaison's phone, a webhook message for the district). Every row carries a
 * deduplication key (kind, subject, enterprise, date, recipient), so running it again adds nothing.
 */
export async function fanOut(
  tx: Conn,
  ctx: Ctx,
  spec: FanOut,
): Promise<{ notifications: number; outbox: number }> {
  if (!spec.targets.length) return { notifications: 0, outbox: 0 };
  const now = ctx.clock.now();
  const u = schema.users;
  const ids = spec.targets.map((t) => t.id);
  const subjectKey = spec.subject ? `${spec.subject.type}${spec.subject.id}` : null;
  const notes: (typeof schema.notifications.$inferInsert)[] = [];
  const messages: (typeof schema.outbox.$inferInsert)[] = [];
  const smsText = (data: Record<string, unknown>) => renderNotification(spec.kind, data, 'zh-CN').body;
  const note = (userId: number, enterpriseId: number | null, data: Record<string, unknown>) =>
    notes.push({
      userId,
      kind: spec.kind,
      enterpriseId,
      refDate: spec.date,
      subjectType: spec.subject?.type ?? null,
      subjectId: spec.subject?.id ?? null,
      data,
      dedupeKey: dedupeKey({
        kind: spec.kind,
        subject: subjectKey,
        enterpriseId,
        date: spec.date,
        recipient: `u${userId}`,
      }),
      createdAt: now,
    });
  const message = (
    channel: 'sms' | 'webhook',
    recipient: string,
    enterpriseId: number | null,
    data: Record<string, unknown>,
  ) =>
    messages.push({
      channel,
      recipient,
      payload: { kind: spec.kind, date: spec.date, subject: spec.subject ?? null, text: smsText(data), data },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      dedupeKey: dedupeKey({
        kind: spec.kind,
        subject: subjectKey,
        enterpriseId,
        date: spec.date,
        recipient: `${channel}:${recipient}`,
      }),
      createdAt: now,
    });

  if (spec.audience === 'enterprise') {
    const accounts = await inChunks(
      ids,
      (part) =>
        tx
          .select({ id: u.id, enterpriseId: u.enterpriseId })
          .from(u)
          .where(and(inArray(u.enterpriseId, part), eq(u.role, 'enterprise'), eq(u.disabled, false))),
      IDS_PER_LOOKUP,
    );
    const byEnterprise = new Map<number, number[]>();
    for (const a of accounts)
      byEnterprise.set(a.enterpriseId!, [...(byEnterprise.get(a.enterpriseId!) ?? []), a.id]);
    for (const t of spec.targets) {
      const data = { ...spec.data, enterpriseId: t.id, enterpriseName: t.name };
      for (const userId of byEnterprise.get(t.id) ?? []) note(userId, t.id, data);
      if (t.contactPhone) message('sms', t.contactPhone, t.id, data);
    }
  } else {
    // Each recipient account with the enterprises it answers for.
    const lists = new Map<number, { phone: string | null; targets: ChaseTarget[] }>();
    const add = (userId: number, phone: string | null, t: ChaseTarget) => {
      const l = lists.get(userId) ?? { phone, targets: [] };
      l.targets.push(t);
      lists.set(userId, l);
    };
    if (spec.audience === 'liaison') {
      const a = schema.enterpriseAssignments;
      const rowsOut = await inChunks(
        ids,
        (part) =>
          tx
            .select({ userId: a.userId, enterpriseId: a.enterpriseId, phone: u.phone })
            .from(a)
            .innerJoin(u, and(eq(u.id, a.userId), eq(u.disabled, false)))
            .where(and(inArray(a.enterpriseId, part), eq(a.kind, 'liaison'), isNull(a.endedAt))),
        IDS_PER_LOOKUP,
      );
      const byId = new Map(spec.targets.map((t) => [t.id, t]));
      for (const x of rowsOut) add(x.userId, x.phone, byId.get(x.enterpriseId)!);
    } else {
      // District accounts whose territory holds the enterprise: its town, its district, the city.
      const chainOf = (t: ChaseTarget) => {
        const chain: string[] = [];
        for (
          let c: string | null | undefined = t.townCode ?? t.divisionCode;
          c;
          c = ctx.tree.get(c)?.parentCode
        )
          chain.push(c);
        return chain;
      };
      const chains = new Map(spec.targets.map((t) => [t.id, chainOf(t)]));
      const codes = [...new Set([...chains.values()].flat())];
      const districts = await tx
        .select({ id: u.id, divisionCode: u.divisionCode, phone: u.phone })
        .from(u)
        .where(and(eq(u.role, 'district'), eq(u.disabled, false), inArray(u.divisionCode, codes)));
      const byDivision = new Map<string, typeof districts>();
      for (const d of districts)
        byDivision.set(d.divisionCode!, [...(byDivision.get(d.divisionCode!) ?? []), d]);
      for (const t of spec.targets) {
        for (const code of chains.get(t.id)!)
          for (const d of byDivision.get(code) ?? []) add(d.id, d.phone, t);
      }
    }
    for (const [userId, l] of lists) {
      l.targets.sort((x, y) => x.name.localeCompare(y.name, 'zh-CN'));
      const data = {
        ...spec.data,
        count: l.targets.length,
        enterprises: l.targets.slice(0, 500).map((t) => ({ id: t.id, name: t.name })),
      };
      const about = spec.aboutEnterprise && l.targets.length === 1 ? l.targets[0].id : null;
      note(userId, about, data);
      if (spec.audience === 'liaison' && l.phone) message('sms', l.phone, about, data);
      if (spec.audience === 'district') message('webhook', `u${userId}`, about, data);
    }
  }
  const added = await insertNotifications(tx, notes);
  const queued = await inChunks(messages, (part) =>
    tx.insert(schema.outbox).values(part).onConflictDoNothing().returning({ id: schema.outbox.id }),
  );
  return { notifications: added, outbox: queued.length };
}
