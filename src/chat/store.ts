/** All SQL of the chat domain: settings, overrides, and per incident what was posted where. */
import type { Queryable } from '../db/pool.ts';
import type { Override, SettingsBody } from './schema.ts';

export interface Settings extends SettingsBody {
  updatedAt: Date | null;
}

const defaults: Settings = {
  broadcastChannel: null,
  deploymentsChannel: null,
  teamsWebhookUrl: null,
  mattermostWebhookUrl: null,
  channelRule: { p1: false, moreThanResponders: null },
  reaction: 'pushpin',
  overrides: [],
  updatedAt: null,
};

/** The workspace settings (defaults when never saved). */
export async function getSettings(db: Queryable): Promise<Settings> {
  const { rows } = await db.query<{
    broadcast_channel: string | null;
    deployments_channel: string | null;
    teams_webhook_url: string | null;
    mattermost_webhook_url: string | null;
    channel_on_p1: boolean;
    channel_over_responders: number | null;
    reaction: string;
    updated_at: Date | null;
  }>('SELECT * FROM chat_settings');
  const { rows: overrides } = await db.query<Override>(
    `SELECT service_id AS "serviceId", team_id AS "teamId", broadcast_channel AS "broadcastChannel",
            deployments_channel AS "deploymentsChannel"
       FROM chat_overrides ORDER BY service_id NULLS LAST, team_id`,
  );
  const r = rows[0];
  if (!r) return { ...defaults, overrides };
  return {
    broadcastChannel: r.broadcast_channel,
    deploymentsChannel: r.deployments_channel,
    teamsWebhookUrl: r.teams_webhook_url,
    mattermostWebhookUrl: r.mattermost_webhook_url,
    channelRule: { p1: r.channel_on_p1, moreThanResponders: r.channel_over_responders },
    reaction: r.reaction,
    overrides,
    updatedAt: r.updated_at,
  };
}

/** Replaces the settings and overrides (in the caller's transaction). */
export async function saveSettings(db: Queryable, s: SettingsBody, by: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO chat_settings (id, broadcast_channel, deployments_channel, teams_webhook_url,
       mattermost_webhook_url, channel_on_p1, channel_over_responders, reaction, updated_at, updated_by)
     VALUES (true, $1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET broadcast_channel = $1, deployments_channel = $2,
       teams_webhook_url = $3, mattermost_webhook_url = $4, channel_on_p1 = $5,
       channel_over_responders = $6, reaction = $7, updated_at = $8, updated_by = $9`,
    [
      s.broadcastChannel,
      s.deploymentsChannel,
      s.teamsWebhookUrl,
      s.mattermostWebhookUrl,
      s.channelRule.p1,
      s.channelRule.moreThanResponders,
      s.reaction,
      at,
      by,
    ],
  );
  await db.query('DELETE FROM chat_overrides');
  for (const o of s.overrides)
    await db.query(
      `INSERT INTO chat_overrides (service_id, team_id, broadcast_channel, deployments_channel)
       VALUES ($1, $2, $3, $4)`,
      [o.serviceId, o.teamId, o.broadcastChannel, o.deploymentsChannel],
    );
}

/** The services and teams named in `ids` that do not exist. */
export async function missingRefs(
  db: Queryable,
  table: 'services' | 'teams',
  ids: string[],
): Promise<string[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/** What is kept per incident. */
export interface ChatIncident {
  incident_id: string;
  broadcast_channel_id: string | null;
  broadcast_ts: string | null;
  shown: Record<string, unknown> | null;
  webhook_shown: Record<string, unknown> | null;
  synced_at: Date | null;
  channel_id: string | null;
  channel_name: string | null;
  channel_created_at: Date | null;
  affects_deployments: boolean;
  deployments_changes: number;
}

/** The incident's chat row, created when missing and locked for the caller's transaction. */
export async function lockChatIncident(db: Queryable, incidentId: string): Promise<ChatIncident> {
  await db.query('INSERT INTO chat_incidents (incident_id) VALUES ($1) ON CONFLICT DO NOTHING', [incidentId]);
  const { rows } = await db.query<ChatIncident>(
    'SELECT * FROM chat_incidents WHERE incident_id = $1 FOR UPDATE',
    [incidentId],
  );
  return rows[0]!;
}

/** The incident's chat row, or undefined when nothing was posted for it. */
export async function getChatIncident(db: Queryable, incidentId: string): Promise<ChatIncident | undefined> {
  const { rows } = await db.query<ChatIncident>('SELECT * FROM chat_incidents WHERE incident_id = $1', [
    incidentId,
  ]);
  return rows[0];
}

/** The incident whose own channel is `channelId`. */
export async function incidentOfChannel(db: Queryable, channelId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ incident_id: string }>(
    'SELECT incident_id FROM chat_incidents WHERE channel_id = $1',
    [channelId],
  );
  return rows[0]?.incident_id;
}

type Patch = Partial<Omit<ChatIncident, 'incident_id'>>;

/** Updates columns of an incident's chat row. */
export async function updateChatIncident(db: Queryable, incidentId: string, patch: Patch): Promise<void> {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  if (!entries.length) return;
  const sets = entries.map(([k], i) => `${k} = $${i + 2}`).join(', ');
  const values = entries.map(([k, v]) => (k === 'shown' || k === 'webhook_shown' ? JSON.stringify(v) : v));
  await db.query(`UPDATE chat_incidents SET ${sets} WHERE incident_id = $1`, [incidentId, ...values]);
}

/** The team of the incident (its service's team) and its members' emails. */
export async function incidentTeam(
  db: Queryable,
  incidentId: string,
): Promise<{ serviceId: string | null; teamId: string | null; emails: string[] }> {
  const { rows } = await db.query<{ service_id: string | null; team_id: string | null }>(
    `SELECT i.service_id, s.team_id FROM incidents i LEFT JOIN services s ON s.id = i.service_id
      WHERE i.id = $1`,
    [incidentId],
  );
  const r = rows[0];
  const { rows: people } = await db.query<{ email: string }>(
    `SELECT DISTINCT u.email FROM users u
      WHERE u.disabled_at IS NULL AND (
        u.id IN (SELECT user_id FROM team_members WHERE team_id = $2)
        OR u.id IN (SELECT owner_id FROM incidents WHERE id = $1)
        OR u.id IN (SELECT user_id FROM incident_roles WHERE incident_id = $1))
      ORDER BY u.email`,
    [incidentId, r?.team_id ?? null],
  );
  return { serviceId: r?.service_id ?? null, teamId: r?.team_id ?? null, emails: people.map((p) => p.email) };
}

/** How many people work the incident: its owner and everyone in a role. */
export async function responderCount(db: Queryable, incidentId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(DISTINCT p)::int AS n FROM (
       SELECT owner_id AS p FROM incidents WHERE id = $1 AND owner_id IS NOT NULL
       UNION SELECT user_id FROM incident_roles WHERE incident_id = $1) x`,
    [incidentId],
  );
  return rows[0]!.n;
}

/** Incidents whose chat messages may lag their state: expedited or posted, changed since the last sync. */
export async function unsynced(
  db: Queryable,
  since: Date,
  limit: number,
): Promise<{ id: string; at: Date }[]> {
  const { rows } = await db.query<{ id: string; at: Date }>(
    `SELECT i.id, i.updated_at AS at FROM incidents i LEFT JOIN chat_incidents c ON c.incident_id = i.id
      WHERE i.updated_at > $1 AND (i.decision = 'expedite' OR c.broadcast_ts IS NOT NULL)
        AND (c.synced_at IS NULL OR c.synced_at < i.updated_at)
      ORDER BY i.updated_at LIMIT $2`,
    [since, limit],
  );
  return rows;
}

/** Records a message copied to the timeline; false when it was copied before. */
export async function markCopied(
  db: Queryable,
  channelId: string,
  ts: string,
  incidentId: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO chat_copied (channel_id, ts, incident_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [channelId, ts, incidentId],
  );
  return rowCount === 1;
}

/** The targets a posting job already posted to. */
export async function postedTargets(db: Queryable, jobKey: string): Promise<Set<string>> {
  const { rows } = await db.query<{ target: string }>('SELECT target FROM chat_posts WHERE job_key = $1', [
    jobKey,
  ]);
  return new Set(rows.map((r) => r.target));
}

/** Records that a posting job posted to `target`. */
export async function markPosted(db: Queryable, jobKey: string, target: string, at: Date): Promise<void> {
  await db.query(
    'INSERT INTO chat_posts (job_key, target, posted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [jobKey, target, at],
  );
}
