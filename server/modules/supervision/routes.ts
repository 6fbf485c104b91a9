import { ErrorBody, IdParam, Ok, paged } from '../../../shared/schemas/common';
import {
  AssignmentCreateInput,
  GroupCreateInput,
  GroupUpdateInput,
  MemberCreateInput,
  SquadCreateInput,
  SquadListQuery,
  SquadUpdateInput,
  SquadView,
  SupervisionAssignmentView,
  SupervisionGroupView,
  SupervisionMemberView,
  SupervisorCandidate,
  SupervisorCandidateQuery,
} from '../../../shared/schemas/safety';
import type { ZApp } from '../../app';
import * as svc from './service';

const tags = ['supervision'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export default async function supervisionRoutes(app: ZApp) {
  app.get(
    '/api/supervision/groups',
    {
      config: { access: 'supervision.read' },
      schema: {
        tags,
        summary:
          'City supervision groups (市级督导落实组) with members and assignments; supervisors see their own',
        response: { 200: paged(SupervisionGroupView), ...errors },
      },
    },
    async (req) => svc.listGroups(req.ctx),
  );

  app.get(
    '/api/supervision/groups/:id',
    {
      config: { access: 'supervision.read' },
      schema: {
        tags,
        summary: 'One group',
        params: IdParam,
        response: { 200: SupervisionGroupView, ...errors },
      },
    },
    async (req) => svc.getGroup(req.ctx, req.params.id),
  );

  app.post(
    '/api/supervision/groups',
    {
      config: { access: 'supervision.manage' },
      schema: {
        tags,
        summary: 'Create a group',
        body: GroupCreateInput,
        response: { 201: SupervisionGroupView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createGroup(req.ctx, req.body)),
  );

  app.patch(
    '/api/supervision/groups/:id',
    {
      config: { access: 'supervision.manage' },
      schema: {
        tags,
        summary: 'Rename or reorder a group (`version` must match)',
        params: IdParam,
        body: GroupUpdateInput,
        response: { 200: SupervisionGroupView, ...errors },
      },
    },
    async (req) => svc.updateGroup(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/supervision/squads',
    {
      config: { access: 'supervision.read' },
      schema: {
        tags,
        summary:
          'Three-in-one squads (三合一督导小分队) with members and assignments; supervisors see their own',
        querystring: SquadListQuery,
        response: { 200: paged(SquadView), ...errors },
      },
    },
    async (req) => svc.listSquads(req.ctx, req.query),
  );

  app.get(
    '/api/supervision/squads/:id',
    {
      config: { access: 'supervision.read' },
      schema: { tags, summary: 'One squad', params: IdParam, response: { 200: SquadView, ...errors } },
    },
    async (req) => svc.getSquad(req.ctx, req.params.id),
  );

  app.post(
    '/api/supervision/squads',
    {
      config: { access: 'supervision.manage' },
      schema: {
        tags,
        summary: 'Create a squad in a group',
        body: SquadCreateInput,
        response: { 201: SquadView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.createSquad(req.ctx, req.body)),
  );

  app.patch(
    '/api/supervision/squads/:id',
    {
      config: { access: 'supervision.manage' },
      schema: {
        tags,
        summary: 'Rename a squad or move it to another group (`version` must match)',
        params: IdParam,
        body: SquadUpdateInput,
        response: { 200: SquadView, ...errors },
      },
    },
    async (req) => svc.updateSquad(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/supervision/candidates',
    {
      config: { access: 'supervision.manage' },
      schema: {
        tags,
        summary:
          'Supervisor accounts to add to a squad or group (search by name or username), with the units each serves in now',
        querystring: SupervisorCandidateQuery,
        response: { 200: paged(SupervisorCandidate), ...errors },
      },
    },
    async (req) => svc.listCandidates(req.ctx, req.query),
  );

  app.post(
    '/api/supervision/members',
    {
      config: { access: 'supervision.manage' },
      schema: {
        tags,
        summary: 'Add a supervisor account to a squad (or a group) with its line and department',
        body: MemberCreateInput,
        response: { 201: SupervisionMemberView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.addMember(req.ctx, req.body)),
  );

  app.delete(
    '/api/supervision/members/:id',
    {
      config: { access: 'supervision.manage' },
      schema: {
        tags,
        summary: 'End a membership (kept in history)',
        params: IdParam,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => svc.endMember(req.ctx, req.params.id),
  );

  app.post(
    '/api/supervision/assignments',
    {
      config: { access: 'supervision.manage' },
      schema: {
        tags,
        summary: 'Assign a division (city, district, town) or an enterprise to a squad or a group',
        body: AssignmentCreateInput,
        response: { 201: SupervisionAssignmentView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.addAssignment(req.ctx, req.body)),
  );

  app.delete(
    '/api/supervision/assignments/:id',
    {
      config: { access: 'supervision.manage' },
      schema: {
        tags,
        summary: 'End an assignment (kept in history)',
        params: IdParam,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => svc.endAssignment(req.ctx, req.params.id),
  );
}
