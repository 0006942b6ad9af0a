/**
 * Twilio SMS and voice over its REST API (2010-04-01), form-encoded with HTTP basic auth
 * (account SID : auth token):
 * - SMS: `POST {api}/2010-04-01/Accounts/{sid}/Messages.json` with To, From, Body (+ StatusCallback);
 * - voice: `POST …/Calls.json` with To, From and inline Twiml that says the page and gathers one key
 *   (1 acknowledges) posted to the ack URL.
 * Both answer 201 with the resource (its `sid` is the provider id). Errors come as
 * `{ code, message, more_info, status }`: 429, 5xx and a few throttling codes are retried; a 400
 * such as 21211 (invalid 'To') or 21610 (the person replied STOP) and auth failures are permanent.
 * `verifyTwilioSignature` checks the X-Twilio-Signature of what Twilio posts back to Expedite.
 */
import { entryFor, type Outbound } from '../outbound/index.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cut, fitText, oneLine, plainText, smsMaxLength, voiceScript } from './text.ts';
import {
  bodyText,
  defaultTimeoutMs,
  parseJson,
  postWithTimeout,
  retryAfterMs,
  SendError,
  type Channel,
  type OutboundMessage,
  type TwilioConfig,
} from './types.ts';

/** Twilio error codes that mean "not now" rather than "never": too many requests, queue full. */
export const retryableTwilioCodes = new Set([20429, 21611]);

const e164 = /^\+[1-9]\d{1,14}$/;

/** Text for XML content and attribute values. */
export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * The call's TwiML: the page is read out, then one key press is gathered and posted to `actionUrl`
 * (Twilio sends `Digits`, `CallSid`, … signed with X-Twilio-Signature); no key press says goodbye.
 */
export function voiceTwiml(m: OutboundMessage, actionUrl: string): string {
  if (m.outside) {
    // Said twice: the first words of a call are often missed.
    const text = xmlEscape(cut(oneLine(plainText(m.text)), 1000));
    return `<Response><Say>${text}</Say><Pause length="1"/><Say>${text}</Say></Response>`;
  }
  const script = xmlEscape(voiceScript(m.incident));
  return (
    '<Response>' +
    `<Gather input="dtmf" numDigits="1" timeout="10" method="POST" action="${xmlEscape(actionUrl)}">` +
    `<Say>${script}</Say><Pause length="1"/><Say>Press 1 to acknowledge.</Say>` +
    `<Pause length="1"/><Say>${script} Press 1 to acknowledge.</Say>` +
    '</Gather>' +
    '<Say>No key was pressed. Goodbye.</Say>' +
    '</Response>'
  );
}

/** The SMS body: the message's text, cut to two segments at most, the ack link kept whole. */
export function smsBody(m: OutboundMessage): string {
  return fitText(plainText(m.text), m.ackUrl, smsMaxLength);
}

interface TwilioAnswer {
  sid?: unknown;
  code?: unknown;
  message?: unknown;
}

async function create(
  config: TwilioConfig,
  outbound: Outbound,
  resource: 'Messages' | 'Calls',
  what: string,
  params: Record<string, string>,
  timeoutMs: number,
): Promise<{ providerId: string | null }> {
  const url = `${config.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/${resource}.json`;
  const res = await postWithTimeout(
    outbound,
    what,
    url,
    {
      headers: {
        authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(params).toString(),
    },
    timeoutMs,
    // The API base is the operator's (EXPEDITE_TWILIO_API_URL); a redirect away from it is checked.
    [entryFor(config.apiUrl)],
  );
  const raw = await bodyText(res, 10_000);
  const parsed = parseJson(raw);
  const answer = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as TwilioAnswer;
  if (res.status >= 200 && res.status < 300)
    return { providerId: typeof answer.sid === 'string' ? answer.sid : null };
  const code = typeof answer.code === 'number' ? answer.code : null;
  // Twilio's own message field only, never other text of the answer.
  const message = typeof answer.message === 'string' ? answer.message.slice(0, 200) : '';
  const retryAfter = retryAfterMs(res.headers.get('retry-after'));
  throw new SendError(`${what}: HTTP ${res.status}${code === null ? '' : ` (${code})`} ${message}`.trim(), {
    retryable: res.status === 429 || res.status >= 500 || (code !== null && retryableTwilioCodes.has(code)),
    status: res.status,
    ...(code === null ? {} : { code: String(code) }),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  });
}

function checkPhone(m: OutboundMessage, what: string): void {
  if (!e164.test(m.recipient.address))
    throw new SendError(`${what}: "${m.recipient.address}" is not an E.164 phone number`, {
      retryable: false,
      code: 'invalid_address',
    });
}

/** The SMS channel; the recipient's address is their phone number in E.164. */
export function smsChannel(
  config: TwilioConfig,
  outbound: Outbound,
  opts: { timeoutMs?: number } = {},
): Channel {
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  return {
    kind: 'sms',
    async send(m) {
      const what = `SMS to ${m.recipient.name}`;
      checkPhone(m, what);
      const params: Record<string, string> = { To: m.recipient.address, From: config.from, Body: smsBody(m) };
      if (config.statusCallbackUrl) params.StatusCallback = config.statusCallbackUrl;
      return create(config, outbound, 'Messages', what, params, timeoutMs);
    },
  };
}

/**
 * The voice channel; the recipient's address is their phone number in E.164. The key press goes to
 * `gatherActionUrl(m)`, the message's ack URL unless told otherwise.
 */
export function voiceChannel(
  config: TwilioConfig,
  outbound: Outbound,
  opts: { timeoutMs?: number; gatherActionUrl?: (m: OutboundMessage) => string } = {},
): Channel {
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  const actionUrl = opts.gatherActionUrl ?? ((m: OutboundMessage) => m.ackUrl);
  return {
    kind: 'voice',
    async send(m) {
      const what = `call to ${m.recipient.name}`;
      checkPhone(m, what);
      const params: Record<string, string> = {
        To: m.recipient.address,
        From: config.from,
        Twiml: voiceTwiml(m, actionUrl(m)),
      };
      if (config.statusCallbackUrl) params.StatusCallback = config.statusCallbackUrl;
      return create(config, outbound, 'Calls', what, params, timeoutMs);
    },
  };
}

/**
 * Twilio's signature of a request: base64 HMAC-SHA1, keyed with the auth token, of the full URL
 * followed by every POST parameter's name and value, sorted by name.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** The URL as given, and with its default port added or removed (Twilio may sign either). */
function urlVariants(url: string): string[] {
  const m = /^(https?):\/\/([^/?#]*?)(:\d+)?([/?#].*)?$/i.exec(url);
  if (!m) return [url];
  const [, scheme, host, port, rest = ''] = m;
  const standard = scheme!.toLowerCase() === 'https' ? ':443' : ':80';
  if (port === undefined) return [url, `${scheme}://${host}${standard}${rest}`];
  if (port === standard) return [url, `${scheme}://${host}${rest}`];
  return [url];
}

/**
 * Whether `signature` (the X-Twilio-Signature header) is Twilio's for a POST of `params` to `url`
 * (the full public URL Twilio called, query string included), compared in constant time. For the
 * status callbacks and SMS replies ("ACK 42") Twilio sends to Expedite.
 */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string,
): boolean {
  if (!authToken || !signature) return false;
  const given = Buffer.from(signature, 'base64');
  if (given.length !== 20 || given.toString('base64') !== signature) return false;
  let match = false;
  for (const candidate of urlVariants(url)) {
    const expected = Buffer.from(twilioSignature(authToken, candidate, params), 'base64');
    if (timingSafeEqual(given, expected)) match = true;
  }
  return match;
}
