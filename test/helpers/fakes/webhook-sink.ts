/**
 * A webhook receiver on 127.0.0.1 (random port) that checks each delivery against the Standard
 * Webhooks specification (https://www.standardwebhooks.com/) and records it:
 * - POST with `Content-Type: application/json` and a body that parses as a JSON object carrying a
 *   string `type` (the spec's recommended payload shape);
 * - `webhook-id` present (no spaces); `webhook-timestamp` integer seconds within 5 minutes of now;
 * - `webhook-signature` a space-separated list of `<version>,<base64>` with at least one `v1` entry
 *   equal to base64(HMAC-SHA256(key, "<id>.<timestamp>.<raw body>")), the key being the base64
 *   after `whsec_` — computed here independently of src/.
 * A delivery that breaks it gets 400 (401 for a bad signature) and is recorded in `violations`.
 * Failures can be scripted per path (a status and Retry-After); otherwise the answer is 204.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery as received. */
export interface WebhookDelivery {
  path: string;
  headers: http.IncomingHttpHeaders;
  id: string | undefined;
  timestamp: number | undefined;
  raw: string;
  body: unknown;
  /** Whether a v1 signature matched. */
  verified: boolean;
  violations: string[];
}

/** A scripted failure for one path. */
export interface WebhookFailure {
  status: number;
  /** Seconds for Retry-After. */
  retryAfter?: number;
}

export interface WebhookSink {
  /** The URL of a path on the sink (`/hook` by default). */
  url(path?: string): string;
  secret: string;
  /** Every request, valid or not. */
  deliveries: WebhookDelivery[];
  /** Every contract violation; tests assert this stays empty. */
  violations: string[];
  /** How many deliveries carried this webhook-id (redeliveries keep the id). */
  attempts(id: string): number;
  /** The next `times` deliveries to `path` fail this way (all of them by default). */
  fail(path: string, failure: WebhookFailure, times?: number): void;
  close(): Promise<void>;
}

const toleranceSeconds = 5 * 60;

function signatureMatches(secret: string, id: string, ts: string, raw: Buffer, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.`).update(raw).digest();
  return header.split(' ').some((entry) => {
    const [version, sig] = entry.split(',');
    if (version !== 'v1' || !sig) return false;
    const given = Buffer.from(sig, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the sink; deliveries must be signed with `secret` (`whsec_…`). `now` is for timestamps. */
export async function startWebhookSink(opts: { secret: string; now?: () => number }): Promise<WebhookSink> {
  const { secret } = opts;
  const now = opts.now ?? Date.now;
  const deliveries: WebhookDelivery[] = [];
  const violations: string[] = [];
  const failures = new Map<string, { failure: WebhookFailure; left: number }>();

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const raw = await readBody(req);
      const header = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v.join(' ') : v;
      };
      const id = header('webhook-id');
      const ts = header('webhook-timestamp');
      const signature = header('webhook-signature');
      const d: WebhookDelivery = {
        path,
        headers: req.headers,
        id,
        timestamp: ts && /^\d+$/.test(ts) ? Number(ts) : undefined,
        raw: raw.toString('utf8'),
        body: undefined,
        verified: false,
        violations: [],
      };
      deliveries.push(d);
      const violate = (why: string) => {
        d.violations.push(why);
        violations.push(`${path}: ${why}`);
      };

      if (req.method !== 'POST') violate('webhooks are POSTed');
      if (!/^application\/json\b/.test(header('content-type') ?? ''))
        violate('Content-Type must be application/json');
      if (!id || /\s/.test(id)) violate('webhook-id must be present, without spaces');
      if (d.timestamp === undefined) violate('webhook-timestamp must be integer seconds');
      else if (Math.abs(now() / 1000 - d.timestamp) > toleranceSeconds)
        violate('webhook-timestamp is over 5 minutes off');
      if (!signature || !/^[a-z0-9]+,[A-Za-z0-9+/=]+( [a-z0-9]+,[A-Za-z0-9+/=]+)*$/.test(signature))
        violate('webhook-signature must be "v1,<base64>" entries separated by spaces');
      try {
        d.body = JSON.parse(d.raw) as unknown;
        const b = d.body as Record<string, unknown> | null;
        if (typeof b !== 'object' || b === null || Array.isArray(b) || typeof b.type !== 'string')
          violate('the payload must be a JSON object with a string type');
      } catch {
        violate('the body is not JSON');
      }
      d.verified = Boolean(id && ts && signature && signatureMatches(secret, id, ts, raw, signature));
      if (!d.verified && signature) violate('no v1 signature matches');

      if (d.violations.length) {
        res.writeHead(d.verified ? 400 : 401, { 'content-type': 'text/plain' });
        return res.end(d.violations.join('; '));
      }
      const scripted = failures.get(path);
      if (scripted && scripted.left > 0) {
        scripted.left -= 1;
        const { status, retryAfter } = scripted.failure;
        res.writeHead(status, retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) });
        return res.end(`scripted ${status}`);
      }
      res.writeHead(204);
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path = '/hook') => `${base}${path}`,
    secret,
    deliveries,
    violations,
    attempts: (id) => deliveries.filter((d) => d.id === id).length,
    fail: (path, failure, times = Infinity) => void failures.set(path, { failure, left: times }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
