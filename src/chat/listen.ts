/**
 * The listener of the chat domain: on each server instance, timeline entries announced on the
 * database (src/realtime) enqueue a `chat-sync` job keyed by the entry id, so the instance that
 * runs it edits the broadcast message within seconds. Entries that change nothing chat shows are
 * skipped. A change announced while no instance listened is caught by the reconcile job.
 */
import type pg from 'pg';
import type { DomainContext } from '../http/module.ts';
import { EventHub } from '../realtime/hub.ts';
import { requestSync } from './sync.ts';

/**
 * Timeline kinds that never change the broadcast message (tagline, urgency, status, owner,
 * deployments): the work, alerts arriving (one entry per incident and flush, the busiest kind),
 * paging, clients' contacts, updates and questions. A change of what is shown has its own entry.
 */
const quiet = new Set([
  'note',
  'task-added',
  'task-changed',
  'time-logged',
  'chat-message',
  'chat-channel-opened',
  'alerts',
  'page-requested',
  'page-deferred',
  'page-unrouted',
  'page-hold-overridden',
  'escalation-started',
  'escalation-reshaped',
  'escalation-joined',
  'escalation-exhausted',
  'escalated',
  'paged',
  'notified',
  'notification-failed',
  'acknowledged',
  'paging-stopped',
  'client-notify-requested',
  'client-notified',
  'client-notify-failed',
  'client-unreachable',
  'sla-warning',
  'update-sent',
  'update-due',
  'link-added',
  'conclusion-sent',
  'decision-asked',
  'decision-reminded',
  'decision-escalated',
  'decision-not-sent',
  'resolution-report-shared',
  'deviation-recorded',
  'tech-debt-created',
  'tech-debt-changed',
  'tech-debt-reminder-failed',
  'hotfix-recorded',
  'hotfix-merged-back',
  'monitoring-started',
  'verified',
  'verification-failed',
  'watched-metric-changed',
  'deployment',
  'postmortem-created',
  'postmortem-published',
  'postmortem-email-failed',
  'handed-off',
  'ticket-state-changed',
  'postmortem-changed',
]);

const hubs = new WeakMap<pg.Pool, EventHub>();

/** Starts listening (once per pool). */
export async function startListening(ctx: DomainContext): Promise<void> {
  if (hubs.has(ctx.pool)) return;
  const hub = new EventHub(ctx.pool);
  hubs.set(ctx.pool, hub);
  hub.subscribe((event) => {
    if (event.type !== 'timeline' || quiet.has(event.kind)) return;
    requestSync(ctx.pool, event.incidentId, String(event.entryId), ctx.clock.now()).catch(() => {
      // The database is out of reach: the reconcile job syncs the incident later.
    });
  });
  await hub.ensureStarted();
}

/** Stops the listener of `pool`, if any (at app close). */
export async function stopListening(pool: pg.Pool): Promise<void> {
  const hub = hubs.get(pool);
  hubs.delete(pool);
  await hub?.stop();
}
