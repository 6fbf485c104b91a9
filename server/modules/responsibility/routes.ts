import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import {
  IncompleteItem,
  IncompleteQuery,
  ResponsibilityInput,
  ResponsibilityView,
} from '../../../shared/schemas/safety';
import type { ZApp } from '../../app';
import * as svc from './service';

const tags = ['responsibility'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export default async function responsibilityRoutes(app: ZApp) {
  app.get(
    '/api/enterprises/:id/responsibility',
    {
      config: { access: 'responsibility.read' },
      schema: {
        tags,
        summary:
          'The four levels of responsibility (四级责任) of an enterprise: district contact, principal, department in charge, employee posts',
        params: IdParam,
        response: { 200: ResponsibilityView, ...errors },
      },
    },
    async (req) => svc.getResponsibility(req.ctx, req.params.id),
  );

  app.put(
    '/api/enterprises/:id/responsibility',
    {
      config: { access: 'responsibility.update' },
      schema: {
        tags,
        summary:
          'Replace the matrix (`version` 0 the first time). An enterprise account may change only its principal and posts',
        params: IdParam,
        body: ResponsibilityInput,
        response: { 200: ResponsibilityView, ...errors },
      },
    },
    async (req) => svc.putResponsibility(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/responsibility/incomplete',
    {
      config: { access: 'responsibility.incomplete' },
      schema: {
        tags,
        summary: 'Enterprises in scope whose responsibility matrix lacks a level',
        querystring: IncompleteQuery,
        response: { 200: paged(IncompleteItem), ...errors },
      },
    },
    async (req) => svc.listIncomplete(req.ctx, req.query),
  );
}
