/** SQL for escalation policies, escalations, team members, contact methods and notification rules (routing: route-store.ts). */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import type { Snapshot } from './compose.ts';
import type { ContactKind, ContactMethod, Escalation, Policy, PolicyInput } from './schema.ts';
import { urgencyEffects } from './urgency.ts';

export interface PolicyRow {
  id: string;
  name: string;
  repeat: number;
  levels: PolicyInput['levels'];
  low_urgency_anytime: boolean;
  urgency: PolicyInput['urgency'];
  created_at: Date;
  updated_at: Date;
}

export function toPolicy(r: PolicyRow): Policy {
  const input: PolicyInput = {
    name: r.name,
    repeat: r.repeat,
    levels: r.levels,
    lowUrgencyAnytime: r.low_urgency_anytime,
    urgency: r.urgency ?? {},
  };
  return {
    id: r.id,
    ...input,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    effective: urgencyEffects(input),
  };
}

/** Stores a new policy. */
export async function insertPolicy(db: Queryable, p: PolicyInput, at: Date): Promise<Policy> {
  const { rows } = await db.query<PolicyRow>(
    `INSERT INTO escalation_policies (name, repeat, levels, low_urgency_anytime, urgency, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING *`,
    [p.name, p.repeat, JSON.stringify(p.levels), p.lowUrgencyAnytime, JSON.stringify(p.urgency), at],
  );
  return toPolicy(rows[0]!);
}

/** Replaces a policy; running escalations keep the snapshot they started with. */
export async function updatePolicy(db: Queryable, id: string, p: PolicyInput, at: Date): Promise<Policy> {
  const { rows } = await db.query<PolicyRow>(
    `UPDATE escalation_policies SET name = $2, repeat = $3, levels = $4, low_urgency_anytime = $5, urgency = $6,
       updated_at = $7 WHERE id = $1 RETURNING *`,
    [id, p.name, p.repeat, JSON.stringify(p.levels), p.lowUrgencyAnytime, JSON.stringify(p.urgency), at],
  );
  if (!rows[0]) throw notFound('escalation policy', id);
  return toPolicy(rows[0]);
}

/** One policy, or 404. */
export async function getPolicy(db: Queryable, id: string): Promise<Policy> {
  const { rows } = await db.query<PolicyRow>('SELECT * FROM escalation_policies WHERE id = $1', [id]);
  if (!rows[0]) throw notFound('escalation policy', id);
  return toPolicy(rows[0]);
}

/** Every policy by name. */
export async function listPolicies(db: Queryable): Promise<Policy[]> {
  const { rows } = await db.query<PolicyRow>('SELECT * FROM escalation_policies ORDER BY name');
  return rows.map(toPolicy);
}

/** An escalation row as stored (with its policy snapshot, shaped for the urgency it started with). */
export interface EscalationRow {
  id: string;
  incident_id: string;
  policy_id: string | null;
  policy: Snapshot;
  level: number;
  round: number;
  state: Escalation['state'];
  started_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

/** The API form of an escalation. */
export function toEscalation(r: EscalationRow): Escalation {
  return {
    id: r.id,
    incidentId: r.incident_id,
    policyId: r.policy_id,
    policyName: r.policy.name,
    level: r.level,
    levels: r.policy.levels.length,
    round: r.round,
    state: r.state,
    startedAt: r.started_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_by,
  };
}

/** An escalation locked for a change, or undefined. */
export async function lockEscalation(db: Queryable, id: string): Promise<EscalationRow | undefined> {
  const { rows } = await db.query<EscalationRow>('SELECT * FROM escalations WHERE id = $1 FOR UPDATE', [id]);
  return rows[0];
}

/** The incident's running escalation, locked for a change, or undefined. */
export async function lockRunning(db: Queryable, incidentId: string): Promise<EscalationRow | undefined> {
  const { rows } = await db.query<EscalationRow>(
    "SELECT * FROM escalations WHERE incident_id = $1 AND state = 'active' FOR UPDATE",
    [incidentId],
  );
  return rows[0];
}

/** The escalations of an incident, newest first. */
export async function escalationsOf(db: Queryable, incidentId: string): Promise<Escalation[]> {
  const { rows } = await db.query<EscalationRow>(
    'SELECT * FROM escalations WHERE incident_id = $1 ORDER BY started_at DESC LIMIT 50',
    [incidentId],
  );
  return rows.map(toEscalation);
}

/** The running escalations of an incident, each with how many levels its policy has. */
export async function activeEscalations(
  db: Queryable,
  incidentId: string,
): Promise<{ id: string; levels: number }[]> {
  const { rows } = await db.query<{ id: string; levels: number }>(
    `SELECT id, jsonb_array_length(policy->'levels') AS levels FROM escalations WHERE incident_id = $1 AND state = 'active'`,
    [incidentId],
  );
  return rows;
}

/** What an acknowledgement link shows: the incident's number and tagline, and the escalation's state. */
export async function escalationSummary(
  db: Queryable,
  escalationId: string,
): Promise<{ incidentId: string; number: number; tagline: string; state: Escalation['state'] } | undefined> {
  const { rows } = await db.query<{
    incident_id: string;
    number: number;
    tagline: string;
    state: Escalation['state'];
  }>(
    'SELECT e.incident_id, i.number, i.tagline, e.state FROM escalations e JOIN incidents i ON i.id = e.incident_id WHERE e.id = $1',
    [escalationId],
  );
  const r = rows[0];
  return r && { incidentId: r.incident_id, number: r.number, tagline: r.tagline, state: r.state };
}

/** Starts an escalation unless one is running for the incident; returns it, or undefined if one runs. */
export async function insertEscalation(
  db: Queryable,
  e: { incidentId: string; policy: Policy; at: Date },
): Promise<EscalationRow | undefined> {
  const { rows } = await db.query<EscalationRow>(
    // A policy not stored (a client's chain) leaves policy_id empty.
    `INSERT INTO escalations (incident_id, policy_id, policy, state, started_at)
     VALUES ($1, (SELECT id FROM escalation_policies WHERE id = $2), $3, 'active', $4)
     ON CONFLICT (incident_id) WHERE state = 'active' DO NOTHING RETURNING *`,
    [e.incidentId, e.policy.id, JSON.stringify(e.policy), e.at],
  );
  return rows[0];
}

/** Writes the level/round/state of an escalation. */
export async function updateEscalation(
  db: Queryable,
  id: string,
  set: Partial<{
    level: number;
    round: number;
    state: Escalation['state'];
    acknowledged_at: Date;
    acknowledged_by: string;
    ended_at: Date;
    /** A new snapshot (JSON), when a change of urgency reshapes it. */
    policy: string;
  }>,
): Promise<void> {
  const keys = Object.keys(set) as (keyof typeof set)[];
  await db.query(
    `UPDATE escalations SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`,
    [id, ...keys.map((k) => set[k])],
  );
}

/** The people of a team. */
export async function teamMembers(db: Queryable, teamId: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    'SELECT user_id FROM team_members WHERE team_id = $1',
    [teamId],
  );
  return rows.map((r) => r.user_id);
}

interface MethodRow {
  id: string;
  user_id: string;
  kind: ContactKind;
  address: string;
  label: string;
  verified_at: Date | null;
  created_at: Date;
}

/** The API form of a contact method. */
export function toMethod(r: MethodRow): ContactMethod {
  return {
    id: r.id,
    kind: r.kind,
    address: r.address,
    label: r.label,
    verified: r.verified_at !== null,
    createdAt: r.created_at.toISOString(),
  };
}

/** A person's contact methods (not removed). */
export async function methodsOf(db: Queryable, userId: string): Promise<MethodRow[]> {
  const { rows } = await db.query<MethodRow>(
    'SELECT * FROM contact_methods WHERE user_id = $1 AND disabled_at IS NULL ORDER BY created_at',
    [userId],
  );
  return rows;
}

/** A person's notification rules in order, each with its (verified) method. */
export async function rulesOf(
  db: Queryable,
  userId: string,
): Promise<{ method: MethodRow; delayMinutes: number }[]> {
  const { rows } = await db.query<MethodRow & { delay_minutes: number }>(
    `SELECT m.*, r.delay_minutes FROM notification_rules r JOIN contact_methods m ON m.id = r.contact_method_id
      WHERE r.user_id = $1 AND m.disabled_at IS NULL AND m.verified_at IS NOT NULL ORDER BY r.position`,
    [userId],
  );
  return rows.map((r) => ({ method: r, delayMinutes: r.delay_minutes }));
}
