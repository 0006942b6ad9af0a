/**
 * Integrations over HTTP (admins): create one and get its key and URLs once, change its routing
 * rules, rotate its key, see its deliveries (refused ones with the reason) and alerts. Every change
 * is audited. Also registers the hook routes that receive the signals.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import client from 'prom-client';
import { z } from 'zod';
import { recordAudit } from '../audit/store.ts';
import { currentUser } from '../auth/plugin.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { withTransaction } from '../db/pool.ts';
import { invalidField } from '../errors.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { listAlerts } from './alerts.ts';
import { listDeliveries } from './deliveries.ts';
import { hookRoutes } from './hook-routes.ts';
import { Ingester } from './ingest.ts';
import { validateMapping } from './integrations/generic.ts';
import { RateLimiter } from './rate-limit.ts';
import {
  alertSchema,
  createIntegrationBody,
  deliverySchema,
  integrationKeySchema,
  integrationSchema,
  updateIntegrationBody,
} from './schema.ts';
import { serviceRoutes } from './service-routes.ts';
import {
  ensureService,
  getIntegration,
  insertIntegration,
  integrationView,
  IntegrationCache,
  keyHint,
  listIntegrations,
  updateIntegration,
} from './store.ts';

const DEFAULT_RATE_PER_MINUTE = 6000;
const idParams = z.object({ id: z.uuid() });

/** Checks a generic mapping's paths, naming the field on error. */
function checkMapping(mapping: unknown): void {
  const problem = validateMapping(mapping)[0];
  if (problem) throw invalidField(`body.${problem.field}`, problem.message);
}

export async function signalRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock, config } = app.deps;
  const ingester = new Ingester(pool, clock, {
    onError: (err) => app.log.warn({ err }, 'ANALYZE of the alert tables failed'),
  });
  const integrations = new IntegrationCache(pool, () => performance.now());
  app.addHook('onClose', async () => ingester.close());
  new client.Gauge({
    name: 'expedite_signals_total',
    help: 'Signals stored, batches written, incidents opened and pages requested by this instance since start',
    labelNames: ['what'],
    registers: [app.metricsRegistry],
    collect() {
      for (const [what, n] of Object.entries(ingester.totals)) this.set({ what }, n);
    },
  });
  await app.register(hookRoutes, { ingester, integrations, limiter: new RateLimiter() });
  await app.register(serviceRoutes, { onChange: () => integrations.clear() });

  const keyAnswer = (integration: Awaited<ReturnType<typeof getIntegration>>, key: string) => ({
    integration: integrationView(integration),
    key,
    url: `${config.publicUrl}/api/v1/hooks/${key}`,
    pagerDutyUrl: `${config.publicUrl}/v2/enqueue`,
  });

  r.get(
    '/api/v1/integrations',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'List integrations',
        response: { 200: z.object({ items: z.array(integrationSchema) }), ...authErrors },
      },
    },
    async () => ({ items: (await listIntegrations(pool)).map(integrationView) }),
  );

  r.post(
    '/api/v1/integrations',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'Create an integration',
        description:
          'Returns the integration key (shown this once; stored as a hash), the webhook URL, and the ' +
          'PagerDuty-compatible URL (use the key as routing_key).',
        body: createIntegrationBody,
        response: { 201: integrationKeySchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const actor = currentUser(req);
      const b = req.body;
      if (b.mapping) checkMapping(b.mapping);
      const key = newSecret('exi');
      const now = clock.now();
      const id = await withTransaction(pool, async (tx) => {
        const serviceId = b.service ? await ensureService(tx, b.service, now) : null;
        const newId = await insertIntegration(tx, {
          name: b.name,
          type: b.type,
          serviceId,
          key,
          signingSecret: b.signingSecret ?? null,
          mapping: b.mapping ?? null,
          rules: b.rules ?? [],
          rateLimitPerMinute: b.rateLimitPerMinute ?? DEFAULT_RATE_PER_MINUTE,
          by: actor.id,
          at: now,
        });
        await recordAudit(tx, {
          at: now,
          actorId: actor.id,
          action: 'integration.create',
          target: `integration:${newId}`,
          data: { name: b.name, type: b.type, service: b.service ?? null },
        });
        return newId;
      });
      return reply.code(201).send(keyAnswer(await getIntegration(pool, id), key));
    },
  );

  r.get(
    '/api/v1/integrations/:id',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'One integration',
        params: idParams,
        response: { 200: integrationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => integrationView(await getIntegration(pool, req.params.id)),
  );

  r.patch(
    '/api/v1/integrations/:id',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'Change an integration',
        description:
          'Name, service, signing secret, mapping, routing rules (the whole ordered list), rate, disabled.',
        params: idParams,
        body: updateIntegrationBody,
        response: { 200: integrationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      const b = req.body;
      if (b.mapping) checkMapping(b.mapping);
      const now = clock.now();
      await withTransaction(pool, async (tx) => {
        const before = await getIntegration(tx, req.params.id);
        await updateIntegration(tx, before.id, now, {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.service !== undefined
            ? { service_id: b.service === null ? null : await ensureService(tx, b.service, now) }
            : {}),
          ...(b.signingSecret !== undefined ? { signing_secret: b.signingSecret } : {}),
          ...(b.mapping !== undefined
            ? { mapping: b.mapping === null ? null : JSON.stringify(b.mapping) }
            : {}),
          ...(b.rules !== undefined ? { rules: JSON.stringify(b.rules) } : {}),
          ...(b.rateLimitPerMinute !== undefined ? { rate_limit_per_minute: b.rateLimitPerMinute } : {}),
          ...(b.disabled !== undefined ? { disabled_at: b.disabled ? now : null } : {}),
        });
        const { signingSecret, ...visible } = b;
        await recordAudit(tx, {
          at: now,
          actorId: actor.id,
          action: 'integration.update',
          target: `integration:${before.id}`,
          data: {
            ...visible,
            ...(signingSecret !== undefined ? { signingSecret: signingSecret ? 'changed' : 'removed' } : {}),
            before: { ...integrationView(before), rules: before.rules },
          },
        });
      });
      integrations.clear();
      return integrationView(await getIntegration(pool, req.params.id));
    },
  );

  r.post(
    '/api/v1/integrations/:id/rotate-key',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'Rotate the integration key',
        description: 'The old key stops working at once; the new one is shown this once.',
        params: idParams,
        response: { 200: integrationKeySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      const key = newSecret('exi');
      const now = clock.now();
      await withTransaction(pool, async (tx) => {
        const before = await getIntegration(tx, req.params.id);
        await updateIntegration(tx, before.id, now, {
          key_hash: hashSecret(key),
          key_hint: keyHint(key),
          key_rotated_at: now,
        });
        await recordAudit(tx, {
          at: now,
          actorId: actor.id,
          action: 'integration.rotate-key',
          target: `integration:${before.id}`,
          data: { before: before.keyHint, after: keyHint(key) },
        });
      });
      integrations.clear();
      return keyAnswer(await getIntegration(pool, req.params.id), key);
    },
  );

  r.get(
    '/api/v1/integrations/:id/deliveries',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'Recent deliveries',
        description:
          'Newest first; `refused=true` lists only malformed or unauthenticated ones, with reason and body.',
        params: idParams,
        querystring: z.object({
          refused: z.enum(['true', 'false']).default('false'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(deliverySchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const integration = await getIntegration(pool, req.params.id);
      return {
        items: await listDeliveries(pool, integration.id, {
          refused: req.query.refused === 'true',
          limit: req.query.limit,
        }),
      };
    },
  );

  r.get(
    '/api/v1/integrations/:id/alerts',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'Alerts of an integration',
        description: 'Most recently seen first; `status=open` keeps firing and acknowledged ones.',
        params: idParams,
        querystring: z.object({
          status: z.enum(['open', 'all']).default('all'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(alertSchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const integration = await getIntegration(pool, req.params.id);
      return {
        items: await listAlerts(pool, {
          integrationId: integration.id,
          open: req.query.status === 'open',
          limit: req.query.limit,
        }),
      };
    },
  );
}
