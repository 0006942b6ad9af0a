/**
 * Telling a client's emergency contacts: a responder writes a short message and each contact gets
 * it through their own channel order (a phone call, then SMS, Slack, then email by default). The first
 * channel that takes the message ends that contact's attempt; a failing one falls to the next, and
 * a contact no channel reaches is written down. Each attempt is a job of the engine (restart-safe)
 * and a row of the outbox (sent once, even if the job runs again); every outcome is on the timeline.
 */
import { randomUUID } from 'node:crypto';
import { withTransaction, type Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import type { Channels } from '../notify/index.ts';
import { claimMessage, incidentOf, sendClaimed } from '../notify/outbox.ts';
import type { ChannelKind } from '../notify/types.ts';
import type { Client } from './schema.ts';
import { incidentClient } from './store.ts';

export const CLIENT_NOTIFY_JOB = 'client-notify';

type Way = Client['emergencyContacts'][number]['order'][number];
const channelOf: Record<Way, ChannelKind> = { phone: 'voice', sms: 'sms', slack: 'slack', email: 'email' };
/** Where each way goes, and what is missing without it. */
const addressOf = (c: Client['emergencyContacts'][number], way: Way) =>
  way === 'email' ? c.email : way === 'slack' ? c.slack : c.phone;
const missingWord: Record<Way, string> = {
  phone: 'no phone number',
  sms: 'no phone number',
  slack: 'no Slack id',
  email: 'no email address',
};
/** Tries of one channel for a passing failure (vendor busy) before the next channel. */
const TRIES = 3;

interface Payload {
  incidentId: string;
  contact: number;
  step: number;
  message: string;
}

const jobKey = (request: string, contact: number, step: number) =>
  `client-notify:${request}:${contact}:${step}`;

/** Queues the message for every contact (in the caller's transaction); returns how many. */
export async function requestClientNotify(
  db: Queryable,
  incidentId: string,
  client: Client,
  message: string,
  at: Date,
): Promise<number> {
  const request = randomUUID();
  await enqueue(
    db,
    client.emergencyContacts.map((_, contact) => ({
      kind: CLIENT_NOTIFY_JOB,
      key: jobKey(request, contact, 0),
      runAt: at,
      payload: { incidentId, contact, step: 0, message },
    })),
  );
  return client.emergencyContacts.length;
}

/** Job `client-notify`: one contact, one channel of their order. */
export async function runClientNotify(
  deps: FlowDeps & { channels: Channels; publicUrl: string },
  job: Job,
): Promise<void> {
  const p = job.payload as unknown as Payload;
  const found = await incidentClient(deps.pool, p.incidentId);
  const contact = found?.client.emergencyContacts[p.contact];
  if (!found || !contact) return;
  const note = (db: Queryable, kind: string, data: Record<string, unknown>) =>
    appendTimeline(db, {
      incidentId: p.incidentId,
      at: deps.clock.now(),
      actorId: null,
      kind,
      data: { contact: contact.name, ...data },
    });
  const last = p.step + 1 >= contact.order.length;
  // The next channel now (a job known by key is not queued twice), or: nobody reached.
  const next = (db: Queryable) =>
    last
      ? note(db, 'client-unreachable', {})
      : enqueue(db, [
          {
            kind: CLIENT_NOTIFY_JOB,
            key: jobKey(job.key.split(':')[1]!, p.contact, p.step + 1),
            runAt: deps.clock.now(),
            payload: { ...p, step: p.step + 1 },
          },
        ]);
  const failed = (channel: ChannelKind, error: string) =>
    withTransaction(deps.pool, async (tx) => {
      await note(tx, 'client-notify-failed', { channel, error });
      await next(tx);
    });

  const way = contact.order[p.step];
  if (!way) return;
  const kind = channelOf[way];
  const address = addressOf(contact, way);
  const channel = deps.channels[kind];
  if (!address || !channel) {
    await failed(kind, address ? `the ${kind} channel is not configured` : missingWord[way]);
    return;
  }

  const outbox = await claimMessage(deps.pool, {
    key: job.key,
    incidentId: p.incidentId,
    channel: kind,
    address,
    at: deps.clock.now(),
  });
  // Given up before a restart, but the next channel perhaps not yet queued.
  if (outbox.status === 'failed' && !last) await next(deps.pool);
  if (outbox.status !== 'sending') return;
  const incident = await getIncident(deps.pool, p.incidentId);
  await sendClaimed(
    deps,
    job,
    outbox.id,
    kind,
    {
      incident: incidentOf(incident, deps.publicUrl),
      subject: `${found.client.name}: update on incident #${incident.number}`,
      text: p.message,
      ackUrl: '',
      outside: true,
      recipient: { name: contact.name, address },
    },
    {
      sent: (tx) => note(tx, 'client-notified', { channel: kind }),
      failed: (error) => failed(kind, error.slice(0, 300)),
    },
    TRIES,
  );
}
