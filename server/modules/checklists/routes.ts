import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import {
  ChecklistCreateInput,
  ChecklistListQuery,
  ChecklistUpdateInput,
  ChecklistView,
} from '../../../shared/schemas/safety';
import type { ZApp } from '../../app';
import * as svc from './service';

const tags = ['checklists'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export default async function checklistRoutes(app: ZApp) {
  app.get(
    '/api/checklists',
    {
      config: { access: 'checklist.read' },
      schema: {
        tags,
        summary: 'Checklist templates (current versions; `all=true` adds retired ones)',
        querystring: ChecklistListQuery,
        response: { 200: paged(ChecklistView), ...errors },
      },
    },
    async (req) => svc.listChecklists(req.ctx, req.query),
  );

  app.get(
    '/api/checklists/:id',
    {
      config: { access: 'checklist.read' },
      schema: {
        tags,
        summary: 'One template version with its items',
        params: IdParam,
        response: { 200: ChecklistView, ...errors },
      },
    },
    async (req) => svc.getChecklist(req.ctx, req.params.id),
  );

  app.post(
    '/api/checklists',
    {
      config: { access: 'checklist.manage' },
      schema: {
        tags,
        summary: 'Create a checklist template (version 1)',
        body: ChecklistCreateInput,
        response: { 201: ChecklistView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createChecklist(req.ctx, req.body)),
  );

  app.put(
    '/api/checklists/:id',
    {
      config: { access: 'checklist.manage' },
      schema: {
        tags,
        summary:
          'Edit a template: writes the next version and retires this one; inspections keep the version they used. Editing a retired version → 409 stale_version',
        params: IdParam,
        body: ChecklistUpdateInput,
        response: { 200: ChecklistView, ...errors },
      },
    },
    async (req) => svc.updateChecklist(req.ctx, req.params.id, req.body),
  );
}
