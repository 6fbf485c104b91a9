import { z } from 'zod';
import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import {
  AutoAssignInput,
  AutoAssignResult,
  CoverageQuery,
  CoverageView,
  EnterpriseLiaison,
  LiaisonListQuery,
  LiaisonView,
  ManualAssignInput,
  MyEnterprise,
  VisitInput,
  VisitListQuery,
  VisitView,
} from '../../../shared/schemas/liaisons';
import type { ZApp } from '../../app';
import * as svc from './service';

const tags = ['liaisons'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export default async function liaisonRoutes(app: ZApp) {
  app.get(
    '/api/liaisons',
    {
      config: { access: 'liaison.list' },
      schema: {
        tags,
        summary: 'Liaison accounts in your territory with their current load',
        querystring: LiaisonListQuery,
        response: { 200: paged(LiaisonView), ...errors },
      },
    },
    async (req) => svc.listLiaisons(req.ctx, req.query),
  );

  app.post(
    '/api/liaisons/auto-assign',
    {
      // A dry run is a read; a real run writes one audit entry listing every change.
      config: { access: 'liaison.assign', noAudit: true },
      schema: {
        tags,
        summary:
          'Auto-assign liaisons: same district, load limit, key > above-scale > hazardous chemicals first, stable; dryRun previews',
        body: AutoAssignInput,
        response: { 200: AutoAssignResult, ...errors },
      },
    },
    async (req) => svc.autoAssign(req.ctx, req.body),
  );

  app.post(
    '/api/enterprises/:id/liaison',
    {
      config: { access: 'liaison.assign' },
      schema: {
        tags,
        summary:
          "Station a liaison of the enterprise's district by hand with a reason (null ends the stationing)",
        params: IdParam,
        body: ManualAssignInput,
        response: { 200: EnterpriseLiaison, ...errors },
      },
    },
    async (req) => svc.assignLiaison(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/liaisons/coverage',
    {
      config: { access: 'liaison.coverage' },
      schema: {
        tags,
        summary:
          'Coverage by district: enterprises without a liaison, liaisons over load, enterprises not visited in N days',
        querystring: CoverageQuery,
        response: { 200: CoverageView, ...errors },
      },
    },
    async (req) => svc.coverage(req.ctx, req.query),
  );

  app.get(
    '/api/liaisons/me/enterprises',
    {
      config: { access: 'liaison.mine' },
      schema: {
        tags,
        summary: "The signed-in liaison's enterprises: last visit, resumption status, open problems",
        response: { 200: z.object({ items: z.array(MyEnterprise) }), ...errors },
      },
    },
    async (req) => ({ items: await svc.myEnterprises(req.ctx) }),
  );

  app.post(
    '/api/liaison-visits',
    {
      config: { access: 'liaison.visit' },
      schema: {
        tags,
        summary:
          'Log a visit to one of your enterprises: purpose, what was checked, findings, problems raised',
        body: VisitInput,
        response: { 201: VisitView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createVisit(req.ctx, req.body)),
  );

  app.get(
    '/api/liaison-visits',
    {
      config: { access: 'liaison.readVisits' },
      schema: {
        tags,
        summary: 'Visits to enterprises in scope, newest first',
        querystring: VisitListQuery,
        response: { 200: paged(VisitView), ...errors },
      },
    },
    async (req) => svc.listVisits(req.ctx, req.query),
  );
}
