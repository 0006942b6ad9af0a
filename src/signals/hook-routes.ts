/**
 * Where signals come in. `POST /api/v1/hooks/{key}` (and PUT, which Grafana offers) takes the
 * integration's own webhook format; `/api/v1/integrations/{id}/webhook` takes the same, with the
 * key in a header instead (so its URL is no secret and can be shown at all times). The PagerDuty
 * Events API paths are in pagerduty-routes.ts. Bodies are read raw (signatures are computed over
 * the exact bytes), parsed here, and answered 202 only once committed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../http/types.ts';
import { AppError } from '../errors.ts';
import { errors } from '../http/schemas.ts';
import { checkIngestPath, type IngestPath } from './ingest-paths.ts';
import { DeliveryError, type DeliveryRequest } from './integrations/types.ts';
import { overRate, readBodiesRaw, type HookContext } from './hook-context.ts';
import { recordRefusedDelivery } from './deliveries.ts';
import { checkJsonDepth, MAX_JSON_DEPTH, parseJsonBody } from './request-body.ts';
import type { IntegrationRecord } from './store.ts';

const accepted = z
  .object({
    status: z.literal('accepted'),
    deliveryId: z.uuid(),
    signals: z.int().describe('Signals in this delivery'),
    duplicate: z.boolean().describe('True when this delivery id was received before (nothing new stored)'),
  })
  .meta({ id: 'DeliveryAccepted' });

/** The request as adapters see it; throws DeliveryError when the body is not JSON or too deep. */
export function deliveryRequest(req: FastifyRequest, nowMs: number): DeliveryRequest {
  const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const body = parseJsonBody(rawBody);
  checkJsonDepth(body);
  return { headers: req.headers, rawBody, body, nowMs };
}

export type { HookContext };

/** The integration key a request carries in `Authorization: Bearer …` or `X-Expedite-Key`. */
export function keyFromHeaders(req: FastifyRequest): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const header = req.headers['x-expedite-key'];
  const own = (Array.isArray(header) ? header[0] : header)?.trim();
  return bearer ?? (own || undefined);
}

/** Registers the hook routes (in their own context: every body is read raw). */
export async function hookRoutes(app: FastifyInstance, ctx: HookContext) {
  const deps: Deps = app.deps;
  readBodiesRaw(app);
  const bodyLimit = deps.config.signalBodyLimit;

  /** The integration whose key is in the path. */
  async function byPathKey(req: FastifyRequest): Promise<IntegrationRecord | undefined> {
    return ctx.integrations.get((req.params as { key: string }).key);
  }

  /**
   * The integration named in the path, when the request's header carries its key. A wrong or
   * missing key is refused before anything is recorded or counted against the rate: the URL is no
   * secret, and a stranger must neither fill the refused deliveries nor spend the sender's rate
   * (ADR 0032).
   */
  async function byHeaderKey(req: FastifyRequest): Promise<IntegrationRecord | undefined> {
    const key = keyFromHeaders(req);
    if (!key)
      throw new AppError(
        'unauthorized',
        'The integration key is missing: send it as `Authorization: Bearer <key>` or `X-Expedite-Key: <key>`',
      );
    const integration = await ctx.integrations.get(key);
    if (integration?.id !== (req.params as { id: string }).id)
      throw new AppError('unauthorized', 'This key is not the key of this integration');
    return integration;
  }

  /** Receives one webhook for the integration `find` authenticates, through `path`. */
  async function receive(
    req: FastifyRequest,
    reply: FastifyReply,
    path: IngestPath,
    find: (req: FastifyRequest) => Promise<IntegrationRecord | undefined>,
  ) {
    const integration = await find(req);
    if (!integration || integration.disabled)
      throw new AppError('not_found', 'No enabled integration has this key');
    const nowMs = deps.clock.now().getTime();
    if (overRate(ctx, integration, reply, nowMs))
      throw new AppError('rate_limited', 'Too many deliveries; retry later');
    try {
      checkIngestPath(integration, path);
      const result = await ctx.ingester.accept(integration, deliveryRequest(req, nowMs));
      return reply.code(202).send({
        status: 'accepted',
        deliveryId: result.deliveryId,
        signals: result.signals,
        duplicate: result.duplicate,
      });
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      await recordRefusedDelivery(deps.pool, integration.id, nowMs, err, req.body);
      const message = err.field ? `${err.field}: ${err.message}` : err.message;
      const details = err.field ? [{ field: err.field, message: err.message }] : undefined;
      throw new AppError(err.kind === 'unauthorized' ? 'unauthorized' : 'invalid_request', message, details);
    }
  }

  const hookSchema = {
    tags: ['signals'],
    params: z.object({ key: z.string().min(1).max(200) }),
    response: { 202: accepted, ...errors(400, 401, 404, 413, 429) },
  };

  app.post(
    '/api/v1/hooks/:key',
    {
      bodyLimit,
      config: { permission: 'public' },
      schema: {
        ...hookSchema,
        summary: 'Receive a webhook',
        description:
          'The integration key in the path authenticates the sender; the body is the integration type’s format ' +
          '(Alertmanager, Grafana, Sentry, Bugsnag, PagerDuty event, or generic JSON with a mapping). 202 means ' +
          'every signal is stored. A redelivery with the same delivery id is acknowledged and not counted twice. ' +
          'With a signing secret, a delivery without a valid signature gets 401. Malformed payloads (not JSON, ' +
          `nested deeper than ${MAX_JSON_DEPTH} levels, missing fields) get 400 with the reason and are kept as ` +
          'refused deliveries; 429 carries Retry-After.',
      },
    },
    (req, reply) => receive(req, reply, 'hook', byPathKey),
  );

  app.put(
    '/api/v1/hooks/:key',
    {
      bodyLimit,
      config: { permission: 'public' },
      schema: {
        ...hookSchema,
        summary: 'Receive a webhook sent with PUT (Grafana)',
        description:
          'As POST, for Grafana’s webhook contact point set to the PUT method; other integration types get 400.',
      },
    },
    (req, reply) => receive(req, reply, 'hook-put', byPathKey),
  );

  const headerSchema = {
    ...hookSchema,
    params: z.object({ id: z.uuid() }),
    // Loose: validation replaces the request's headers, and adapters read their signature headers.
    headers: z.looseObject({
      authorization: z.string().optional().describe('`Bearer <integration key>`'),
      'x-expedite-key': z
        .string()
        .optional()
        .describe('The integration key, for senders without Authorization'),
    }),
  };

  app.post(
    '/api/v1/integrations/:id/webhook',
    {
      bodyLimit,
      config: { permission: 'public' },
      schema: {
        ...headerSchema,
        summary: 'Receive a webhook (key in a header)',
        description:
          'As `POST /api/v1/hooks/{key}`, with the integration key in `Authorization: Bearer <key>` or ' +
          '`X-Expedite-Key: <key>` instead of the path, so the URL itself is no secret. A missing key, or a key ' +
          'that is not this integration’s, gets 401 and is not recorded. Senders that cannot set headers ' +
          '(Sentry, Bugsnag) use `/api/v1/hooks/{key}`.',
      },
    },
    (req, reply) => receive(req, reply, 'hook', byHeaderKey),
  );

  app.put(
    '/api/v1/integrations/:id/webhook',
    {
      bodyLimit,
      config: { permission: 'public' },
      schema: {
        ...headerSchema,
        summary: 'Receive a webhook sent with PUT, key in a header (Grafana)',
        description:
          'As POST, for Grafana’s webhook contact point set to the PUT method; other types get 400.',
      },
    },
    (req, reply) => receive(req, reply, 'hook-put', byHeaderKey),
  );
}
