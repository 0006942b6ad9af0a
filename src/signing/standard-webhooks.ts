/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/), both ways: outgoing webhooks
 * sign with them and the generic integration verifies them. The sender signs
 * `${webhook-id}.${webhook-timestamp}.${raw body}` with HMAC-SHA256, keyed with the base64 secret
 * after its `whsec_` prefix, and sends `webhook-signature: v1,<base64> [v1,<base64> …]` (several
 * during a key rotation). Checking compares each v1 entry in constant time and refuses timestamps
 * more than five minutes from the receipt time, so a captured delivery cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far `webhook-timestamp` may be from the receipt time, either way. */
export const timestampToleranceSeconds = 5 * 60;

/** The HMAC key of a `whsec_…` secret (the prefix is optional): its base64 payload decoded. */
export function standardWebhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

function digest(key: Buffer, id: string, timestampSeconds: number | string, body: string | Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestampSeconds}.`).update(body).digest();
}

/** The `webhook-signature` header value (`v1,<base64>`) for a delivery. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  return `v1,${digest(standardWebhookKey(secret), id, timestampSeconds, body).toString('base64')}`;
}

/** The three headers of a signed delivery, as received (undefined when absent). */
export interface SignedHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signatures: string | undefined;
}

/** Why a delivery's signature is refused, with the header at fault. */
export interface SignatureFailure {
  message: string;
  header: 'webhook-id' | 'webhook-timestamp' | 'webhook-signature';
}

/** Checks a delivery's signature against `secret`; undefined when it is valid, else why not. */
export function checkStandardWebhook(
  headers: SignedHeaders,
  body: string | Buffer,
  nowMs: number,
  secret: string,
): SignatureFailure | undefined {
  const { id, timestamp: ts, signatures } = headers;
  if (!id) return { message: 'missing webhook-id', header: 'webhook-id' };
  if (!ts || !/^\d{1,12}$/.test(ts))
    return { message: 'missing or invalid webhook-timestamp', header: 'webhook-timestamp' };
  if (!signatures) return { message: 'missing webhook-signature', header: 'webhook-signature' };
  if (Math.abs(nowMs / 1000 - Number(ts)) > timestampToleranceSeconds)
    return { message: 'webhook-timestamp is too far from now', header: 'webhook-timestamp' };
  const key = standardWebhookKey(secret);
  if (key.length === 0) return { message: 'the signing secret is empty', header: 'webhook-signature' };
  const expected = digest(key, id, ts, body);
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(entry.slice(comma + 1), 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  }
  return { message: 'no webhook-signature matches', header: 'webhook-signature' };
}
