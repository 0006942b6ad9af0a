/**
 * The jobs of the decision acts. `decision-act` (written when an incident opens with, or is
 * reclassified into, that decision; see incidents/decision-request.ts): a "backlog" decision
 * moves the incident to the Backlog; "ask the product owner" puts the question to the product
 * owners through their contact methods and plans a follow-up. `decision-follow-up`: a question
 * still unanswered after the configured time is sent again (a reminder), and after as long again
 * the team's lead is told.
 */
import { withTransaction } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { requestPagingEnd } from '../incidents/page-request.ts';
import { getIncident, lockIncident, updateIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { sendQuestion } from './send.ts';
import { askeesFor, getQuestion, insertQuestion, markFollowUp, teamLead } from './store.ts';

export const FOLLOW_UP_JOB = 'decision-follow-up';

/** Statuses in which "ask the product owner" still asks (those in which it may be answered). */
const askable = ['triage', 'investigating', 'backlogged'];

/** Runs a `decision-act` job. */
export async function runDecisionAct(ctx: DomainContext, job: Job): Promise<void> {
  const { incidentId, decision } = job.payload as { incidentId: string; decision?: string };
  const now = ctx.clock.now();
  // Acts only on what the incident still is: a reclassification or a person may have decided since.
  const incident = await getIncident(ctx.pool, incidentId);
  if (decision !== undefined && decision !== incident.decision) return;
  if (incident.decision === 'backlog' && incident.status === 'triage')
    return moveToBacklog(ctx, incidentId, now);
  if (incident.decision === 'product-owner' && askable.includes(incident.status))
    return ask(ctx, incidentId, now);
}

async function moveToBacklog(ctx: DomainContext, incidentId: string, now: Date): Promise<void> {
  await withTransaction(ctx.pool, async (tx) => {
    const row = await lockIncident(tx, incidentId);
    if (row.status !== 'triage' || row.decision !== 'backlog') return;
    await updateIncident(tx, row.id, { status: 'backlogged', updated_at: now });
    await requestPagingEnd(tx, row.id, 'backlogged', now);
    await appendTimeline(tx, {
      incidentId: row.id,
      at: now,
      actorId: null,
      kind: 'status-changed',
      data: { from: 'triage', to: 'backlogged', note: 'The urgency policy decided: normal backlog' },
    });
  });
}

/** Puts the question to the incident's product owners, once while one is pending. */
export async function ask(ctx: DomainContext, incidentId: string, now: Date): Promise<void> {
  const question = await withTransaction(ctx.pool, async (tx) => {
    const askees = await askeesFor(tx, incidentId);
    if (askees.userIds.length === 0) {
      await appendTimeline(tx, {
        incidentId,
        at: now,
        actorId: null,
        kind: 'decision-unasked',
        data: { why: 'No product owner is set for its service or its area’s team; a responder decides.' },
      });
      return undefined;
    }
    const q = await insertQuestion(tx, {
      incidentId,
      at: now,
      askedTo: askees.userIds,
      teamId: askees.teamId,
    });
    if (!q) return undefined;
    const { rows } = await tx.query<{ name: string }>(
      'SELECT name FROM users WHERE id = ANY($1) ORDER BY name',
      [askees.userIds],
    );
    await appendTimeline(tx, {
      incidentId,
      at: now,
      actorId: null,
      kind: 'decision-asked',
      data: { to: rows.map((r) => r.name), because: askees.because },
    });
    await followUpLater(tx, ctx, q.id, 1, now);
    return q;
  });
  if (question) await sendQuestion(ctx, question, question.asked_to, 'ask');
}

async function followUpLater(
  db: Parameters<typeof enqueue>[0],
  ctx: DomainContext,
  questionId: string,
  step: 1 | 2,
  now: Date,
): Promise<void> {
  const runAt = new Date(now.getTime() + ctx.config.decisionRemindMinutes * 60_000);
  await enqueue(db, [
    {
      kind: FOLLOW_UP_JOB,
      key: `${FOLLOW_UP_JOB}:${questionId}:${step}`,
      runAt,
      payload: { questionId, step },
    },
  ]);
}

/** Runs a `decision-follow-up` job: step 1 reminds the product owners, step 2 tells the team's lead. */
export async function runFollowUp(ctx: DomainContext, job: Job): Promise<void> {
  const { questionId, step } = job.payload as { questionId: string; step: 1 | 2 };
  const now = ctx.clock.now();
  const q = await getQuestion(ctx.pool, questionId);
  if (!q || q.answer) return;
  const to = await withTransaction(ctx.pool, async (tx) => {
    if (!(await markFollowUp(tx, q.id, step === 1 ? 'reminded' : 'escalated', now))) return undefined;
    if (step === 1) {
      await appendTimeline(tx, {
        incidentId: q.incident_id,
        at: now,
        actorId: null,
        kind: 'decision-reminded',
      });
      await followUpLater(tx, ctx, q.id, 2, now);
      return q.asked_to;
    }
    const lead = await teamLead(tx, q.team_id);
    const { rows } = await tx.query<{ name: string }>('SELECT name FROM users WHERE id = $1', [lead]);
    await appendTimeline(tx, {
      incidentId: q.incident_id,
      at: now,
      actorId: null,
      kind: 'decision-escalated',
      data: lead ? { to: rows[0]?.name ?? '' } : { to: null, why: 'The team names no lead.' },
    });
    return lead ? [lead] : [];
  });
  if (to?.length) await sendQuestion(ctx, q, to, step === 1 ? 'remind' : 'escalate');
}
