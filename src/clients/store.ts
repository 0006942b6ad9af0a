/** SQL for clients, tiers, and the milestones an incident's SLA clocks are measured by. */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import type { Client } from './schema.ts';
import type { Milestones, Tier } from './sla.ts';

interface ClientRow {
  id: string;
  name: string;
  tier: string;
  emergency_contacts: Client['emergencyContacts'];
  chain: Client['chain'];
  chain_levels: Client['chainLevels'];
}

const toClient = (r: ClientRow): Client => ({
  id: r.id,
  name: r.name,
  tier: r.tier,
  emergencyContacts: r.emergency_contacts,
  chain: r.chain,
  chainLevels: r.chain_levels,
});

/** Every tier in order. */
export async function listTiers(db: Queryable): Promise<Tier[]> {
  const { rows } = await db.query<{
    name: string;
    ack_minutes: number;
    response_minutes: number;
    resolve_minutes: number;
  }>('SELECT name, ack_minutes, response_minutes, resolve_minutes FROM client_tiers ORDER BY position');
  return rows.map((r) => ({
    name: r.name,
    ackMinutes: r.ack_minutes,
    responseMinutes: r.response_minutes,
    resolveMinutes: r.resolve_minutes,
  }));
}

/**
 * Makes the tiers exactly `tiers`, in this order: new ones added, known ones changed, others
 * removed (a tier that clients use is refused by the database, foreign key error 23503).
 */
export async function replaceTiers(db: Queryable, tiers: Tier[]): Promise<void> {
  for (const [i, t] of tiers.entries())
    await db.query(
      `INSERT INTO client_tiers (name, position, ack_minutes, response_minutes, resolve_minutes) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (name) DO UPDATE SET position = $2, ack_minutes = $3, response_minutes = $4, resolve_minutes = $5`,
      [t.name, i + 1, t.ackMinutes, t.responseMinutes, t.resolveMinutes],
    );
  await db.query('DELETE FROM client_tiers WHERE NOT (name = ANY($1))', [tiers.map((t) => t.name)]);
}

/** Every client by name. */
export async function listClients(db: Queryable): Promise<Client[]> {
  const { rows } = await db.query<ClientRow>('SELECT * FROM clients ORDER BY name');
  return rows.map(toClient);
}

/** One client, or 404. */
export async function getClient(db: Queryable, id: string): Promise<Client> {
  const { rows } = await db.query<ClientRow>('SELECT * FROM clients WHERE id = $1', [id]);
  if (!rows[0]) throw notFound('client', id);
  return toClient(rows[0]);
}

/** Creates (id null) or replaces a client. */
export async function saveClient(
  db: Queryable,
  id: string | null,
  c: Omit<Client, 'id'>,
  at: Date,
): Promise<Client> {
  const values = [
    c.name,
    c.tier,
    JSON.stringify(c.emergencyContacts),
    JSON.stringify(c.chain),
    JSON.stringify(c.chainLevels),
  ];
  const { rows } = await db.query<ClientRow>(
    id
      ? 'UPDATE clients SET name = $2, tier = $3, emergency_contacts = $4, chain = $5, chain_levels = $6 WHERE id = $1 RETURNING *'
      : 'INSERT INTO clients (name, tier, emergency_contacts, chain, chain_levels, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
    id ? [id, ...values] : [...values, at],
  );
  if (!rows[0]) throw notFound('client', id ?? '');
  return toClient(rows[0]);
}

/** Sets (or with null clears) the client an incident is for; call it inside `changeIncident`. */
export async function setIncidentClient(
  db: Queryable,
  incidentId: string,
  clientId: string | null,
): Promise<void> {
  await db.query('UPDATE incidents SET client_id = $2 WHERE id = $1', [incidentId, clientId]);
}

/** The incidents with a client that began in [from, to), oldest first (at most 10,000). */
export async function clientIncidentsBetween(db: Queryable, from: Date, to: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM incidents WHERE client_id IS NOT NULL AND created_at >= $1 AND created_at < $2 ORDER BY created_at LIMIT 10000',
    [from, to],
  );
  return rows.map((r) => r.id);
}

/** The incident's client with its tier, and when it started; undefined without a client. */
export async function incidentClient(
  db: Queryable,
  incidentId: string,
): Promise<{ client: Client; tier: Tier; start: Date } | undefined> {
  const { rows } = await db.query<
    ClientRow & { start: Date; ack_minutes: number; response_minutes: number; resolve_minutes: number }
  >(
    `SELECT c.*, i.created_at AS start, t.ack_minutes, t.response_minutes, t.resolve_minutes
       FROM incidents i JOIN clients c ON c.id = i.client_id JOIN client_tiers t ON t.name = c.tier WHERE i.id = $1`,
    [incidentId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    client: toClient(r),
    tier: {
      name: r.tier,
      ackMinutes: r.ack_minutes,
      responseMinutes: r.response_minutes,
      resolveMinutes: r.resolve_minutes,
    },
    start: r.start,
  };
}

/**
 * When the incident was acknowledged (a page acknowledged, or someone took ownership), first
 * responded to (a person's note or status change, or a message to the client's contacts), and resolved.
 */
export async function milestones(db: Queryable, incidentId: string): Promise<Milestones> {
  const { rows } = await db.query<{ ack: Date | null; respond: Date | null; resolve: Date | null }>(
    `SELECT
       (SELECT min(at) FROM timeline_entries WHERE incident_id = $1 AND kind IN ('acknowledged', 'ownership-taken')) AS ack,
       (SELECT min(at) FROM timeline_entries WHERE incident_id = $1 AND actor_id IS NOT NULL
          AND kind IN ('note', 'status-changed', 'resolved', 'client-notify-requested')) AS respond,
       (SELECT resolved_at FROM incidents WHERE id = $1) AS resolve`,
    [incidentId],
  );
  const r = rows[0]!;
  return { acknowledge: r.ack, respond: r.respond, resolve: r.resolve };
}
