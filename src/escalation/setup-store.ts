/** SQL for the setup views: services with their chain and integrations, and the checklist's facts. */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';

/** A service with its chain of command and the integrations that feed it. */
export interface ServiceChain {
  id: string;
  name: string;
  description: string;
  team: { id: string; name: string } | null;
  owner: { id: string; name: string } | null;
  escalationPolicy: { id: string; name: string } | null;
  /** The policy that pages for it: its own, else its team's. */
  pagingPolicyId: string | null;
  integrations: { id: string; name: string; type: string }[];
}

interface Row {
  id: string;
  name: string;
  description: string;
  team: ServiceChain['team'];
  owner: ServiceChain['owner'];
  policy: ServiceChain['escalationPolicy'];
  paging_policy_id: string | null;
  integrations: ServiceChain['integrations'];
}

const SELECT = `
  SELECT s.id, s.name, s.description,
         CASE WHEN t.id IS NULL THEN NULL ELSE jsonb_build_object('id', t.id, 'name', t.name) END AS team,
         CASE WHEN u.id IS NULL THEN NULL ELSE jsonb_build_object('id', u.id, 'name', u.name) END AS owner,
         CASE WHEN p.id IS NULL THEN NULL ELSE jsonb_build_object('id', p.id, 'name', p.name) END AS policy,
         COALESCE(s.escalation_policy_id, t.escalation_policy_id) AS paging_policy_id,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name, 'type', g.type) ORDER BY g.name)
                     FROM integrations g WHERE g.service_id = s.id AND g.disabled_at IS NULL), '[]') AS integrations
    FROM services s
    LEFT JOIN teams t ON t.id = s.team_id
    LEFT JOIN users u ON u.id = s.owner_id
    LEFT JOIN escalation_policies p ON p.id = s.escalation_policy_id`;

const toChain = (r: Row): ServiceChain => ({
  id: r.id,
  name: r.name,
  description: r.description,
  team: r.team,
  owner: r.owner,
  escalationPolicy: r.policy,
  pagingPolicyId: r.paging_policy_id,
  integrations: r.integrations,
});

/** Every service with its chain, by name. */
export async function listServiceChains(db: Queryable): Promise<ServiceChain[]> {
  const { rows } = await db.query<Row>(`${SELECT} ORDER BY s.name`);
  return rows.map(toChain);
}

/** One service with its chain, or 404. */
export async function getServiceChain(db: Queryable, id: string): Promise<ServiceChain> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE s.id = $1`, [id]);
  if (!rows[0]) throw notFound('service', id);
  return toChain(rows[0]);
}

/** Whether a page for an alert-opened incident has reached someone (a message sent): paging works end to end. */
export async function alertPageDelivered(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM messages m JOIN incidents i ON i.id = m.incident_id
                     WHERE m.status = 'sent' AND m.escalation_id IS NOT NULL
                       AND i.origin ? 'integrationId') AS ok`,
  );
  return rows[0]!.ok;
}

/** Whether any integration exists (so a test alert can be sent). */
export async function hasIntegration(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM integrations WHERE disabled_at IS NULL) AS ok',
  );
  return rows[0]!.ok;
}
