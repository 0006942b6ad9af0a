/**
 * The chat API: the workspace settings (`/api/v1/chat/settings`), an incident's chat state, its
 * own channel opened on demand, and the "affects deployments" flag.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { withTransaction } from '../db/pool.ts';
import { AppError, invalidField } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { openChannel } from './channel.ts';
import { setAffectsDeployments } from './deployments.ts';
import { deploymentsBody, incidentChatSchema, settingsBody, settingsSchema } from './schema.ts';
import { slackApi } from './slack-api.ts';
import {
  getChatIncident,
  getSettings,
  lockChatIncident,
  missingRefs,
  saveSettings,
  type ChatIncident,
} from './store.ts';

function chatView(
  row: ChatIncident | undefined,
  slackConfigured: boolean,
): z.infer<typeof incidentChatSchema> {
  return {
    broadcast:
      row?.broadcast_channel_id && row.broadcast_ts
        ? { channelId: row.broadcast_channel_id, ts: row.broadcast_ts }
        : null,
    channel:
      row?.channel_id && row.channel_name && row.channel_created_at
        ? { id: row.channel_id, name: row.channel_name, createdAt: row.channel_created_at.toISOString() }
        : null,
    affectsDeployments: row?.affects_deployments ?? false,
    slackConfigured,
  };
}

/** The chat API routes. */
export async function chatRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool } = ctx;

  const view = async () => {
    const s = await getSettings(pool);
    const slack = ctx.config.channels.slack;
    return {
      broadcastChannel: s.broadcastChannel,
      deploymentsChannel: s.deploymentsChannel,
      teamsWebhookUrl: s.teamsWebhookUrl,
      mattermostWebhookUrl: s.mattermostWebhookUrl,
      channelRule: s.channelRule,
      reaction: s.reaction,
      overrides: s.overrides,
      providers: {
        slack: slack !== null,
        slackApp: Boolean(slack?.signingSecret),
        teams: s.teamsWebhookUrl !== null,
        mattermost: s.mattermostWebhookUrl !== null,
      },
      updatedAt: s.updatedAt?.toISOString() ?? null,
    };
  };

  r.get(
    '/api/v1/chat/settings',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['chat'],
        summary: 'Chat settings',
        description:
          'The broadcast and deployments channels, per service or team overrides, the incident-channel rule, ' +
          'the reaction that copies a message to the timeline, and which providers are configured.',
        response: { 200: settingsSchema, ...authErrors },
      },
    },
    view,
  );

  r.put(
    '/api/v1/chat/settings',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['chat'],
        summary: 'Change the chat settings',
        description:
          'Replaces the settings and the overrides; an override names an existing service or team.',
        body: settingsBody,
        response: { 200: settingsSchema, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const body = req.body;
      const services = body.overrides.flatMap((o) => (o.serviceId ? [o.serviceId] : []));
      const teams = body.overrides.flatMap((o) => (o.teamId ? [o.teamId] : []));
      if (new Set(services).size !== services.length || new Set(teams).size !== teams.length)
        throw invalidField('body.overrides', 'a service or team appears twice');
      const [service] = await missingRefs(pool, 'services', services);
      if (service) throw invalidField('body.overrides', `no service ${service}`);
      const [team] = await missingRefs(pool, 'teams', teams);
      if (team) throw invalidField('body.overrides', `no team ${team}`);
      await withTransaction(pool, (tx) => saveSettings(tx, body, currentUser(req).id, ctx.clock.now()));
      return view();
    },
  );

  r.get(
    '/api/v1/incidents/:ref/chat',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['chat'],
        summary: "An incident's chat",
        description:
          'The broadcast message, the incident channel and whether the incident affects deployments.',
        params: refParams,
        response: { 200: incidentChatSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      return chatView(await getChatIncident(pool, incident.id), ctx.config.channels.slack !== null);
    },
  );

  r.post(
    '/api/v1/incidents/:ref/chat-channel',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['chat'],
        summary: 'Open the incident channel',
        description:
          'Creates the Slack channel inc-<number>-<tagline>; a job then invites the team and the people on the ' +
          'incident (matched by email) and pins the room link, retried until done. 409 when it already has one ' +
          'or Slack is not configured.',
        params: refParams,
        response: { 201: incidentChatSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const slackConfig = ctx.config.channels.slack;
      if (!slackConfig) throw new AppError('conflict', 'Slack is not configured (EXPEDITE_SLACK_TOKEN)');
      const incident = await getIncident(pool, req.params.ref);
      const actor = currentUser(req);
      await withTransaction(pool, async (tx) => {
        const row = await lockChatIncident(tx, incident.id);
        if (row.channel_id)
          throw new AppError('conflict', `#${incident.number} already has the channel #${row.channel_name}`);
        try {
          await openChannel(tx, slackApi(slackConfig, ctx.outbound), incident, ctx.clock.now(), actor.id);
        } catch (e) {
          req.log.warn({ err: e }, 'Slack refused the incident channel');
          throw new AppError(
            'conflict',
            `Slack refused the channel: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      });
      return reply
        .code(201)
        .send(chatView(await getChatIncident(pool, incident.id), ctx.config.channels.slack !== null));
    },
  );

  r.put(
    '/api/v1/incidents/:ref/affects-deployments',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['chat'],
        summary: 'Set or lift "affects deployments"',
        description:
          'Recorded on the timeline and posted to the deployments channel, on set and again when lifted. ' +
          '409 when the flag is already so.',
        params: refParams,
        body: deploymentsBody,
        response: { 200: incidentChatSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      await setAffectsDeployments(ctx, req.params.ref, currentUser(req), req.body.affectsDeployments);
      const incident = await getIncident(pool, req.params.ref);
      return chatView(await getChatIncident(pool, incident.id), ctx.config.channels.slack !== null);
    },
  );
}
