/**
 * The PagerDuty Events API v2, so that anything that can page PagerDuty can page Expedite
 * unchanged: `POST /v2/enqueue` (alert events: trigger, acknowledge, resolve) and
 * `POST /v2/change/enqueue` (change events: deploys, configuration changes), with `routing_key` =
 * an integration key. Every answer has PagerDuty's shape (`{status, message, dedup_key}` on 202,
 * `{status, message, errors}` otherwise) and PagerDuty's 512 KB limit.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import { DATABASE_RETRY_AFTER_S, pgErrorClass } from '../http/errors.ts';
import type { Deps } from '../http/types.ts';
import { recordChange } from './changes.ts';
import { recordRefusedDelivery } from './deliveries.ts';
import { overRate, readBodiesRaw, type HookContext } from './hook-context.ts';
import { checkIngestPath, type IngestPath } from './ingest-paths.ts';
import { parsePagerDutyChange, parsePagerDutyEvent } from './integrations/pagerduty.ts';
import { DeliveryError } from './integrations/types.ts';
import { checkJsonDepth, cleanStrings, mayNeedCleaning, parseJsonBody } from './request-body.ts';
import type { IntegrationRecord } from './store.ts';

/** PagerDuty's documented size limit for Events API payloads. */
export const PAGERDUTY_BODY_LIMIT = 512 * 1024;

const answer = z
  .object({
    status: z.string().describe('success | invalid event | throttle event | request too large | error'),
    message: z.string(),
    dedup_key: z.string().optional(),
    errors: z.array(z.string()).optional(),
  })
  .meta({
    id: 'PagerDutyResponse',
    example: { status: 'success', message: 'Event processed', dedup_key: 'srv01/HTTP' },
  });

type Answer = z.infer<typeof answer>;

const invalid = (error: string): Answer => ({
  status: 'invalid event',
  message: 'Event object is invalid',
  errors: [error],
});

/** Answers errors raised before or outside the handler (body too large, …) in PagerDuty's shape. */
function pagerDutyErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const code = err instanceof AppError ? err.status : (err.statusCode ?? 500);
  if (code === 413)
    return reply.code(413).send({
      status: 'request too large',
      message: 'Request too large',
      errors: [`The body is larger than ${PAGERDUTY_BODY_LIMIT / 1024} KB`],
    });
  if (code >= 400 && code < 500) return reply.code(code).send(invalid(err.message));
  // A value PostgreSQL refuses as data (class 22) is the sender's; the database out of reach is a
  // 503 a PagerDuty client retries.
  if (pgErrorClass(err) === '22')
    return reply.code(400).send(invalid('body: a value is malformed or not allowed here'));
  if (isDatabaseUnavailable(err)) {
    req.log.warn({ err }, 'PagerDuty-compatible request: the database is out of reach');
    return reply
      .code(503)
      .header('retry-after', String(DATABASE_RETRY_AFTER_S))
      .send({ status: 'error', message: 'Service unavailable; retry later' });
  }
  req.log.error({ err }, 'PagerDuty-compatible request failed');
  return reply.code(500).send({ status: 'error', message: 'Internal error; retry later' });
}

/** Registers the Events API routes (in their own context: every body is read raw). */
export async function pagerDutyRoutes(app: FastifyInstance, ctx: HookContext) {
  const deps: Deps = app.deps;
  readBodiesRaw(app);
  app.setErrorHandler(pagerDutyErrors);
  const bodyLimit = Math.min(deps.config.signalBodyLimit, PAGERDUTY_BODY_LIMIT);
  const responses = { 202: answer, 400: answer, 413: answer, 429: answer };

  /**
   * The integration a request is for, checked for `path`, and the parsed body; null once it has
   * answered (not JSON, unknown key, over its rate, or refused: refusals are kept).
   */
  async function receive(
    req: FastifyRequest,
    reply: FastifyReply,
    path: IngestPath,
    nowMs: number,
  ): Promise<{ integration: IntegrationRecord; body: unknown; rawBody: Buffer } | null> {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let body: unknown;
    try {
      body = parseJsonBody(rawBody);
    } catch (err) {
      await reply.code(400).send(invalid((err as Error).message));
      return null;
    }
    const routingKey = (body as { routing_key?: unknown } | null)?.routing_key;
    if (typeof routingKey !== 'string' || routingKey === '') {
      await reply.code(400).send(invalid("'routing_key' is missing or blank"));
      return null;
    }
    const integration = await ctx.integrations.get(routingKey);
    if (!integration || integration.disabled) {
      await reply.code(400).send(invalid("'routing_key' is not an enabled integration key"));
      return null;
    }
    if (overRate(ctx, integration, reply, nowMs)) {
      await reply.code(429).send({
        status: 'throttle event',
        message: 'Requests for this service are arriving too quickly. Please retry later.',
      });
      return null;
    }
    try {
      checkIngestPath(integration, path);
      checkJsonDepth(body);
    } catch (err) {
      await refuse(integration, err, req, reply, nowMs);
      return null;
    }
    return { integration, body, rawBody };
  }

  /** Keeps a refused delivery and answers 400; rethrows anything but a DeliveryError. */
  async function refuse(
    integration: IntegrationRecord,
    err: unknown,
    req: FastifyRequest,
    reply: FastifyReply,
    nowMs: number,
  ) {
    if (!(err instanceof DeliveryError)) throw err;
    await recordRefusedDelivery(deps.pool, integration.id, nowMs, err, req.body);
    return reply.code(400).send(invalid(err.field ? `${err.field}: ${err.message}` : err.message));
  }

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
          '`routing_key` = the key of a PagerDuty, Alertmanager or Grafana integration without a signing secret. ' +
          'A trigger without `payload.severity` is taken as `error`. Answers as PagerDuty does: 202 ' +
          '`{status: "success", message, dedup_key}`, 400 `{status: "invalid event", message, errors}`, 413 over ' +
          '512 KB, 429 when over the integration’s rate.',
        response: responses,
      },
    },
    async (req, reply) => {
      const nowMs = deps.clock.now().getTime();
      const got = await receive(req, reply, 'events', nowMs);
      if (!got) return reply;
      const { integration, body, rawBody } = got;
      try {
        const parsed = { externalId: null, signals: [parsePagerDutyEvent(body)] };
        const request = { headers: req.headers, rawBody, body, nowMs };
        const result = await ctx.ingester.accept(integration, request, parsed);
        return reply
          .code(202)
          .send({ status: 'success', message: 'Event processed', dedup_key: result.dedupKeys[0] });
      } catch (err) {
        return refuse(integration, err, req, reply, nowMs);
      }
    },
  );

  app.post(
    '/v2/change/enqueue',
    {
      bodyLimit,
      config: { permission: 'public' },
      schema: {
        tags: ['signals'],
        summary: 'PagerDuty Change Events API–compatible endpoint',
        description:
          'Send a PagerDuty change event (a deploy, a configuration change: `payload.summary`, optional ' +
          '`payload.source`, `payload.timestamp`, `payload.custom_details`, `links`) with `routing_key` = the ' +
          'key of a PagerDuty integration without a signing secret. The change is kept for its service and ' +
          'noted on the timeline of the service’s open incidents; it opens nothing. Answers as PagerDuty does: ' +
          '202 `{status: "success", message: "Change event processed"}`, 400 `{status: "invalid event", message, ' +
          'errors}`, 413 over 512 KB, 429 when over the integration’s rate.',
        response: responses,
      },
    },
    async (req, reply) => {
      const nowMs = deps.clock.now().getTime();
      const got = await receive(req, reply, 'changes', nowMs);
      if (!got) return reply;
      const { integration, body, rawBody } = got;
      try {
        const parsed = parsePagerDutyChange(body);
        const change = mayNeedCleaning(rawBody) ? cleanStrings(parsed) : parsed;
        await recordChange(deps.pool, integration, change, new Date(nowMs));
        return reply.code(202).send({ status: 'success', message: 'Change event processed' });
      } catch (err) {
        return refuse(integration, err, req, reply, nowMs);
      }
    },
  );
}
