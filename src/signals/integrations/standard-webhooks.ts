/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/): the sender signs
 * `${webhook-id}.${webhook-timestamp}.${raw body}` with HMAC-SHA256, keyed with the base64 secret
 * after its `whsec_` prefix, and sends `webhook-signature: v1,<base64> [v1,<base64> …]` (several
 * during a key rotation). Verifying compares each v1 entry in constant time and refuses timestamps
 * more than five minutes from the receipt time, so a captured delivery cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { header } from './normalize.ts';
import { DeliveryError, type DeliveryRequest } from './types.ts';

/** How far `webhook-timestamp` may be from the receipt time, either way. */
export const timestampToleranceSeconds = 5 * 60;

/** The HMAC key of a `whsec_…` secret (the prefix is optional): its base64 payload decoded. */
export function standardWebhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

function digest(key: Buffer, id: string, timestampSeconds: number | string, body: string | Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestampSeconds}.`).update(body).digest();
}

/**
 * The `webhook-signature` header value (`v1,<base64>`) for a delivery; used by tests and by
 * outgoing webhooks, which sign the same way.
 */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  return `v1,${digest(standardWebhookKey(secret), id, timestampSeconds, body).toString('base64')}`;
}

function unauthorized(message: string, field: string): DeliveryError {
  return new DeliveryError('unauthorized', message, field);
}

/** Verifies a delivery's Standard Webhooks headers against `secret`; throws DeliveryError('unauthorized'). */
export function verifyStandardWebhook(
  req: Pick<DeliveryRequest, 'headers' | 'rawBody' | 'nowMs'>,
  secret: string,
): void {
  const id = header(req.headers, 'webhook-id');
  const ts = header(req.headers, 'webhook-timestamp');
  const signatures = header(req.headers, 'webhook-signature');
  if (!id) throw unauthorized('missing webhook-id', 'headers.webhook-id');
  if (!ts || !/^\d{1,12}$/.test(ts))
    throw unauthorized('missing or invalid webhook-timestamp', 'headers.webhook-timestamp');
  if (!signatures) throw unauthorized('missing webhook-signature', 'headers.webhook-signature');
  const seconds = Number(ts);
  if (Math.abs(req.nowMs / 1000 - seconds) > timestampToleranceSeconds)
    throw unauthorized('webhook-timestamp is too far from now', 'headers.webhook-timestamp');

  const key = standardWebhookKey(secret);
  if (key.length === 0) throw unauthorized('the signing secret is empty', 'headers.webhook-signature');
  const expected = digest(key, id, ts, req.rawBody);
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(entry.slice(comma + 1), 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  }
  throw unauthorized('no webhook-signature matches', 'headers.webhook-signature');
}
