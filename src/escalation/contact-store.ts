/**
 * SQL for a person's own contact methods (added unverified, verified with a code sent through
 * them) and notification rules, and for what comes back through them: SMS replies and delivery
 * reports. Reading methods and rules for paging stays in store.ts.
 */
import type { Queryable } from '../db/pool.ts';
import type { ContactKind } from './schema.ts';

/** Stores a new, unverified method with the hash of its code; answers its id. */
export async function insertContactMethod(
  db: Queryable,
  m: {
    userId: string;
    kind: ContactKind;
    address: string;
    label: string;
    codeHash: Buffer;
    codeExpiresAt: Date;
    at: Date;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO contact_methods (user_id, kind, address, label, verify_code_hash, verify_expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [m.userId, m.kind, m.address, m.label, m.codeHash, m.codeExpiresAt, m.at],
  );
  return rows[0]!.id;
}

/** Marks a method removed (it is kept for the messages that name it). */
export async function disableContactMethod(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('UPDATE contact_methods SET disabled_at = $2 WHERE id = $1', [id, at]);
}

/** Removes a method and the rules that use it (in the caller's transaction). */
export async function removeContactMethod(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('DELETE FROM notification_rules WHERE contact_method_id = $1', [id]);
  await disableContactMethod(db, id, at);
}

/** Tries a code may have: after this many wrong ones it is void. */
export const CODE_TRIES = 5;

/**
 * Tries `codeHash` against the person's method: it is verified when the hash is its code's, the
 * code has not expired at `at` and has been tried fewer than CODE_TRIES times. Every try counts
 * (one statement, so parallel guesses cannot pass the limit); the last allowed wrong one voids the
 * code. Answers whether it verified and how many tries are left.
 */
export async function verifyContactMethod(
  db: Queryable,
  v: { id: string; userId: string; codeHash: Buffer; at: Date },
): Promise<{ verified: boolean; triesLeft: number }> {
  const { rows } = await db.query<{ verified: boolean; attempts: number }>(
    `UPDATE contact_methods SET
        verify_attempts = verify_attempts + 1,
        verified_at = CASE WHEN verify_code_hash = $4 THEN $3 ELSE verified_at END,
        verify_code_hash = CASE WHEN verify_code_hash = $4 OR verify_attempts + 1 >= $5 THEN NULL
                                ELSE verify_code_hash END
      WHERE id = $1 AND user_id = $2 AND disabled_at IS NULL AND verify_code_hash IS NOT NULL
        AND verify_expires_at > $3 AND verify_attempts < $5
      RETURNING coalesce(verified_at = $3, false) AS verified, verify_attempts AS attempts`,
    [v.id, v.userId, v.at, v.codeHash, CODE_TRIES],
  );
  const row = rows[0];
  if (!row) return { verified: false, triesLeft: 0 };
  return { verified: row.verified, triesLeft: row.verified ? 0 : CODE_TRIES - row.attempts };
}

/** One notification rule: a method, so many minutes after the page. */
export interface NotificationRule {
  contactMethodId: string;
  delayMinutes: number;
}

/** A person's notification rules in order, as they set them. */
export async function listRules(db: Queryable, userId: string): Promise<NotificationRule[]> {
  const { rows } = await db.query<{ contact_method_id: string; delay_minutes: number }>(
    'SELECT contact_method_id, delay_minutes FROM notification_rules WHERE user_id = $1 ORDER BY position',
    [userId],
  );
  return rows.map((x) => ({ contactMethodId: x.contact_method_id, delayMinutes: x.delay_minutes }));
}

/** Replaces a person's notification rules (in the caller's transaction). */
export async function replaceRules(db: Queryable, userId: string, rules: NotificationRule[]): Promise<void> {
  await db.query('DELETE FROM notification_rules WHERE user_id = $1', [userId]);
  for (const [i, rule] of rules.entries())
    await db.query(
      'INSERT INTO notification_rules (user_id, position, contact_method_id, delay_minutes) VALUES ($1, $2, $3, $4)',
      [userId, i, rule.contactMethodId, rule.delayMinutes],
    );
}

/**
 * The running page an SMS from `from` answers: the newest message sent to that number for an
 * active escalation (of incident `number` when given), with whom it paged.
 */
export async function pageAnsweredBySms(
  db: Queryable,
  from: string,
  number: number | null,
): Promise<{ incidentId: string; userId: string; number: number } | undefined> {
  const { rows } = await db.query<{ incident_id: string; user_id: string; number: number }>(
    `SELECT e.incident_id, msg.user_id, i.number FROM messages msg
       JOIN escalations e ON e.id = msg.escalation_id JOIN incidents i ON i.id = e.incident_id
       JOIN contact_methods c ON c.id = msg.contact_method_id
      WHERE c.kind = 'sms' AND c.address = $1 AND e.state = 'active' AND ($2::bigint IS NULL OR i.number = $2)
      ORDER BY msg.created_at DESC LIMIT 1`,
    [from, number],
  );
  const r = rows[0];
  return r && { incidentId: r.incident_id, userId: r.user_id, number: r.number };
}

/**
 * Marks the message the provider knows as `providerId` failed with `error`, unless it already
 * is; answers it with the name of its recipient, or undefined.
 */
export async function failByProviderId(
  db: Queryable,
  providerId: string,
  error: string,
): Promise<{ idempotencyKey: string; incidentId: string; channel: string; name: string } | undefined> {
  const { rows } = await db.query<{
    idempotency_key: string;
    incident_id: string;
    channel: string;
    name: string;
  }>(
    `UPDATE messages m SET status = 'failed', error = $2 FROM users u
      WHERE m.provider_id = $1 AND m.status <> 'failed' AND u.id = m.user_id
      RETURNING m.idempotency_key, m.incident_id, m.channel, u.name`,
    [providerId, error],
  );
  const r = rows[0];
  return (
    r && { idempotencyKey: r.idempotency_key, incidentId: r.incident_id, channel: r.channel, name: r.name }
  );
}
