/**
 * Job `notify`: one page to one person on one channel, through the outbox (`notify/outbox.ts`). A
 * retryable failure retries with backoff (three tries); any other failure falls to the person's
 * next channel at once, and a person with no channel left escalates to the next level.
 */
import { withTransaction, type Queryable } from '../db/pool.ts';
import { hurry, type Job } from '../engine/jobs.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { composePage } from '../notify/text.ts';
import type { Channels } from '../notify/index.ts';
import { abandonMessage, claimMessage, incidentOf, sendClaimed } from '../notify/outbox.ts';
import type { ChannelKind } from '../notify/types.ts';
import { ackToken } from '../signing/links.ts';
import type { FlowDeps } from '../incidents/change.ts';

const TRIES = 3;

interface Payload {
  escalationId: string;
  incidentId: string;
  userId: string;
  methodId: string;
  round: number;
  level: number;
  index: number;
}

/** Runs one `notify` job. */
export async function runNotify(deps: FlowDeps & { channels: Channels; publicUrl: string }, job: Job) {
  const p = job.payload as unknown as Payload;
  const prepared = await withTransaction(deps.pool, async (tx) => {
    const { rows: esc } = await tx.query<{ state: string }>('SELECT state FROM escalations WHERE id = $1', [
      p.escalationId,
    ]);
    // A message left `sending` by an instance that died is settled, never left behind.
    if (esc[0]?.state !== 'active') {
      await abandonMessage(tx, job.key, `the escalation is ${esc[0]?.state ?? 'gone'}`);
      return undefined;
    }
    const { rows: methods } = await tx.query<{ kind: ChannelKind; address: string; name: string }>(
      `SELECT m.kind, m.address, u.name FROM contact_methods m JOIN users u ON u.id = m.user_id
        WHERE m.id = $1 AND m.disabled_at IS NULL AND m.verified_at IS NOT NULL AND u.disabled_at IS NULL`,
      [p.methodId],
    );
    const method = methods[0];
    if (!method) {
      await abandonMessage(tx, job.key, 'the contact method is gone');
      return undefined;
    }
    const row = await claimMessage(tx, {
      key: job.key,
      incidentId: p.incidentId,
      channel: method.kind,
      address: method.address,
      at: deps.clock.now(),
      escalationId: p.escalationId,
      userId: p.userId,
      methodId: p.methodId,
    });
    if (row.status !== 'sending') return undefined;
    const incident = await getIncident(tx, p.incidentId);
    const ackUrl = `${deps.publicUrl}/ack/${await ackToken(tx, p.escalationId, p.userId)}`;
    return { messageId: row.id, method, incident, ackUrl };
  });
  if (!prepared) return;
  const { messageId, method, incident, ackUrl } = prepared;
  const { subject, text } = composePage(incident, ackUrl);
  await sendClaimed(
    deps,
    job,
    messageId,
    method.kind,
    {
      incident: incidentOf(incident, deps.publicUrl),
      subject,
      text,
      ackUrl,
      recipient: { name: method.name, address: method.address },
    },
    {
      sent: (tx, at) =>
        appendTimeline(tx, {
          incidentId: p.incidentId,
          at,
          actorId: null,
          kind: 'notified',
          data: { userId: p.userId, person: method.name, channel: method.kind, level: p.level + 1 },
        }),
      failed: (error) =>
        withTransaction(deps.pool, (tx) =>
          fallToNext(tx, deps.clock.now(), {
            key: job.key,
            incidentId: p.incidentId,
            person: method.name,
            channel: method.kind,
            error,
          }),
        ),
    },
    TRIES,
  );
}

/**
 * After a message failed for good (at sending, or later by a delivery report): records it and moves
 * on to the person's next channel now, or, when nobody on that level was reached, the next level.
 */
export async function fallToNext(
  tx: Queryable,
  now: Date,
  m: { key: string; incidentId: string; person: string; channel: string; error: string },
): Promise<void> {
  // esc:<escalation>:notify:<round>:<level>:<user>:<index>
  const [, escalationId, , round, level, userId, index] = m.key.split(':');
  await appendTimeline(tx, {
    incidentId: m.incidentId,
    at: now,
    actorId: null,
    kind: 'notification-failed',
    data: { userId, person: m.person, channel: m.channel, error: m.error.slice(0, 300) },
  });
  const prefix = `esc:${escalationId}:notify:${round}:${level}:`;
  if ((await hurry(tx, `${prefix}${userId}:${Number(index) + 1}`, now)) > 0) return;
  const { rows } = await tx.query(
    `SELECT 1 FROM messages WHERE escalation_id = $1 AND status IN ('sent', 'sending') AND idempotency_key LIKE $2 || '%' LIMIT 1`,
    [escalationId, prefix],
  );
  if (rows.length === 0) await hurry(tx, `esc:${escalationId}:step:`, now);
}
