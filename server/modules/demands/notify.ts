import { and, eq, inArray } from 'drizzle-orm';
import { DEMAND_CATEGORY_LABELS, type DemandCategory } from '../../../shared/demands';
import type { NotificationKind } from '../../../shared/enums';
import { type Conn, schema } from '../../db/client';
import type { Ctx } from '../../lib/context';
import { dedupeKey, insertNotifications } from '../notifications/service';

export interface DemandNotice {
  id: number;
  number: string;
  enterpriseId: number;
  enterpriseName: string;
  category: DemandCategory;
  leadDepartment: string;
  acceptDueOn?: string;
  resolveDueOn?: string;
  dueOn?: string | null;
  autoCloseOn?: string | null;
}

type Audience = 'department' | 'enterprise' | 'commander';

/**
 * In-app notifications about demands: a department's accounts (new demand, overdue), the
 * enterprise's accounts (resolved), the commanders (escalated). Each row is keyed by
 * (kind, demand, date, recipient), so the escalation job can run twice without a second copy.
 */
export async function notifyDemand(
  tx: Conn,
  ctx: Ctx,
  kind: NotificationKind,
  audience: Audience,
  list: DemandNotice[],
): Promise<number> {
  if (!list.length) return 0;
  const u = schema.users;
  const active = eq(u.disabled, false);
  const today = ctx.clock.today();
  const now = ctx.clock.now();
  let recipients: { id: number; key: string | number | null }[];
  if (audience === 'department') {
    const codes = [...new Set(list.map((d) => d.leadDepartment))];
    const rows = await tx
      .select({ id: u.id, key: u.departmentCode })
      .from(u)
      .where(and(eq(u.role, 'department'), inArray(u.departmentCode, codes), active));
    recipients = rows;
  } else if (audience === 'enterprise') {
    const ids = [...new Set(list.map((d) => d.enterpriseId))];
    recipients = await tx
      .select({ id: u.id, key: u.enterpriseId })
      .from(u)
      .where(and(eq(u.role, 'enterprise'), inArray(u.enterpriseId, ids), active));
  } else {
    recipients = (
      await tx
        .select({ id: u.id })
        .from(u)
        .where(and(eq(u.role, 'commander'), active))
    ).map((x) => ({ id: x.id, key: null }));
  }
  // The recipients of each demand: its department's accounts, its enterprise's, or every commander.
  const byKey = new Map<string | number | null, typeof recipients>();
  for (const r of recipients) {
    const same = byKey.get(r.key);
    if (same) same.push(r);
    else byKey.set(r.key, [r]);
  }
  const rows: (typeof schema.notifications.$inferInsert)[] = [];
  for (const d of list) {
    const dep = ctx.ref.departments.get(d.leadDepartment);
    const data = {
      demandId: d.id,
      number: d.number,
      enterpriseName: d.enterpriseName,
      categoryZh: DEMAND_CATEGORY_LABELS[d.category]['zh-CN'],
      categoryEn: DEMAND_CATEGORY_LABELS[d.category].en,
      departmentZh: dep?.name ?? d.leadDepartment,
      departmentEn: dep?.nameEn ?? d.leadDepartment,
      acceptDueOn: d.acceptDueOn,
      resolveDueOn: d.resolveDueOn,
      dueOn: d.dueOn,
      autoCloseOn: d.autoCloseOn,
    };
    const key =
      audience === 'department' ? d.leadDepartment : audience === 'enterprise' ? d.enterpriseId : null;
    for (const r of byKey.get(key) ?? []) {
      rows.push({
        userId: r.id,
        kind,
        enterpriseId: d.enterpriseId,
        refDate: today,
        subjectType: 'demand',
        subjectId: d.id,
        data,
        dedupeKey: dedupeKey({ kind, subject: `demand${d.id}`, date: today, recipient: `u${r.id}` }),
        createdAt: now,
      });
    }
  }
  return insertNotifications(tx, rows);
}
