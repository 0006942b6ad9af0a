/** SQL for routing: which policies an incident or a service is paged by, and whom its roles name. */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import type { Policy } from './schema.ts';
import { toPolicy, type PolicyRow } from './store.ts';

/** How a route was found: the service's policy, its team's, the area's teams', or the default. */
export type RouteVia = 'service' | 'service-team' | 'area' | 'default';

/** The settings key of the organisation's default escalation policy (`{ policyId }`). */
export const DEFAULT_POLICY_KEY = 'default-escalation-policy';

/**
 * The policies a service and area are paged by, the same for every origin: the service's policy,
 * else its team's, else the policies of the teams answering for the area (FEBE → the FE and the BE
 * teams), else the organisation's default policy. `who` names the service or team it came from.
 */
export async function routeOf(
  db: Queryable,
  serviceId: string | null,
  area: string | null,
): Promise<{ policies: Policy[]; via: RouteVia | null; who: string[] }> {
  const { rows } = await db.query<PolicyRow & { via: RouteVia; who: string | null }>(
    `WITH svc AS (
       SELECT s.name, s.escalation_policy_id AS sp, t.escalation_policy_id AS tp, t.name AS team
         FROM services s LEFT JOIN teams t ON t.id = s.team_id WHERE s.id = $1::uuid),
     own AS (SELECT 1 FROM svc WHERE coalesce(sp, tp) IS NOT NULL),
     zone AS (
       SELECT t.escalation_policy_id AS p, t.name FROM teams t
        WHERE t.escalation_policy_id IS NOT NULL
          AND t.areas && (CASE $2::text WHEN 'FEBE' THEN ARRAY['FE', 'BE', 'FEBE'] ELSE ARRAY[$2::text] END)),
     pick AS (
       SELECT 'service' AS via, sp AS p, name AS who FROM svc WHERE sp IS NOT NULL
       UNION ALL SELECT 'service-team', tp, team FROM svc WHERE sp IS NULL AND tp IS NOT NULL
       UNION ALL SELECT 'area', p, name FROM zone WHERE NOT EXISTS (SELECT 1 FROM own)
       UNION ALL SELECT 'default', (value->>'policyId')::uuid, NULL FROM settings
        WHERE key = $3 AND NOT EXISTS (SELECT 1 FROM own) AND NOT EXISTS (SELECT 1 FROM zone))
     SELECT p.*, pick.via, pick.who FROM pick JOIN escalation_policies p ON p.id = pick.p ORDER BY p.name, pick.who`,
    [serviceId, area, DEFAULT_POLICY_KEY],
  );
  const policies = [...new Map(rows.map((r) => [r.id, toPolicy(r)])).values()];
  const who = [...new Set(rows.flatMap((r) => (r.who ? [r.who] : [])))];
  return { policies, via: rows[0]?.via ?? null, who };
}

/** An incident's service (its own, else its alert integration's) and area. */
export async function serviceAndArea(
  db: Queryable,
  incidentId: string,
): Promise<{ serviceId: string | null; serviceName: string | null; area: string | null }> {
  const { rows } = await db.query<{ service_id: string | null; name: string | null; area: string | null }>(
    `SELECT s.id AS service_id, s.name, i.area FROM incidents i
       LEFT JOIN integrations g ON g.id::text = i.origin->>'integrationId'
       LEFT JOIN services s ON s.id = coalesce(i.service_id, g.service_id)
      WHERE i.id = $1`,
    [incidentId],
  );
  return {
    serviceId: rows[0]?.service_id ?? null,
    serviceName: rows[0]?.name ?? null,
    area: rows[0]?.area ?? null,
  };
}

/** The policies an incident is paged by: the route of its own service and area (see `routeOf`). */
export async function policiesFor(db: Queryable, incidentId: string): Promise<Policy[]> {
  const { serviceId, area } = await serviceAndArea(db, incidentId);
  return (await routeOf(db, serviceId, area)).policies;
}

/** Sets a service's chain of command: its team, its senior-most responsible person, its policy; or 404. */
export async function setServiceChain(
  db: Queryable,
  serviceId: string,
  chain: { teamId: string | null; ownerId: string | null; escalationPolicyId: string | null },
): Promise<void> {
  const { rowCount } = await db.query(
    'UPDATE services SET team_id = $2, owner_id = $3, escalation_policy_id = $4 WHERE id = $1',
    [serviceId, chain.teamId, chain.ownerId, chain.escalationPolicyId],
  );
  if (!rowCount) throw notFound('service', serviceId);
}

/** Whom an incident's roles name: its service's owner and its client's escalation chain. */
export interface TargetContext {
  serviceOwnerId: string | null;
  clientChain: Partial<Record<string, string>>;
}

/** The incident's service owner (its own service, else its alert integration's) and client chain. */
export async function targetContextOf(db: Queryable, incidentId: string): Promise<TargetContext> {
  const { rows } = await db.query<{ owner_id: string | null; chain: Record<string, string> | null }>(
    `SELECT s.owner_id, c.chain FROM incidents i
       LEFT JOIN integrations g ON g.id::text = i.origin->>'integrationId'
       LEFT JOIN services s ON s.id = coalesce(i.service_id, g.service_id)
       LEFT JOIN clients c ON c.id = i.client_id
      WHERE i.id = $1`,
    [incidentId],
  );
  return { serviceOwnerId: rows[0]?.owner_id ?? null, clientChain: rows[0]?.chain ?? {} };
}
