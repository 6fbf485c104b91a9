import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import {
  EscalationRun,
  HazardCreateInput,
  HazardDetail,
  HazardListQuery,
  HazardStats,
  HazardStatsQuery,
  HazardTransitionInput,
  HazardView,
} from '../../../shared/schemas/safety';
import type { ZApp } from '../../app';
import { escalateOverdueHazards } from '../../jobs/escalate-hazards';
import { audit } from '../../lib/audit';
import * as svc from './service';

const tags = ['hazards'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export default async function hazardRoutes(app: ZApp) {
  app.get(
    '/api/hazards',
    {
      config: { access: 'hazard.read' },
      schema: {
        tags,
        summary:
          'Hazards (隐患) in scope; `overdue=true` lists those past their deadline and not closed (the enterprise and its liaison see their own)',
        querystring: HazardListQuery,
        response: { 200: paged(HazardView), ...errors },
      },
    },
    async (req) => svc.listHazards(req.ctx, req.query),
  );

  app.get(
    '/api/hazards/stats',
    {
      config: { access: 'hazard.stats' },
      schema: {
        tags,
        summary:
          'Found, closed, overdue and rectification rate for hazards found in [from, to], by division, line, category, severity and campaign',
        querystring: HazardStatsQuery,
        response: { 200: HazardStats, ...errors },
      },
    },
    async (req) => svc.hazardStats(req.ctx, req.query),
  );

  app.post(
    '/api/hazards/escalate',
    {
      config: { access: 'hazard.escalate' },
      schema: {
        tags,
        summary:
          'Run the overdue escalation now (it also runs on a schedule): district after the deadline, city 3 working days later; idempotent',
        response: { 200: EscalationRun, ...errors },
      },
    },
    async (req) => {
      const result = await escalateOverdueHazards(req.ctx);
      // A run that found nothing to escalate is still worth a line in the log: who triggered it.
      if (!req.ctx.audited) {
        await req.ctx.db.transaction((tx) =>
          audit(tx, req.ctx, { action: 'hazard.escalate', entity: 'hazard', after: result }),
        );
      }
      return result;
    },
  );

  app.get(
    '/api/hazards/:id',
    {
      config: { access: 'hazard.read' },
      schema: {
        tags,
        summary: 'One hazard with its history and escalations',
        params: IdParam,
        response: { 200: HazardDetail, ...errors },
      },
    },
    async (req) => svc.getHazard(req.ctx, req.params.id),
  );

  app.post(
    '/api/hazards',
    {
      config: { access: 'hazard.create' },
      schema: {
        tags,
        summary:
          'Record a hazard found outside an inspection; the deadline defaults by severity (general 7 days, major 30)',
        body: HazardCreateInput,
        response: { 201: HazardDetail, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createHazard(req.ctx, req.body)),
  );

  app.post(
    '/api/hazards/:id/transitions',
    {
      config: { access: 'hazard.transition' },
      schema: {
        tags,
        summary:
          'Move a hazard along open → rectifying (plan) → submitted (evidence) → closed, or back to rectifying (reason). Illegal step → 409 invalid_transition; verifying your own evidence → 403',
        params: IdParam,
        body: HazardTransitionInput,
        response: { 200: HazardDetail, ...errors },
      },
    },
    async (req) => svc.transitionHazard(req.ctx, req.params.id, req.body),
  );
}
