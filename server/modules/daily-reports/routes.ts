import { z } from 'zod';
import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import {
  AcknowledgeInput,
  AlertList,
  AlertListQuery,
  AlertView,
  ChaseInput,
  ChaseResult,
  Completeness,
  CompletenessQuery,
  DayStatusQuery,
  EnterpriseDayStatus,
  FileReportInput,
  FormVersionParam,
  ImportQuery,
  ReportFormInput,
  ReportFormView,
  ReportListQuery,
  ReportView,
  RevisionView,
  TemplateQuery,
} from '../../../shared/schemas/daily-reports';
import { ImportStart } from '../../../shared/schemas/enterprises';
import type { ZApp } from '../../app';
import { actorOf } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { attachment, looksLikeXlsx, XLSX_MIME } from '../../lib/excel';
import { acknowledgeAlert, listAlerts } from './alerts';
import { chaseMissingReports } from './chase';
import { fileReport } from './filing';
import * as form from './form';
import { assertXlsx, startReportImport, templateFor } from './import';
import * as svc from './service';

const tags = ['daily-reports'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const XlsxResponse = z.any().describe('An .xlsx file');

export default async function dailyReportRoutes(app: ZApp) {
  // ---- The form (数据集)

  app.get(
    '/api/daily-reports/form',
    {
      config: { access: 'reportForm.read' },
      schema: {
        tags,
        summary: 'The daily report form in force: fields, cross-field rules, deadline, correction lock',
        response: { 200: ReportFormView, ...errors },
      },
    },
    async (req) => form.getCurrentForm(req.ctx),
  );

  app.get(
    '/api/daily-reports/form/:version',
    {
      config: { access: 'reportForm.read' },
      schema: {
        tags,
        summary: 'One version of the form (reports keep the version they were filed with)',
        params: FormVersionParam,
        response: { 200: ReportFormView, ...errors },
      },
    },
    async (req) => form.getFormVersion(req.ctx, req.params.version),
  );

  app.put(
    '/api/daily-reports/form',
    {
      config: { access: 'reportForm.manage' },
      schema: {
        tags,
        summary:
          'Save a new version of the form; `version` must be the one in force (else 409 stale_version). Past reports keep theirs',
        body: ReportFormInput,
        response: { 201: ReportFormView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await form.saveForm(req.ctx, req.body)),
  );

  // ---- Filing

  app.post(
    '/api/daily-reports',
    {
      config: { access: 'dailyReport.file' },
      schema: {
        tags,
        summary:
          "File a day's report (201), or refile it (200, a new revision). `zero: true` = 零报告: abnormal fields 0. Future day or a day the enterprise was not resumed → 400 on `date`; past the lock only district/HQ may correct (403 report_locked)",
        body: FileReportInput,
        response: { 200: ReportView, 201: ReportView, ...errors },
      },
    },
    async (req, reply) => {
      const { report, created, enterprise, lockAfterDays, people } = await fileReport(req.ctx, req.body);
      return reply
        .code(created ? 201 : 200)
        .send(svc.presentReport(req.ctx, report, enterprise, people, lockAfterDays));
    },
  );

  app.get(
    '/api/daily-reports',
    {
      config: { access: 'dailyReport.read' },
      schema: {
        tags,
        summary: 'Reports in scope, filtered by enterprise, day or range, division and content',
        querystring: ReportListQuery,
        response: { 200: paged(ReportView), ...errors },
      },
    },
    async (req) => svc.listReports(req.ctx, req.query),
  );

  app.get(
    '/api/daily-reports/completeness',
    {
      config: { access: 'dailyReport.stats' },
      schema: {
        tags,
        summary:
          'Completeness (received ÷ expected) and timeliness (on time ÷ expected) of a day per division, never above 100%',
        querystring: CompletenessQuery,
        response: { 200: Completeness, ...errors },
      },
    },
    async (req) => svc.completeness(req.ctx, req.query),
  );

  app.get(
    '/api/daily-reports/status',
    {
      config: { access: 'dailyReport.stats' },
      schema: {
        tags,
        summary:
          'The enterprises behind a figure: per-enterprise status for a day (missing, late, on time, zero, normal, abnormal…)',
        querystring: DayStatusQuery,
        response: { 200: paged(EnterpriseDayStatus).extend({ date: z.string() }), ...errors },
      },
    },
    async (req) => svc.dayStatus(req.ctx, req.query),
  );

  app.get(
    '/api/daily-reports/template',
    {
      config: { access: 'dailyReport.import' },
      schema: {
        tags,
        summary: "Download a day's .xlsx upload template: one row per enterprise in scope expected that day",
        querystring: TemplateQuery,
        produces: [XLSX_MIME],
        response: { 200: XlsxResponse, 400: ErrorBody },
      },
    },
    async (req, reply) => {
      const date = req.query.date ?? req.ctx.clock.today();
      const buf = await templateFor(req.ctx, date);
      const name = req.ctx.locale === 'en' ? `daily-reports-${date}.xlsx` : `日报告-${date}.xlsx`;
      return reply.type(XLSX_MIME).header('content-disposition', attachment(name)).send(buf);
    },
  );

  app.post(
    '/api/daily-reports/import',
    {
      // The background job audits every filed row in the transaction that writes it.
      config: { access: 'dailyReport.import', noAudit: true },
      schema: {
        tags,
        summary:
          'Upload a day\'s reports (.xlsx, multipart field "file"; day from ?date= or the template\'s title); all rows or none. Poll GET /api/jobs/:id',
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 202: ImportStart, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError(415, 'invalid_file_type');
      const file = await req.file();
      if (!file) throw new AppError(400, 'file_required');
      const buf = await file.toBuffer();
      assertXlsx(file.filename, looksLikeXlsx(buf));
      const jobId = await startReportImport(req.ctx, buf, req.query.date);
      return reply.code(202).send({ jobId });
    },
  );

  app.post(
    '/api/daily-reports/chase',
    {
      config: { access: 'dailyReport.chase' },
      schema: {
        tags,
        summary:
          "Chase a day's missing reports now (also runs on schedule): stages whose time has come; reminders are never duplicated. A district chases its own territory",
        body: ChaseInput,
        response: { 200: ChaseResult, ...errors },
      },
    },
    async (req) =>
      chaseMissingReports(req.ctx, req.body.date ?? req.ctx.clock.today(), {
        scope: req.ctx.scoper.enterprises(actorOf(req.ctx)),
      }),
  );

  app.get(
    '/api/daily-reports/:id',
    {
      config: { access: 'dailyReport.read' },
      schema: { tags, summary: 'One report', params: IdParam, response: { 200: ReportView, ...errors } },
    },
    async (req) => svc.getReport(req.ctx, req.params.id),
  );

  app.get(
    '/api/daily-reports/:id/revisions',
    {
      config: { access: 'dailyReport.read' },
      schema: {
        tags,
        summary: "A report's revisions, oldest first: who, when, on whose behalf, what changed",
        params: IdParam,
        response: { 200: z.array(RevisionView), ...errors },
      },
    },
    async (req) => svc.listRevisions(req.ctx, req.params.id),
  );

  // ---- Abnormal-report alerts

  app.get(
    '/api/alerts',
    {
      config: { access: 'alert.read' },
      schema: {
        tags,
        summary: 'Abnormal-report alerts in scope; open ones first',
        querystring: AlertListQuery,
        response: { 200: AlertList, ...errors },
      },
    },
    async (req) => listAlerts(req.ctx, req.query),
  );

  app.post(
    '/api/alerts/:id/acknowledge',
    {
      config: { access: 'alert.acknowledge' },
      schema: {
        tags,
        summary: 'Record the action taken on an open alert (an acknowledged one → 409)',
        params: IdParam,
        body: AcknowledgeInput,
        response: { 200: AlertView, ...errors },
      },
    },
    async (req) => acknowledgeAlert(req.ctx, req.params.id, req.body),
  );
}
