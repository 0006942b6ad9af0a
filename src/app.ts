/**
 * Builds the Fastify app from its dependencies; tests call this with a test database, the server
 * calls it at start. Order: error handling, cookies, auth, OpenAPI, then the domain routes.
 */
import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { auth } from './auth/plugin.ts';
import { authRoutes } from './auth/routes.ts';
import { AppError } from './errors.ts';
import { installErrorHandlers } from './http/errors.ts';
import { openApiRoute, registerOpenApi } from './http/openapi.ts';
import type { Deps } from './http/types.ts';
import { setupPage } from './http/setup-page.ts';
import { hasWebBuild, webRoutes } from './http/web.ts';
import { incidentRoutes } from './incidents/routes.ts';
import { workRoutes } from './incidents/work-routes.ts';
import { metrics } from './observability/metrics.ts';
import { policyRoutes } from './policy/routes.ts';
import { realtimeRoutes } from './realtime/routes.ts';
import { paging, type PagingOptions } from './escalation/plugin.ts';
import { reportRoutes } from './reports/routes.ts';
import { signalRoutes } from './signals/routes.ts';
import { userRoutes } from './users/routes.ts';

export interface AppOptions {
  /** A pino logger; without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
  /**
   * Check every response against its route's schema while serialising (tests turn this on).
   * Off by default: the type provider already checks handlers' return types at compile time, and
   * the runtime check costs a tenth of the CPU of a list request.
   */
  validateResponses?: boolean;
  /** Until set to true by the server, every route but /healthz answers 503. */
  readiness?: { ready: boolean };
  /** Notification channels (tests point them at local stand-ins); default from the environment. */
  channels?: PagingOptions['channels'];
  /** Twilio's auth token for what Twilio posts back; default from the environment. */
  twilioAuthToken?: string | null;
}

/** Creates the app; `await app.ready()` (or listen) before use. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: deps.config.bodyLimit,
    // Signed links carry ids and a signature in one path segment (over the default 100).
    routerOptions: { maxParamLength: 300 },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: process.env.EXPEDITE_TRUST_PROXY === 'true',
  });
  const readiness = opts.readiness ?? { ready: true };
  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(
    opts.validateResponses ? serializerCompiler : () => (data) => JSON.stringify(data),
  );
  installErrorHandlers(app);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (!readiness.ready && req.url !== '/healthz')
      throw new AppError('unavailable', 'Expedite is starting; try again shortly');
  });

  await app.register(cookie);
  await app.register(auth);
  await registerOpenApi(app);

  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    if (!readiness.ready) return reply.code(503).send({ status: 'starting' });
    try {
      await deps.pool.query('SELECT 1');
    } catch {
      return reply.code(503).send({ status: 'database unavailable' });
    }
    return { status: 'ok' };
  });

  await app.register(metrics);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(policyRoutes);
  await app.register(incidentRoutes);
  await app.register(workRoutes);
  await app.register(realtimeRoutes);
  await app.register(signalRoutes);
  await app.register(reportRoutes);
  await app.register(paging, { channels: opts.channels, twilioAuthToken: opts.twilioAuthToken });
  // The web app when built; without it, the plain setup page keeps first-run possible.
  const webDir = deps.config.webDir;
  if (hasWebBuild(webDir)) await app.register(webRoutes, { root: webDir });
  else await app.register(setupPage);
  openApiRoute(app);
  return app;
}
