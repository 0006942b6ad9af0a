/** A minimal HTTP client on node:http (no connection reuse), for health polls and set-up calls. */
import http from 'node:http';

/** A response: status and body text. */
export interface Reply {
  status: number;
  body: string;
}

/** Sends one request; `json` is sent as the body, `token` as a bearer token. */
export function request(
  url: string,
  opts: { method?: string; json?: unknown; token?: string; timeoutMs?: number } = {},
): Promise<Reply> {
  const body = opts.json === undefined ? undefined : JSON.stringify(opts.json);
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends one request and parses the JSON answer; throws unless the status is `expected`. */
export async function requestJson<T>(
  url: string,
  opts: Parameters<typeof request>[1] & { expected?: number } = {},
): Promise<T> {
  const reply = await request(url, opts);
  const expected = opts.expected ?? 200;
  if (reply.status !== expected) {
    throw new Error(`${opts.method ?? 'GET'} ${url}: ${reply.status} (wanted ${expected}): ${reply.body}`);
  }
  return JSON.parse(reply.body) as T;
}
