import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { ErrorBody } from '../../../shared/schemas/common';
import {
  KpiDrillPage,
  KpiDrillQuery,
  KpiExportQuery,
  KpiQuery,
  KpiSeries,
  KpiSeriesQuery,
  KpiSnapshot,
  KpiStreamQuery,
  KpiTargetsInput,
  KpiTargetsView,
} from '../../../shared/schemas/kpis';
import type { ZApp } from '../../app';
import { attachment, XLSX_MIME } from '../../lib/excel';
import { drillRows } from './drill';
import { exportDrill, exportKpis } from './excel';
import { kpiSeries } from './series';
import { kpiSnapshot } from './service';
import { streamKpis } from './stream';
import { getTargets, saveTargets } from './targets';

const tags = ['kpis'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const XlsxResponse = z.any().describe('An .xlsx file');

export default async function kpiRoutes(app: ZApp) {
  const bus = app.deps.kpiBus;
  // Open streams end when the server closes (else close() would wait for them).
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  app.get(
    '/api/kpis',
    {
      config: { access: 'kpi.read' },
      schema: {
        tags,
        summary:
          'Every KPI as of a day (default today) for the city or a division: rates (null on a zero denominator), counts, the day before, and by child division, industry section and size class',
        querystring: KpiQuery,
        response: { 200: KpiSnapshot, ...errors },
      },
    },
    async (req) => kpiSnapshot(req.ctx, req.query),
  );

  app.get(
    '/api/kpis/series',
    {
      config: { access: 'kpi.read' },
      schema: {
        tags,
        summary: 'One KPI per day over a range of at most 120 days, with numerator and denominator',
        querystring: KpiSeriesQuery,
        response: { 200: KpiSeries, ...errors },
      },
    },
    async (req) => kpiSeries(req.ctx, req.query),
  );

  app.get(
    '/api/kpis/drill',
    {
      config: { access: 'kpi.read' },
      schema: {
        tags,
        summary:
          'The enterprises (or hazards) behind a figure, with the same filters; those not counted in the numerator first',
        querystring: KpiDrillQuery,
        response: { 200: KpiDrillPage, ...errors },
      },
    },
    async (req) => drillRows(req.ctx, req.query),
  );

  app.get(
    '/api/kpis/drill/export.xlsx',
    {
      config: { access: 'kpi.read' },
      schema: {
        tags,
        summary: 'The rows behind a figure as a formatted .xlsx (up to 100,000 rows)',
        querystring: KpiDrillQuery,
        produces: [XLSX_MIME],
        response: { 200: XlsxResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await exportDrill(req.ctx, req.query);
      return reply.type(XLSX_MIME).header('content-disposition', attachment(filename)).send(buffer);
    },
  );

  app.get(
    '/api/kpis/export.xlsx',
    {
      config: { access: 'kpi.read' },
      schema: {
        tags,
        summary: 'The KPI table by division, industry section or size class as a formatted .xlsx',
        querystring: KpiExportQuery,
        produces: [XLSX_MIME],
        response: { 200: XlsxResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { buffer, filename } = await exportKpis(req.ctx, req.query);
      return reply.type(XLSX_MIME).header('content-disposition', attachment(filename)).send(buffer);
    },
  );

  app.get(
    '/api/kpis/targets',
    {
      config: { access: 'kpi.read' },
      schema: {
        tags,
        summary: 'The KPI targets in force (and the defaults), with the version to send back',
        response: { 200: KpiTargetsView, ...errors },
      },
    },
    async (req) => getTargets(req.ctx),
  );

  app.put(
    '/api/kpis/targets',
    {
      config: { access: 'kpi.manage' },
      schema: {
        tags,
        summary: 'Set targets (fractions 0–1, null = none); keys left out keep theirs. Stale version → 409',
        body: KpiTargetsInput,
        response: { 200: KpiTargetsView, ...errors, 409: ErrorBody },
      },
    },
    async (req) => saveTargets(req.ctx, req.body),
  );

  app.get(
    '/api/kpis/stream',
    {
      config: { access: 'kpi.read' },
      schema: {
        tags,
        summary:
          'Server-sent events (Accept: text/event-stream): `ready` on connect, `kpi` {at, source, divisions} after each committed write that changes a KPI (at most one per source a second, with the divisions of all the writes it stands for), a comment every 15 s',
        querystring: KpiStreamQuery,
        produces: ['text/event-stream'],
        response: { 200: z.any().describe('text/event-stream'), ...errors },
      },
    },
    async (req, reply) => {
      open.add(reply.raw);
      reply.raw.on('close', () => open.delete(reply.raw));
      await streamKpis(bus, req, reply, req.query);
    },
  );
}
