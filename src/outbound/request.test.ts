import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { OutboundError, sendOutbound } from './request.ts';

interface Seen {
  method: string;
  url: string;
  body: string;
  authorization?: string;
}

/** A server on 127.0.0.1 that records what it gets and answers as `route` says. */
async function server(route: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  let connections = 0;
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        body,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      route(req, res);
    });
  });
  s.on('connection', () => connections++);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  return {
    seen,
    port,
    connections: () => connections,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r()))),
  };
}

let target: Awaited<ReturnType<typeof server>>;
let hopper: Awaited<ReturnType<typeof server>>;
before(async () => {
  target = await server((req, res) => {
    if (req.url === '/slow') return; // never answers
    if (req.url === '/huge') return void res.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024, 'x'));
    res.writeHead(201, { 'content-type': 'text/plain' }).end('made');
  });
  // Redirects `/<status>?to=<url>` with that status.
  hopper = await server((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const to = u.searchParams.get('to');
    res.writeHead(Number(u.pathname.slice(1)), to ? { location: to } : {}).end();
  });
});
after(async () => {
  await target.close();
  await hopper.close();
});

const post = { method: 'POST' as const, headers: { authorization: 'Bearer s3cret' }, body: '{"a":1}' };
const local = [{ host: '127.0.0.1' }];

test('an allow-listed host is reached over http; the answer is a Response', async () => {
  const res = await sendOutbound(target.url('/hook'), post, { allow: local, timeoutMs: 2000 });
  assert.equal(res.status, 201);
  assert.equal(await res.text(), 'made');
  assert.deepEqual(target.seen.at(-1), {
    method: 'POST',
    url: '/hook',
    body: '{"a":1}',
    authorization: 'Bearer s3cret',
  });
});

test('307 and 308 repeat the POST; 301, 302 and 303 continue with a GET without body', async () => {
  for (const [status, method, body] of [
    [307, 'POST', '{"a":1}'],
    [308, 'POST', '{"a":1}'],
    [301, 'GET', ''],
    [302, 'GET', ''],
    [303, 'GET', ''],
  ] as const) {
    const via = hopper.url(`/${status}?to=${encodeURIComponent(target.url(`/after-${status}`))}`);
    const res = await sendOutbound(via, post, { allow: local, timeoutMs: 2000 });
    assert.equal(res.status, 201, String(status));
    const last = target.seen.at(-1)!;
    assert.deepEqual([last.method, last.url, last.body], [method, `/after-${status}`, body], String(status));
    // Another port is another origin: the credentials stay behind.
    assert.equal(last.authorization, undefined, String(status));
  }
});

test('a redirect within the origin keeps the credentials', async () => {
  const via = hopper.url(`/307?to=${encodeURIComponent(hopper.url('/201'))}`);
  assert.equal((await sendOutbound(via, post, { allow: local, timeoutMs: 2000 })).status, 201);
  assert.equal(hopper.seen.at(-1)!.authorization, 'Bearer s3cret');
});

test('an entry with a port allows that port only', async () => {
  const only = [{ host: '127.0.0.1', port: hopper.port }];
  const via = hopper.url(`/307?to=${encodeURIComponent(target.url('/x'))}`);
  const before = target.connections();
  await assert.rejects(sendOutbound(via, post, { allow: only, timeoutMs: 2000 }), {
    name: 'OutboundError',
    reason: 'scheme',
    message: 'only https URLs are accepted (http only to allow-listed hosts)',
  });
  assert.equal(target.connections(), before);
});

test('a name that resolves to loopback is refused when the socket looks it up, before connecting', async () => {
  const before = target.connections();
  await assert.rejects(
    sendOutbound(`https://localhost:${target.port}/`, post, { allow: [], timeoutMs: 2000 }),
    {
      name: 'OutboundError',
      reason: 'blocked',
      message: 'localhost resolves to a loopback address 127.0.0.1',
    },
  );
  assert.equal(target.connections(), before);
});

test('redirects past the limit are refused', async () => {
  let url = target.url('/end');
  for (let i = 0; i < 3; i++) url = hopper.url(`/302?to=${encodeURIComponent(url)}`);
  await assert.rejects(sendOutbound(url, post, { allow: local, timeoutMs: 2000, maxRedirects: 2 }), {
    reason: 'redirects',
    message: 'more than 2 redirects',
  });
  assert.equal(
    (await sendOutbound(url, post, { allow: local, timeoutMs: 2000, maxRedirects: 3 })).status,
    201,
  );
});

test('no answer in time is a retryable timeout; a closed port a retryable network error', async () => {
  await assert.rejects(sendOutbound(target.url('/slow'), post, { allow: local, timeoutMs: 150 }), (e) => {
    assert.ok(e instanceof OutboundError);
    assert.deepEqual([e.reason, e.retryable], ['timeout', true]);
    return true;
  });
  const closed = await server(() => {});
  await closed.close();
  await assert.rejects(sendOutbound(closed.url(), post, { allow: local, timeoutMs: 2000 }), (e) => {
    assert.ok(e instanceof OutboundError);
    assert.deepEqual(
      [e.reason, e.retryable, e.message],
      ['network', true, 'could not connect (ECONNREFUSED)'],
    );
    return true;
  });
});

test('schemes other than http(s) and text that is not a URL are refused', async () => {
  await assert.rejects(sendOutbound('file:///etc/passwd', post, { allow: local, timeoutMs: 100 }), {
    reason: 'scheme',
    message: 'only https URLs are accepted, got file://',
  });
  await assert.rejects(sendOutbound('not a url', post, { allow: local, timeoutMs: 100 }), {
    reason: 'bad_url',
    message: 'the address is not a URL',
  });
});

test('an answer past 1 MiB is cut off with an error instead of read whole', async () => {
  const res = await sendOutbound(target.url('/huge'), post, { allow: local, timeoutMs: 2000 });
  assert.equal(res.status, 200);
  await assert.rejects(res.text());
  const small = await sendOutbound(target.url('/ok'), post, { allow: local, timeoutMs: 2000 });
  assert.equal(await small.text(), 'made');
});
