/**
 * The channels every outgoing message goes through, made from their configuration
 * (`src/config-channels.ts`): a channel whose variables are unset is off (null).
 */
import { createOutbound, type Outbound } from '../outbound/index.ts';
import { emailChannel } from './email.ts';
import { slackChannel } from './slack.ts';
import { teamsChannel } from './teams.ts';
import { smsChannel, voiceChannel } from './twilio.ts';
import type { Channel, ChannelKind, NotifyConfig } from './types.ts';
import { webhookChannel } from './webhook.ts';

export { channelKinds, SendError } from './types.ts';
export type { Channel, ChannelKind, NotifyConfig, OutboundMessage, SendResult } from './types.ts';

/** Every channel by kind; null where not configured. Teams needs no configuration. */
export type Channels = Record<ChannelKind, Channel | null>;

/**
 * One adapter per configured channel, null for the others. Every HTTP channel goes through
 * `outbound` (the app's holds both allow-lists); without one, only https to public addresses passes.
 */
export function createChannels(config: NotifyConfig, outbound: Outbound = createOutbound()): Channels {
  const opts = config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs };
  return {
    email: config.email ? emailChannel(config.email, opts) : null,
    slack: config.slack ? slackChannel(config.slack, outbound, opts) : null,
    sms: config.twilio ? smsChannel(config.twilio, outbound, opts) : null,
    voice: config.twilio ? voiceChannel(config.twilio, outbound, opts) : null,
    teams: teamsChannel(outbound, opts),
    webhook: config.webhook
      ? webhookChannel(config.webhook, outbound, {
          ...opts,
          ...(config.clock ? { clock: config.clock } : {}),
        })
      : null,
  };
}

/** Releases what the channels hold open (the SMTP pool); for shutdown and tests. */
export async function closeChannels(channels: Channels): Promise<void> {
  await Promise.all(Object.values(channels).map((c) => (c?.close ? c.close() : Promise.resolve())));
}
