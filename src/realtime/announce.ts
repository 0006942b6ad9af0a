/**
 * Announcing changes to every server instance on the database: one NOTIFY on `expedite_events`
 * per committed transaction, carrying all of its events, sent after the commit (see `afterCommit`
 * for why not inside it). A process that dies between its commit and the announcement loses only
 * the live update; the change itself is stored, and a reconnecting page refetches.
 */
import pg from 'pg';
import { afterCommit, type Queryable } from '../db/pool.ts';

/** The notification channel the event hubs listen on. */
export const EVENTS_CHANNEL = 'expedite_events';

/** A new timeline entry, as announced. */
export interface TimelineEvent {
  type: 'timeline';
  incidentId: string;
  entryId: number;
  kind: string;
}

/**
 * A person's sessions or tokens were revoked, or the person was disabled: open event streams of
 * theirs check their credential again (and close when it no longer holds). Never sent to browsers.
 */
export interface AccessEvent {
  type: 'access';
  userId: string;
}

/** What is announced on the channel. */
export type AnnouncedEvent = TimelineEvent | AccessEvent;

// PostgreSQL refuses payloads of 8,000 bytes or more; an event is about 120.
const MAX_PAYLOAD = 7_000;

/** Events of a transaction not yet announced, by its connection. */
const pending = new WeakMap<object, AnnouncedEvent[]>();

/** Events written outside a transaction, waiting for the pool's next notification. */
const poolQueues = new WeakMap<pg.Pool, { events: AnnouncedEvent[]; sending: boolean }>();

/**
 * Announces `event` once `db`'s transaction commits, together with the transaction's others.
 * Written on the pool (no transaction), it is already committed: it joins the pool's next
 * notification, so a burst of declarations is announced in a few NOTIFYs instead of one each.
 */
export async function announce(db: Queryable, event: AnnouncedEvent): Promise<void> {
  if (db instanceof pg.Pool) return announceOnPool(db, event);
  const events = pending.get(db);
  if (events) {
    events.push(event);
    return;
  }
  const batch = [event];
  pending.set(db, batch);
  await afterCommit(db, (conn) => {
    // Taken before any await: later events on this connection start a batch of their own.
    pending.delete(db);
    return send(conn, batch);
  });
}

function announceOnPool(pool: pg.Pool, event: AnnouncedEvent): void {
  let queue = poolQueues.get(pool);
  if (!queue) poolQueues.set(pool, (queue = { events: [], sending: false }));
  queue.events.push(event);
  if (queue.sending) return; // the running sender takes it next
  queue.sending = true;
  const q = queue;
  void (async () => {
    while (q.events.length) await send(pool, q.events.splice(0)).catch(() => {});
    q.sending = false;
  })();
}

async function send(db: Queryable, events: AnnouncedEvent[]): Promise<void> {
  for (const payload of payloads(events)) {
    await db.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, payload]);
  }
}

/** JSON arrays of the events, each under the payload limit. */
export function payloads(events: AnnouncedEvent[]): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let size = 2;
  for (const e of events) {
    const json = JSON.stringify(e);
    if (part.length && size + json.length + 1 > MAX_PAYLOAD) {
      out.push(`[${part.join(',')}]`);
      part = [];
      size = 2;
    }
    part.push(json);
    size += json.length + 1;
  }
  if (part.length) out.push(`[${part.join(',')}]`);
  return out;
}
