/**
 * Builds the Fastify app from its dependencies; tests call this with a test database, the server
 * calls it at start. Order: error handling, cookies, auth, OpenAPI, then the domain routes.
 */
import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { auth } from './auth/plugin.ts';
import { createChannels, closeChannels, type Channels } from './notify/index.ts';
import { Worker } from './engine/worker.ts';
import { AppError } from './errors.ts';
import { frameworkErrors, installErrorHandlers } from './http/errors.ts';
import { installBodyParsing } from './http/json-body.ts';
import type { DomainContext } from './http/module.ts';
import { openApiRoute, registerOpenApi } from './http/openapi.ts';
import type { Deps } from './http/types.ts';
import { securityHeaders } from './http/page-headers.ts';
import { setupPage } from './http/setup-page.ts';
import { hasWebBuild, webRoutes } from './http/web.ts';
import { domains, jobHandlers } from './modules.ts';
import { metrics } from './observability/metrics.ts';
import { createOutbound } from './outbound/index.ts';
import { allowedEntries } from './outbound/store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The job engine of this instance; tests run due jobs with `app.worker.runDue()`. */
    worker: Worker;
    /** Runs each domain's start work, then starts the worker (the server calls it once ready). */
    startWork(opts?: { sole?: boolean }): Promise<void>;
  }
}

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
  /** Outgoing channels (tests point them at local stand-ins); default from the configuration. */
  channels?: Channels;
  /** Twilio's auth token for what Twilio posts back; default from the environment. */
  twilioAuthToken?: string | null;
  /** PEM certificate and key: the server speaks HTTPS (src/server.ts reads them). */
  https?: { cert: Buffer; key: Buffer };
}

/**
 * Creates the app; `await app.ready()` (or listen) before use. The one composition root: every
 * domain's routes and job handlers come from `src/modules.ts`, and the worker is built here.
 */
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
    frameworkErrors,
    trustProxy: deps.config.trustProxy,
    ...(opts.https ? { https: opts.https } : {}),
  });
  const readiness = opts.readiness ?? { ready: true };
  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(
    opts.validateResponses ? serializerCompiler : () => (data) => JSON.stringify(data),
  );
  installErrorHandlers(app);
  installBodyParsing(app);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (!readiness.ready && req.url !== '/healthz')
      throw new AppError('unavailable', 'Expedite is starting; try again shortly');
  });

  await app.register(securityHeaders);
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
  // Outbound requests (channels, integrations) pass the URL policy with both allow-lists.
  const outbound = createOutbound({
    allow: deps.config.outboundAllow,
    stored: () => allowedEntries(deps.pool),
  });
  const channels = opts.channels ?? createChannels(deps.config.channels, outbound);
  const ctx: DomainContext = {
    ...deps,
    channels,
    twilioAuthToken: opts.twilioAuthToken ?? deps.config.channels.twilio?.authToken ?? null,
    publicUrl: deps.config.publicUrl,
    outbound,
  };
  const worker = new Worker(deps.pool, deps.clock, {
    handlers: jobHandlers(ctx),
    onError: (err) => app.log.error({ err }, 'job worker error'),
  });
  app.decorate('worker', worker);
  app.decorate('startWork', async (startOpts: { sole?: boolean } = {}) => {
    for (const domain of domains) await domain.start?.(ctx);
    await worker.start(startOpts);
  });
  app.addHook('preClose', async () => worker.stop());
  app.addHook('onClose', async () => {
    if (!opts.channels) await closeChannels(channels);
  });
  for (const domain of domains) for (const routes of domain.routes ?? []) await app.register(routes, ctx);
  // The web app when built; without it, the plain setup page keeps first-run possible.
  const webDir = deps.config.webDir;
  if (hasWebBuild(webDir)) await app.register(webRoutes, { root: webDir });
  else await app.register(setupPage);
  openApiRoute(app);
  return app;
}
