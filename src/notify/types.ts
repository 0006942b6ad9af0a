/**
 * The paging contract: one small `send()` per channel for each outbox message. The durable engine
 * retries a SendError whose `retryable` is true (with backoff, honouring `retryAfterMs`) and falls
 * to the person's next channel on any other failure. Adapters never retry on their own.
 */
import { OutboundError, type Outbound, type OutboundFailure } from '../outbound/index.ts';

/** The ways Expedite reaches a person. */
export const channelKinds = ['voice', 'sms', 'slack', 'teams', 'email', 'webhook'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** One page (or reminder) for one person on one channel, as the outbox holds it. */
export interface OutboundMessage {
  /** Stable per message; sent to vendors that support it (Message-ID, webhook-id). */
  idempotencyKey: string;
  incident: {
    id: string;
    number: number;
    title: string;
    tagline: string;
    urgency: string | null;
    url: string;
  };
  /** One line. */
  subject: string;
  /** Short plain text (at most 300 characters for SMS; adapters cut, keeping the ack link). */
  text: string;
  /** Signed link that acknowledges ('' for an outside recipient). */
  ackUrl: string;
  /**
   * For someone outside the team (a client's emergency contact): no acknowledge link, no link into
   * Expedite; a call reads out `text`. Sent by email, SMS, voice or Slack.
   */
  outside?: boolean;
  /** Phone (E.164), email, Slack user id (U…), Teams or webhook URL. */
  recipient: { name: string; address: string };
  /** Extra mail headers (e.g. List-Unsubscribe of a status page subscription); email only. */
  headers?: Record<string, string>;
  /**
   * An iCalendar object sent beside the text as a `text/calendar; method=…` alternative (a meeting
   * invitation, RFC 6047); email only.
   */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/** What a vendor answered: its id for the message (Slack ts, Twilio sid, Message-ID), if any. */
export interface SendResult {
  providerId: string | null;
}

/** One channel adapter. `close` releases pooled connections (email). */
export interface Channel {
  kind: ChannelKind;
  send(m: OutboundMessage): Promise<SendResult>;
  close?(): Promise<void>;
}

/** How a send failed: retry later (`retryable`) or give up on this channel for this message. */
export interface SendErrorOptions {
  retryable: boolean;
  /** HTTP status or SMTP reply code, when the vendor answered. */
  status?: number;
  /** The vendor's own error code (`channel_not_found`, 21211, `EENVELOPE`, …). */
  code?: string;
  /** How long the vendor asked us to wait (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** The one error adapters throw; the engine reads `retryable`. */
export class SendError extends Error {
  readonly retryable: boolean;
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;
  constructor(message: string, opts: SendErrorOptions) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SendError';
    this.retryable = opts.retryable;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.code !== undefined) this.code = opts.code;
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
  }
}

export type {
  ChannelConfig,
  EmailConfig,
  NotifyConfig,
  SlackConfig,
  TwilioConfig,
  WebhookConfig,
} from '../config-channels.ts';

/** The default limit on every vendor request. */
export const defaultTimeoutMs = 10_000;

// Helpers the HTTP adapters share.

/** Retry-After (delta seconds or an HTTP date) in milliseconds, or undefined when absent or bad. */
export function retryAfterMs(value: string | null, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Statuses worth trying again later: timeouts, too early, rate limits and server errors. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * POSTs through the outbound policy (`src/outbound/`): the one way a channel reaches a URL, so a
 * person's address cannot lead the server to a loopback, private or metadata address, directly or
 * by a redirect. `trusted` names an operator-configured API base (Slack, Twilio). A refused target
 * is a permanent SendError saying why; a network failure or timeout is a retryable one.
 */
export async function postWithTimeout(
  outbound: Outbound,
  what: string,
  url: string,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number = defaultTimeoutMs,
  trusted: readonly string[] = [],
): Promise<Response> {
  try {
    return await outbound.send(url, { method: 'POST', ...init }, { timeoutMs, trusted });
  } catch (e) {
    if (!(e instanceof OutboundError)) throw e;
    throw new SendError(`${what}: ${e.message}`, {
      retryable: e.retryable,
      code: failureCodes[e.reason],
      cause: e,
    });
  }
}

/** The SendError code for each way an outbound request fails. */
const failureCodes: Record<OutboundFailure, string> = {
  bad_url: 'invalid_address',
  scheme: 'invalid_address',
  blocked: 'blocked_address',
  redirects: 'too_many_redirects',
  network: 'network',
  timeout: 'timeout',
};

/** The start of a response body, for error messages; a body that cannot be read gives ''. */
export async function bodyText(res: Response, max = 500): Promise<string> {
  try {
    return (await res.text()).slice(0, max);
  } catch {
    return '';
  }
}

/** `raw` parsed as JSON, or undefined when it is not JSON. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** An error's message, including the cause fetch hides its real reason in. */
export function errorMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e.message}${cause}`;
}

/**
 * The SendError for a non-2xx answer of a plain HTTP endpoint (Teams, webhooks): 408, 425, 429 and
 * 5xx are retryable (with Retry-After), any other status is permanent. The body is not repeated:
 * an error shown to the person who gave the URL must not become a reader of internal pages.
 */
export async function statusError(what: string, res: Response): Promise<SendError> {
  await res.body?.cancel();
  if (res.status >= 300 && res.status < 400)
    return new SendError(`${what}: redirect (${res.status}) without a usable Location`, {
      retryable: false,
      status: res.status,
    });
  const retryAfter = retryAfterMs(res.headers.get('retry-after'));
  return new SendError(`${what}: HTTP ${res.status}`, {
    retryable: retryableStatus(res.status),
    status: res.status,
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  });
}
