/**
 * Reminders to the owners of tech-debt items: a check each hour (`tech-debt-check`) writes one
 * `tech-debt-remind` job for an item on its due day, and one a day for each day it is overdue (the
 * job key, unique forever, makes each once). The reminder is an email to the owner through the
 * outbox; an item done or dropped meanwhile is not reminded.
 */
import { getUser } from '../auth/store.ts';
import type { Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { claimMessage, incidentOf, sendClaimed } from '../notify/outbox.ts';
import { dayOf, dueItems, getItem } from './store.ts';

export const CHECK_JOB = 'tech-debt-check';
export const REMIND_JOB = 'tech-debt-remind';
const HOUR_MS = 3_600_000;

const hourKey = (ms: number) => `${CHECK_JOB}:${ms}`;

/** Adds the check of the hour of `at` (kept going by each run). */
export async function scheduleCheck(db: Queryable, at: Date): Promise<void> {
  const hour = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  await enqueue(db, [{ kind: CHECK_JOB, key: hourKey(hour), runAt: new Date(hour) }]);
}

/** Job `tech-debt-check`: a reminder per item due today or overdue, then the next hour's check. */
export async function runCheck(ctx: DomainContext, job: Job): Promise<void> {
  const now = ctx.clock.now();
  const today = dayOf(now);
  const items = await dueItems(ctx.pool, today);
  await enqueue(
    ctx.pool,
    items.map((i) => {
      const when = i.dueOn === today ? 'due' : 'overdue';
      return {
        kind: REMIND_JOB,
        key: `${REMIND_JOB}:${i.id}:${when}:${today}`,
        runAt: now,
        payload: { itemId: i.id, when },
      };
    }),
  );
  await scheduleCheck(ctx.pool, new Date(now.getTime() + HOUR_MS));
  // A row an hour would pile up: the finished check of a day before goes.
  await ctx.pool.query('DELETE FROM jobs WHERE key = $1 AND done_at IS NOT NULL', [
    hourKey(job.runAt.getTime() - 24 * HOUR_MS),
  ]);
}

/** Job `tech-debt-remind`: emails the owner that their item is due today, or overdue. */
export async function runRemind(ctx: DomainContext, job: Job): Promise<void> {
  const p = job.payload as { itemId: string; when: 'due' | 'overdue' };
  const item = await getItem(ctx.pool, p.itemId, ctx.clock.now());
  if (!item || item.status === 'done' || item.status === 'dropped') return;
  const owner = await getUser(ctx.pool, item.owner.id);
  if (!owner || owner.disabled) return;
  const outbox = await claimMessage(ctx.pool, {
    key: job.key,
    incidentId: item.incident.id,
    channel: 'email',
    address: owner.email,
    userId: item.owner.id,
    at: ctx.clock.now(),
  });
  if (outbox.status !== 'sending') return;
  const incident = await getIncident(ctx.pool, item.incident.id);
  const state = p.when === 'due' ? 'is due today' : `was due on ${item.dueOn} and is overdue`;
  await sendClaimed(
    ctx,
    job,
    outbox.id,
    'email',
    {
      incident: incidentOf(incident, ctx.publicUrl),
      subject: `Tech debt ${p.when === 'due' ? 'due today' : 'overdue'}: ${item.title}`,
      text: [
        `Hello ${item.owner.name},`,
        '',
        `The tech-debt item "${item.title}" from incident #${incident.number} ${state}.`,
        `Budget ${item.budgetHours} h, spent ${item.spentHours} h.`,
        'Bring the temporary fix to company standards, or mark the item done or dropped (with a reason):',
        `${ctx.publicUrl}/tech-debt`,
      ].join('\n'),
      ackUrl: '',
      outside: true,
      recipient: { name: item.owner.name, address: owner.email },
    },
    {
      sent: async () => {},
      failed: (error) =>
        appendTimeline(ctx.pool, {
          incidentId: item.incident.id,
          at: ctx.clock.now(),
          actorId: null,
          kind: 'tech-debt-reminder-failed',
          data: { itemId: item.id, to: item.owner.name, error: error.slice(0, 300) },
        }),
    },
    3,
  );
}
