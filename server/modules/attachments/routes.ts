import fs from 'node:fs';
import { z } from 'zod';
import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import { AttachmentListQuery, AttachmentUploadQuery, AttachmentView } from '../../../shared/schemas/safety';
import type { ZApp } from '../../app';
import { AppError, notFound } from '../../lib/errors';
import { attachment } from '../../lib/excel';
import * as svc from './service';

const tags = ['attachments'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export default async function attachmentRoutes(app: ZApp) {
  app.post(
    '/api/attachments',
    {
      config: { access: 'attachment.upload' },
      schema: {
        tags,
        summary:
          'Upload a photo or document for an enterprise in scope (multipart field "file"; JPEG/PNG/WebP, PDF, .docx, .xlsx; size limit TONGCHOU_UPLOAD_MAX_MB)',
        consumes: ['multipart/form-data'],
        querystring: AttachmentUploadQuery,
        response: { 201: AttachmentView, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError(415, 'unsupported_attachment_type');
      const file = await req.file();
      if (!file) throw new AppError(400, 'file_required');
      const data = await file.toBuffer();
      const view = await svc.uploadAttachment(req.ctx, app.deps.env.dataDir, req.query.enterpriseId, {
        filename: file.filename,
        data,
      });
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/api/attachments',
    {
      config: { access: 'attachment.read' },
      schema: {
        tags,
        summary: 'Attachments in scope, by enterprise or by ids',
        querystring: AttachmentListQuery,
        response: { 200: paged(AttachmentView), ...errors },
      },
    },
    async (req) => svc.listAttachments(req.ctx, req.query),
  );

  app.get(
    '/api/attachments/:id',
    {
      config: { access: 'attachment.read' },
      schema: {
        tags,
        summary: 'The file itself, only for users whose scope includes its enterprise',
        params: IdParam,
        response: { 200: z.any().describe('The file'), ...errors },
      },
    },
    async (req, reply) => {
      const row = await svc.findScopedAttachment(req.ctx, req.params.id);
      const full = svc.storedPath(app.deps.env.dataDir, row.storedName);
      if (!fs.existsSync(full)) throw notFound();
      const disposition = attachment(row.originalName);
      return reply
        .type(row.mime)
        .header('content-length', String(row.size))
        .header(
          'content-disposition',
          svc.isInline(row) ? disposition.replace(/^attachment/, 'inline') : disposition,
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .send(fs.createReadStream(full));
    },
  );
}
