import { z } from 'zod';
import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import {
  ArchiveInput,
  EnterpriseCreateInput,
  EnterpriseListQuery,
  EnterpriseUpdateInput,
  EnterpriseView,
  ImportStart,
} from '../../../shared/schemas/enterprises';
import type { ZApp } from '../../app';
import { actorOf } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { attachment, looksLikeXlsx, XLSX_MIME } from '../../lib/excel';
import { exportWorkbook, templateWorkbook } from './excel';
import { startImport } from './import';
import * as svc from './service';

const tags = ['enterprises'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const XlsxResponse = z.any().describe('An .xlsx file');

export default async function enterpriseRoutes(app: ZApp) {
  app.get(
    '/api/enterprises',
    {
      config: { access: 'enterprise.list' },
      schema: {
        tags,
        summary: 'List enterprises in scope, with filters and search (name, USCC, pinyin initials)',
        querystring: EnterpriseListQuery,
        response: { 200: paged(EnterpriseView), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => svc.listEnterprises(req.ctx, req.query),
  );

  app.get(
    '/api/enterprises/export',
    {
      config: { access: 'enterprise.export' },
      schema: {
        tags,
        summary: 'Export the current filtered list as .xlsx',
        querystring: EnterpriseListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_MIME],
        response: { 200: XlsxResponse },
      },
    },
    async (req, reply) => {
      const items = await svc.exportRows(req.ctx, req.query);
      const buf = await exportWorkbook(items, req.ctx.locale, req.ctx.clock.today());
      const name = req.ctx.locale === 'en' ? 'enterprises' : '企业名录';
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', attachment(`${name}-${req.ctx.clock.today()}.xlsx`))
        .send(buf);
    },
  );

  app.get(
    '/api/enterprises/import-template',
    {
      config: { access: 'enterprise.import' },
      schema: {
        tags,
        summary: 'Download the .xlsx import template',
        produces: [XLSX_MIME],
        response: { 200: XlsxResponse },
      },
    },
    async (req, reply) => {
      const buf = await templateWorkbook(req.ctx.locale, req.ctx.tree, req.ctx.ref);
      const name = req.ctx.locale === 'en' ? 'enterprise-import-template.xlsx' : '企业导入模板.xlsx';
      return reply.type(XLSX_MIME).header('content-disposition', attachment(name)).send(buf);
    },
  );

  app.post(
    '/api/enterprises/import',
    {
      // The background job audits every imported row in the transaction that writes it.
      config: { access: 'enterprise.import', noAudit: true },
      schema: {
        tags,
        summary:
          'Import enterprises from .xlsx (multipart field "file", ≤ 10 MB); all rows or none. Poll GET /api/jobs/:id',
        consumes: ['multipart/form-data'],
        response: { 202: ImportStart, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError(415, 'invalid_file_type');
      const file = await req.file();
      if (!file) throw new AppError(400, 'file_required');
      const buf = await file.toBuffer();
      if (!file.filename.toLowerCase().endsWith('.xlsx') || !looksLikeXlsx(buf)) {
        throw new AppError(400, 'invalid_file_type', undefined, [
          { path: 'file', reason: 'invalid_file_type' },
        ]);
      }
      const jobId = await startImport(req.ctx, buf);
      return reply.code(202).send({ jobId });
    },
  );

  app.get(
    '/api/enterprises/:id',
    {
      config: { access: 'enterprise.read' },
      schema: {
        tags,
        summary: 'One enterprise',
        params: IdParam,
        response: { 200: EnterpriseView, ...errors },
      },
    },
    async (req) => svc.getEnterprise(req.ctx, req.params.id),
  );

  app.post(
    '/api/enterprises',
    {
      config: { access: 'enterprise.create' },
      schema: {
        tags,
        summary: 'Register an enterprise (a second enterprise with the same USCC is 409 duplicate)',
        body: EnterpriseCreateInput,
        response: { 201: EnterpriseView, ...errors },
      },
    },
    async (req, reply) => {
      const view = await svc.createEnterprise(req.ctx, req.body);
      return reply.code(201).send(view);
    },
  );

  app.patch(
    '/api/enterprises/:id',
    {
      config: { access: 'enterprise.update' },
      schema: {
        tags,
        summary: 'Edit an enterprise; `version` must match (stale edit → 409 stale_version)',
        params: IdParam,
        body: EnterpriseUpdateInput,
        response: { 200: EnterpriseView, ...errors },
      },
    },
    async (req) => svc.updateEnterprise(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/enterprises/:id/archive',
    {
      config: { access: 'enterprise.archive' },
      schema: {
        tags,
        summary: 'Archive (or restore) an enterprise with a reason',
        params: IdParam,
        body: ArchiveInput,
        response: { 200: EnterpriseView, ...errors },
      },
    },
    async (req) => {
      actorOf(req.ctx);
      return svc.archiveEnterprise(req.ctx, req.params.id, req.body);
    },
  );
}
