/**
 * A provider's report that a message did not arrive (an SMS undelivered, a call not answered):
 * the message is marked failed, and a page moves on to the person's next channel at once.
 */
import { withTransaction } from '../db/pool.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { failByProviderId } from './contact-store.ts';
import { fallToNext } from './deliver.ts';

/**
 * Records that the message the provider knows as `providerId` failed, as `reason` says (with the
 * provider's error code, if any, on the message); a page falls to the person's next channel.
 */
export async function reportUndelivered(
  deps: FlowDeps,
  providerId: string,
  reason: string,
  code?: string,
): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    const msg = await failByProviderId(tx, providerId, code ? `${reason} (${code})` : reason);
    if (msg?.idempotencyKey.startsWith('esc:'))
      await fallToNext(tx, deps.clock.now(), {
        key: msg.idempotencyKey,
        incidentId: msg.incidentId,
        person: msg.name,
        channel: msg.channel,
        error: reason,
      });
  });
}
