/**
 * Prometheus metrics at /metrics: HTTP latency by route, the DB pool, incidents by status, and
 * what domains add to `app.metricsRegistry`.
 * One registry per app instance so tests can build many apps in one process.
 *
 * They tell how busy the service is and how many incidents are open, so they are not public:
 * a scraper sends `Authorization: Bearer <EXPEDITE_METRICS_TOKEN>` (or an admin's token), unless
 * EXPEDITE_METRICS_PUBLIC=true opens them to whoever reaches the port.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import client from 'prom-client';
import { secretOf } from '../auth/plugin.ts';
import { userForSecret } from '../auth/store.ts';
import { AppError } from '../errors.ts';
import { statuses } from '../incidents/schema.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Throws 401/403 unless the request may read the metrics. */
async function checkScraper(app: FastifyInstance, req: FastifyRequest): Promise<void> {
  const { config, pool, clock } = app.deps;
  if (config.metricsPublic) return;
  const secret = secretOf(req);
  if (!secret) {
    throw new AppError(
      'unauthorized',
      'Metrics need Authorization: Bearer <EXPEDITE_METRICS_TOKEN> or an admin token (or EXPEDITE_METRICS_PUBLIC=true)',
    );
  }
  // Digests of equal length, compared in constant time: the token's length leaks nothing either.
  if (config.metricsToken && timingSafeEqual(digest(secret), digest(config.metricsToken))) return;
  const found = await userForSecret(pool, secret, clock.now());
  if (!found) throw new AppError('unauthorized', 'The metrics token or sign-in is not valid');
  if (found.user.role !== 'admin')
    throw new AppError('forbidden', 'Only admins and the metrics token read metrics');
}

async function metricsPlugin(app: FastifyInstance) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'expedite_' });
  const { pool } = app.deps;
  // Domains add their own metrics to it (e.g. signals accepted).
  app.decorate('metricsRegistry', registry);

  const latency = new client.Histogram({
    name: 'expedite_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new client.Gauge({
    name: 'expedite_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new client.Gauge({
    name: 'expedite_incidents',
    help: 'Incidents by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const { rows } = await pool.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM incidents GROUP BY status',
      );
      const counts = new Map(rows.map((r) => [r.status, r.n]));
      for (const s of statuses) this.set({ status: s }, counts.get(s) ?? 0);
    },
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    latency.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get(
    '/metrics',
    {
      // Checked here, not by the auth plugin: the metrics token is not a user's token.
      config: { permission: 'public' },
      schema: { tags: ['ops'], summary: 'Prometheus metrics', hide: true },
    },
    async (req, reply) => {
      await checkScraper(app, req);
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}

/** Registers the metrics hooks (for every route) and the /metrics route. */
export const metrics = fp(metricsPlugin, { name: 'expedite-metrics' });
