/**
 * SQL of the decision acts: who owns the product of an incident (its service's product owners, else
 * those of the teams answering for its area) and the team's lead, the questions put to them with
 * their answers, and the product-owner roles of teams and services.
 */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import type { ChannelKind } from '../notify/types.ts';
import type { Answer } from './schema.ts';

/** The people a question goes to, the team whose lead hears of it when unanswered, and why them. */
export interface Askees {
  userIds: string[];
  teamId: string | null;
  because: string;
}

/**
 * The product owners of an incident: its service's (the service of the integration that opened it),
 * else those of the teams answering for its area (FEBE → FE and BE teams too).
 */
export async function askeesFor(db: Queryable, incidentId: string): Promise<Askees> {
  const { rows } = await db.query<{ service: string | null; team_id: string | null; owners: string[] }>(
    `WITH inc AS (SELECT area, origin, service_id FROM incidents WHERE id = $1),
     svc AS (SELECT s.id, s.name, s.team_id FROM inc
               JOIN services s ON s.id = coalesce(inc.service_id,
                 (SELECT g.service_id FROM integrations g WHERE g.id::text = inc.origin->>'integrationId'))),
     area_teams AS (SELECT t.id, t.name FROM teams t, inc
               WHERE t.areas && (CASE inc.area WHEN 'FEBE' THEN ARRAY['FE', 'BE', 'FEBE'] ELSE ARRAY[inc.area] END))
     SELECT (SELECT name FROM svc) AS service,
            coalesce((SELECT team_id FROM svc), (SELECT id FROM area_teams ORDER BY name LIMIT 1)) AS team_id,
            coalesce(
              nullif(ARRAY(SELECT p.user_id FROM product_owners p JOIN users u ON u.id = p.user_id
                             WHERE p.service_id = (SELECT id FROM svc) AND u.disabled_at IS NULL
                             ORDER BY u.name), '{}'),
              ARRAY(SELECT DISTINCT p.user_id FROM product_owners p JOIN users u ON u.id = p.user_id
                     WHERE p.team_id IN (SELECT id FROM area_teams) AND u.disabled_at IS NULL)) AS owners`,
    [incidentId],
  );
  const r = rows[0]!;
  return {
    userIds: r.owners,
    teamId: r.team_id,
    because: r.service ? `product owners of ${r.service}` : "product owners of the area's team",
  };
}

/** The lead of a team, if it names one (and they are active). */
export async function teamLead(db: Queryable, teamId: string | null): Promise<string | null> {
  if (!teamId) return null;
  const { rows } = await db.query<{ lead_id: string }>(
    `SELECT t.lead_id FROM teams t JOIN users u ON u.id = t.lead_id WHERE t.id = $1 AND u.disabled_at IS NULL`,
    [teamId],
  );
  return rows[0]?.lead_id ?? null;
}

/** One verified contact method of a person, as a question is sent through it. */
export interface Method {
  id: string;
  userId: string;
  kind: ChannelKind;
  address: string;
  name: string;
}

/** The verified methods of these people, in their order of adding. */
export async function methodsOf(db: Queryable, userIds: string[]): Promise<Method[]> {
  const { rows } = await db.query<Method>(
    `SELECT m.id, m.user_id AS "userId", m.kind, m.address, u.name
       FROM contact_methods m JOIN users u ON u.id = m.user_id
      WHERE m.user_id = ANY($1) AND m.disabled_at IS NULL AND m.verified_at IS NOT NULL
        AND u.disabled_at IS NULL
      ORDER BY u.name, m.created_at`,
    [userIds],
  );
  return rows;
}

/** A question as stored. */
export interface QuestionRow {
  id: string;
  incident_id: string;
  asked_at: Date;
  asked_to: string[];
  team_id: string | null;
  reminded_at: Date | null;
  escalated_at: Date | null;
  answer: Answer | null;
  reason: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

/** Stores a new pending question; undefined when one is pending already. */
export async function insertQuestion(
  db: Queryable,
  q: { incidentId: string; at: Date; askedTo: string[]; teamId: string | null },
): Promise<QuestionRow | undefined> {
  const { rows } = await db.query<QuestionRow>(
    `INSERT INTO decision_questions (incident_id, asked_at, asked_to, team_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (incident_id) WHERE answer IS NULL DO NOTHING RETURNING *`,
    [q.incidentId, q.at, q.askedTo, q.teamId],
  );
  return rows[0];
}

/** A question by id. */
export async function getQuestion(db: Queryable, id: string): Promise<QuestionRow | undefined> {
  const { rows } = await db.query<QuestionRow>('SELECT * FROM decision_questions WHERE id = $1', [id]);
  return rows[0];
}

/** The newest question of an incident (pending or answered), with the names of whom it went to. */
export async function latestQuestion(
  db: Queryable,
  incidentId: string,
): Promise<(QuestionRow & { asked_names: string[]; answered_name: string | null }) | undefined> {
  const { rows } = await db.query<QuestionRow & { asked_names: string[]; answered_name: string | null }>(
    `SELECT q.*, ARRAY(SELECT name FROM users WHERE id = ANY(q.asked_to) ORDER BY name) AS asked_names,
            a.name AS answered_name
       FROM decision_questions q LEFT JOIN users a ON a.id = q.answered_by
      WHERE q.incident_id = $1 ORDER BY q.asked_at DESC LIMIT 1`,
    [incidentId],
  );
  return rows[0];
}

/** Records the answer of the pending question of an incident, if there is one. */
export async function answerPending(
  db: Queryable,
  incidentId: string,
  a: { answer: Answer; reason: string; by: string; at: Date },
): Promise<void> {
  await db.query(
    `UPDATE decision_questions SET answer = $2, reason = $3, answered_by = $4, answered_at = $5
      WHERE incident_id = $1 AND answer IS NULL`,
    [incidentId, a.answer, a.reason, a.by, a.at],
  );
}

/** Marks a pending question reminded or escalated; false when it was answered meanwhile. */
export async function markFollowUp(
  db: Queryable,
  id: string,
  step: 'reminded' | 'escalated',
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE decision_questions SET ${step === 'reminded' ? 'reminded_at' : 'escalated_at'} = $2
      WHERE id = $1 AND answer IS NULL`,
    [id, at],
  );
  return rowCount === 1;
}

/** The product owners (and for a team, its lead) of a team or service; 404 when it does not exist. */
export async function productRoles(
  db: Queryable,
  of: 'team' | 'service',
  id: string,
): Promise<{ productOwners: { id: string; name: string; email: string }[]; lead: string | null }> {
  const { rows } = await db.query<{
    owners: { id: string; name: string; email: string }[];
    lead: string | null;
  }>(
    `SELECT coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email) ORDER BY u.name)
                        FROM product_owners p JOIN users u ON u.id = p.user_id
                       WHERE p.${of}_id = x.id), '[]') AS owners,
            ${of === 'team' ? 'x.lead_id' : 'NULL::uuid'} AS lead
       FROM ${of === 'team' ? 'teams' : 'services'} x WHERE x.id = $1`,
    [id],
  );
  if (!rows[0]) throw notFound(of, id);
  return { productOwners: rows[0].owners, lead: rows[0].lead };
}

/** Replaces the product owners of a team or service (and a team's lead). */
export async function setProductRoles(
  db: Queryable,
  of: 'team' | 'service',
  id: string,
  r: { productOwners: string[]; lead?: string | null },
): Promise<void> {
  await productRoles(db, of, id);
  await db.query(`DELETE FROM product_owners WHERE ${of}_id = $1`, [id]);
  if (r.productOwners.length)
    await db.query(`INSERT INTO product_owners (${of}_id, user_id) SELECT $1, unnest($2::uuid[])`, [
      id,
      r.productOwners,
    ]);
  if (of === 'team' && r.lead !== undefined)
    await db.query('UPDATE teams SET lead_id = $2 WHERE id = $1', [id, r.lead]);
}
