/**
 * Change events (PagerDuty's `/v2/change/enqueue`: a deploy, a configuration change): each is kept
 * in service_changes, per service and time, and noted as a `change` entry on the timeline of every
 * open incident of the integration's service (of the integration itself when it has no service),
 * in one transaction. Changes open nothing and page nobody, as at PagerDuty. A change of a service
 * is also a deployment: the job `change-deployment` (the deployments domain) records it as one.
 */
import type pg from 'pg';
import { withTransaction, type Queryable } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';
import { openStatuses } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { newDeliveryId } from './delivery-id.ts';
import type { ChangeEvent } from './integrations/pagerduty.ts';
import type { IntegrationRecord } from './store.ts';

/** The job, handled by the deployments domain, that records a service's change as a deployment. */
export const CHANGE_DEPLOYMENT_JOB = 'change-deployment';

/** What was recorded: the change's id and the incidents whose timelines note it. */
export interface RecordedChange {
  id: string;
  incidentIds: string[];
}

/** Stores `change` received at `receivedAt` through `integration` and notes it on open incidents. */
export async function recordChange(
  pool: pg.Pool,
  integration: IntegrationRecord,
  change: ChangeEvent,
  receivedAt: Date,
): Promise<RecordedChange> {
  const id = newDeliveryId();
  return withTransaction(pool, async (tx) => {
    await tx.query(
      `INSERT INTO service_changes
         (id, integration_id, service_id, received_at, occurred_at, summary, source, links, custom_details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        integration.id,
        integration.serviceId,
        receivedAt,
        change.occurredAt,
        change.summary,
        change.source,
        JSON.stringify(change.links),
        change.customDetails === null ? null : JSON.stringify(change.customDetails),
      ],
    );
    const incidentIds = await openIncidentsOf(tx, integration);
    for (const incidentId of incidentIds)
      await appendTimeline(tx, {
        incidentId,
        at: receivedAt,
        actorId: null,
        kind: 'change',
        data: {
          changeId: id,
          summary: change.summary,
          source: change.source,
          occurredAt: change.occurredAt?.toISOString() ?? null,
          links: change.links,
          integration: integration.name,
          service: integration.serviceName,
        },
      });
    if (integration.serviceId)
      await enqueue(tx, [
        {
          kind: CHANGE_DEPLOYMENT_JOB,
          key: `${CHANGE_DEPLOYMENT_JOB}:${id}`,
          runAt: receivedAt,
          payload: { changeId: id },
        },
      ]);
    return { id, incidentIds };
  });
}

/** Open incidents with alerts from the integration's service (or from the integration alone). */
async function openIncidentsOf(db: Queryable, integration: IntegrationRecord): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT DISTINCT i.id, i.number FROM incidents i
       JOIN alert_groups g ON g.incident_id = i.id
       JOIN integrations n ON n.id = g.integration_id
      WHERE i.status = ANY($1) AND (n.id = $2 OR ($3::uuid IS NOT NULL AND n.service_id = $3))
      ORDER BY i.number`,
    [openStatuses, integration.id, integration.serviceId],
  );
  return rows.map((r) => r.id);
}

/** A stored change, as the API shows it. */
export interface ServiceChange {
  id: string;
  integrationId: string;
  receivedAt: string;
  occurredAt: string | null;
  summary: string;
  source: string | null;
  links: { href: string; text?: string }[];
  customDetails: Record<string, unknown> | null;
}

/** Recent changes received through an integration, newest first. */
export async function listChanges(
  db: Queryable,
  integrationId: string,
  limit: number,
): Promise<ServiceChange[]> {
  const { rows } = await db.query<{
    id: string;
    integration_id: string;
    received_at: Date;
    occurred_at: Date | null;
    summary: string;
    source: string | null;
    links: ServiceChange['links'];
    custom_details: Record<string, unknown> | null;
  }>(
    `SELECT id, integration_id, received_at, occurred_at, summary, source, links, custom_details
       FROM service_changes WHERE integration_id = $1 ORDER BY received_at DESC, id LIMIT $2`,
    [integrationId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    integrationId: r.integration_id,
    receivedAt: r.received_at.toISOString(),
    occurredAt: r.occurred_at?.toISOString() ?? null,
    summary: r.summary,
    source: r.source,
    links: r.links,
    customDetails: r.custom_details,
  }));
}
