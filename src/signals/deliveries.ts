/** Deliveries: refused ones are kept with their body and reason, for admins to see. */
import type { Queryable } from '../db/pool.ts';
import { newDeliveryId } from './delivery-id.ts';
import type { DeliveryError } from './integrations/types.ts';
import type { deliverySchema } from './signal-schema.ts';
import type { z } from 'zod';

const KEEP_BYTES = 64 * 1024;

/** Records a refused delivery (malformed or failing its signature). */
export async function recordRefusedDelivery(
  db: Queryable,
  integrationId: string,
  nowMs: number,
  err: DeliveryError,
  body: unknown,
): Promise<void> {
  const raw = Buffer.isBuffer(body) ? body.subarray(0, KEEP_BYTES).toString('utf8') : '';
  await db.query(
    `INSERT INTO signal_deliveries (id, integration_id, received_at, outcome, error, body)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      newDeliveryId(),
      integrationId,
      new Date(nowMs),
      err.kind === 'unauthorized' ? 'unauthorized' : 'rejected',
      err.field ? `${err.field}: ${err.message}` : err.message,
      raw.replaceAll('\0', '\uFFFD'),
    ],
  );
}

/** Recent deliveries of an integration, newest first; `refused` keeps only the refused ones. */
export async function listDeliveries(
  db: Queryable,
  integrationId: string,
  opts: { refused: boolean; limit: number },
): Promise<z.infer<typeof deliverySchema>[]> {
  const { rows } = await db.query<{
    id: string;
    received_at: Date;
    external_id: string | null;
    outcome: 'accepted' | 'rejected' | 'unauthorized';
    signal_count: number;
    error: string | null;
    body: string | null;
  }>(
    `SELECT id, received_at, external_id, outcome, signal_count, error, body FROM signal_deliveries
      WHERE integration_id = $1 AND ($2 = false OR outcome <> 'accepted')
      ORDER BY received_at DESC LIMIT $3`,
    [integrationId, opts.refused, opts.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    receivedAt: r.received_at.toISOString(),
    externalId: r.external_id,
    outcome: r.outcome,
    signalCount: r.signal_count,
    error: r.error,
    body: r.body,
  }));
}
