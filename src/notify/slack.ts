/**
 * Slack: `POST {api}/chat.postMessage` with the bot token as `Authorization: Bearer xoxb-…` and a
 * JSON body `{ channel: <user id>, text, blocks }` (posting to a user id opens the bot's DM with
 * them). `text` is the notification and screen-reader fallback; the blocks show the page with an
 * "Acknowledge" link button. Slack answers HTTP 200 `{ ok: false, error }` on most failures and
 * HTTP 429 with Retry-After (`ratelimited`) when throttling: rate limits, Slack-side errors and
 * network failures are retried, everything else (`channel_not_found`, `invalid_auth`, …) is not.
 */
import { entryFor, type Outbound } from '../outbound/index.ts';
import { cut } from './text.ts';
import {
  bodyText,
  defaultTimeoutMs,
  parseJson,
  postWithTimeout,
  retryAfterMs,
  SendError,
  type Channel,
  type OutboundMessage,
  type SlackConfig,
} from './types.ts';

/** Slack errors worth trying again: throttling and trouble on Slack's side. */
export const retryableSlackErrors = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** `&`, `<` and `>` escaped, as Slack's mrkdwn requires. */
export function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<url|label>`; a `|` or `>` in the URL is percent-encoded so it cannot end the link early. */
function slackLink(url: string, label: string): string {
  return `<${url.replace(/\|/g, '%7C').replace(/>/g, '%3E')}|${slackEscape(label)}>`;
}

/** The Block Kit blocks of a page: a section with the subject (linked) and text, then the buttons. */
export function slackBlocks(m: OutboundMessage): unknown[] {
  // Someone outside the team (a client's contact) gets the words only: no link into Expedite.
  if (m.outside)
    return [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: cut(`*${slackEscape(m.subject)}*\n${slackEscape(m.text)}`, 3000) },
      },
    ];
  const section = `*${slackLink(m.incident.url, m.subject)}*\n${slackEscape(m.text)}`;
  return [
    { type: 'section', text: { type: 'mrkdwn', text: cut(section, 3000) } },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'expedite_ack',
          style: 'primary',
          text: { type: 'plain_text', text: 'Acknowledge' },
          url: m.ackUrl,
        },
        {
          type: 'button',
          action_id: 'expedite_open',
          text: { type: 'plain_text', text: cut(`Open incident #${m.incident.number}`, 75) },
          url: m.incident.url,
        },
      ],
    },
  ];
}

/** The chat.postMessage body for a page. */
export function slackPayload(m: OutboundMessage): Record<string, unknown> {
  return {
    channel: m.recipient.address,
    text: cut(m.text, 3000),
    blocks: slackBlocks(m),
    unfurl_links: false,
  };
}

interface SlackAnswer {
  ok?: unknown;
  error?: unknown;
  ts?: unknown;
}

/** The Slack channel; the recipient's address is their user id (or a conversation id). */
export function slackChannel(
  config: SlackConfig,
  outbound: Outbound,
  opts: { timeoutMs?: number } = {},
): Channel {
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  // The API base is the operator's (EXPEDITE_SLACK_API_URL): allowed; a redirect away from it is not.
  const trusted = [entryFor(config.apiUrl)];
  return {
    kind: 'slack',
    async send(m) {
      const what = `Slack message to ${m.recipient.name}`;
      if (!/^[UWCGD][A-Z0-9]{2,}$/.test(m.recipient.address))
        throw new SendError(`${what}: "${m.recipient.address}" is not a Slack user id`, {
          retryable: false,
          code: 'invalid_address',
        });
      const res = await postWithTimeout(
        outbound,
        what,
        `${config.apiUrl}/chat.postMessage`,
        {
          headers: {
            authorization: `Bearer ${config.token}`,
            'content-type': 'application/json; charset=utf-8',
          },
          body: JSON.stringify(slackPayload(m)),
        },
        timeoutMs,
        trusted,
      );
      const retryAfter = retryAfterMs(res.headers.get('retry-after'));
      const raw = await bodyText(res, 10_000);
      const parsed = parseJson(raw);
      const answer = typeof parsed === 'object' && parsed !== null ? (parsed as SlackAnswer) : null;
      if (res.ok && answer?.ok === true)
        return { providerId: typeof answer.ts === 'string' ? answer.ts : null };

      // Only Slack's error code is repeated, never other text of the answer.
      const code =
        typeof answer?.error === 'string' && /^[a-z0-9_]{1,80}$/.test(answer.error) ? answer.error : null;
      const error = code ?? (res.status === 429 ? 'ratelimited' : null);
      const retryable =
        res.status === 429 || res.status >= 500 || (error !== null && retryableSlackErrors.has(error));
      throw new SendError(`${what}: ${error ?? `HTTP ${res.status}`}`, {
        retryable,
        status: res.status,
        ...(error ? { code: error } : {}),
        ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
      });
    },
  };
}
