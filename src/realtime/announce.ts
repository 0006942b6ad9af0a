/**
 * Announcing changes to every server instance on the database: one NOTIFY on `expedite_events`
 * per committed transaction, carrying all of its events, sent after the commit (see `afterCommit`
 * for why not inside it). A process that dies between its commit and the announcement loses only
 * the live update; the change itself is stored, and a reconnecting page refetches.
 */
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

// PostgreSQL refuses payloads of 8,000 bytes or more; an event is about 120.
const MAX_PAYLOAD = 7_000;

/** Events of a transaction not yet announced, by its connection. */
const pending = new WeakMap<object, TimelineEvent[]>();

/** Announces `event` once `db`'s transaction commits, together with the transaction's others. */
export async function announce(db: Queryable, event: TimelineEvent): Promise<void> {
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

async function send(db: Queryable, events: TimelineEvent[]): Promise<void> {
  for (const payload of payloads(events)) {
    await db.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, payload]);
  }
}

/** JSON arrays of the events, each under the payload limit. */
export function payloads(events: TimelineEvent[]): string[] {
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
