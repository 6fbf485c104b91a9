import { eq } from 'drizzle-orm';
import type { Role } from '../../shared/enums';
import type { Clock } from '../clock';
import { type Db, schema } from '../db/client';
import { audit } from '../lib/audit';
import type { Ctx } from '../lib/context';
import { hashPassword } from '../lib/passwords';
import { searchTextOf } from '../modules/enterprises/service';
import { notifyKpi } from '../modules/kpis/events';
import { type DemandsSeedSummary, seedDemandsDemo } from './demands';
import { createRng, DEMO_SEED, generateEnterprises } from './generate';
import { type ReportsSeedSummary, seedReportsDemo } from './reports';
import { type ResumptionSeedSummary, seedResumptionDemo } from './resumption';
import { type SafetySeedSummary, seedSafety } from './safety';

export const DEMO_PASSWORD = 'Tongchou@2020';
const MARKER = 'demo.seeded';

/** The demo accounts, one per role, that tell DOMAIN.md §5's story. */
export const DEMO_ACCOUNTS: { username: Role; displayName: string; role: Role; note: string }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', note: 'accounts and settings' },
  {
    username: 'auditor',
    displayName: '审计管理员',
    role: 'auditor',
    note: 'reads and verifies the audit log',
  },
  {
    username: 'commander',
    displayName: '指挥部值班员 王建国',
    role: 'commander',
    note: 'command HQ, city-wide',
  },
  {
    username: 'leader',
    displayName: '副市长 李振华',
    role: 'leader',
    note: 'city leader; contact leader (包联) of the demo enterprise',
  },
  {
    username: 'department',
    displayName: '工信局 赵明',
    role: 'department',
    note: '工信局 (industry bureau)',
  },
  { username: 'district', displayName: '平山区 刘芳', role: 'district', note: '平山区 210502 clerk' },
  {
    username: 'supervisor',
    displayName: '督导小分队 陈刚',
    role: 'supervisor',
    note: 'squad member; the demo enterprise is in its assignment',
  },
  {
    username: 'liaison',
    displayName: '派驻指导员 孙丽',
    role: 'liaison',
    note: 'stationed in the demo enterprise',
  },
  {
    username: 'enterprise',
    displayName: '企业填报员',
    role: 'enterprise',
    note: 'an above-scale industrial enterprise in 平山区',
  },
];

export type Progress = (phase: string, done: number, total: number) => void;

export async function isDemoSeeded(db: Db): Promise<boolean> {
  const [row] = await db.select().from(schema.systemSettings).where(eq(schema.systemSettings.key, MARKER));
  return !!row;
}

/**
 * Seeds the demo city (fixed seed: the same data every run) into an empty database.
 * Refuses to run twice; reference data must already be in place.
 */
export async function seedDemo(
  ctx: Ctx,
  onProgress: Progress = () => {},
): Promise<{ enterprises: number; users: number }> {
  const { db, clock } = ctx;
  if (await isDemoSeeded(db)) throw new Error('The demo city is already seeded in this database');
  const rng = createRng(DEMO_SEED);
  const list = generateEnterprises(rng, 2000);
  const now = clock.now();
  const created = new Date('2020-01-15T09:00:00+08:00');
  const ids: number[] = [];
  let safety: SafetySeedSummary | undefined;
  let resumption: ResumptionSeedSummary | undefined;
  let reports: ReportsSeedSummary | undefined;
  let demands: DemandsSeedSummary | undefined;
  await db.transaction(async (tx) => {
    for (let i = 0; i < list.length; i += 500) {
      const batch = list.slice(i, i + 500).map((e) => ({
        ...e,
        searchText: searchTextOf(e.name, e.uscc),
        createdAt: created,
        updatedAt: created,
      }));
      const inserted = await tx
        .insert(schema.enterprises)
        .values(batch)
        .returning({ id: schema.enterprises.id });
      ids.push(...inserted.map((r) => r.id));
      onProgress('enterprises', Math.min(i + 500, list.length), list.length);
    }
    // Figures of past days change: announce it, and invalidate the KPI cells of settled days.
    await notifyKpi(tx, null, 'enterprise');
    const demoEnterpriseId = ids[0];
    const pingshan = list.map((e, i) => ({ e, id: ids[i] })).filter((x) => x.e.divisionCode === '210502');
    const userIds = new Map<string, number>();
    let n = 0;
    for (const a of DEMO_ACCOUNTS) {
      const [u] = await tx
        .insert(schema.users)
        .values({
          username: a.username,
          displayName: a.displayName,
          role: a.role,
          divisionCode: a.role === 'district' || a.role === 'liaison' ? '210502' : null,
          departmentCode: a.role === 'department' ? 'industry' : null,
          enterpriseId: a.role === 'enterprise' ? demoEnterpriseId : null,
          passwordHash: await hashPassword(DEMO_PASSWORD),
          passwordChangedAt: now,
          createdAt: created,
          updatedAt: created,
        })
        .returning({ id: schema.users.id });
      userIds.set(a.username, u.id);
      onProgress('accounts', ++n, DEMO_ACCOUNTS.length);
    }
    const assign = (
      username: string,
      kind: 'liaison' | 'supervisor' | 'contact_leader',
      enterpriseIds: number[],
    ) =>
      enterpriseIds.length
        ? tx.insert(schema.enterpriseAssignments).values(
            enterpriseIds.map((enterpriseId) => ({
              userId: userIds.get(username)!,
              enterpriseId,
              kind,
              reason: 'demo',
              assignedAt: created,
            })),
          )
        : undefined;
    // The liaison carries 1–3 enterprises; the squad covers a slice of 平山区; the leader contacts a few key ones.
    await assign('liaison', 'liaison', [demoEnterpriseId, ...pingshan.slice(1, 3).map((x) => x.id)]);
    await assign('supervisor', 'supervisor', [demoEnterpriseId, ...pingshan.slice(1, 25).map((x) => x.id)]);
    await assign('leader', 'contact_leader', [
      demoEnterpriseId,
      ...list
        .map((e, i) => ({ e, id: ids[i] }))
        .filter((x) => x.e.keyEnterprise)
        .slice(1, 5)
        .map((x) => x.id),
    ]);
    resumption = await seedResumptionDemo(tx, {
      list,
      ids,
      accounts: userIds,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      onProgress,
    });
    safety = await seedSafety(
      tx,
      ctx,
      { enterprises: list.map((e, i) => ({ e, id: ids[i] })), userIds, password: DEMO_PASSWORD, created },
      onProgress,
    );
    // Daily reports follow the resumption story (it reads the status changes written above).
    reports = await seedReportsDemo(tx, ctx, { demoEnterpriseId, onProgress });
    // Demands follow the liaisons' visits (their problems become demands) and the routing rules.
    demands = await seedDemandsDemo(tx, ctx, {
      enterprises: list.map((e, i) => ({ e, id: ids[i] })),
      userIds,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      onProgress,
    });
    await tx
      .insert(schema.systemSettings)
      .values({ key: MARKER, value: JSON.stringify({ seed: DEMO_SEED, at: now.toISOString() }) });
    await audit(tx, ctx, {
      action: 'demo.seed',
      entity: 'system',
      after: {
        seed: DEMO_SEED,
        enterprises: ids.length,
        users: DEMO_ACCOUNTS.length,
        safety,
        resumption,
        reports,
        demands,
      },
    });
  });
  return { enterprises: ids.length, users: DEMO_ACCOUNTS.length };
}

/** The Ctx of work the system does by itself (seed, CLI), audited as "system". */
export function systemCtx(base: Omit<Ctx, 'actor' | 'ip' | 'locale' | 'audited'>, username = 'system'): Ctx {
  return {
    ...base,
    actor: {
      id: 0,
      username,
      displayName: username,
      role: 'commander',
      divisionCode: null,
      departmentCode: null,
      enterpriseId: null,
      locale: 'zh-CN',
      via: 'token',
    },
    ip: null,
    locale: 'zh-CN',
    audited: false,
  };
}
export type { Clock };
