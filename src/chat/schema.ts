/** Types and validation for chat channels: the workspace settings and an incident's chat state. */
import { z } from 'zod';

/** A Slack channel: its id (C…) or name (#expedite); Mattermost uses the name without `#`. */
export const channel = z
  .string()
  .trim()
  .regex(
    /^(#?[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{2,})$/,
    'a channel name like #expedite or an id like C0123',
  )
  .nullable()
  .describe('A channel name (#expedite) or id (C0123…); null for none');

const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .nullable()
  .describe('Incoming-webhook URL; null leaves this provider off');

export const overrideSchema = z
  .object({
    serviceId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    broadcastChannel: channel,
    deploymentsChannel: channel,
  })
  .meta({ id: 'ChatOverride' });
export type Override = z.infer<typeof overrideSchema>;

export const channelRuleSchema = z.object({
  p1: z.boolean().describe('Open an incident channel for every P1'),
  moreThanResponders: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .nullable()
    .describe('Open one when more than this many people work the incident; null: never by count'),
});

/** What an admin sets. */
export const settingsBody = z.object({
  broadcastChannel: channel,
  deploymentsChannel: channel,
  teamsWebhookUrl: webhookUrl,
  mattermostWebhookUrl: webhookUrl,
  channelRule: channelRuleSchema,
  reaction: z
    .string()
    .trim()
    .regex(/^:?[a-z0-9_+'-]{1,80}:?$/, 'an emoji name like pushpin')
    .transform((s) => s.replace(/^:|:$/g, ''))
    .describe('Reacting with this emoji in an incident channel copies the message to the timeline'),
  overrides: z
    .array(overrideSchema)
    .max(500)
    .refine((list) => list.every((o) => (o.serviceId === null) !== (o.teamId === null)), {
      message: 'each override names a service or a team, not both',
    }),
});
export type SettingsBody = z.output<typeof settingsBody>;

/** The settings as shown, with which providers are configured. */
export const settingsSchema = settingsBody
  .extend({
    reaction: z.string(),
    providers: z.object({
      slack: z.boolean().describe('EXPEDITE_SLACK_TOKEN is set'),
      slackApp: z
        .boolean()
        .describe('EXPEDITE_SLACK_SIGNING_SECRET is set: slash commands, buttons, reactions'),
      teams: z.boolean(),
      mattermost: z.boolean(),
    }),
    updatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ChatSettings' });

/** An incident's chat state. */
export const incidentChatSchema = z
  .object({
    broadcast: z.object({ channelId: z.string(), ts: z.string() }).nullable(),
    channel: z.object({ id: z.string(), name: z.string(), createdAt: z.iso.datetime() }).nullable(),
    affectsDeployments: z.boolean(),
    slackConfigured: z.boolean().describe('Slack is configured: the incident channel can be opened'),
  })
  .meta({ id: 'IncidentChat' });

export const deploymentsBody = z.object({
  affectsDeployments: z.boolean().describe('true: the incident affects deployments; false: lifted'),
});
