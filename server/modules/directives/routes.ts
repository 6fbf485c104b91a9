import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import {
  DirectiveAckInput,
  DirectiveChaseInput,
  DirectiveChaseResult,
  DirectiveCompliance,
  DirectiveInput,
  DirectiveListQuery,
  DirectiveTargetsQuery,
  DirectiveTargetView,
  DirectiveView,
} from '../../../shared/schemas/directives';
import type { ZApp } from '../../app';
import * as svc from './service';

const tags = ['directives'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export default async function directiveRoutes(app: ZApp) {
  app.get(
    '/api/directives',
    {
      config: { access: 'directive.read' },
      schema: {
        tags,
        summary:
          'Directives (指挥部令) that bind enterprises in scope, newest first; enterprises see their own acknowledgement',
        querystring: DirectiveListQuery,
        response: { 200: paged(DirectiveView), ...errors },
      },
    },
    async (req) => svc.listDirectives(req.ctx, req.query),
  );

  app.post(
    '/api/directives',
    {
      config: { access: 'directive.issue' },
      schema: {
        tags,
        summary:
          'Issue a directive: title, body, required actions, target rule (divisions, flags, industry prefixes, size…), due date',
        body: DirectiveInput,
        response: { 201: DirectiveView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.issueDirective(req.ctx, req.body)),
  );

  app.post(
    '/api/directives/chase',
    {
      config: { access: 'directive.chase' },
      schema: {
        tags,
        summary:
          'Chase overdue directives now (also runs on schedule), or only { directiveId }; at most one reminder a day per recipient. A district chases its own territory',
        body: DirectiveChaseInput.optional(),
        response: { 200: DirectiveChaseResult, ...errors },
      },
    },
    async (req) => svc.chaseOverdueDirectives(req.ctx, { directiveId: req.body?.directiveId }),
  );

  app.get(
    '/api/directives/:id',
    {
      config: { access: 'directive.read' },
      schema: {
        tags,
        summary: 'One directive',
        params: IdParam,
        response: { 200: DirectiveView, ...errors },
      },
    },
    async (req) => svc.getDirective(req.ctx, req.params.id),
  );

  app.post(
    '/api/directives/:id/ack',
    {
      config: { access: 'directive.ack' },
      schema: {
        tags,
        summary:
          'Acknowledge a directive and tick its actions ({ actions: { key: true } }); a liaison names the enterprise',
        params: IdParam,
        body: DirectiveAckInput,
        response: { 200: DirectiveTargetView, ...errors },
      },
    },
    async (req) => svc.acknowledgeDirective(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/directives/:id/compliance',
    {
      config: { access: 'directive.compliance' },
      schema: {
        tags,
        summary:
          'Compliance per division in scope: bound, acknowledged, completed, and how many did each action',
        params: IdParam,
        response: { 200: DirectiveCompliance, ...errors },
      },
    },
    async (req) => svc.directiveCompliance(req.ctx, req.params.id),
  );

  app.get(
    '/api/directives/:id/targets',
    {
      config: { access: 'directive.compliance' },
      schema: {
        tags,
        summary:
          'The enterprises behind a compliance figure (pending / acknowledged / completed, by division)',
        params: IdParam,
        querystring: DirectiveTargetsQuery,
        response: { 200: paged(DirectiveTargetView), ...errors },
      },
    },
    async (req) => svc.directiveTargets(req.ctx, req.params.id, req.query),
  );
}
