import { z } from 'zod';
import { ErrorBody, IdParam, paged } from '../../../shared/schemas/common';
import { EnterpriseOption } from '../../../shared/schemas/reference';
import {
  ResetPasswordInput,
  UserCreateInput,
  UserListQuery,
  UserUpdateInput,
  UserView,
} from '../../../shared/schemas/users';
import type { ZApp } from '../../app';
import * as svc from './service';

const tags = ['users'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export default async function userRoutes(app: ZApp) {
  app.get(
    '/api/users',
    {
      config: { access: 'user.manage' },
      schema: {
        tags,
        summary: 'Accounts (admin)',
        querystring: UserListQuery,
        response: { 200: paged(UserView), ...errors },
      },
    },
    async (req) => svc.listUsers(req.ctx, req.query),
  );

  app.get(
    '/api/users/:id',
    {
      config: { access: 'user.manage' },
      schema: { tags, summary: 'One account', params: IdParam, response: { 200: UserView, ...errors } },
    },
    async (req) => svc.getUser(req.ctx, req.params.id),
  );

  app.post(
    '/api/users',
    {
      config: { access: 'user.manage' },
      schema: {
        tags,
        summary: 'Create an account with its role and scope',
        body: UserCreateInput,
        response: { 201: UserView, ...errors },
      },
    },
    async (req, reply) => {
      const u = await svc.createUser(req.ctx, req.body, { mustChangePassword: true });
      return reply.code(201).send(await svc.getUser(req.ctx, u.id));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'user.manage' },
      schema: {
        tags,
        summary: 'Edit, disable/enable, unlock or re-scope an account (`version` required)',
        params: IdParam,
        body: UserUpdateInput,
        response: { 200: UserView, ...errors },
      },
    },
    async (req) => svc.updateUser(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { access: 'user.manage' },
      schema: {
        tags,
        summary: 'Set a new password; the user must change it at next sign-in',
        params: IdParam,
        body: ResetPasswordInput,
        response: { 200: UserView, ...errors },
      },
    },
    async (req) => svc.resetPassword(req.ctx, req.params.id, req.body.password),
  );

  app.get(
    '/api/admin/enterprise-options',
    {
      config: { access: 'user.manage' },
      schema: {
        tags,
        summary: 'Enterprise lookup for enterprise accounts (id, name, USCC only)',
        querystring: z.object({ q: z.string().trim().max(100).optional() }),
        response: {
          200: z.array(EnterpriseOption),
          ...errors,
        },
      },
    },
    async (req) => svc.enterpriseOptions(req.ctx, req.query.q),
  );
}
