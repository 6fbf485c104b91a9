import { DEFAULT_PLAN } from '../../../shared/phases';
import { type Conn, schema } from '../../db/client';

export const PLAN_ID = 1;
/** When the default plan counts as written (Benxi published its phased plan before 2020-01-25). */
const DEFAULT_PLAN_AT = new Date('2020-01-24T09:00:00+08:00');

/**
 * Writes Benxi's plan (保障运行 / 暂缓开业 / 应开尽开) when no phase exists yet; a plan someone
 * has edited is never touched. Runs with the reference data at every start and in the demo seed.
 */
export async function ensureDefaultPlan(conn: Conn): Promise<void> {
  await conn
    .insert(schema.resumptionPlans)
    .values({ id: PLAN_ID, version: 1, updatedAt: DEFAULT_PLAN_AT })
    .onConflictDoNothing();
  const [any] = await conn.select({ id: schema.resumptionPhases.id }).from(schema.resumptionPhases).limit(1);
  if (any) return;
  await conn.insert(schema.resumptionPhases).values(
    DEFAULT_PLAN.map((p) => ({
      code: p.code,
      name: p.name,
      nameEn: p.nameEn ?? '',
      earliestDate: p.earliestDate,
      priority: p.priority,
      rule: p.rule,
      requiresVerification: p.requiresVerification,
      createdAt: DEFAULT_PLAN_AT,
      updatedAt: DEFAULT_PLAN_AT,
    })),
  );
}
