import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import {
  CampaignCreateInput,
  CampaignDetail,
  CampaignUpdateInput,
  CampaignView,
} from '../../../shared/schemas/safety';
import type { ZApp } from '../../app';
import * as svc from './service';

const tags = ['campaigns'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export default async function campaignRoutes(app: ZApp) {
  app.get(
    '/api/campaigns',
    {
      config: { access: 'campaign.read' },
      schema: {
        tags,
        summary: 'Special campaigns (专项治理) with live progress within your scope',
        response: { 200: paged(CampaignView), ...errors },
      },
    },
    async (req) => svc.listCampaigns(req.ctx),
  );

  app.get(
    '/api/campaigns/:id',
    {
      config: { access: 'campaign.read' },
      schema: {
        tags,
        summary: 'One campaign with progress by division',
        params: IdParam,
        response: { 200: CampaignDetail, ...errors },
      },
    },
    async (req) => svc.getCampaign(req.ctx, req.params.id),
  );

  app.post(
    '/api/campaigns',
    {
      config: { access: 'campaign.manage' },
      schema: {
        tags,
        summary: 'Launch a campaign: window, scope (industry prefixes, flags, divisions) and targets',
        body: CampaignCreateInput,
        response: { 201: CampaignDetail, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createCampaign(req.ctx, req.body)),
  );

  app.patch(
    '/api/campaigns/:id',
    {
      config: { access: 'campaign.manage' },
      schema: {
        tags,
        summary: 'Edit a campaign (`version` must match)',
        params: IdParam,
        body: CampaignUpdateInput,
        response: { 200: CampaignDetail, ...errors },
      },
    },
    async (req) => svc.updateCampaign(req.ctx, req.params.id, req.body),
  );
}
