/**
 * Verification over HTTP: an incident's verification and its chart, what is watched and for how
 * long, and the Prometheus the watched queries are read from (an admin setting, audited).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { prometheusBase, savePrometheusBase, testPrometheus } from './prometheus.ts';
import {
  prometheusSchema,
  prometheusTestSchema,
  watchableIntegrationsSchema,
  seriesSchema,
  verificationSchema,
  watchedMetricBody,
  windowBody,
} from './schema.ts';
import { watchableIntegrations } from './rate.ts';
import { seriesOf, verificationOf } from './view.ts';
import { changeWatchedMetric, type MetricChange } from './watch.ts';

export async function verificationRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = ctx;
  const tags = ['verification'];

  r.get(
    '/api/v1/incidents/:ref/verification',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags,
        summary: "An incident's verification on its metric",
        description:
          'What is watched (a query with its threshold, the rate of its alerts, or nothing), the window, ' +
          'and the latest spell of monitoring with its progress.',
        params: refParams,
        response: { 200: verificationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { id } = await getIncident(pool, req.params.ref);
      return verificationOf(pool, id, clock.now());
    },
  );

  r.get(
    '/api/v1/incidents/:ref/verification/series',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags,
        summary: "The chart of an incident's metric",
        description:
          'The watched query over the window before and after the fix (Prometheus query_range), or the ' +
          'signals per minute of its alerts; `deployedAt` marks when monitoring started.',
        params: refParams,
        response: { 200: seriesSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { id } = await getIncident(pool, req.params.ref);
      return seriesOf(pool, ctx.outbound, id, clock.now());
    },
  );

  r.get(
    '/api/v1/verification/integrations',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags,
        summary: 'The integrations whose alert rate may be watched',
        description: 'Every integration by name, for choosing one as the metric that verifies a fix.',
        response: { 200: watchableIntegrationsSchema, ...errors(401, 403) },
      },
    },
    async () => ({ items: await watchableIntegrations(pool) }),
  );

  const change = async (ref: string, actor: ReturnType<typeof currentUser>, c: MetricChange) => {
    const id = await changeWatchedMetric(ctx, ref, actor, c);
    return verificationOf(pool, id, clock.now());
  };

  r.put(
    '/api/v1/incidents/:ref/watched-metric',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Watch a metric to verify the fix',
        description:
          'A PromQL query read from the configured Prometheus every 30 seconds while monitoring, bad when ' +
          "above (or below) the threshold; or (`integrationId` instead of `query`) an integration's alert " +
          'rate, its signals per minute over the last 5 minutes, bad above the threshold. Changing it ' +
          'while monitoring starts the window again.',
        params: refParams,
        body: watchedMetricBody,
        response: { 200: verificationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => change(req.params.ref, currentUser(req), { set: req.body }),
  );

  r.delete(
    '/api/v1/incidents/:ref/watched-metric',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Stop watching the query',
        description: "The incident's alerts verify the fix again, if it has any; else nothing does.",
        params: refParams,
        response: { 200: verificationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => change(req.params.ref, currentUser(req), { remove: true }),
  );

  r.put(
    '/api/v1/incidents/:ref/verification/window',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Set how long the metric must stay good',
        params: refParams,
        body: windowBody,
        response: { 200: verificationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => change(req.params.ref, currentUser(req), { windowMinutes: req.body.windowMinutes }),
  );

  r.get(
    '/api/v1/settings/prometheus',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'The Prometheus watched queries are read from',
        response: { 200: prometheusSchema, ...errors(401, 403) },
      },
    },
    async () => ({ baseUrl: await prometheusBase(pool) }),
  );

  r.put(
    '/api/v1/settings/prometheus',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Set the Prometheus watched queries are read from',
        description:
          'Its base URL; reached through the outbound policy, so an internal address must be allow-listed.',
        body: prometheusSchema,
        response: { 200: prometheusSchema, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const now = clock.now();
      await audited(pool, (tx) => savePrometheusBase(tx, req.body.baseUrl, now), {
        at: now,
        actorId: currentUser(req).id,
        action: 'prometheus.update',
        data: req.body,
      });
      return req.body;
    },
  );

  r.post(
    '/api/v1/settings/prometheus/test',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Try the configured Prometheus',
        description:
          'Asks it for `vector(1)` through the outbound policy; answers ok, or what went wrong in words.',
        response: { 200: prometheusTestSchema, ...errors(401, 403) },
      },
    },
    async () => testPrometheus(pool, ctx.outbound),
  );
}
