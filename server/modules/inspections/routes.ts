import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import {
  InspectionCreateInput,
  InspectionListQuery,
  InspectionSignInput,
  InspectionSummary,
  InspectionUpdateInput,
  InspectionView,
} from '../../../shared/schemas/safety';
import type { ZApp } from '../../app';
import * as svc from './service';

const tags = ['inspections'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export default async function inspectionRoutes(app: ZApp) {
  app.get(
    '/api/inspections',
    {
      config: { access: 'inspection.read' },
      schema: {
        tags,
        summary: 'Inspections (督导检查) of enterprises in scope',
        querystring: InspectionListQuery,
        response: { 200: paged(InspectionSummary), ...errors },
      },
    },
    async (req) => svc.listInspections(req.ctx, req.query),
  );

  app.get(
    '/api/inspections/:id',
    {
      config: { access: 'inspection.read' },
      schema: {
        tags,
        summary: 'One inspection with its items, drafts of hazards and the hazards raised',
        params: IdParam,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => svc.getInspection(req.ctx, req.params.id),
  );

  app.post(
    '/api/inspections',
    {
      config: { access: 'inspection.conduct' },
      schema: {
        tags,
        summary: 'Start an inspection of an enterprise in scope against the current version of a checklist',
        body: InspectionCreateInput,
        response: { 201: InspectionView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createInspection(req.ctx, req.body)),
  );

  app.patch(
    '/api/inspections/:id',
    {
      config: { access: 'inspection.conduct' },
      schema: {
        tags,
        summary:
          'Mark items pass / fail / not applicable with notes and photos; a failed item gets a draft hazard, editable until sign-off (inspector only, `version` must match)',
        params: IdParam,
        body: InspectionUpdateInput,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => svc.updateInspection(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/inspections/:id/sign',
    {
      config: { access: 'inspection.conduct' },
      schema: {
        tags,
        summary:
          'Sign off: every item needs a result; each failed item becomes an open hazard in the same transaction',
        params: IdParam,
        body: InspectionSignInput,
        response: { 200: InspectionView, ...errors },
      },
    },
    async (req) => svc.signInspection(req.ctx, req.params.id, req.body),
  );
}
