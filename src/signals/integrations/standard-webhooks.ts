/**
 * Verifying a signal delivery signed per Standard Webhooks (the generic integration's optional
 * signing): the check itself is `src/signing/standard-webhooks.ts`, shared with outgoing webhooks.
 */
import { checkStandardWebhook } from '../../signing/standard-webhooks.ts';
import { header } from './normalize.ts';
import { DeliveryError, type DeliveryRequest } from './types.ts';

/** Verifies a delivery's Standard Webhooks headers against `secret`; throws DeliveryError('unauthorized'). */
export function verifyStandardWebhook(
  req: Pick<DeliveryRequest, 'headers' | 'rawBody' | 'nowMs'>,
  secret: string,
): void {
  const failure = checkStandardWebhook(
    {
      id: header(req.headers, 'webhook-id'),
      timestamp: header(req.headers, 'webhook-timestamp'),
      signatures: header(req.headers, 'webhook-signature'),
    },
    req.rawBody,
    req.nowMs,
    secret,
  );
  if (failure) throw new DeliveryError('unauthorized', failure.message, `headers.${failure.header}`);
}
