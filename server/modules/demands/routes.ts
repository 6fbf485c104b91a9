import { z } from 'zod';
import { ErrorBody, IdParam, Ok, paged } from '../../../shared/schemas/common';
import {
  DemandBulkAcceptInput,
  DemandBulkAcceptResult,
  DemandCommentInput,
  DemandCreateInput,
  DemandDetail,
  DemandEscalationRun,
  DemandListQuery,
  DemandQueueCounts,
  DemandStats,
  DemandStatsQuery,
  DemandTemplateInput,
  DemandTemplateQuery,
  DemandTemplateUpdate,
  DemandTemplateView,
  DemandTransferInput,
  DemandTransitionInput,
  DemandView,
  RoutingRules,
  RoutingRulesInput,
} from '../../../shared/schemas/demands';
import type { ZApp } from '../../app';
import { escalateDemands } from '../../jobs/escalate-demands';
import { audit } from '../../lib/audit';
import { attachment, XLSX_MIME } from '../../lib/excel';
import { getRouting, putRouting } from './routing';
import * as svc from './service';
import { demandStats, demandStatsXlsx } from './stats';
import * as tpl from './templates';

const tags = ['demands'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const XlsxResponse = z.any().describe('An .xlsx file');

export default async function demandRoutes(app: ZApp) {
  app.get(
    '/api/demands',
    {
      config: { access: 'demand.read' },
      schema: {
        tags,
        summary:
          'Enterprise demands (企业诉求) in scope: the enterprise its own, a liaison or supervisor their enterprises, a district its territory, a department those it leads or co-handles. `queue` is the workbench view (new, due_soon, overdue, waiting)',
        querystring: DemandListQuery,
        response: { 200: paged(DemandView), ...errors },
      },
    },
    async (req) => svc.listDemands(req.ctx, req.query),
  );

  app.get(
    '/api/demands/queues',
    {
      config: { access: 'demand.read' },
      schema: {
        tags,
        summary: 'Workbench counters in scope: new, due soon, overdue, waiting, open per handler',
        response: { 200: DemandQueueCounts, ...errors },
      },
    },
    async (req) => svc.demandQueues(req.ctx),
  );

  app.get(
    '/api/demands/stats',
    {
      config: { access: 'demand.stats' },
      schema: {
        tags,
        summary:
          'Demands raised in [from, to] by department (ranked), category or division: received, accepted/resolved on time, closed (办结) and solved (解决) apart, mean satisfaction, reopen rate',
        querystring: DemandStatsQuery,
        response: { 200: DemandStats, ...errors },
      },
    },
    async (req) => demandStats(req.ctx, req.query),
  );

  app.get(
    '/api/demands/stats/export.xlsx',
    {
      config: { access: 'demand.stats' },
      schema: {
        tags,
        summary: 'The same statistics as a formatted .xlsx (title with the range, percentages, ranking)',
        querystring: DemandStatsQuery,
        produces: [XLSX_MIME],
        response: { 200: XlsxResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const { buf, name } = await demandStatsXlsx(req.ctx, req.query);
      return reply.type(XLSX_MIME).header('content-disposition', attachment(name)).send(buf);
    },
  );

  app.get(
    '/api/demands/routing',
    {
      config: { access: 'demand.routing' },
      schema: {
        tags,
        summary:
          'The routing rules in force: category (optionally division, industry prefix) → department, with the SLA in working days; the most specific rule wins',
        response: { 200: RoutingRules, ...errors },
      },
    },
    async (req) => getRouting(req.ctx),
  );

  app.put(
    '/api/demands/routing',
    {
      config: { access: 'demand.routingManage' },
      schema: {
        tags,
        summary:
          'Replace the routing rules (a new version; every category needs a city-wide rule). 409 stale_version if someone saved since `version`',
        body: RoutingRulesInput,
        response: { 200: RoutingRules, ...errors },
      },
    },
    async (req) => putRouting(req.ctx, req.body),
  );

  app.get(
    '/api/demands/templates',
    {
      config: { access: 'demand.templates' },
      schema: {
        tags,
        summary: "Reply templates: a department user's own department's, the commander's every department's",
        querystring: DemandTemplateQuery,
        response: { 200: z.array(DemandTemplateView), ...errors },
      },
    },
    async (req) => tpl.listTemplates(req.ctx, req.query),
  );

  app.post(
    '/api/demands/templates',
    {
      config: { access: 'demand.templates' },
      schema: {
        tags,
        summary: 'Add a reply template (the commander names the department)',
        body: DemandTemplateInput,
        response: { 201: DemandTemplateView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await tpl.createTemplate(req.ctx, req.body)),
  );

  app.put(
    '/api/demands/templates/:id',
    {
      config: { access: 'demand.templates' },
      schema: {
        tags,
        summary: 'Edit a reply template (optimistic version)',
        params: IdParam,
        body: DemandTemplateUpdate,
        response: { 200: DemandTemplateView, ...errors },
      },
    },
    async (req) => tpl.updateTemplate(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/demands/templates/:id',
    {
      config: { access: 'demand.templates' },
      schema: {
        tags,
        summary: 'Delete a reply template',
        params: IdParam,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => tpl.deleteTemplate(req.ctx, req.params.id),
  );

  app.post(
    '/api/demands/bulk-accept',
    {
      config: { access: 'demand.bulkAccept' },
      schema: {
        tags,
        summary:
          'Accept several submitted demands of your department at once; the others are listed as skipped',
        body: DemandBulkAcceptInput,
        response: { 200: DemandBulkAcceptResult, ...errors },
      },
    },
    async (req) => svc.bulkAccept(req.ctx, req.body),
  );

  app.post(
    '/api/demands/escalate',
    {
      config: { access: 'demand.escalate' },
      schema: {
        tags,
        summary:
          'Run the overdue escalation and the auto-close now (they also run on a schedule): level 1 the day after a missed deadline, level 2 two working days later; unconfirmed resolutions close unrated after 7 working days. Idempotent',
        response: { 200: DemandEscalationRun, ...errors },
      },
    },
    async (req) => {
      const result = await escalateDemands(req.ctx);
      if (!req.ctx.audited) {
        await req.ctx.db.transaction((tx) =>
          audit(tx, req.ctx, { action: 'demand.escalate', entity: 'demand', after: result }),
        );
      }
      return result;
    },
  );

  app.post(
    '/api/demands',
    {
      config: { access: 'demand.create' },
      schema: {
        tags,
        summary:
          'Raise a demand for an enterprise in scope; it is routed to a department by the rules and gets its deadlines on the working calendar',
        body: DemandCreateInput,
        response: { 201: DemandDetail, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createDemand(req.ctx, req.body)),
  );

  app.get(
    '/api/demands/:id',
    {
      config: { access: 'demand.read' },
      schema: {
        tags,
        summary: 'One demand with its history (names, not ids) and what you may do next',
        params: IdParam,
        response: { 200: DemandDetail, ...errors },
      },
    },
    async (req) => svc.getDemand(req.ctx, req.params.id),
  );

  app.post(
    '/api/demands/:id/transitions',
    {
      config: { access: 'demand.transition' },
      schema: {
        tags,
        summary:
          'Move a demand along submitted → accepted → in_progress ⇄ waiting → resolved → closed (the enterprise confirms: solved, rating 1–5) or back to in_progress (reopened). Illegal step → 409 invalid_transition; a rating from anyone but the enterprise → 403',
        params: IdParam,
        body: DemandTransitionInput,
        response: { 200: DemandDetail, ...errors },
      },
    },
    async (req) => svc.transitionDemand(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/demands/:id/transfer',
    {
      config: { access: 'demand.transfer' },
      schema: {
        tags,
        summary:
          'Transfer to another department with a reason (the lead department) or reassign (the commander); optionally set co-handling departments. The new department must accept it again',
        params: IdParam,
        body: DemandTransferInput,
        response: { 200: DemandDetail, ...errors },
      },
    },
    async (req) => svc.transferDemand(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/demands/:id/comments',
    {
      config: { access: 'demand.comment' },
      schema: {
        tags,
        summary: 'Add a comment to the history (anyone who sees the demand, co-handlers included)',
        params: IdParam,
        body: DemandCommentInput,
        response: { 200: DemandDetail, ...errors },
      },
    },
    async (req) => svc.commentDemand(req.ctx, req.params.id, req.body),
  );
}
