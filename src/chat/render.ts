/**
 * What chat shows of an incident: its state (tagline, urgency, status, owner, the deployments
 * flag), the Slack broadcast message built from it (edited in place as the state changes), and the
 * short change line Teams and Mattermost get instead (their incoming webhooks cannot edit).
 */
import type { Incident } from '../incidents/schema.ts';
import { cut, oneLine } from '../notify/text.ts';
import { slackEscape } from '../notify/slack.ts';

/** The state a broadcast message shows; two equal states need no edit. */
export interface Shown {
  number: number;
  tagline: string;
  urgency: string | null;
  status: string;
  owner: string | null;
  affectsDeployments: boolean;
}

export function shownOf(i: Incident, affectsDeployments: boolean): Shown {
  return {
    number: i.number,
    tagline: i.tagline,
    urgency: i.urgency,
    status: i.status,
    owner: i.owner?.name ?? null,
    affectsDeployments,
  };
}

export const sameShown = (a: Shown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The room's link. */
export const roomUrl = (publicUrl: string, number: number) => `${publicUrl}/incidents/${number}`;

/** One line: `#12 P1 ADMINS-FBLOCK-FE: … — investigating, owner Ann`. */
export function summaryLine(s: Shown): string {
  return oneLine(
    `#${s.number} ${s.urgency ?? 'P?'} ${s.tagline} — ${s.status}, ` +
      `${s.owner ? `owner ${s.owner}` : 'no owner yet'}${s.affectsDeployments ? ', affects deployments' : ''}`,
  );
}

/** What changed between two states, in words: `status investigating → fixing; owner Ann`. */
export function changeLine(before: Shown, after: Shown): string {
  const parts: string[] = [];
  if (before.status !== after.status) parts.push(`status ${before.status} → ${after.status}`);
  if (before.owner !== after.owner) parts.push(`owner ${after.owner ?? 'none'}`);
  if (before.urgency !== after.urgency)
    parts.push(`urgency ${before.urgency ?? 'P?'} → ${after.urgency ?? 'P?'}`);
  if (before.tagline !== after.tagline) parts.push(`now "${after.tagline}"`);
  if (before.affectsDeployments !== after.affectsDeployments)
    parts.push(after.affectsDeployments ? 'affects deployments' : 'no longer affects deployments');
  return `#${after.number}: ${parts.join('; ')}`;
}

/** Button ids of the broadcast message; the value is the incident id. */
export const actionIds = { ack: 'expedite_ack', own: 'expedite_own', note: 'expedite_note' } as const;

/** The chat.postMessage / chat.update body of the broadcast message (without channel and ts). */
export function broadcastMessage(s: Shown, incidentId: string, url: string): Record<string, unknown> {
  const link = `<${url.replace(/\|/g, '%7C').replace(/>/g, '%3E')}|#${s.number} ${slackEscape(s.tagline)}>`;
  const facts =
    `*Urgency:* ${s.urgency ?? 'not yet known'}   *Status:* ${s.status}   ` +
    `*Owner:* ${s.owner ? slackEscape(s.owner) : 'nobody yet'}` +
    (s.affectsDeployments ? '\n:warning: Affects deployments' : '');
  const open = s.status !== 'resolved' && s.status !== 'closed' && s.status !== 'declined';
  return {
    text: cut(summaryLine(s), 3000),
    unfurl_links: false,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: cut(`*${link}*\n${facts}`, 3000) } },
      {
        type: 'actions',
        elements: [
          ...(open
            ? [
                button('Acknowledge', actionIds.ack, incidentId, 'primary'),
                button('Take ownership', actionIds.own, incidentId),
                button('Add note', actionIds.note, incidentId),
              ]
            : []),
          {
            type: 'button',
            action_id: 'expedite_open',
            text: { type: 'plain_text', text: 'Open room' },
            url,
          },
        ],
      },
    ],
  };
}

function button(label: string, actionId: string, value: string, style?: 'primary') {
  return {
    type: 'button',
    action_id: actionId,
    value,
    text: { type: 'plain_text', text: label },
    ...(style ? { style } : {}),
  };
}

/** A Mattermost incoming-webhook body: `{ text, channel? }` (markdown). */
export function mattermostPayload(
  text: string,
  channel: string | null,
  url: string,
): Record<string, unknown> {
  return {
    text: cut(`${text} · [open](${url})`, 16_000),
    ...(channel ? { channel: channel.replace(/^#/, '') } : {}),
  };
}

/** A Teams incoming-webhook body: one Adaptive Card with the line and a link to the room. */
export function teamsCard(text: string, url: string): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [{ type: 'TextBlock', text: cut(text, 2000), wrap: true }],
          actions: [{ type: 'Action.OpenUrl', title: 'Open room', url }],
        },
      },
    ],
  };
}

/** The incident channel's name: `inc-<number>-<tagline slug>`, lowercase, at most 80 characters. */
export function channelName(number: number, tagline: string): string {
  const slug = tagline
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const base = `inc-${number}`;
  const name = slug ? `${base}-${slug}` : base;
  return name.slice(0, 80).replace(/-+$/, '');
}
