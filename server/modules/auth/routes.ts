import { z } from 'zod';
import {
  ChangePasswordInput,
  LoginInput,
  Me,
  PreferencesInput,
  TokenCreated,
  TokenCreateInput,
  TokenView,
} from '../../../shared/schemas/auth';
import { ErrorBody, IdParam, Ok } from '../../../shared/schemas/common';
import { SESSION_COOKIE, type ZApp } from '../../app';
import { actorOf } from '../../lib/context';
import * as auth from './service';

export default async function authRoutes(app: ZApp) {
  const cookieOptions = () => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: app.deps.env.TONGCHOU_COOKIE_SECURE,
  });

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an HTTP-only session cookie',
        body: LoginInput,
        response: { 200: Me, 401: ErrorBody, 423: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const result = await auth.login(req.ctx, req.body, { userAgent: req.headers['user-agent'] ?? null });
      // A fresh random session id at every login: no session fixation.
      reply.setCookie(SESSION_COOKIE, result.cookieValue, cookieOptions());
      return auth.presentMe(req.ctx, result.actor);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 200: Ok } },
    },
    async (req, reply) => {
      await auth.logout(req.ctx, actorOf(req.ctx));
      reply.clearCookie(SESSION_COOKIE, cookieOptions());
      return { ok: true as const };
    },
  );

  app.get(
    '/api/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, abilities and CSRF token',
        response: { 200: Me },
      },
    },
    async (req) => auth.presentMe(req.ctx, actorOf(req.ctx)),
  );

  app.patch(
    '/api/me/preferences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Remember the UI language',
        body: PreferencesInput,
        response: { 200: Ok },
      },
    },
    async (req) => {
      await auth.setLocale(req.ctx, actorOf(req.ctx), req.body.locale);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/me/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Change one’s own password',
        body: ChangePasswordInput,
        response: { 200: Ok },
      },
    },
    async (req) => {
      await auth.changeOwnPassword(req.ctx, actorOf(req.ctx), req.body.currentPassword, req.body.newPassword);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/me/tokens',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'My personal API tokens', response: { 200: z.array(TokenView) } },
    },
    async (req) => auth.listTokens(req.ctx, actorOf(req.ctx)),
  );

  app.post(
    '/api/me/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Create a personal API token (shown once); it acts with its owner’s scope',
        body: TokenCreateInput,
        response: { 201: TokenCreated },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return auth.createToken(req.ctx, actorOf(req.ctx), req.body);
    },
  );

  app.delete(
    '/api/me/tokens/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke a personal API token',
        params: IdParam,
        response: { 200: TokenView, 404: ErrorBody },
      },
    },
    async (req) => auth.revokeToken(req.ctx, actorOf(req.ctx), req.params.id),
  );
}
