/**
 * Delivery ids are time-ordered UUIDs (version 7, RFC 9562): 48 bits of Unix milliseconds, then
 * 74 random bits. New rows then land at the right-hand end of the deliveries' primary-key index
 * instead of on a random page of it, so a busy integration keeps touching the same few index pages
 * (fewer pages read and fewer full-page images in the WAL after each checkpoint). ADR 0016.
 */
import { randomUUID } from 'node:crypto';

/** A new version 7 UUID for `nowMs` (Unix ms, now by default); the random part is `randomUUID`'s. */
export function newDeliveryId(nowMs = Date.now()): string {
  const ms = Math.trunc(nowMs).toString(16).padStart(12, '0').slice(-12);
  // randomUUID: xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; its version digit (index 14) becomes 7.
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${randomUUID().slice(15)}`;
}
