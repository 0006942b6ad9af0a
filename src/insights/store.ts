/**
 * The SQL of the insights: the incidents' facts (`incident_facts`, one row per incident kept by
 * triggers on the incidents, their timeline, time entries, deviations, tech debt and post-mortem
 * actions) and the pages (outbox messages of escalations) written since a transaction, for the
 * mirror in memory; and the names the figures are shown with.
 */
import type pg from 'pg';
import { withTransaction, type Queryable } from '../db/pool.ts';
import type { Scope } from './cohort.ts';
import { timedStatuses, type ActionItem, type DebtItem, type FactsRow } from './columns.ts';

type Row = Record<string, unknown>;

const ms = (column: string) => `(date_part('epoch', ${column}) * 1000)::float8`;

const factsSql = `SELECT incident_id, ${ms('created_at')} AS created, ${ms('resolved_at')} AS resolved,
    ${ms('acknowledged_at')} AS acknowledged, ${ms('responded_at')} AS responded,
    ${ms('verify_started_at')} AS verify_started, ${ms('verified_at')} AS verified,
    status AS moved_to, ${ms('status_since')} AS moved_at, incident_status, service_id::text,
    client_id::text, scope, criticality, area, urgency, hours, tech_debt_hours, deviations,
    deviation_reasons, tech_debt, actions, ${timedStatuses.map((st) => `${st}_minutes`).join(', ')}
  FROM incident_facts WHERE written_by >= $1::xid8`;

function toFacts(r: Row): FactsRow {
  return {
    id: r.incident_id as string,
    created: r.created as number,
    resolved: r.resolved as number | null,
    acknowledged: r.acknowledged as number | null,
    responded: r.responded as number | null,
    verifyStarted: r.verify_started as number | null,
    verified: r.verified as number | null,
    movedTo: r.moved_to as string | null,
    movedAt: r.moved_at as number | null,
    status: r.incident_status as string,
    service: r.service_id as string | null,
    client: r.client_id as string | null,
    scope: r.scope as string | null,
    criticality: r.criticality as string | null,
    area: r.area as string | null,
    urgency: r.urgency as string | null,
    hours: Number(r.hours),
    techDebtHours: Number(r.tech_debt_hours),
    deviations: Number(r.deviations),
    deviationReasons: r.deviation_reasons as string[],
    techDebt: ((r.tech_debt as DebtItem[] | null) ?? []).map((d) => ({ ...d, budget: Number(d.budget) })),
    actions: (r.actions as ActionItem[] | null) ?? [],
    minutes: timedStatuses.map((st) => r[`${st}_minutes`] as number | null),
  };
}

/** A page as read: its incident by id (the mirror finds its row). */
export interface PageRead {
  id: string;
  sentAt: number | null;
  userId: string | null;
  incidentId: string | null;
}

/** Rows read per statement: a first read of every incident holds this many at a time. */
const CHUNK = 5000;

/**
 * Reads the facts, then the pages, written by transactions at or after `since` (a transaction id;
 * '0': all), handing them over `CHUNK` at a time, and answers the oldest transaction still running
 * when they were read: where the next read starts. Read in one snapshot, so every change committed
 * after it has a transaction id at or after that one.
 */
export async function readWrittenSince(
  pool: pg.Pool,
  since: string,
  take: { facts(rows: FactsRow[]): void; pages(rows: PageRead[]): void },
): Promise<string> {
  return withTransaction(pool, async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const snapshot = await tx.query<{ xmin: string }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
    );
    // Chunk after chunk in the order of the key, each after the last key of the one before.
    const chunks = async (sql: string, key: string, each: (rows: Row[]) => void) => {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const { rows } = await tx.query<Row>(`${sql} AND ${key} > $2::uuid ORDER BY ${key} LIMIT ${CHUNK}`, [
          since,
          after,
        ]);
        each(rows);
        if (rows.length < CHUNK) return;
        after = rows.at(-1)![key] as string;
      }
    };
    await chunks(factsSql, 'incident_id', (rows) => take.facts(rows.map(toFacts)));
    await chunks(
      `SELECT id, CASE WHEN status = 'sent' THEN ${ms('sent_at')} END AS sent_at, user_id::text, incident_id::text
         FROM messages WHERE escalation_id IS NOT NULL AND written_by >= $1::xid8`,
      'id',
      (rows) =>
        take.pages(
          rows.map((r) => ({
            id: r.id as string,
            sentAt: r.sent_at as number | null,
            userId: r.user_id as string | null,
            incidentId: r.incident_id as string | null,
          })),
        ),
    );
    return snapshot.rows[0]!.xmin;
  });
}

/** The team of each service (null: none), by the service's id. */
export async function serviceTeams(db: Queryable): Promise<Map<string, string | null>> {
  const { rows } = await db.query<{ id: string; team_id: string | null }>(
    'SELECT id::text, team_id::text FROM services',
  );
  return new Map(rows.map((r) => [r.id, r.team_id]));
}

/** A client with its tier's targets. */
export interface ClientWithTier {
  client: string;
  tier: { name: string; ackMinutes: number; responseMinutes: number; resolveMinutes: number };
}

/** The clients `ids` with their tiers' targets, by id. */
export async function clientsWithTiers(db: Queryable, ids: string[]): Promise<Map<string, ClientWithTier>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<Row>(
    `SELECT c.id::text, c.name, t.name AS tier, t.ack_minutes, t.response_minutes, t.resolve_minutes
       FROM clients c JOIN client_tiers t ON t.name = c.tier WHERE c.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.id as string,
      {
        client: r.name as string,
        tier: {
          name: r.tier as string,
          ackMinutes: Number(r.ack_minutes),
          responseMinutes: Number(r.response_minutes),
          resolveMinutes: Number(r.resolve_minutes),
        },
      },
    ]),
  );
}

/** The names of people `ids`, by id. */
export async function userNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id::text, name FROM users WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Names of the groups' keys (teams, services, clients); class codes name themselves. */
export async function groupLabels(db: Queryable, scope: Scope, keys: string[]): Promise<Map<string, string>> {
  const table = { team: 'teams', service: 'services', client: 'clients' }[scope.groupBy as string];
  if (!table || keys.length === 0) return new Map(keys.map((k) => [k, k]));
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id::text, name FROM ${table} WHERE id = ANY($1::uuid[])`,
    [keys],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
