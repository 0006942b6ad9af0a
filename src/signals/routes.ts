/**
 * Integrations over HTTP (admins): create one and get its key and URLs once, change its routing
 * rules, rotate its key, see its deliveries (refused ones with the reason) and alerts. Every change
 * is audited. Also registers the hook routes that receive the signals.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import client from 'prom-client';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { newSecret } from '../auth/secrets.ts';
import { invalidField } from '../errors.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { listAlerts } from './alerts.ts';
import { listChanges } from './changes.ts';
import { listDeliveries } from './deliveries.ts';
import { hookRoutes } from './hook-routes.ts';
import { Ingester } from './ingest.ts';
import { changeIntegration, createIntegration, rotateIntegrationKey } from './integration-changes.ts';
import { verifiesSignatures } from './ingest-paths.ts';
import { validateMapping } from './integrations/generic.ts';
import type { IntegrationType } from './integrations/types.ts';
import { pagerDutyRoutes } from './pagerduty-routes.ts';
import { RateLimiter } from './rate-limit.ts';
import {
  alertSchema,
  createIntegrationBody,
  deliverySchema,
  integrationKeySchema,
  integrationSchema,
  serviceChangeSchema,
  updateIntegrationBody,
} from './schema.ts';
import { serviceRoutes } from './service-routes.ts';
import { getIntegration, integrationView, IntegrationCache, listIntegrations } from './store.ts';
const idParams = z.object({ id: z.uuid() });

/** Refuses a signing secret for a type that cannot check one (it would protect nothing). */
function checkSigningSecret(type: IntegrationType, secret: string | null | undefined): void {
  if (secret && !verifiesSignatures(type))
    throw invalidField('body.signingSecret', `a ${type} integration cannot check signatures`);
}

/** Checks a generic mapping's paths, naming the field on error. */
function checkMapping(mapping: unknown): void {
  const problem = validateMapping(mapping)[0];
  if (problem) throw invalidField(`body.${problem.field}`, problem.message);
}

export async function signalRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool, clock, config } = deps;
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
  const hooks = { ingester, integrations, limiter: new RateLimiter() };
  await app.register(hookRoutes, hooks);
  await app.register(pagerDutyRoutes, hooks);
  await app.register(serviceRoutes, { onChange: () => integrations.clear() });

  const keyAnswer = (integration: Awaited<ReturnType<typeof getIntegration>>, key: string) => ({
    integration: integrationView(integration, config.publicUrl),
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
    async () => ({ items: (await listIntegrations(pool)).map((i) => integrationView(i, config.publicUrl)) }),
  );

  r.post(
    '/api/v1/integrations',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'Create an integration',
        description:
          'Returns the integration key (shown this once; stored as a hash), the webhook URL with the key in it ' +
          '(for senders that cannot set headers), and the PagerDuty-compatible URL (use the key as routing_key). ' +
          'The integration’s `webhookUrl` takes the key in a header and can be shown at all times.',
        body: createIntegrationBody,
        response: { 201: integrationKeySchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const actor = currentUser(req);
      const b = req.body;
      if (b.mapping) checkMapping(b.mapping);
      checkSigningSecret(b.type, b.signingSecret);
      const key = newSecret('exi');
      const id = await createIntegration(deps, actor, b, key);
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
    async (req) => integrationView(await getIntegration(pool, req.params.id), config.publicUrl),
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
      if (b.signingSecret)
        checkSigningSecret((await getIntegration(pool, req.params.id)).type, b.signingSecret);
      await changeIntegration(deps, actor, req.params.id, b);
      integrations.clear();
      return integrationView(await getIntegration(pool, req.params.id), config.publicUrl);
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
      await rotateIntegrationKey(deps, actor, req.params.id, key);
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
    '/api/v1/integrations/:id/changes',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'Change events of an integration',
        description:
          'Deploys and configuration changes received through `/v2/change/enqueue`, newest first; each is also ' +
          'a `change` entry on the timelines of the service’s incidents open when it arrived.',
        params: idParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(serviceChangeSchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const integration = await getIntegration(pool, req.params.id);
      return { items: await listChanges(pool, integration.id, req.query.limit) };
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
