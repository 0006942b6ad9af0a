/**
 * Creating a post-mortem: by the rule once an incident is resolved (a resolved P1 or P2, data
 * loss, a deviation), or by hand. The first draft is filled in from the incident and its timeline;
 * the owner is the incident's owner (else who resolved it, else who declared it); it is due a
 * number of working days after resolution. Idempotent: an incident has at most one, and the
 * `postmortem-created` entry is written only by the call that made it.
 */
import type { User } from '../auth/schema.ts';
import { withTransaction, type Queryable } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { getIncident, lockIncident, updateIncident } from '../incidents/store.ts';
import { appendTimeline, listTimeline } from '../incidents/timeline.ts';
import { draftOutline } from './outline.ts';
import { addWorkingDays, requiredBy, type RequiredBy } from './rule.ts';
import { dueWorkingDays, insertPostmortem } from './store.ts';

/** What the rule reads of an incident besides its urgency. */
export async function ruleFacts(
  db: Queryable,
  incidentId: string,
): Promise<{
  deviations: number;
  dataLoss: string[];
  deviationRows: { reasons: string[]; skipped: string[]; justification: string }[];
}> {
  const [dev, loss] = await Promise.all([
    db.query<{ reasons: string[]; skipped: string[]; justification: string }>(
      'SELECT reasons, skipped, justification FROM deviations WHERE incident_id = $1 ORDER BY recorded_at',
      [incidentId],
    ),
    db.query<{ data_loss: string }>(
      'SELECT data_loss FROM incident_updates WHERE incident_id = $1 AND data_loss IS NOT NULL ORDER BY sent_at',
      [incidentId],
    ),
  ]);
  return {
    deviations: dev.rows.length,
    deviationRows: dev.rows,
    dataLoss: loss.rows.map((r) => r.data_loss),
  };
}

/** Who resolved the incident last, from its timeline. */
async function resolver(db: Queryable, incidentId: string): Promise<string | null> {
  const { rows } = await db.query<{ actor_id: string | null }>(
    `SELECT actor_id FROM timeline_entries WHERE incident_id = $1 AND kind = 'resolved' ORDER BY id DESC LIMIT 1`,
    [incidentId],
  );
  return rows[0]?.actor_id ?? null;
}

/**
 * Creates the post-mortem of incident `ref` with the given reason in one transaction with its
 * timeline entry; returns its id, or null when the incident already has one.
 */
export async function createPostmortem(
  deps: FlowDeps,
  ref: string,
  opts: { requiredBy: RequiredBy; actor: User | null; ownerId?: string; dueOn?: string },
): Promise<string | null> {
  return withTransaction(deps.pool, async (tx) => {
    const row = await lockIncident(tx, ref);
    const existing = await tx.query('SELECT 1 FROM postmortems WHERE incident_id = $1', [row.id]);
    if (existing.rows.length) return null;
    const now = deps.clock.now();
    const incident = await getIncident(tx, row.id);
    const ownerId =
      opts.ownerId ??
      incident.owner?.id ??
      (await resolver(tx, row.id)) ??
      incident.createdBy ??
      opts.actor?.id;
    if (!ownerId)
      throw new AppError('conflict', `Incident #${row.number} has no owner to write its post-mortem`);
    const facts = await ruleFacts(tx, row.id);
    const timeline = await listTimeline(tx, row.id, { limit: 2000 });
    const document = draftOutline(
      {
        number: incident.number,
        title: incident.title,
        description: incident.description,
        criticality: incident.criticality,
        scope: incident.scope,
        impact: incident.impact,
        startedAt: incident.lifespan.startedAt,
        createdAt: incident.createdAt,
        resolvedAt: incident.resolvedAt,
        resolutionSummary: incident.resolutionSummary,
        service: incident.service?.name ?? null,
      },
      timeline.map((e) => ({ at: e.at, kind: e.kind, actor: e.actor?.name ?? null, data: e.data })),
      { dataLoss: facts.dataLoss, deviations: facts.deviationRows },
    );
    const from = incident.resolvedAt ? new Date(incident.resolvedAt) : now;
    const dueOn = opts.dueOn ?? addWorkingDays(from, await dueWorkingDays(tx));
    const id = await insertPostmortem(tx, {
      incidentId: row.id,
      ownerId,
      dueOn,
      requiredBy: opts.requiredBy,
      document,
      at: now,
    });
    if (!id) return null;
    await appendTimeline(tx, {
      incidentId: row.id,
      at: now,
      actorId: opts.actor?.id ?? null,
      kind: 'postmortem-created',
      data: { postmortemId: id, requiredBy: opts.requiredBy },
    });
    await updateIncident(tx, row.id, { updated_at: now });
    return id;
  });
}

/** How far back the sweep looks for resolved incidents each minute. */
export const SWEEP_HORIZON_MS = 86_400_000;

/**
 * Creates the post-mortems the rule asks for: incidents resolved (or since closed) within the
 * horizon (one day unless given, as the minute's check does) that have none, whose urgency is P1
 * or P2, or that lost data or deviated. Returns how many were made.
 */
export async function createRequired(deps: FlowDeps, horizonMs = SWEEP_HORIZON_MS): Promise<number> {
  const now = deps.clock.now();
  const { rows } = await deps.pool.query<{
    id: string;
    urgency: string | null;
    deviations: number;
    data_loss: number;
  }>(
    `SELECT i.id, i.urgency,
            (SELECT count(*)::int FROM deviations d WHERE d.incident_id = i.id) AS deviations,
            (SELECT count(*)::int FROM incident_updates u WHERE u.incident_id = i.id AND u.data_loss IS NOT NULL) AS data_loss
       FROM incidents i
      WHERE i.status IN ('resolved', 'closed') AND i.resolved_at > $1
        AND NOT EXISTS (SELECT 1 FROM postmortems p WHERE p.incident_id = i.id)`,
    [new Date(now.getTime() - horizonMs)],
  );
  let made = 0;
  for (const r of rows) {
    const why = requiredBy({ urgency: r.urgency, deviations: r.deviations, dataLoss: r.data_loss });
    if (why && (await createPostmortem(deps, r.id, { requiredBy: why, actor: null }))) made += 1;
  }
  return made;
}
