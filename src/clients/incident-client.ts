/**
 * An incident's client: setting it (which starts the SLA clocks), its clocks as shown, and telling
 * the client's emergency contacts. Each change goes through `changeIncident`, so it is on the
 * incident's timeline in the same transaction.
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { AppError } from '../errors.ts';
import { changeIncident, type FlowDeps } from '../incidents/change.ts';
import { requestPage } from '../incidents/page-request.ts';
import { requestClientNotify } from './notify.ts';
import type { incidentSlaSchema } from './schema.ts';
import { scheduleSla } from './sla-jobs.ts';
import { slaClocks } from './sla.ts';
import { getClient, incidentClient, milestones, setIncidentClient } from './store.ts';

/** The API form of an incident's client and SLA clocks. */
export type IncidentSla = z.output<typeof incidentSlaSchema>;

/**
 * Sets (or with null clears) the client incident `ref` is for, on its timeline; a client's SLA
 * clocks start from when the incident began, and an open incident asks for a page, which goes to
 * the client's chain (strategist, PM, lead developer by default). Answers the incident's id.
 */
export async function assignClient(
  deps: FlowDeps,
  ref: string,
  actor: User,
  clientId: string | null,
): Promise<string> {
  const client = clientId ? await getClient(deps.pool, clientId) : null;
  return changeIncident(deps, ref, actor, async (c) => {
    await setIncidentClient(c.tx, c.row.id, clientId);
    await c.record('client-set', { client: client?.name ?? null });
    const found = client && (await incidentClient(c.tx, c.row.id));
    if (found) await scheduleSla(c.tx, c.row.id, found.tier, found.start, found.client.id);
    // Once per incident and client (linking it again pages nobody twice), and only a chain with
    // someone in it: a client without one leaves paging as it was.
    const chained = found?.client.chainLevels.some((l) => found.client.chain[l.role]);
    if (found && chained && !c.row.resolved_at)
      await requestPage(
        c.tx,
        c.row.id,
        `Client ${found.client.name}: confirm the issue and reach our people for them`,
        `page:client:${c.row.id}:${found.client.id}`,
        c.now,
      );
    return c.row.id;
  });
}

/** The incident's client, its tier and its SLA clocks now (none without a client). */
export async function incidentSla(deps: FlowDeps, incidentId: string): Promise<IncidentSla> {
  const found = await incidentClient(deps.pool, incidentId);
  if (!found) return { client: null, tier: null, clocks: [] };
  const list = slaClocks(found.tier, found.start, await milestones(deps.pool, incidentId), deps.clock.now());
  return {
    client: found.client,
    tier: found.tier,
    clocks: list.map((c) => ({
      ...c,
      dueAt: c.dueAt.toISOString(),
      warnAt: c.warnAt.toISOString(),
      metAt: c.metAt?.toISOString() ?? null,
    })),
  };
}

/**
 * Queues `message` for each emergency contact of the incident's client, on its timeline (a first
 * response for the SLA). 409 without a client or contacts. Answers how many contacts.
 */
export async function notifyClientContacts(
  deps: FlowDeps,
  ref: string,
  actor: User,
  message: string,
): Promise<number> {
  return changeIncident(deps, ref, actor, async (c) => {
    const found = await incidentClient(c.tx, c.row.id);
    if (!found) throw new AppError('conflict', 'This incident has no client: set its client first.');
    if (found.client.emergencyContacts.length === 0)
      throw new AppError('conflict', `${found.client.name} has no emergency contacts.`);
    const n = await requestClientNotify(c.tx, c.row.id, found.client, message, c.now);
    await c.record('client-notify-requested', { client: found.client.name, contacts: n, message });
    return n;
  });
}
