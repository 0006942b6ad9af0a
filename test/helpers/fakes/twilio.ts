/**
 * A stand-in for Twilio's REST API (2010-04-01) on 127.0.0.1 (random port): Messages and Calls.
 * Every request is checked against Twilio's documented contract and recorded:
 * - `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` or `…/Calls.json` (else 404, 20404);
 * - HTTP basic auth `AccountSid:AuthToken` (missing or malformed: 401, 20003; well-formed but wrong
 *   credentials also get 20003, without a violation);
 * - `Content-Type: application/x-www-form-urlencoded`, parameter names as documented (case matters);
 * - Messages: To in E.164 (21604 missing, 21211 invalid), From in E.164 (21603, 21212), Body present
 *   (21602) and at most 1600 characters (21617), StatusCallback an absolute URL (21609);
 * - Calls: To and From in E.164 (21201, 21213, 21211, 21212), exactly one of Url, Twiml or
 *   ApplicationSid (21205), Twiml at most 4000 characters and well-formed TwiML (12100): `<Response>`
 *   of known verbs, `<Gather>` holding only Say/Play/Pause with an absolute `action`, escaped text.
 * A request breaking it gets Twilio's error JSON `{ code, message, more_info, status }` and is
 * recorded in `violations`. Failures can be scripted per To number (429 with Retry-After, 5xx,
 * or a 400 with a code such as 21610). Answers are 201 with the resource and a fresh SM/CA sid.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TwilioConfig } from '../../../src/notify/types.ts';

/** One request as received. */
export interface TwilioRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  params: Record<string, string>;
  violations: string[];
}

/** A text the fake accepted, with how it would be split. */
export interface TwilioMessage {
  sid: string;
  params: Record<string, string>;
  to: string;
  body: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

/** A call the fake accepted. */
export interface TwilioCall {
  sid: string;
  params: Record<string, string>;
  to: string;
  twiml: string | undefined;
}

/** A scripted failure for one To number. */
export interface TwilioFailure {
  status: number;
  code?: number;
  message?: string;
  /** Seconds for Retry-After. */
  retryAfter?: number;
}

export interface FakeTwilio {
  /** The REST base, like https://api.twilio.com. */
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** The account's number. */
  from: string;
  requests: TwilioRequest[];
  messages: TwilioMessage[];
  calls: TwilioCall[];
  /** Every contract violation; tests assert this stays empty. */
  violations: string[];
  /** The next `times` requests to `to` fail this way (all of them by default). */
  fail(to: string, failure: TwilioFailure, times?: number): void;
  /** X-Twilio-Signature for a POST of `params` to `url`, computed here independently of src/. */
  signature(url: string, params: Record<string, string>): string;
  /** POSTs `params` form-encoded to `url` (an Expedite callback) the way Twilio does, signed. */
  postCallback(url: string, params: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

const e164 = /^\+[1-9]\d{1,14}$/;
const messageParams = new Set(
  'To From MessagingServiceSid Body MediaUrl ContentSid ContentVariables StatusCallback ApplicationSid MaxPrice ProvideFeedback Attempt ValidityPeriod ForceDelivery ContentRetention AddressRetention SmartEncoded PersistentAction ShortenUrls ScheduleType SendAt SendAsMms'.split(
    ' ',
  ),
);
const callParams = new Set(
  'To From Url Twiml ApplicationSid Method FallbackUrl FallbackMethod StatusCallback StatusCallbackEvent StatusCallbackMethod SendDigits Timeout Record RecordingChannels RecordingStatusCallback MachineDetection MachineDetectionTimeout CallerId TimeLimit CallReason'.split(
    ' ',
  ),
);
const gsmBasic =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const gsmExtended = '^{}\\[~]|€\f';

/** How a text travels: GSM-7 (160, or 153 per part) unless one character needs UCS-2 (70, or 67). */
export function smsSegments(body: string): { encoding: 'GSM-7' | 'UCS-2'; segments: number } {
  let septets = 0;
  for (const ch of body) {
    if (gsmBasic.includes(ch)) septets += 1;
    else if (gsmExtended.includes(ch)) septets += 2;
    else {
      const units = body.length;
      return { encoding: 'UCS-2', segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

// Each verb: the verbs it may hold, its attributes, whether it holds text.
const verbs: Record<string, { children: string; attrs: string; text?: boolean }> = {
  Response: { children: 'Say Play Pause Gather Hangup Redirect Dial Reject Record', attrs: '' },
  Gather: {
    children: 'Say Play Pause',
    attrs:
      'action method timeout numDigits finishOnKey input language hints speechTimeout actionOnEmptyResult',
  },
  Say: { children: '', attrs: 'voice language loop', text: true },
  Play: { children: '', attrs: 'loop digits', text: true },
  Pause: { children: '', attrs: 'length' },
  Hangup: { children: '', attrs: '' },
  Reject: { children: '', attrs: 'reason' },
  Redirect: { children: '', attrs: 'method', text: true },
};
const has = (list: string | undefined, word: string) => (list ?? '').split(' ').includes(word);
const badEntity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/** What is wrong with inline TwiML, for the verbs a page uses. */
export function twimlProblems(xml: string): string[] {
  const doc = xml.trim().replace(/^<\?xml[^?]*\?>\s*/, '');
  const tag = /<(\/?)([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<]*")*)\s*(\/?)>/y;
  const stack: string[] = [];
  const out: string[] = [];
  let roots = 0;
  for (let i = 0; i < doc.length;) {
    if (doc[i] !== '<') {
      const next = doc.indexOf('<', i);
      const text = doc.slice(i, next < 0 ? doc.length : next);
      const parent = stack.at(-1);
      if (badEntity.test(text)) out.push('unescaped & in text');
      if (text.trim() && !(parent && verbs[parent]?.text))
        out.push(`text outside a verb that takes text: "${text.trim().slice(0, 30)}"`);
      i = next < 0 ? doc.length : next;
      continue;
    }
    tag.lastIndex = i;
    const m = tag.exec(doc);
    if (!m) return [...out, `malformed markup at ${i}: ${doc.slice(i, i + 30)}`];
    i = tag.lastIndex;
    const [, closing, name = '', attrs = '', selfClosing] = m;
    if (closing) {
      if (stack.pop() !== name) return [...out, `</${name}> closes nothing open`];
      continue;
    }
    const spec = verbs[name];
    const parent = stack.at(-1);
    if (!spec) out.push(`<${name}> is not a verb this fake knows`);
    else if (parent === undefined ? name !== 'Response' || roots++ > 0 : !has(verbs[parent]?.children, name))
      out.push(`<${name}> cannot be inside ${parent ? `<${parent}>` : 'the document'}`);
    for (const [, attr = '', value = ''] of attrs.matchAll(/([A-Za-z]+)="([^"]*)"/g)) {
      if (spec && !has(spec.attrs, attr)) out.push(`<${name}> has no attribute ${attr}`);
      if (badEntity.test(value)) out.push(`unescaped & in ${name}.${attr}`);
      const decoded = value.replace(/&amp;/g, '&');
      if (attr === 'action' && !/^https?:\/\//.test(decoded))
        out.push('Gather action must be absolute in inline TwiML');
      if (['numDigits', 'timeout', 'length', 'loop'].includes(attr) && !/^\d+$/.test(value))
        out.push(`${name}.${attr} must be a number`);
      if (attr === 'method' && value !== 'GET' && value !== 'POST')
        out.push(`${name}.method must be GET or POST`);
    }
    if (!selfClosing) stack.push(name);
  }
  if (stack.length) out.push(`<${stack.at(-1)}> is never closed`);
  if (roots !== 1) out.push('TwiML must have one <Response>');
  return out;
}

/** Twilio's request signature, written here from the documentation (not imported from src/). */
function sign(token: string, url: string, params: Record<string, string>): string {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join('');
  return createHmac('sha1', token).update(data).digest('base64');
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const isAbsoluteUrl = (s: string) => /^https?:\/\//.test(s) && URL.canParse(s);

/** Starts the fake with a made-up account (or the given one). */
export async function startFakeTwilio(
  opts: { accountSid?: string; authToken?: string; from?: string } = {},
): Promise<FakeTwilio> {
  const accountSid = opts.accountSid ?? `AC${'0123456789abcdef'.repeat(2)}`;
  const authToken = opts.authToken ?? 'fake-auth-token-0123456789abcdef';
  const from = opts.from ?? '+15005550006';
  const requests: TwilioRequest[] = [];
  const messages: TwilioMessage[] = [];
  const calls: TwilioCall[] = [];
  const violations: string[] = [];
  const failures = new Map<string, { failure: TwilioFailure; left: number }>();

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const raw = await readBody(req);
      const contentType = req.headers['content-type'] ?? '';
      const form = contentType.startsWith('application/x-www-form-urlencoded');
      const params = form ? Object.fromEntries(new URLSearchParams(raw)) : {};
      const record: TwilioRequest = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        params,
        violations: [],
      };
      requests.push(record);
      const error = (status: number, code: number, message: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(
          JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }),
        );
      };
      const refuse = (status: number, code: number, message: string) => {
        record.violations.push(message);
        violations.push(`${path}: ${message}`);
        error(status, code, message);
      };

      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(path);
      if (!m) return refuse(404, 20404, `The requested resource ${path} was not found`);
      if (req.method !== 'POST') return refuse(405, 20004, 'Method not allowed');
      const auth = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
      const [user, pass] = auth ? Buffer.from(auth[1]!, 'base64').toString('utf8').split(':') : [];
      if (!user || !pass) return refuse(401, 20003, 'Authenticate: no basic credentials');
      if (user !== m[1]) return refuse(401, 20003, 'Authenticate: the path account is not the user');
      if (user !== accountSid || pass !== authToken) return error(401, 20003, 'Authenticate');
      if (!form)
        return refuse(
          400,
          21604,
          `Content-Type must be application/x-www-form-urlencoded, got "${contentType}"`,
        );
      const known = m[2] === 'Messages' ? messageParams : callParams;
      const unknown = Object.keys(params).filter((k) => !known.has(k));
      if (unknown.length) return refuse(400, 20001, `Unknown parameters: ${unknown.join(', ')}`);
      if (params.StatusCallback !== undefined && !isAbsoluteUrl(params.StatusCallback))
        return refuse(400, 21609, 'Invalid StatusCallback url');

      const to = params.To ?? '';
      if (m[2] === 'Messages') {
        if (!to) return refuse(400, 21604, "A 'To' phone number is required.");
        if (!e164.test(to)) return refuse(400, 21211, `Invalid 'To' Phone Number: ${to}`);
        if (!params.From && !params.MessagingServiceSid)
          return refuse(400, 21603, "A 'From' phone number is required.");
        if (params.From && !e164.test(params.From))
          return refuse(400, 21212, `Invalid From Number: ${params.From}`);
        if (!params.Body && !params.MediaUrl && !params.ContentSid)
          return refuse(400, 21602, 'Message body is required.');
        if ((params.Body ?? '').length > 1600)
          return refuse(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
      } else {
        if (!to) return refuse(400, 21201, "No 'To' number is specified");
        if (!params.From) return refuse(400, 21213, "No 'From' number is specified");
        if (!e164.test(to)) return refuse(400, 21211, `Invalid 'To' Phone Number: ${to}`);
        if (!e164.test(params.From)) return refuse(400, 21212, `Invalid 'From' Phone Number: ${params.From}`);
        const how = ['Url', 'Twiml', 'ApplicationSid'].filter((k) => params[k] !== undefined);
        if (how.length !== 1)
          return refuse(400, 21205, 'Exactly one of Url, Twiml or ApplicationSid is required');
        if (params.Url !== undefined && !isAbsoluteUrl(params.Url))
          return refuse(400, 21205, 'Url is not a valid URL');
        if (params.Twiml !== undefined) {
          if (params.Twiml.length > 4000) return refuse(400, 12100, 'Twiml is over 4000 characters');
          const problems = twimlProblems(params.Twiml);
          if (problems.length) return refuse(400, 12100, `Document parse failure: ${problems.join('; ')}`);
        }
      }
      if (params.From && params.From !== from)
        return error(
          400,
          21606,
          `The From phone number ${params.From} is not a valid Twilio number for this account.`,
        );

      const scripted = failures.get(to);
      if (scripted && scripted.left > 0) {
        scripted.left -= 1;
        const f = scripted.failure;
        const code = f.code ?? (f.status === 429 ? 20429 : f.status >= 500 ? 20500 : 21211);
        return error(f.status, code, f.message ?? `Scripted failure ${code}`, {
          ...(f.retryAfter === undefined ? {} : { 'retry-after': String(f.retryAfter) }),
        });
      }
      const sid = `${m[2] === 'Messages' ? 'SM' : 'CA'}${randomBytes(16).toString('hex')}`;
      const common = {
        sid,
        account_sid: accountSid,
        to,
        from: params.From ?? null,
        status: 'queued',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: new Date().toUTCString().replace('GMT', '+0000'),
        uri: `/2010-04-01/Accounts/${accountSid}/${m[2]}/${sid}.json`,
      };
      let resource: Record<string, unknown>;
      if (m[2] === 'Messages') {
        const body = params.Body ?? '';
        const split = smsSegments(body);
        messages.push({ sid, params, to, body, ...split });
        resource = {
          ...common,
          body,
          num_segments: String(split.segments),
          error_code: null,
          error_message: null,
        };
      } else {
        calls.push({ sid, params, to, twiml: params.Twiml });
        resource = { ...common, duration: null, price: null };
      }
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify(resource));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    from,
    requests,
    messages,
    calls,
    violations,
    fail: (to, failure, times = Infinity) => void failures.set(to, { failure, left: times }),
    signature: (url, params) => sign(authToken, url, params),
    postCallback: (url, params) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': sign(authToken, url, params),
          'user-agent': 'TwilioProxy/1.1',
        },
        body: new URLSearchParams(params).toString(),
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Expedite's Twilio settings pointing at this stand-in (no status callbacks). */
export function twilioConfigFor(twilio: FakeTwilio): TwilioConfig {
  return {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    from: twilio.from,
    apiUrl: twilio.apiUrl,
    statusCallbackUrl: null,
  };
}
