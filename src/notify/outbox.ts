/**
 * The outbox, the one path of every outgoing message: one `messages` row per message, unique by
 * its idempotency key (the job's key), written before sending and marked after. A job that runs
 * again finds its row: sent or given up means nothing more to send; only a message in flight when
 * the process died can go twice. Such a message, still `sending`, is sent again with the same key
 * by the job's next run, or settled by `abandonMessage` when that run finds nothing left to send.
 * `sendClaimed` sends a claimed message and records the outcome: a passing failure retries the job
 * with backoff, any other is handed to the caller's fallback.
 * `sendNow` is for a message someone waits for (a verification code): recorded alike, its failure
 * is the caller's to show.
 */
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import { withTransaction, type Queryable } from '../db/pool.ts';
import type { Job } from '../engine/jobs.ts';
import type { Channels } from './index.ts';
import { SendError, type ChannelKind, type OutboundMessage } from './types.ts';

/** A message's row: `sending` until it is sent or given up. */
export interface OutboxRow {
  id: string;
  status: 'sending' | 'sent' | 'failed';
}

/** Makes (or, on a job's next try, finds and counts) the row of the message with this key. */
export async function claimMessage(
  db: Queryable,
  m: {
    key: string;
    /** None for a message about no incident (a verification code, a test). */
    incidentId?: string;
    channel: ChannelKind;
    address: string;
    at: Date;
    escalationId?: string;
    userId?: string;
    methodId?: string;
  },
): Promise<OutboxRow> {
  const { rows } = await db.query<OutboxRow>(
    `INSERT INTO messages (idempotency_key, escalation_id, incident_id, user_id, contact_method_id, channel, address,
       status, attempts, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'sending', 1, $8)
     ON CONFLICT (idempotency_key) DO UPDATE SET attempts = messages.attempts + 1
     RETURNING id, status`,
    [
      m.key,
      m.escalationId ?? null,
      m.incidentId ?? null,
      m.userId ?? null,
      m.methodId ?? null,
      m.channel,
      m.address,
      m.at,
    ],
  );
  return rows[0]!;
}

/** Marks a message sent, with the vendor's id for it. */
export async function markSent(
  db: Queryable,
  id: string,
  providerId: string | null,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE messages SET status = 'sent', provider_id = $2, sent_at = $3, error = NULL WHERE id = $1`,
    [id, providerId, at],
  );
}

/** Records a failed send: still `sending` when it will be retried, else given up. */
export async function markFailed(db: Queryable, id: string, error: string, retrying: boolean): Promise<void> {
  await db.query('UPDATE messages SET error = $2, status = $3 WHERE id = $1', [
    id,
    error,
    retrying ? 'sending' : 'failed',
  ]);
}

/**
 * Settles the message with this key if it is still `sending` although it will not be sent again
 * (its job found nothing left to do: the escalation ended, the method was removed). That happens
 * when the instance sending it died before recording the outcome: the message may or may not
 * have left, so it is marked failed with that said, never left `sending`. Returns whether one was.
 */
export async function abandonMessage(db: Queryable, key: string, reason: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE messages SET status = 'failed', error = $2 WHERE idempotency_key = $1 AND status = 'sending'`,
    [key, `outcome unknown (the sending instance stopped), not sent again: ${reason}`],
  );
  return (rowCount ?? 0) > 0;
}

/** What a message says about its incident. */
export function incidentOf(
  incident: Omit<OutboundMessage['incident'], 'url'>,
  publicUrl: string,
): OutboundMessage['incident'] {
  return {
    id: incident.id,
    number: incident.number,
    title: incident.title,
    tagline: incident.tagline,
    urgency: incident.urgency,
    url: `${publicUrl}/incidents/${incident.number}`,
  };
}

/** What sending needs. */
export interface SendDeps {
  pool: pg.Pool;
  clock: Clock;
  channels: Channels;
}

/** What the sender of one message does with its outcome. */
export interface SendOutcome {
  /** In the transaction that marks the message sent (e.g. a timeline entry). */
  sent(tx: Queryable, at: Date): Promise<void>;
  /** After it failed for good: the next channel, person or level. */
  failed(error: string): Promise<void>;
}

/**
 * Sends the claimed message `messageId` on its channel for `job`. A retryable failure while the
 * job has tries left marks it and throws (the engine runs the job again with backoff); any other
 * failure, or a channel not configured here, marks it given up and calls `outcome.failed`.
 */
export async function sendClaimed(
  deps: SendDeps,
  job: Job,
  messageId: string,
  kind: ChannelKind,
  message: Omit<OutboundMessage, 'idempotencyKey'>,
  outcome: SendOutcome,
  tries: number,
): Promise<void> {
  const channel = deps.channels[kind];
  try {
    if (!channel) throw new SendError(`the ${kind} channel is not configured`, { retryable: false });
    const { providerId } = await channel.send({ idempotencyKey: job.key, ...message });
    await withTransaction(deps.pool, async (tx) => {
      const now = deps.clock.now();
      await markSent(tx, messageId, providerId, now);
      await outcome.sent(tx, now);
    });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const retry = err instanceof SendError && err.retryable && job.attempts < tries;
    await markFailed(deps.pool, messageId, error, retry);
    if (retry) throw err;
    await outcome.failed(error);
  }
}

/**
 * Sends one message now, outside any job, recorded in the outbox like every other: for messages a
 * person waits for (a verification code, a test), who sees a failure at once and may try again.
 * Throws the channel's SendError (also when the channel is not configured here).
 */
export async function sendNow(
  deps: SendDeps,
  m: { key: string; kind: ChannelKind; userId: string; methodId: string },
  message: Omit<OutboundMessage, 'idempotencyKey'>,
): Promise<void> {
  const row = await claimMessage(deps.pool, {
    key: m.key,
    channel: m.kind,
    address: message.recipient.address,
    at: deps.clock.now(),
    userId: m.userId,
    methodId: m.methodId,
  });
  if (row.status !== 'sending') return;
  const channel = deps.channels[m.kind];
  try {
    if (!channel) throw new SendError(`the ${m.kind} channel is not configured`, { retryable: false });
    const { providerId } = await channel.send({ idempotencyKey: m.key, ...message });
    await markSent(deps.pool, row.id, providerId, deps.clock.now());
  } catch (err) {
    await markFailed(deps.pool, row.id, err instanceof Error ? err.message : String(err), false);
    throw err;
  }
}
