/**
 * The cadence of updates: per urgency (P1 every 30 min, P2 every 60, P3/P4 on change by default),
 * the next update is due at the last one (or the incident's start) plus its minutes. A check each
 * minute (`update-cadence`) finds open incidents whose update is due and writes one `update-remind`
 * per due time, again each period an update stays overdue (its key, unique forever, makes each
 * once): the comms lead, else the owner, is reminded through their verified contact methods, calls
 * excepted ("regular communication is essential"; the comms lead is who it is delegated to).
 */
import type { Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import { methodsOf } from '../decisions/store.ts';
import type { DomainContext } from '../http/module.ts';
import type { Incident } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { incidentOf, sendNow } from '../notify/outbox.ts';
import type { Cadence } from './schema.ts';
import { cadence, dueIncidents, lastUpdateAt } from './store.ts';

export const CADENCE_JOB = 'update-cadence';
export const REMIND_JOB = 'update-remind';
const MINUTE_MS = 60_000;
const open = ['triage', 'investigating', 'fixing', 'monitoring'];

/** Who is reminded: the comms lead, else the owner. */
export function remindee(incident: Incident): { id: string; name: string } | null {
  return incident.roles.find((r) => r.role === 'comms-lead')?.person ?? incident.owner;
}

/** When the incident's next update is due, and whether it is overdue at `now`. */
export async function cadenceOf(db: Queryable, incident: Incident, now: Date): Promise<Cadence> {
  const minutes = incident.urgency ? (await cadence(db))[incident.urgency] : null;
  const remind = remindee(incident)?.name ?? null;
  if (minutes === null || !open.includes(incident.status))
    return { minutes, nextDueAt: null, overdue: false, remind };
  const base = (await lastUpdateAt(db, incident.id)) ?? new Date(incident.createdAt);
  const due = new Date(base.getTime() + minutes * MINUTE_MS);
  return { minutes, nextDueAt: due.toISOString(), overdue: due <= now, remind };
}

const minuteKey = (ms: number) => `${CADENCE_JOB}:${ms}`;

/** Adds the check of the minute of `at` (kept going by each run). */
export async function scheduleCadence(db: Queryable, at: Date): Promise<void> {
  const due = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
  await enqueue(db, [{ kind: CADENCE_JOB, key: minuteKey(due), runAt: new Date(due) }]);
}

/** Job `update-cadence`: one reminder job per incident whose update is due, then the next minute's check. */
export async function runCadence(ctx: DomainContext, job: Job): Promise<void> {
  const now = ctx.clock.now();
  const due = await dueIncidents(ctx.pool, await cadence(ctx.pool), now);
  await enqueue(
    ctx.pool,
    due.map((d) => ({
      kind: REMIND_JOB,
      key: `${REMIND_JOB}:${d.id}:${d.dueAt.getTime()}`,
      runAt: now,
      payload: { incidentId: d.id, dueAt: d.dueAt.toISOString() },
    })),
  );
  await scheduleCadence(ctx.pool, new Date(now.getTime() + MINUTE_MS));
  // A row a minute would pile up: the finished check of a day before goes.
  await ctx.pool.query('DELETE FROM jobs WHERE key = $1 AND done_at IS NOT NULL', [
    minuteKey(job.runAt.getTime() - 1440 * MINUTE_MS),
  ]);
}

/** Job `update-remind`: reminds the comms lead (else the owner) that the incident's update is due. */
export async function runRemind(ctx: DomainContext, job: Job): Promise<void> {
  const p = job.payload as { incidentId: string; dueAt: string };
  const incident = await getIncident(ctx.pool, p.incidentId);
  const now = ctx.clock.now();
  const state = await cadenceOf(ctx.pool, incident, now);
  // An update sent (or the incident resolved) since the check: nothing is due any more.
  if (!state.overdue) return;
  const who = remindee(incident);
  const note = (kind: string, data: Record<string, unknown>) =>
    appendTimeline(ctx.pool, { incidentId: incident.id, at: now, actorId: null, kind, data });
  if (!who) {
    await note('update-due', { dueAt: p.dueAt, to: null, why: 'No comms lead or owner to remind.' });
    return;
  }
  const methods = (await methodsOf(ctx.pool, [who.id])).filter((m) => m.kind !== 'voice');
  const sent: string[] = [];
  for (const m of methods) {
    try {
      await sendNow(
        ctx,
        { key: `${job.key}:${m.id}`, kind: m.kind, userId: m.userId, methodId: m.id },
        {
          incident: incidentOf(incident, ctx.publicUrl),
          subject: `#${incident.number}: an update is due (every ${state.minutes} min)`,
          text: [
            `Incident #${incident.number} ${incident.tagline}: the next update to stakeholders is due now.`,
            `Write it in the incident's communication panel: ${ctx.publicUrl}/incidents/${incident.number}`,
          ].join('\n'),
          ackUrl: '',
          outside: m.kind === 'email',
          recipient: { name: m.name, address: m.address },
        },
      );
      sent.push(m.kind);
    } catch (err) {
      await note('update-remind-failed', {
        to: who.name,
        channel: m.kind,
        error: (err instanceof Error ? err.message : String(err)).slice(0, 300),
      });
    }
  }
  await note('update-due', { dueAt: p.dueAt, to: who.name, channels: sent });
}
