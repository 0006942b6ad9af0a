/**
 * Handing work to the team's tracker, as jobs retried with backoff:
 * - `tracker-handoff` {incidentId, by}: a backlogged incident (or one a responder hands over from
 *   the room) becomes a ticket. One job row per incident (key `tracker-handoff:<incidentId>`), and
 *   the job does nothing once `backlog_handoffs` holds the ticket, so an incident never gets two.
 * - `action-handoff` {actionId}: a post-mortem action item becomes an issue in the tracker of the
 *   post-mortem's incident; its `tracker_url` is set.
 * Each success is recorded on the timeline as `handed-off` {tracker, url, ref, actionId?}.
 */
import { withTransaction, type Queryable } from '../db/pool.ts';
import { enqueue, hurry, type Job } from '../engine/jobs.ts';
import { PermanentJobError } from '../engine/worker-options.ts';
import type { DomainContext } from '../http/module.ts';
import { lockIncident, updateIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { createIssue, type CreatedIssue } from './adapters.ts';
import { hasHandoff, insertHandoff } from './handoff-store.ts';
import { trackerForIncident, type TrackerRow } from './store.ts';
import { ticketFor, toAdf, toMarkdown } from './ticket.ts';

export const HANDOFF_JOB = 'tracker-handoff';
export const ACTION_HANDOFF_JOB = 'action-handoff';

/** The key of an incident's one hand-off job. */
export const handoffKey = (incidentId: string): string => `${HANDOFF_JOB}:${incidentId}`;

/**
 * Asks for an incident's ticket. The job is written once per incident; `again` (a person asking)
 * arms a job that gave up once more, e.g. after an admin fixed the tracker's token.
 */
export async function requestHandoff(
  db: Queryable,
  incidentId: string,
  now: Date,
  opts: { by: string | null; again?: boolean },
): Promise<void> {
  const key = handoffKey(incidentId);
  const payload = { incidentId, by: opts.by };
  const added = await enqueue(db, [{ kind: HANDOFF_JOB, key, runAt: now, payload }]);
  if (added || !opts.again) return;
  const { rowCount } = await db.query(
    `UPDATE jobs SET done_at = NULL, attempts = 0, last_error = NULL, locked_until = NULL, run_at = $2, payload = $3
      WHERE key = $1 AND done_at IS NOT NULL`,
    [key, new Date(now.getTime() + 1), JSON.stringify(payload)],
  );
  // Moved to now, which wakes the workers.
  if (rowCount) await hurry(db, key, now);
}

const person = async (db: Queryable, id: string | null) =>
  id
    ? ((await db.query<{ id: string }>('SELECT id FROM users WHERE id = $1', [id])).rows[0]?.id ?? null)
    : null;

function noTracker(): PermanentJobError {
  return new PermanentJobError(
    'No tracker is set up for this incident: an admin adds one (a default, or one for its team or service)',
  );
}

/** Runs a `tracker-handoff` job. */
export async function runHandoff(ctx: DomainContext, job: Job): Promise<void> {
  const { incidentId, by } = job.payload as { incidentId: string; by?: string | null };
  if (await hasHandoff(ctx.pool, incidentId)) return;
  const tracker = await trackerForIncident(ctx.pool, incidentId);
  if (!tracker) throw noTracker();
  const ticket = await ticketFor(ctx.pool, incidentId, ctx.publicUrl);
  const issue = await createIssue(
    ctx.outbound,
    tracker,
    {
      title: ticket.title,
      markdown: toMarkdown(ticket),
      adf: toAdf(ticket),
      event: {
        type: 'incident.handed-off',
        data: {
          incident: ticket.incident,
          classification: Object.fromEntries(
            ticket.classification.map((c) => [c.label.toLowerCase(), c.value]),
          ),
          stepsToReproduce: ticket.stepsToReproduce,
          evidence: ticket.evidence,
        },
      },
    },
    ctx.clock.now(),
  );
  const now = ctx.clock.now();
  const actorId = await person(ctx.pool, by ?? null);
  await withTransaction(ctx.pool, async (tx) => {
    const row = await lockIncident(tx, incidentId);
    if (
      !(await insertHandoff(tx, {
        incidentId,
        tracker,
        ref: issue.ref,
        url: issue.url,
        state: issue.state,
        at: now,
      }))
    )
      return;
    await appendTimeline(tx, {
      incidentId,
      at: now,
      actorId,
      kind: 'handed-off',
      data: handedOff(tracker, issue),
    });
    await updateIncident(tx, row.id, { updated_at: now });
  });
}

function handedOff(tracker: TrackerRow, issue: CreatedIssue, actionId?: string): Record<string, unknown> {
  return { tracker: tracker.name, url: issue.url, ref: issue.ref, ...(actionId ? { actionId } : {}) };
}

/** Runs an `action-handoff` job. */
export async function runActionHandoff(ctx: DomainContext, job: Job): Promise<void> {
  const { actionId } = job.payload as { actionId: string };
  const { rows } = await ctx.pool.query<{
    title: string;
    kind: string;
    due_on: string;
    tracker_url: string | null;
    incident_id: string;
    number: number;
    owner: string;
  }>(
    `SELECT a.title, a.kind, to_char(a.due_on, 'YYYY-MM-DD') AS due_on, a.tracker_url, p.incident_id,
            i.number, u.name AS owner
       FROM postmortem_actions a JOIN postmortems p ON p.id = a.postmortem_id
       JOIN incidents i ON i.id = p.incident_id JOIN users u ON u.id = a.owner_id
      WHERE a.id = $1`,
    [actionId],
  );
  const a = rows[0];
  if (!a) throw new PermanentJobError(`No post-mortem action ${actionId}`);
  if (a.tracker_url) return;
  const tracker = await trackerForIncident(ctx.pool, a.incident_id);
  if (!tracker) throw noTracker();
  const link = `${ctx.publicUrl}/incidents/${a.number}`;
  const lines = [
    `Action item from the post-mortem of incident #${a.number}: ${link}`,
    `Kind: ${a.kind}`,
    `Owner: ${a.owner}`,
    `Due: ${a.due_on}`,
  ];
  const now = ctx.clock.now();
  const issue = await createIssue(
    ctx.outbound,
    tracker,
    {
      title: a.title,
      markdown: lines.join('\n\n'),
      adf: {
        type: 'doc',
        version: 1,
        content: lines.map((l) => ({ type: 'paragraph', content: [{ type: 'text', text: l }] })),
      },
      event: {
        type: 'action.handed-off',
        data: {
          action: { id: actionId, kind: a.kind, owner: a.owner, dueOn: a.due_on },
          incident: { id: a.incident_id, number: a.number, url: link },
        },
      },
    },
    now,
  );
  await withTransaction(ctx.pool, async (tx) => {
    const row = await lockIncident(tx, a.incident_id);
    const { rowCount } = await tx.query(
      'UPDATE postmortem_actions SET tracker_url = $2 WHERE id = $1 AND tracker_url IS NULL',
      [actionId, issue.url],
    );
    if (!rowCount) return;
    await appendTimeline(tx, {
      incidentId: row.id,
      at: now,
      actorId: null,
      kind: 'handed-off',
      data: handedOff(tracker, issue, actionId),
    });
    await updateIncident(tx, row.id, { updated_at: now });
  });
}
