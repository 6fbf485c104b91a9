import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ZApp } from '../../app';

export default async function healthRoutes(app: ZApp) {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgres']),
            today: z.string(),
          }),
        },
      },
    },
    async () => {
      const { database, clock } = app.deps;
      await database.db.execute(sql`select 1`);
      return { status: 'ok' as const, database: database.kind, today: clock.today() };
    },
  );
}
