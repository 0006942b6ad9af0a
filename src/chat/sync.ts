/**
 * Keeping chat in step with an incident. Job `chat-sync` ({ incidentId }) renders the incident's
 * current state and, when it differs from what was shown: posts the broadcast message once (for an
 * expedited incident) and edits it in place afterwards (chat.update on the stored channel and ts),
 * posts a change line to Teams and Mattermost, and opens the incident channel when the rule asks.
 * It is enqueued per timeline entry (key `chat-sync:<entryId>`) by the listener, and by the
 * reconcile job every minute for any incident changed since its last sync (ADR 0034).
 */
import { withTransaction, type Queryable } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import type { Incident } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { openChannel, ruleWantsChannel } from './channel.ts';
import {
  broadcastMessage,
  changeLine,
  roomUrl,
  sameShown,
  shownOf,
  summaryLine,
  type Shown,
} from './render.ts';
import { slackApi } from './slack-api.ts';
import { getSettings, lockChatIncident, unsynced, updateChatIncident, type Settings } from './store.ts';
import { sendAll, webhookPosts } from './webhooks.ts';

export const SYNC_JOB = 'chat-sync';
export const RECONCILE_JOB = 'chat-reconcile';
const MINUTE_MS = 60_000;

/** The channel of `which` for the incident: its service's override, its team's, or the workspace's. */
export function channelFor(
  settings: Settings,
  which: 'broadcastChannel' | 'deploymentsChannel',
  scope: { serviceId: string | null; teamId: string | null },
): string | null {
  const byService = settings.overrides.find((o) => o.serviceId && o.serviceId === scope.serviceId);
  const byTeam = settings.overrides.find((o) => o.teamId && o.teamId === scope.teamId);
  return byService?.[which] ?? byTeam?.[which] ?? settings[which];
}

/** The service and team of an incident, for the overrides. */
export async function scopeOf(db: Queryable, incidentId: string) {
  const { rows } = await db.query<{ service_id: string | null; team_id: string | null }>(
    `SELECT i.service_id, s.team_id FROM incidents i LEFT JOIN services s ON s.id = i.service_id WHERE i.id = $1`,
    [incidentId],
  );
  return { serviceId: rows[0]?.service_id ?? null, teamId: rows[0]?.team_id ?? null };
}

/** Brings the incident's chat messages up to date; throws the first failure after saving the rest. */
export async function syncIncident(ctx: DomainContext, incidentId: string): Promise<void> {
  const settings = await getSettings(ctx.pool);
  const slackConfig = ctx.config.channels.slack;
  const failures: unknown[] = [];
  await withTransaction(ctx.pool, async (tx) => {
    const row = await lockChatIncident(tx, incidentId);
    const incident = await getIncident(tx, incidentId);
    const shown = shownOf(incident, row.affects_deployments);
    const url = roomUrl(ctx.publicUrl, incident.number);
    const done = { synced_at: new Date(incident.updatedAt) };
    if (incident.decision !== 'expedite' && !row.broadcast_ts && !row.webhook_shown)
      return updateChatIncident(tx, incidentId, done);
    const scope = await scopeOf(tx, incidentId);
    const broadcast = channelFor(settings, 'broadcastChannel', scope);
    const slack = slackConfig ? slackApi(slackConfig, ctx.outbound) : null;

    if (slack && (broadcast || row.broadcast_ts)) {
      try {
        if (!row.broadcast_ts) {
          const answer = await slack('chat.postMessage', {
            channel: broadcast,
            ...broadcastMessage(shown, incident.id, url),
          });
          await updateChatIncident(tx, incidentId, {
            broadcast_channel_id: answer.channel as string,
            broadcast_ts: answer.ts as string,
            shown: shown as unknown as Record<string, unknown>,
          });
        } else if (!sameShown(shown, row.shown)) {
          await slack('chat.update', {
            channel: row.broadcast_channel_id,
            ts: row.broadcast_ts,
            ...broadcastMessage(shown, incident.id, url),
          });
          await updateChatIncident(tx, incidentId, { shown: shown as unknown as Record<string, unknown> });
        }
      } catch (e) {
        failures.push(e);
      }
    }

    if ((settings.teamsWebhookUrl || settings.mattermostWebhookUrl) && !sameShown(shown, row.webhook_shown)) {
      const before = row.webhook_shown as Shown | null;
      const text = before ? changeLine(before, shown) : summaryLine(shown);
      try {
        await sendAll(webhookPosts(ctx.outbound, settings, text, url, broadcast));
        await updateChatIncident(tx, incidentId, {
          webhook_shown: shown as unknown as Record<string, unknown>,
        });
      } catch (e) {
        failures.push(e);
      }
    }

    if (slack && !row.channel_id && (await wantsChannel(tx, settings, incident))) {
      try {
        await openChannel(tx, slack, incident, ctx.clock.now(), null);
      } catch (e) {
        failures.push(e);
      }
    }
    if (!failures.length) await updateChatIncident(tx, incidentId, done);
  });
  if (failures.length) throw failures[0];
}

const closed = new Set(['resolved', 'closed', 'declined', 'backlogged']);

async function wantsChannel(db: Queryable, settings: Settings, incident: Incident): Promise<boolean> {
  return !closed.has(incident.status) && (await ruleWantsChannel(db, settings, incident));
}

/** A sync for a timeline entry: once per entry, however often it is announced or swept. */
export async function requestSync(db: Queryable, incidentId: string, entryKey: string, at: Date) {
  await enqueue(db, [{ kind: SYNC_JOB, key: `${SYNC_JOB}:${entryKey}`, runAt: at, payload: { incidentId } }]);
}

/** Adds the reconcile run of the minute after `at`. */
export async function scheduleReconcile(db: Queryable, at: Date): Promise<void> {
  const due = new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  await enqueue(db, [{ kind: RECONCILE_JOB, key: `${RECONCILE_JOB}:${due.toISOString()}`, runAt: due }]);
}

/**
 * Job `chat-reconcile`: a sync for each incident changed in the last day and not synced since (a
 * change no listening instance saw), then the next run a minute later.
 */
export async function reconcile(ctx: DomainContext): Promise<number> {
  const now = ctx.clock.now();
  const stale = await unsynced(ctx.pool, new Date(now.getTime() - 24 * 60 * MINUTE_MS), 200);
  for (const s of stale) await requestSync(ctx.pool, s.id, `${s.id}:${s.at.getTime()}`, now);
  await scheduleReconcile(ctx.pool, now);
  // One row a minute would pile up: the finished run of an hour before goes.
  const hourBefore = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS - 60 * MINUTE_MS);
  await ctx.pool.query('DELETE FROM jobs WHERE key = $1 AND done_at IS NOT NULL', [
    `${RECONCILE_JOB}:${hourBefore.toISOString()}`,
  ]);
  return stale.length;
}
