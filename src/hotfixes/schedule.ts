/**
 * The schedule of checks: every five minutes (`hotfix-checks`, a job that enqueues the next one)
 * each repository is checked by a job of its own (`hotfix-check-repository`, so one failing
 * repository holds up no other), and the owner of each incident whose hotfix is still outstanding
 * a day or more after it was recorded is reminded by email, once a day (`hotfix-remind`).
 */
import { getUser } from '../auth/store.ts';
import type { Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { claimMessage, incidentOf, sendClaimed } from '../notify/outbox.ts';
import { checkRepository } from './check.ts';
import { CHECK_REPOSITORY_JOB } from './record.ts';
import { listHotfixes, listRepositories } from './store.ts';

export const CHECKS_JOB = 'hotfix-checks';
export const REMIND_JOB = 'hotfix-remind';
/** Minutes between two fetches of every repository. */
export const CHECK_MINUTES = 5;
const PERIOD_MS = CHECK_MINUTES * 60_000;
const DAY_MS = 86_400_000;

const slotKey = (ms: number) => `${CHECKS_JOB}:${ms}`;

/** Adds the round of checks of the five-minute slot of `at` (each round adds the next). */
export async function scheduleChecks(db: Queryable, at: Date): Promise<void> {
  const due = Math.floor(at.getTime() / PERIOD_MS) * PERIOD_MS;
  await enqueue(db, [{ kind: CHECKS_JOB, key: slotKey(due), runAt: new Date(due) }]);
}

/** Job `hotfix-checks`: a check job per repository, reminders due today, then the next round. */
export async function runChecks(ctx: DomainContext, job: Job): Promise<void> {
  const now = ctx.clock.now();
  const repos = await listRepositories(ctx.pool);
  const outstanding = await listHotfixes(ctx.pool, { outstanding: true });
  await enqueue(ctx.pool, [
    ...repos.map((r) => ({
      kind: CHECK_REPOSITORY_JOB,
      key: `${CHECK_REPOSITORY_JOB}:${r.id}:${job.runAt.getTime()}`,
      runAt: now,
      payload: { repositoryId: r.id },
    })),
    ...outstanding.flatMap((h) => {
      const days = Math.floor((now.getTime() - Date.parse(h.recordedAt)) / DAY_MS);
      return days < 1
        ? []
        : [
            {
              kind: REMIND_JOB,
              key: `${REMIND_JOB}:${h.id}:${days}`,
              runAt: now,
              payload: { hotfixId: h.id },
            },
          ];
    }),
  ]);
  // The next slot after now: rounds missed while the server was down are not made up one by one.
  await scheduleChecks(ctx.pool, new Date(Math.max(job.runAt.getTime(), now.getTime()) + PERIOD_MS));
  // A round every five minutes would pile up rows: the finished ones of a day before go.
  const dayBefore = job.runAt.getTime() - DAY_MS;
  await ctx.pool.query('DELETE FROM jobs WHERE key = ANY ($1) AND done_at IS NOT NULL', [
    [slotKey(dayBefore), ...repos.map((r) => `${CHECK_REPOSITORY_JOB}:${r.id}:${dayBefore}`)],
  ]);
}

/** Job `hotfix-check-repository`: checks one repository (a failure is kept on it, not retried). */
export async function runCheckRepository(ctx: DomainContext, job: Job): Promise<void> {
  const { repositoryId } = job.payload as { repositoryId: string };
  await checkRepository(ctx, repositoryId);
}

/** Job `hotfix-remind`: emails the incident's owner that a hotfix is not merged back everywhere yet. */
export async function runRemind(ctx: DomainContext, job: Job): Promise<void> {
  const { hotfixId } = job.payload as { hotfixId: string };
  const [hotfix] = await listHotfixes(ctx.pool, { id: hotfixId });
  if (!hotfix?.outstanding) return;
  const incident = await getIncident(ctx.pool, hotfix.incident.id);
  const owner = incident.owner ? await getUser(ctx.pool, incident.owner.id) : undefined;
  if (!owner || owner.disabled) return;
  const outbox = await claimMessage(ctx.pool, {
    key: job.key,
    incidentId: incident.id,
    channel: 'email',
    address: owner.email,
    at: ctx.clock.now(),
    userId: owner.id,
  });
  if (outbox.status !== 'sending') return;
  const waiting = hotfix.branches.filter((b) => b.state !== 'merged').map((b) => b.branch);
  const states = hotfix.branches.map((b) => `${b.branch} ${b.state === 'merged' ? '✓' : '✗'}`).join(', ');
  await sendClaimed(
    ctx,
    job,
    outbox.id,
    'email',
    {
      incident: incidentOf(incident, ctx.publicUrl),
      subject: `#${incident.number}: hotfix on ${hotfix.branch} not merged back${waiting.length ? ` into ${waiting.join(', ')}` : ''}`,
      text: [
        `The hotfix of incident #${incident.number} ${incident.tagline} (${hotfix.repository.name}, branch ${hotfix.branch}) is not yet merged back into every long-lived branch.`,
        `Merged back: ${states || 'not checked yet'}.`,
        `Commits: ${hotfix.commits.join(', ')}`,
        `See it in the incident: ${ctx.publicUrl}/incidents/${incident.number}`,
      ].join('\n'),
      ackUrl: '',
      outside: true,
      recipient: { name: owner.name, address: owner.email },
    },
    {
      sent: async () => {},
      failed: (error) =>
        appendTimeline(ctx.pool, {
          incidentId: incident.id,
          at: ctx.clock.now(),
          actorId: null,
          kind: 'update-not-sent',
          data: { to: owner.name, channel: 'email', error: error.slice(0, 300) },
        }),
    },
    3,
  );
}
