/**
 * `expedite chat <ref> | channel <ref> | deployments <ref> on|off`: an incident's chat (broadcast
 * message, own channel, "affects deployments"), opening its Slack channel, setting or lifting the flag.
 */
import type { CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';

interface IncidentChat {
  broadcast: { channelId: string; ts: string } | null;
  channel: { id: string; name: string; createdAt: string } | null;
  affectsDeployments: boolean;
}

function show(ctx: Context, chat: IncidentChat, prefix?: string) {
  if (ctx.json) return ctx.printJson(chat);
  if (prefix) ctx.out(prefix);
  ctx.out(
    `Broadcast message: ${chat.broadcast ? `posted (${chat.broadcast.channelId})` : 'none'}`,
    `Incident channel:  ${chat.channel ? `#${chat.channel.name}` : 'none'}`,
    `Affects deployments: ${chat.affectsDeployments ? 'yes' : 'no'}`,
  );
}

export const chatCommand: CommandSpec = {
  name: 'chat',
  args: '<show|channel|deployments> <ref> [on|off]',
  summary: 'An incident\'s chat: open its Slack channel, set or lift "affects deployments"',
  description:
    'show prints the broadcast message, the incident channel and the deployments flag; channel opens\n' +
    'the Slack channel inc-<number>-<tagline> with the team invited; deployments on|off posts to the\n' +
    'deployments channel.',
  examples: ['expedite chat show 12', 'expedite chat channel 12', 'expedite chat deployments 12 on'],
  options: {},
  min: 2,
  max: 3,
  async run(ctx, input) {
    const [action, ref, flag] = input.positionals as [string, string, string | undefined];
    if (action === 'show' && flag === undefined)
      return show(ctx, await ctx.api<IncidentChat>('GET', `${refPath(ref)}/chat`));
    if (action === 'channel' && flag === undefined) {
      const chat = await ctx.api<IncidentChat>('POST', `${refPath(ref)}/chat-channel`);
      return show(ctx, chat, `Opened #${chat.channel?.name ?? ''}`);
    }
    if (action === 'deployments' && (flag === 'on' || flag === 'off')) {
      const chat = await ctx.api<IncidentChat>('PUT', `${refPath(ref)}/affects-deployments`, {
        body: { affectsDeployments: flag === 'on' },
      });
      return show(ctx, chat, flag === 'on' ? 'Marked as affecting deployments.' : 'Deployments flag lifted.');
    }
    throw usageError('use: chat show <ref> | chat channel <ref> | chat deployments <ref> on|off', 'chat');
  },
};
