/**
 * Where signals come in. `POST /api/v1/hooks/{key}` takes the integration's own webhook format;
 * `POST /v2/enqueue` speaks the PagerDuty Events API v2 (routing_key = the integration key, same
 * responses), so anything that can page PagerDuty can page Expedite unchanged. Bodies are read
 * raw (signatures are computed over the exact bytes), parsed here, and answered 202 only once
 * committed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../http/types.ts';
import { AppError } from '../errors.ts';
import { pgErrorClass } from '../http/errors.ts';
import { errors } from '../http/schemas.ts';
import type { Ingester } from './ingest.ts';
import { adapters } from './integrations/index.ts';
import { DeliveryError, type DeliveryRequest } from './integrations/types.ts';
import type { RateLimiter } from './rate-limit.ts';
import { recordRefusedDelivery } from './deliveries.ts';
import type { IntegrationCache, IntegrationRecord } from './store.ts';

/** What the hook routes share with the rest of the signals domain. */
export interface HookContext {
  ingester: Ingester;
  integrations: IntegrationCache;
  limiter: RateLimiter;
}

const accepted = z
  .object({
    status: z.literal('accepted'),
    deliveryId: z.uuid(),
    signals: z.int().describe('Signals in this delivery'),
    duplicate: z.boolean().describe('True when this delivery id was received before (nothing new stored)'),
  })
  .meta({ id: 'DeliveryAccepted' });

const pagerDutyAnswer = z
  .object({
    status: z.string().describe('success | invalid event | throttle event'),
    message: z.string(),
    dedup_key: z.string().optional(),
    errors: z.array(z.string()).optional(),
  })
  .meta({
    id: 'PagerDutyResponse',
    example: { status: 'success', message: 'Event processed', dedup_key: 'srv01/HTTP' },
  });

/** The request as adapters see it; throws DeliveryError when the body is not JSON. */
function deliveryRequest(req: FastifyRequest, nowMs: number): DeliveryRequest {
  const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch (err) {
    throw new DeliveryError('malformed', `not valid JSON: ${(err as Error).message}`, 'body');
  }
  return { headers: req.headers, rawBody, body, nowMs };
}

/** Registers the hook routes (in their own context: every body is read raw). */
export async function hookRoutes(app: FastifyInstance, ctx: HookContext) {
  const deps: Deps = app.deps;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const bodyLimit = deps.config.signalBodyLimit;

  /** Seconds to wait when the integration is over its rate (and sets Retry-After), else 0. */
  function limited(integration: IntegrationRecord, reply: FastifyReply, nowMs: number): number {
    const wait = ctx.limiter.take(integration.id, integration.rateLimitPerMinute, nowMs);
    if (wait > 0) reply.header('retry-after', String(wait));
    return wait;
  }

  app.post(
    '/api/v1/hooks/:key',
    {
      bodyLimit,
      config: { permission: 'public' },
      schema: {
        tags: ['signals'],
        summary: 'Receive a webhook',
        description:
          'The integration key in the path authenticates the sender; the body is the integration type’s format ' +
          '(Alertmanager, Grafana, Sentry, Bugsnag, PagerDuty event, or generic JSON with a mapping). 202 means ' +
          'every signal is stored. A redelivery with the same delivery id is acknowledged and not counted twice. ' +
          'Malformed payloads get 400 with the reason and are kept as refused deliveries; 429 carries Retry-After.',
        params: z.object({ key: z.string().min(1).max(200) }),
        response: { 202: accepted, ...errors(400, 401, 404, 413, 429) },
      },
    },
    async (req, reply) => {
      const { key } = req.params as { key: string };
      const integration = await ctx.integrations.get(key);
      if (!integration || integration.disabled)
        throw new AppError('not_found', 'No enabled integration has this key');
      const nowMs = deps.clock.now().getTime();
      if (limited(integration, reply, nowMs))
        throw new AppError('rate_limited', 'Too many deliveries; retry later');
      try {
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
        throw new AppError(
          err.kind === 'unauthorized' ? 'unauthorized' : 'invalid_request',
          message,
          details,
        );
      }
    },
  );

  app.post(
    '/v2/enqueue',
    {
      bodyLimit,
      config: { permission: 'public' },
      schema: {
        tags: ['signals'],
        summary: 'PagerDuty Events API v2–compatible endpoint',
        description:
          'Send a PagerDuty Events API v2 event (`trigger`, `acknowledge`, `resolve`, `dedup_key`) with ' +
          '`routing_key` = an integration key. Answers as PagerDuty does: 202 `{status: "success", message, dedup_key}`, ' +
          '400 `{status: "invalid event", message, errors}`, 429 when over the integration’s rate.',
        response: { 202: pagerDutyAnswer, 400: pagerDutyAnswer, 429: pagerDutyAnswer },
      },
    },
    async (req, reply) => {
      const nowMs = deps.clock.now().getTime();
      const invalid = (message: string) =>
        reply
          .code(400)
          .send({ status: 'invalid event', message: 'Event object is invalid', errors: [message] });
      let request: DeliveryRequest;
      try {
        request = deliveryRequest(req, nowMs);
      } catch (err) {
        return invalid((err as Error).message);
      }
      const routingKey = (request.body as { routing_key?: unknown } | null)?.routing_key;
      if (typeof routingKey !== 'string' || routingKey === '')
        return invalid("'routing_key' is missing or blank");
      const integration = await ctx.integrations.get(routingKey);
      if (!integration || integration.disabled)
        return invalid("'routing_key' is not an enabled integration key");
      if (limited(integration, reply, nowMs))
        return reply.code(429).send({
          status: 'throttle event',
          message: 'Requests for this service are arriving too quickly. Please retry later.',
        });
      try {
        const parsed = adapters.pagerduty.parse(request, { signingSecret: null, mapping: null });
        const result = await ctx.ingester.accept(integration, request, parsed);
        return reply
          .code(202)
          .send({ status: 'success', message: 'Event processed', dedup_key: result.dedupKeys[0] });
      } catch (err) {
        // PagerDuty's answer shape even when PostgreSQL refuses a value (a lone surrogate, say).
        if (pgErrorClass(err) === '22') return invalid('body: a value is malformed or not allowed here');
        if (!(err instanceof DeliveryError)) throw err;
        await recordRefusedDelivery(deps.pool, integration.id, nowMs, err, req.body);
        return invalid(err.field ? `${err.field}: ${err.message}` : err.message);
      }
    },
  );
}
