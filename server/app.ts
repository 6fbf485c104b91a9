import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { can, type RouteAccess } from '../shared/access';
import { type DivisionTree, loadDivisionTree } from './access/divisions';
import { createScoper, type Scoper } from './access/scope';
import type { Clock } from './clock';
import type { Database } from './db/client';
import { isDbDown } from './db/errors';
import type { Env } from './env';
import { startReportChaser } from './jobs/report-chaser';
import { jobContext, startScheduler } from './jobs/scheduler';
import { createAuditSealer } from './lib/audit';
import type { Ctx } from './lib/context';
import { AppError, type FieldIssue } from './lib/errors';
import { localeFromHeader, message, reason } from './lib/messages';
import { loadReference, type Reference } from './lib/reference';
import { localizeValidation } from './lib/validation';
import attachmentRoutes from './modules/attachments/routes';
import auditRoutes from './modules/audit/routes';
import authRoutes from './modules/auth/routes';
import { resolveSession } from './modules/auth/service';
import { createTokenResolver, type TokenResolver } from './modules/auth/tokens';
import campaignRoutes from './modules/campaigns/routes';
import checklistRoutes from './modules/checklists/routes';
import dailyReportRoutes from './modules/daily-reports/routes';
import demandRoutes from './modules/demands/routes';
import directiveRoutes from './modules/directives/routes';
import enterpriseRoutes from './modules/enterprises/routes';
import hazardRoutes from './modules/hazards/routes';
import healthRoutes from './modules/health/routes';
import inspectionRoutes from './modules/inspections/routes';
import jobRoutes from './modules/jobs/routes';
import { createKpiAnnouncer, createKpiBus, type KpiBus, type KpiSource } from './modules/kpis/events';
import { createKpiMemory, type KpiMemory } from './modules/kpis/memory';
import kpiRoutes from './modules/kpis/routes';
import liaisonRoutes from './modules/liaisons/routes';
import notificationRoutes from './modules/notifications/routes';
import referenceRoutes from './modules/reference/routes';
import responsibilityRoutes from './modules/responsibility/routes';
import resumptionRoutes from './modules/resumption/routes';
import supervisionRoutes from './modules/supervision/routes';
import userRoutes from './modules/users/routes';

export const SESSION_COOKIE = 'tc_session';
export const CSRF_HEADER = 'x-csrf-token';
const WEB_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** A state-changing route that deliberately writes no audit entry (none today). */
    noAudit?: boolean;
  }
  interface FastifyRequest {
    ctx: Ctx;
  }
  interface FastifyInstance {
    deps: Deps;
  }
}

export interface Deps {
  database: Database;
  clock: Clock;
  env: Env;
  tree: DivisionTree;
  scoper: Scoper;
  ref: Reference;
  /** Bearer tokens → actors, cached per instance (modules/auth/tokens.ts). */
  tokens: TokenResolver;
  /** KPI change notices of every instance, for the live streams and the memory (modules/kpis/events.ts). */
  kpiBus: KpiBus;
  /** The open days' KPI figures kept per instance (modules/kpis/memory.ts). */
  kpiMemory: KpiMemory;
  /** Every API route with its access rule (the access-matrix test walks this). */
  routes: { method: string; url: string; access: RouteAccess }[];
}

export type App = FastifyInstance;
/** The instance modules register routes on: zod schemas type each handler's request. */
export type ZApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface BuildOptions {
  database: Database;
  clock: Clock;
  env: Env;
  logger?: boolean | object;
  /** Tests: a state-changing request that succeeds without an audit entry becomes a 500. */
  strictAudit?: boolean;
  /** Run scheduled jobs (overdue escalation); default: on, except under tests. */
  scheduler?: boolean;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What an account whose password was reset may still do before choosing a new one. */
const PASSWORD_CHANGE_ROUTES = new Set([
  '/api/me',
  '/api/me/password',
  '/api/me/preferences',
  '/api/auth/logout',
]);

/** Builds the HTTP application; `main.ts start` and the tests both use it. */
export async function buildApp(opts: BuildOptions): Promise<App> {
  const { database, clock, env } = opts;
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const tree = await loadDivisionTree(database.db);
  const ref = await loadReference(database.db);
  // One LISTEN on the KPI channel per instance: the figures kept in memory hear it first, then
  // the live streams.
  const kpiBus = createKpiBus(database, clock, app.log);
  const scoper = createScoper(tree);
  // The open days' figures are computed again soon after changes, for the next reader (0: only
  // when read). On PGlite one division code per statement: a request waits behind one at most.
  const pglite = database.kind === 'pglite';
  const kpiMemory = createKpiMemory(kpiBus, tree, {
    log: app.log,
    jointly: pglite,
    refresh: env.TONGCHOU_KPI_REFRESH_MS
      ? {
          quietMs: env.TONGCHOU_KPI_REFRESH_MS,
          perDistrict: pglite,
          context: jobContext({ database, clock, tree, ref, scoper }),
        }
      : undefined,
  });
  const deps: Deps = {
    database,
    clock,
    env,
    tree,
    scoper,
    ref,
    tokens: createTokenResolver(database, app.log),
    kpiBus,
    kpiMemory,
    routes: [],
  };
  app.decorate('deps', deps);
  app.decorateRequest('ctx', null as unknown as Ctx);

  // Every route must say who may call it; a route without a rule cannot be registered.
  app.addHook('onRoute', (route) => {
    route.config = route.config ?? {};
    const url = route.url ?? '';
    if (!route.config.access) {
      if (url.startsWith('/api/docs') || !url.startsWith('/api')) route.config.access = 'public';
      else throw new Error(`Route ${String(route.method)} ${url} has no access rule (config.access)`);
    }
    if (url.startsWith('/api') && !url.startsWith('/api/docs')) {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') deps.routes.push({ method, url, access: route.config.access });
      }
    }
  });

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: env.TONGCHOU_UPLOAD_MAX_MB * 1024 * 1024, files: 1, fields: 10 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tongchou 统筹 API',
        version: '0.1.0',
        description:
          'City command platform: epidemic prevention, production safety and enterprise resumption. Authenticate with the session cookie from POST /api/auth/login (send x-csrf-token on writes) or with `Authorization: Bearer <personal API token>`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const announcer = createKpiAnnouncer(database.db, app.log);
  // Called once the write committed: this instance forgets the figures it keeps for those
  // divisions at once, the others when the announcement reaches them.
  const announceKpi = (source: KpiSource, divisions: string[] | null, from?: string) => {
    announcer.announce(source, divisions, from);
    deps.kpiMemory.forget(source, divisions, from ?? null);
  };
  app.addHook('onRequest', async (req) => {
    const ctx: Ctx = {
      db: database.db,
      clock,
      scoper: deps.scoper,
      tree: deps.tree,
      ref: deps.ref,
      actor: null,
      ip: req.ip ?? null,
      locale: localeFromHeader(req.headers['accept-language']),
      audited: false,
      announceKpi,
      kpiMemory: deps.kpiMemory,
      log: req.log,
    };
    req.ctx = ctx;
    const access = req.routeOptions.config?.access;
    if (!req.routeOptions.url || !access || access === 'public') return;
    const resolution = await authenticate(req, deps);
    if (!resolution || 'error' in resolution) {
      throw new AppError(401, resolution?.error ?? 'unauthenticated');
    }
    const actor = resolution.actor;
    ctx.actor = actor;
    if (!req.headers['accept-language']) ctx.locale = actor.locale;
    if (actor.via === 'session' && UNSAFE.has(req.method) && req.headers[CSRF_HEADER] !== actor.csrfToken) {
      throw new AppError(403, 'csrf_failed');
    }
    if (actor.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(req.routeOptions.url)) {
      throw new AppError(403, 'password_change_required');
    }
    if (access !== 'authenticated' && !can(actor.role, access)) throw new AppError(403, 'forbidden');
  });

  if (opts.strictAudit) {
    app.addHook('onSend', async (req, reply, payload) => {
      const cfg = req.routeOptions.config;
      if (!UNSAFE.has(req.method) || reply.statusCode >= 400 || cfg?.noAudit || req.ctx?.audited)
        return payload;
      if (!req.routeOptions.url) return payload;
      reply.code(500);
      return JSON.stringify({
        error: {
          code: 'unaudited_write',
          message: `${req.method} ${req.routeOptions.url} changed state without an audit entry`,
        },
      });
    });
  }

  // Audit entries are linked into the hash chain after their transaction commits, off the
  // request's path (see server/lib/audit.ts).
  const sealer = createAuditSealer(database.db, app.log);
  app.addHook('onResponse', async (req) => {
    if (req.ctx?.audited) sealer.kick();
  });
  // A user or token changed by this request: forget the cached token actors before it is answered,
  // so the caller's next request is already refused or acts with the new role (the database's
  // notice reaches the other instances; see modules/auth/tokens.ts).
  app.addHook('onSend', async (req) => {
    if (req.ctx?.accountsChanged) deps.tokens.forget();
    // Likewise the KPI figures kept for the divisions the request's writes changed.
    for (const c of req.ctx?.kpiChanged ?? []) deps.kpiMemory.forget(c.source, c.divisions, c.from);
  });
  app.addHook('onClose', async () => {
    await announcer.close();
    await sealer.close();
    await deps.tokens.close();
    await deps.kpiMemory.close();
    await deps.kpiBus.close();
  });

  app.setErrorHandler((err: any, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    if (
      req.url.startsWith('/api') ||
      req.method !== 'GET' ||
      !fs.existsSync(path.join(WEB_DIST, 'index.html'))
    ) {
      const locale = localeFromHeader(req.headers['accept-language']);
      return reply
        .code(404)
        .send({ error: { code: 'route_not_found', message: message('route_not_found', locale) } });
    }
    return reply.type('text/html').sendFile('index.html', WEB_DIST);
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const routes of [
    healthRoutes,
    authRoutes,
    referenceRoutes,
    enterpriseRoutes,
    userRoutes,
    auditRoutes,
    jobRoutes,
    resumptionRoutes,
    liaisonRoutes,
    supervisionRoutes,
    checklistRoutes,
    inspectionRoutes,
    hazardRoutes,
    campaignRoutes,
    responsibilityRoutes,
    attachmentRoutes,
    dailyReportRoutes,
    directiveRoutes,
    demandRoutes,
    notificationRoutes,
    kpiRoutes,
  ]) {
    await routes(api);
  }
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  if (opts.scheduler ?? (!opts.strictAudit && !process.env.VITEST)) {
    startScheduler(app, deps);
    startReportChaser(app, deps);
  }

  if (fs.existsSync(WEB_DIST)) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: true, index: false });
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, (_req, reply) =>
      reply.type('text/html').sendFile('index.html', WEB_DIST),
    );
  }
  return app;
}

async function authenticate(req: FastifyRequest, deps: Deps) {
  const now = deps.clock.now();
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return deps.tokens.resolve(now, auth.slice(7).trim());
  const cookieValue = req.cookies[SESSION_COOKIE];
  if (!cookieValue) return null;
  return resolveSession(deps.database.db, now, cookieValue, {
    idleMinutes: deps.env.TONGCHOU_SESSION_IDLE_MINUTES,
    absoluteHours: deps.env.TONGCHOU_SESSION_ABSOLUTE_HOURS,
  });
}

function sendError(err: any, req: FastifyRequest, reply: FastifyReply) {
  const locale = req.ctx?.locale ?? localeFromHeader(req.headers['accept-language']);
  const send = (status: number, code: string, params?: Record<string, unknown>, details?: unknown) =>
    reply
      .code(status)
      .send({ error: { code, message: message(code, locale, params), ...(details ? { details } : {}) } });

  if (err instanceof AppError) {
    const details = Array.isArray(err.details)
      ? (err.details as FieldIssue[]).map((d) => ({
          ...d,
          message: d.message ?? reason(d.reason, locale, d.params),
        }))
      : err.details;
    return send(err.status, err.code, err.params, details);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    return send(
      400,
      'validation_failed',
      undefined,
      localizeValidation(err.validation as never, err.validationContext, locale),
    );
  }
  if (
    err.code === 'FST_REQ_FILE_TOO_LARGE' ||
    err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ||
    err.statusCode === 413
  ) {
    return send(413, 'file_too_large', { max: req.server.deps?.env.TONGCHOU_UPLOAD_MAX_MB ?? 10 });
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return send(415, 'invalid_file_type');
  }
  if (
    err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    (err.statusCode === 400 && err.code?.startsWith('FST_'))
  ) {
    return send(400, 'validation_failed', undefined, [
      { path: '', reason: 'invalid_body', message: err.message },
    ]);
  }
  // Drizzle wraps the driver's error; the SQLSTATE is on it or on its cause.
  const pgCode = String(err.cause?.code ?? err.code ?? '');
  if (pgCode === '23505') return send(409, 'duplicate', { what: locale === 'en' ? 'The record' : '记录' });
  // PostgreSQL "data exception" (class 22): a number, date or text the schema let through but the
  // column cannot hold. The statement failed, so nothing was written; it is the input that is wrong.
  if (/^22[0-9A-Z]{3}$/.test(pgCode)) {
    return send(400, 'validation_failed', undefined, [
      { path: '', reason: 'out_of_range', message: reason('out_of_range', locale) },
    ]);
  }
  if (isDbDown(err)) {
    reply.header('Retry-After', '5');
    return send(503, 'database_unavailable');
  }
  req.log.error({ err }, 'unhandled error');
  return send(500, 'internal');
}
