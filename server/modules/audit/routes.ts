import { and, count, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { AuditEntry, AuditQuery, AuditVerifyResult } from '../../../shared/schemas/audit';
import { ErrorBody, paged } from '../../../shared/schemas/common';
import type { ZApp } from '../../app';
import { addDays, shanghaiInstant } from '../../clock';
import { schema } from '../../db/client';
import { verifyAuditChain } from '../../lib/audit';
import { escapeLike } from '../../lib/sql';

const tags = ['audit'];

export default async function auditRoutes(app: ZApp) {
  app.get(
    '/api/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags,
        summary: 'The audit log (auditor), newest first, with filters',
        querystring: AuditQuery,
        response: { 200: paged(AuditEntry), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const q = req.query;
      const a = schema.auditLog;
      const conds: SQL[] = [];
      if (q.actor) conds.push(eq(a.actorUsername, q.actor));
      if (q.action) conds.push(sql`${a.action} like ${`${escapeLike(q.action)}%`}`);
      if (q.entity) conds.push(eq(a.entity, q.entity));
      if (q.entityId) conds.push(eq(a.entityId, q.entityId));
      if (q.from) conds.push(gte(a.at, shanghaiInstant(q.from)));
      if (q.to) conds.push(lt(a.at, shanghaiInstant(addDays(q.to, 1))));
      const where = conds.length ? and(...conds) : undefined;
      const [list, [{ n }]] = await Promise.all([
        req.ctx.db
          .select()
          .from(a)
          .where(where)
          .orderBy(desc(a.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        req.ctx.db.select({ n: count() }).from(a).where(where),
      ]);
      return {
        total: Number(n),
        items: list.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actorId: r.actorId,
          actorUsername: r.actorUsername,
          actorRole: r.actorRole,
          action: r.action,
          entity: r.entity,
          entityId: r.entityId,
          before: r.before ?? null,
          after: r.after ?? null,
          ip: r.ip,
          hash: r.hash,
        })),
      };
    },
  );

  app.post(
    '/api/audit/verify',
    {
      // Verifying first seals pending entries (the sealer's own work) and changes nothing a user
      // wrote, so it writes no entry of its own.
      config: { access: 'audit.verify', noAudit: true },
      schema: {
        tags,
        summary: 'Verify the hash chain; reports the first altered entry',
        response: { 200: AuditVerifyResult },
      },
    },
    async (req) => verifyAuditChain(req.ctx.db),
  );
}
