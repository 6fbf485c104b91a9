import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { DepartmentView, DivisionView, IndustryView } from '../../../shared/schemas/reference';
import type { ZApp } from '../../app';
import { schema } from '../../db/client';

export default async function referenceRoutes(app: ZApp) {
  app.get(
    '/api/divisions',
    {
      config: { access: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: 'Divisions (GB/T 2260): city, districts/counties, towns',
        response: { 200: z.array(DivisionView) },
      },
    },
    async () => [...app.deps.tree.byCode.values()],
  );

  app.get(
    '/api/departments',
    {
      config: { access: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: 'City departments',
        response: { 200: z.array(DepartmentView) },
      },
    },
    async () =>
      app.deps.database.db
        .select({
          code: schema.departments.code,
          name: schema.departments.name,
          nameEn: schema.departments.nameEn,
        })
        .from(schema.departments)
        .orderBy(asc(schema.departments.sort)),
  );

  app.get(
    '/api/industries',
    {
      config: { access: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: 'GB/T 4754-2017 industry sections, divisions and classes',
        response: { 200: z.array(IndustryView) },
      },
    },
    async () => app.deps.database.db.select().from(schema.industries).orderBy(asc(schema.industries.code)),
  );
}
