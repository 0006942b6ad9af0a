/**
 * Slack request signing: Slack sends `X-Slack-Request-Timestamp` (Unix seconds) and
 * `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>" keyed by the signing
 * secret>`. A request is accepted when the signature matches and the timestamp is within five
 * minutes of now (older ones could be replays).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const REPLAY_WINDOW_S = 5 * 60;

/** The signature Slack would send for `body` at `timestamp`. */
export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Why a request is refused, or null when its signature holds. */
export function signatureProblem(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowMs: number,
): string | null {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'X-Slack-Request-Timestamp is missing';
  if (!signature) return 'X-Slack-Signature is missing';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > REPLAY_WINDOW_S) return 'the request is too old';
  const expected = Buffer.from(slackSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return 'the signature does not match';
  return null;
}
