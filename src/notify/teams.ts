/**
 * Microsoft Teams: an Adaptive Card posted to the person's incoming webhook or Workflows ("Post to a
 * chat or channel when a webhook request is received") URL, in the attachment format both accept:
 * `{ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive',
 * contentUrl: null, content: <AdaptiveCard 1.4> }] }`. Workflows answers 202; incoming webhooks
 * answer 200 with `1`, and report Teams' own failures (throttling, a removed channel, a card over
 * 28 KB) as 200 with "Microsoft Teams endpoint returned HTTP error <status>" in the body, which is
 * read here as that status. 429 and 5xx are retried; other 4xx are permanent.
 */
import type { Outbound } from '../outbound/index.ts';
import { cut, oneLine } from './text.ts';
import {
  bodyText,
  defaultTimeoutMs,
  postWithTimeout,
  retryableStatus,
  SendError,
  statusError,
  type Channel,
  type OutboundMessage,
} from './types.ts';

/** The Adaptive Card attachment's content type. */
export const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';

/** The message body for a page: subject, text, urgency and number, and two links. */
export function teamsPayload(m: OutboundMessage): Record<string, unknown> {
  const facts = [
    { title: 'Incident', value: `#${m.incident.number}` },
    { title: 'Urgency', value: m.incident.urgency ?? 'not yet known' },
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: adaptiveCardContentType,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: cut(oneLine(m.subject), 400),
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
            },
            { type: 'TextBlock', text: cut(m.text, 2000), wrap: true },
            { type: 'FactSet', facts },
          ],
          actions: [
            { type: 'Action.OpenUrl', title: 'Acknowledge', url: m.ackUrl },
            { type: 'Action.OpenUrl', title: `Open incident #${m.incident.number}`, url: m.incident.url },
          ],
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

const wrappedError = /Microsoft Teams endpoint returned HTTP error (\d{3})/;

/** The Teams channel; the recipient's address is the webhook URL. */
export function teamsChannel(outbound: Outbound, opts: { timeoutMs?: number } = {}): Channel {
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  return {
    kind: 'teams',
    async send(m) {
      const what = `Teams webhook for ${m.recipient.name}`;
      const res = await postWithTimeout(
        outbound,
        what,
        m.recipient.address,
        {
          headers: { 'content-type': 'application/json', 'user-agent': 'Expedite' },
          body: JSON.stringify(teamsPayload(m)),
        },
        timeoutMs,
      );
      if (res.status < 200 || res.status >= 300) throw await statusError(what, res);
      const body = await bodyText(res);
      const wrapped = wrappedError.exec(body);
      if (wrapped) {
        const status = Number(wrapped[1]);
        throw new SendError(`${what}: Teams answered HTTP error ${status}`, {
          retryable: retryableStatus(status),
          status,
        });
      }
      return { providerId: null };
    },
  };
}
