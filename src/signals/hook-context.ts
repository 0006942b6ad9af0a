/** What the signal-receiving routes (webhooks, PagerDuty Events API) share. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Ingester } from './ingest.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { IntegrationCache, IntegrationRecord } from './store.ts';

/** What the hook routes share with the rest of the signals domain. */
export interface HookContext {
  ingester: Ingester;
  integrations: IntegrationCache;
  limiter: RateLimiter;
}

/** Makes every body of `app`'s routes a raw Buffer (signatures are computed over the exact bytes). */
export function readBodiesRaw(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

/** Seconds to wait when the integration is over its rate (and sets Retry-After), else 0. */
export function overRate(
  ctx: HookContext,
  integration: IntegrationRecord,
  reply: FastifyReply,
  nowMs: number,
): number {
  const wait = ctx.limiter.take(integration.id, integration.rateLimitPerMinute, nowMs);
  if (wait > 0) reply.header('retry-after', String(wait));
  return wait;
}
