import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { ErrorBody, JobView } from '../../../shared/schemas/common';
import type { ZApp } from '../../app';
import { schema } from '../../db/client';
import { actorOf } from '../../lib/context';
import { notFound } from '../../lib/errors';
import { withLiveProgress } from '../../lib/jobs';

export default async function jobRoutes(app: ZApp) {
  app.get(
    '/api/jobs/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['system'],
        summary: 'Progress and result of one of my background jobs (imports)',
        params: z.object({ id: z.uuid() }),
        response: { 200: JobView, 404: ErrorBody },
      },
    },
    async (req) => {
      const actor = actorOf(req.ctx);
      const [job] = await req.ctx.db
        .select()
        .from(schema.jobs)
        .where(and(eq(schema.jobs.id, req.params.id), eq(schema.jobs.userId, actor.id)));
      if (!job) throw notFound();
      return withLiveProgress(job);
    },
  );
}
