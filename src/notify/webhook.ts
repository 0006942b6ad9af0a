/**
 * Generic webhooks: a JSON POST to the person's URL, signed per Standard Webhooks
 * (https://www.standardwebhooks.com/) with EXPEDITE_WEBHOOK_SECRET: `webhook-id` is the message's
 * idempotency key (the same on every retry, so receivers can drop duplicates), `webhook-timestamp`
 * the attempt's time in seconds, `webhook-signature` `v1,<base64 HMAC-SHA256>`. 2xx is delivered;
 * 408, 429 and 5xx (and network errors, timeouts) are retried; any other status is permanent.
 * The URL is the person's: it is reached only through the outbound policy.
 */
import { systemClock, type Clock } from '../clock.ts';
import { signStandardWebhook } from '../signing/standard-webhooks.ts';
import type { Outbound } from '../outbound/index.ts';
import {
  defaultTimeoutMs,
  postWithTimeout,
  SendError,
  statusError,
  type Channel,
  type OutboundMessage,
  type WebhookConfig,
} from './types.ts';

/** The JSON body of a page webhook. */
export interface WebhookPagePayload {
  type: 'incident.page';
  /** When this attempt was made, ISO 8601. */
  timestamp: string;
  incident: OutboundMessage['incident'];
  subject: string;
  text: string;
  ackUrl: string;
}

/** What a webhook receiver gets for a message at a given time. */
export function webhookPayload(m: OutboundMessage, now: Date): WebhookPagePayload {
  return {
    type: 'incident.page',
    timestamp: now.toISOString(),
    incident: m.incident,
    subject: m.subject,
    text: m.text,
    ackUrl: m.ackUrl,
  };
}

/** The webhook channel; the recipient's address is the receiver's URL. */
export function webhookChannel(
  config: WebhookConfig,
  outbound: Outbound,
  opts: { timeoutMs?: number; clock?: Clock } = {},
): Channel {
  const clock = opts.clock ?? systemClock;
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  return {
    kind: 'webhook',
    async send(m) {
      const what = `webhook to ${m.recipient.name}`;
      if (!/^[\x21-\x7e]{1,255}$/.test(m.idempotencyKey))
        throw new SendError(`${what}: the idempotency key cannot be a webhook-id`, { retryable: false });
      const now = clock.now();
      const seconds = Math.floor(now.getTime() / 1000);
      const body = JSON.stringify(webhookPayload(m, now));
      const res = await postWithTimeout(
        outbound,
        what,
        m.recipient.address,
        {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Expedite',
            'webhook-id': m.idempotencyKey,
            'webhook-timestamp': String(seconds),
            'webhook-signature': signStandardWebhook(config.secret, m.idempotencyKey, seconds, body),
          },
          body,
        },
        timeoutMs,
      );
      if (res.status >= 200 && res.status < 300) {
        await res.body?.cancel();
        return { providerId: null };
      }
      throw await statusError(what, res);
    },
  };
}
