/**
 * The post-mortems' check each minute (`postmortem-sweep`, re-enqueued by each run like the
 * cadence of updates): creates the post-mortems the rule asks for among recently resolved
 * incidents, and reminds the owner of each open action item that is due, at most once a day per
 * item (the reminder's key holds the item and the day). At start, a catch-up
 * (`postmortem-catch-up`) looks back 30 days instead of one, so incidents resolved while the app
 * was down, or before the check first ran, get theirs too (idempotent like the minute's check).
 */
import type { Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { createRequired } from './create.ts';
import { enqueueEmail } from './mail.ts';
import { listActions } from './action-store.ts';
import { dayOf } from './store.ts';

export const SWEEP_JOB = 'postmortem-sweep';
/** The job kind of the look back at start. */
export const CATCH_UP_JOB = 'postmortem-catch-up';
/** How far back the catch-up at start looks for resolved incidents. */
export const CATCH_UP_DAYS = 30;
const MINUTE_MS = 60_000;
const minuteKey = (ms: number) => `${SWEEP_JOB}:${ms}`;

/** Adds the check of the minute of `at` (kept going by each run). */
export async function scheduleSweep(db: Queryable, at: Date): Promise<void> {
  const due = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
  await enqueue(db, [{ kind: SWEEP_JOB, key: minuteKey(due), runAt: new Date(due) }]);
}

/** Adds the catch-up of a start at `at` (one per start; running it twice makes nothing new). */
export async function scheduleCatchUp(db: Queryable, at: Date): Promise<void> {
  await enqueue(db, [{ kind: CATCH_UP_JOB, key: `${CATCH_UP_JOB}:${at.getTime()}`, runAt: at }]);
}

/** Job `postmortem-catch-up`: the rule over the incidents resolved in the last 30 days. */
export async function runCatchUp(ctx: DomainContext): Promise<void> {
  await createRequired(ctx, CATCH_UP_DAYS * 1440 * MINUTE_MS);
}

/** Writes the day's reminder of every open action item due by `now`; returns how many were new. */
export async function remindDue(ctx: DomainContext, now: Date): Promise<number> {
  const today = dayOf(now);
  const due = await listActions(ctx.pool, { status: 'open', dueBy: today }, today);
  for (const a of due) {
    const late = a.dueOn < today ? ` (due ${a.dueOn}, overdue)` : ' (due today)';
    await enqueueEmail(ctx.pool, `postmortem-action-remind:${a.id}:${today}`, now, {
      incidentId: a.incident.id,
      to: { address: a.owner.email, name: a.owner.name, userId: a.owner.id },
      subject: `Action item due: ${a.title}`,
      text: [
        `Hello ${a.owner.name},`,
        '',
        `The action item agreed in the post-mortem of incident #${a.incident.number} is yours${late}:`,
        `  ${a.title}`,
        '',
        `Mark it done, or change its date, in Action items: ${ctx.publicUrl}/actions`,
      ].join('\n'),
    });
  }
  return due.length;
}

/** Job `postmortem-sweep`: the rule, the reminders, then the next minute's check. */
export async function runSweep(ctx: DomainContext, job: Job): Promise<void> {
  const now = ctx.clock.now();
  await createRequired(ctx);
  await remindDue(ctx, now);
  await scheduleSweep(ctx.pool, new Date(now.getTime() + MINUTE_MS));
  // A row a minute would pile up: the finished check of a day before goes.
  await ctx.pool.query('DELETE FROM jobs WHERE key = $1 AND done_at IS NOT NULL', [
    minuteKey(job.runAt.getTime() - 1440 * MINUTE_MS),
  ]);
}
