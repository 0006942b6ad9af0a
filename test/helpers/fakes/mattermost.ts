/**
 * A stand-in for Mattermost incoming webhooks on 127.0.0.1 (random port): `POST /hooks/<key>` with
 * `Content-Type: application/json` and a JSON body `{ text, channel?, username?, icon_url?,
 * attachments? }` (text is required unless attachments are given; channel is a channel name, not
 * `#name`), or the same JSON in a `payload=` form field. It answers 200 `ok`; a breach answers 400
 * as Mattermost does and is recorded in `violations`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MattermostPost {
  key: string;
  text: string;
  channel: string | undefined;
}

export interface FakeMattermost {
  /** An incoming-webhook URL. */
  webhookUrl(key: string): string;
  posts: MattermostPost[];
  violations: string[];
  close(): Promise<void>;
}

export async function startFakeMattermost(): Promise<FakeMattermost> {
  const posts: MattermostPost[] = [];
  const violations: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const bad = (why: string) => {
        violations.push(why);
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ id: 'web.incoming_webhook.parse.app_error', message: why, status_code: 400 }),
        );
      };
      const m = /^\/hooks\/([a-z0-9]{10,})$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) return bad(`${req.method} ${req.url} is not a webhook`);
      const type = req.headers['content-type'] ?? '';
      let body: unknown;
      try {
        if (type.startsWith('application/json')) body = JSON.parse(raw);
        else if (type.startsWith('application/x-www-form-urlencoded'))
          body = JSON.parse(new URLSearchParams(raw).get('payload') ?? '');
        else return bad(`unsupported content type "${type}"`);
      } catch {
        return bad('the body is not JSON');
      }
      if (typeof body !== 'object' || body === null) return bad('the body is not an object');
      const b = body as Record<string, unknown>;
      if ((typeof b.text !== 'string' || !b.text) && !Array.isArray(b.attachments))
        return bad('text is required');
      if (b.channel !== undefined && (typeof b.channel !== 'string' || b.channel.startsWith('#')))
        return bad('channel must be a channel name without #');
      posts.push({ key: m[1]!, text: b.text as string, channel: b.channel });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    webhookUrl: (key) => `http://127.0.0.1:${port}/hooks/${key}`,
    posts,
    violations,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
