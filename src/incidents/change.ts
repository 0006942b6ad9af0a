/**
 * The one way an incident changes: lock its row, apply the change, append timeline entries and
 * bump updated_at, all in one transaction. Flow functions (declare, classify, ownership, status,
 * work) are written on top of it so no change can skip the timeline.
 */
import type pg from 'pg';
import type { User } from '../auth/schema.ts';
import { findUser } from '../auth/store.ts';
import type { Clock } from '../clock.ts';
import { withTransaction, type Queryable } from '../db/pool.ts';
import { invalidField } from '../errors.ts';
import { lockIncident, updateIncident, type IncidentRow } from './store.ts';
import { appendTimeline } from './timeline.ts';

/** What a flow needs from the app. */
export interface FlowDeps {
  pool: pg.Pool;
  clock: Clock;
}

/** Handed to a change: the transaction, the locked row, the time, and the timeline recorder. */
export interface ChangeContext {
  tx: pg.PoolClient;
  row: IncidentRow;
  now: Date;
  record(kind: string, data?: Record<string, unknown>): Promise<void>;
}

/** Runs `fn` as one recorded change of incident `ref` by `actor`. */
export async function changeIncident<T>(
  deps: FlowDeps,
  ref: string,
  actor: User,
  fn: (c: ChangeContext) => Promise<T>,
): Promise<T> {
  return withTransaction(deps.pool, async (tx) => {
    const row = await lockIncident(tx, ref);
    const now = deps.clock.now();
    let recorded = false;
    const record = async (kind: string, data?: Record<string, unknown>) => {
      recorded = true;
      await appendTimeline(tx, { incidentId: row.id, at: now, actorId: actor.id, kind, data });
    };
    const result = await fn({ tx, row, now, record });
    if (recorded) await updateIncident(tx, row.id, { updated_at: now });
    return result;
  });
}

/** Finds an active person by id or email for a body field, or 400 naming the field. */
export async function resolvePerson(db: Queryable, idOrEmail: string, field: string): Promise<User> {
  const user = await findUser(db, idOrEmail);
  if (!user) throw invalidField(field, `no person "${idOrEmail}"`);
  if (user.disabled) throw invalidField(field, `${user.email} is disabled`);
  return user;
}
