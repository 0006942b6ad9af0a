/**
 * Prometheus metrics at /metrics: HTTP latency by route, the DB pool, incidents by status, and
 * what domains add to `app.metricsRegistry`.
 * One registry per app instance so tests can build many apps in one process.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import client from 'prom-client';
import { statuses } from '../incidents/schema.ts';

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
      config: { permission: 'public' },
      schema: { tags: ['ops'], summary: 'Prometheus metrics', hide: true },
    },
    async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
}

/** Registers the metrics hooks (for every route) and the /metrics route. */
export const metrics = fp(metricsPlugin, { name: 'expedite-metrics' });
