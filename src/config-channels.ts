/**
 * The outgoing channels' configuration from the environment (read by `loadConfig`). A channel whose
 * variables are unset is off (null); a variable with a bad value stops the start with an Error
 * naming it. Secrets are never repeated in those messages.
 */
import type { Clock } from './clock.ts';

/** SMTP relay and sender (EXPEDITE_SMTP_URL, EXPEDITE_MAIL_FROM). */
export interface EmailConfig {
  host: string;
  port: number;
  /** smtps:// (TLS from the start); smtp:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
  /** `Expedite <pager@example.com>` or a bare address. */
  from: string;
}

/** Slack bot (EXPEDITE_SLACK_TOKEN, EXPEDITE_SLACK_API_URL). */
export interface SlackConfig {
  /** Bot token, `xoxb-…`. */
  token: string;
  /** Web API base without a trailing slash, `https://slack.com/api` by default. */
  apiUrl: string;
  /** Signing secret of the Slack app (EXPEDITE_SLACK_SIGNING_SECRET): its requests are checked with it. */
  signingSecret?: string;
}

/** Twilio account for SMS and voice (EXPEDITE_TWILIO_*). */
export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** The Twilio number calls and texts come from, E.164. */
  from: string;
  /** REST base without a trailing slash, `https://api.twilio.com` by default. */
  apiUrl: string;
  /** Where Twilio posts delivery and call status (StatusCallback), or null for none. */
  statusCallbackUrl: string | null;
}

/** Outgoing webhooks signing (EXPEDITE_WEBHOOK_SECRET). */
export interface WebhookConfig {
  /** Standard Webhooks secret, `whsec_<base64>`. */
  secret: string;
}

/** One channel's configuration. Teams needs none: the person's address is the webhook URL. */
export type ChannelConfig = EmailConfig | SlackConfig | TwilioConfig | WebhookConfig;

/** Every channel's configuration; null leaves that channel off. */
export interface NotifyConfig {
  email: EmailConfig | null;
  slack: SlackConfig | null;
  twilio: TwilioConfig | null;
  webhook: WebhookConfig | null;
  /** Per HTTP request (and SMTP connect/greeting); 10 s by default. */
  timeoutMs?: number;
  /** For webhook timestamps; the system clock by default. */
  clock?: Clock;
}

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** `raw` when it is an absolute http(s) URL; an Error naming `name` otherwise. */
function httpUrl(name: string, raw: string): string {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new Error(`${name} must be an absolute http(s) URL, got "${raw}"`);
  return raw;
}

/** An API base URL (or its default) without a trailing slash. */
function baseUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  return httpUrl(name, value(env, name) ?? fallback).replace(/\/+$/, '');
}

const mailbox = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

function emailFromEnv(env: NodeJS.ProcessEnv): EmailConfig | null {
  const raw = value(env, 'EXPEDITE_SMTP_URL');
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('EXPEDITE_SMTP_URL must be a URL such as smtp://user:pass@host:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new Error(`EXPEDITE_SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  if (!url.hostname) throw new Error('EXPEDITE_SMTP_URL has no host');
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  if (user && !pass) throw new Error('EXPEDITE_SMTP_URL has a user but no password');
  const from = value(env, 'EXPEDITE_MAIL_FROM');
  if (!from)
    throw new Error(
      'EXPEDITE_MAIL_FROM is required with EXPEDITE_SMTP_URL (e.g. Expedite <pager@example.com>)',
    );
  if (!mailbox.test(from))
    throw new Error(`EXPEDITE_MAIL_FROM must be an address or "Name <address>", got "${from}"`);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    secure,
    auth: user ? { user, pass } : null,
    from,
  };
}

function slackFromEnv(env: NodeJS.ProcessEnv): SlackConfig | null {
  const token = value(env, 'EXPEDITE_SLACK_TOKEN');
  if (!token) return null;
  if (!/^xoxb-[A-Za-z0-9-]+$/.test(token))
    throw new Error('EXPEDITE_SLACK_TOKEN must be a bot token (xoxb-…)');
  const signingSecret = value(env, 'EXPEDITE_SLACK_SIGNING_SECRET');
  if (signingSecret !== undefined && !/^[A-Za-z0-9]{16,128}$/.test(signingSecret))
    throw new Error(
      'EXPEDITE_SLACK_SIGNING_SECRET must be the Slack app signing secret (letters and digits)',
    );
  return {
    token,
    apiUrl: baseUrl(env, 'EXPEDITE_SLACK_API_URL', 'https://slack.com/api'),
    ...(signingSecret ? { signingSecret } : {}),
  };
}

function twilioFromEnv(env: NodeJS.ProcessEnv): TwilioConfig | null {
  const names = [
    'EXPEDITE_TWILIO_ACCOUNT_SID',
    'EXPEDITE_TWILIO_AUTH_TOKEN',
    'EXPEDITE_TWILIO_FROM',
  ] as const;
  const [accountSid, authToken, from] = names.map((n) => value(env, n));
  if (!accountSid && !authToken && !from) return null;
  const missing = names.filter((n) => !value(env, n));
  if (missing.length) throw new Error(`${missing.join(' and ')} must be set too to page by SMS and voice`);
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid!))
    throw new Error('EXPEDITE_TWILIO_ACCOUNT_SID must be an account SID (AC followed by 32 hex digits)');
  if (!/^\+[1-9]\d{1,14}$/.test(from!))
    throw new Error(`EXPEDITE_TWILIO_FROM must be a phone number in E.164 (+15551234567), got "${from}"`);
  const callback = value(env, 'EXPEDITE_TWILIO_STATUS_CALLBACK_URL');
  return {
    accountSid: accountSid!,
    authToken: authToken!,
    from: from!,
    apiUrl: baseUrl(env, 'EXPEDITE_TWILIO_API_URL', 'https://api.twilio.com'),
    statusCallbackUrl: callback ? httpUrl('EXPEDITE_TWILIO_STATUS_CALLBACK_URL', callback) : null,
  };
}

function webhookFromEnv(env: NodeJS.ProcessEnv): WebhookConfig | null {
  const secret = value(env, 'EXPEDITE_WEBHOOK_SECRET');
  if (!secret) return null;
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  const bytes = m ? Buffer.from(m[1]!, 'base64').length : 0;
  if (bytes < 24 || bytes > 64)
    throw new Error('EXPEDITE_WEBHOOK_SECRET must be whsec_ followed by 24 to 64 bytes in base64');
  return { secret };
}

/**
 * Reads EXPEDITE_SMTP_URL + EXPEDITE_MAIL_FROM, EXPEDITE_SLACK_TOKEN (+ EXPEDITE_SLACK_API_URL,
 * EXPEDITE_SLACK_SIGNING_SECRET),
 * EXPEDITE_TWILIO_ACCOUNT_SID + _AUTH_TOKEN + _FROM (+ _API_URL, _STATUS_CALLBACK_URL) and
 * EXPEDITE_WEBHOOK_SECRET; throws an Error naming the variable for a bad or incomplete value.
 */
export function notifyConfigFromEnv(env: NodeJS.ProcessEnv): NotifyConfig {
  return {
    email: emailFromEnv(env),
    slack: slackFromEnv(env),
    twilio: twilioFromEnv(env),
    webhook: webhookFromEnv(env),
  };
}
