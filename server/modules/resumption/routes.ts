import { z } from 'zod';
import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import {
  ApplicationCreateInput,
  ApplicationDetail,
  ApplicationListQuery,
  ApplicationUpdateInput,
  ApplicationView,
  EnterprisePhase,
  ExemptionInput,
  ExemptionView,
  HistoryQuery,
  HistoryView,
  PhaseOverrideInput,
  PlanInput,
  PlanPreview,
  PlanView,
  ReviewInput,
  StatusReportInput,
  SubmitInput,
  VerifyInput,
} from '../../../shared/schemas/resumption';
import type { ZApp } from '../../app';
import * as apps from './applications';
import * as phases from './phases';
import * as status from './status';

const tags = ['resumption'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export default async function resumptionRoutes(app: ZApp) {
  // ---- The phased plan (梯次)

  app.get(
    '/api/resumption/phases',
    {
      config: { access: 'resumption.read' },
      schema: {
        tags,
        summary: 'The resumption plan: phases with earliest date, priority, rule and version',
        response: { 200: PlanView, ...errors },
      },
    },
    async (req) => phases.getPlan(req.ctx),
  );

  app.put(
    '/api/resumption/phases',
    {
      config: { access: 'resumption.plan' },
      schema: {
        tags,
        summary:
          'Save the whole plan (plan version and each existing phase version must be current → else 409 stale_version); phases left out are removed',
        body: PlanInput,
        response: { 200: PlanView, ...errors },
      },
    },
    async (req) => phases.savePlan(req.ctx, req.body),
  );

  app.post(
    '/api/resumption/phases/preview',
    {
      // A read: evaluates the proposed plan against every active enterprise and writes nothing.
      config: { access: 'resumption.plan', noAudit: true },
      schema: {
        tags,
        summary: 'How many active enterprises a proposed plan would move between phases (before saving)',
        body: PlanInput,
        response: { 200: PlanPreview, ...errors },
      },
    },
    async (req) => phases.previewPlan(req.ctx, req.body),
  );

  app.post(
    '/api/enterprises/:id/phase-override',
    {
      config: { access: 'resumption.override' },
      schema: {
        tags,
        summary: 'Put an enterprise into a phase by hand, with a reason (phaseCode null clears the override)',
        params: IdParam,
        body: PhaseOverrideInput,
        response: { 200: z.object({ phase: EnterprisePhase.nullable() }), ...errors },
      },
    },
    async (req) => phases.overridePhase(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/enterprises/:id/resumption-exemption',
    {
      config: { access: 'resumption.exempt' },
      schema: {
        tags,
        summary: "Exempt an enterprise from its phase's earliest date (approval may come before it)",
        params: IdParam,
        body: ExemptionInput,
        response: { 201: ExemptionView, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await phases.exemptEnterprise(req.ctx, req.params.id, req.body)),
  );

  // ---- Status with dated history

  app.get(
    '/api/enterprises/:id/resumption-history',
    {
      config: { access: 'resumption.read' },
      schema: {
        tags,
        summary: 'Dated status changes, today\'s status and the status on `asOf` ("was it resumed on D")',
        params: IdParam,
        querystring: HistoryQuery,
        response: { 200: HistoryView, ...errors },
      },
    },
    async (req) => status.history(req.ctx, req.params.id, req.query.asOf),
  );

  app.post(
    '/api/enterprises/:id/resumption-status',
    {
      config: { access: 'resumption.status' },
      schema: {
        tags,
        summary:
          'Report resumed (actual restart date) / suspended (reason required) / closed; illegal → 409 invalid_transition. The enterprise may report only its own restart',
        params: IdParam,
        body: StatusReportInput,
        response: { 200: HistoryView, ...errors },
      },
    },
    async (req) => status.reportStatus(req.ctx, req.params.id, req.body),
  );

  // ---- Applications (复工申请)

  app.get(
    '/api/resumption-applications',
    {
      config: { access: 'resumption.read' },
      schema: {
        tags,
        summary:
          'Applications in scope; waiting ones first, oldest submission first, with days waited (the review queue)',
        querystring: ApplicationListQuery,
        response: { 200: paged(ApplicationView), ...errors },
      },
    },
    async (req) => apps.listApplications(req.ctx, req.query),
  );

  app.get(
    '/api/resumption-applications/:id',
    {
      config: { access: 'resumption.read' },
      schema: {
        tags,
        summary: 'One application with every submitted revision, reviews and verifications',
        params: IdParam,
        response: { 200: ApplicationDetail, ...errors },
      },
    },
    async (req) => apps.getApplication(req.ctx, req.params.id),
  );

  app.post(
    '/api/resumption-applications',
    {
      config: { access: 'resumption.apply' },
      schema: {
        tags,
        summary:
          'Start an application as a draft (the enterprise, or its liaison on its behalf); one open application per enterprise',
        body: ApplicationCreateInput,
        response: { 201: ApplicationDetail, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await apps.createApplication(req.ctx, req.body)),
  );

  app.patch(
    '/api/resumption-applications/:id',
    {
      config: { access: 'resumption.apply' },
      schema: {
        tags,
        summary: 'Edit a draft or returned application; sections given replace the saved ones',
        params: IdParam,
        body: ApplicationUpdateInput,
        response: { 200: ApplicationDetail, ...errors },
      },
    },
    async (req) => apps.updateApplication(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/resumption-applications/:id/submit',
    {
      config: { access: 'resumption.apply' },
      schema: {
        tags,
        summary: 'Submit or resubmit; missing items → 400 incomplete_application listing each one',
        params: IdParam,
        body: SubmitInput,
        response: { 200: ApplicationDetail, ...errors },
      },
    },
    async (req) => apps.submitApplication(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/resumption-applications/:id/review',
    {
      config: { access: 'resumption.review' },
      schema: {
        tags,
        summary:
          'Approve, or return with a reason. Before the phase date without exemption → 409 phase_not_open; without a passed verification where required → 409 verification_required',
        params: IdParam,
        body: ReviewInput,
        response: { 200: ApplicationDetail, ...errors },
      },
    },
    async (req) => apps.reviewApplication(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/resumption-applications/:id/verify',
    {
      config: { access: 'resumption.verify' },
      schema: {
        tags,
        summary: "The liaison's on-site verification of a submitted application (passed or not, with a note)",
        params: IdParam,
        body: VerifyInput,
        response: { 200: ApplicationDetail, ...errors },
      },
    },
    async (req) => apps.verifyApplication(req.ctx, req.params.id, req.body),
  );
}
