/**
 * No URL-taking feature reaches this machine or a private address: listeners on loopback (IPv4 and
 * IPv6) and on a private address added to `lo` count every TCP connection, and Teams, webhook and
 * Slack contact methods are aimed at them — directly, by the usual spellings of loopback, by DNS
 * names that resolve to it, and through an allow-listed server that redirects there. Every attempt
 * must be a 400 naming the reason, and no listener may see a single connection.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import dns from 'node:dns/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const PRIVATE = '10.255.77.1';

/** A listener that answers 200 to anything and counts the connections it sees. */
interface Listener {
  server: http.Server;
  port: number;
  connections: number;
}

async function listen(host: string): Promise<Listener | null> {
  const server = http.createServer((_req, res) => res.end('internal page'));
  const l: Listener = { server, port: 0, connections: 0 };
  server.on('connection', () => l.connections++);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, resolve);
    });
  } catch {
    return null;
  }
  l.port = (server.address() as AddressInfo).port;
  return l;
}

/** Adds the private address to `lo` (root only); answers whether this test added it. */
function addPrivateAlias(): { added: boolean; why?: string } {
  try {
    execFileSync('ip', ['addr', 'add', `${PRIVATE}/32`, 'dev', 'lo'], { stdio: 'pipe' });
    return { added: true };
  } catch (e) {
    const text = String((e as { stderr?: Buffer }).stderr ?? e);
    // Already there (another run): usable, but not ours to remove.
    if (/exists/i.test(text)) return { added: false };
    return { added: false, why: text.trim() || 'ip addr add failed' };
  }
}

let t: TestApp;
let v4: Listener;
let v6: Listener | null;
let priv: Listener | null;
let privNote = '';
let aliasAdded = false;
let redirector: http.Server;
let redirectorPort = 0;
/** Where the redirector sends what comes to its `/slack/` path (the configured Slack API base). */
let slackTarget = '';
/** Names this machine resolves to loopback without any mocking (besides `localhost`). */
const loopbackNames: string[] = [];

before(async () => {
  const alias = addPrivateAlias();
  aliasAdded = alias.added;
  if (alias.why) {
    privNote = `cannot add ${PRIVATE} to lo (${alias.why}); the private-address listener is skipped`;
    if (process.env.CI) throw new Error(privNote);
    console.log(`# SKIP: ${privNote}`);
  }
  v4 = (await listen('127.0.0.1'))!;
  v6 = await listen('::1');
  if (!v6) console.log('# SKIP: no IPv6 loopback here; [::1] is not tried');
  priv = alias.why ? null : await listen(PRIVATE);
  if (!alias.why && !priv) {
    if (process.env.CI) throw new Error(`cannot listen on ${PRIVATE}`);
    console.log(`# SKIP: cannot listen on ${PRIVATE}`);
  }
  for (const name of ['localhost.', 'foo.localhost', os.hostname()]) {
    const found = await dns.lookup(name, { all: true }).catch(() => []);
    if (found.length > 0 && found.every((a) => a.address === '127.0.0.1')) loopbackNames.push(name);
    else console.log(`# note: ${name} does not resolve to 127.0.0.1 here; not tried`);
  }

  // A server the admin trusts, which sends whoever comes to where `/r/<encoded URL>/…` says.
  redirector = http.createServer((req, res) => {
    const m = /^\/r\/([^/]+)/.exec(req.url ?? '');
    const to = req.url?.startsWith('/slack/') ? slackTarget : m ? decodeURIComponent(m[1]!) : null;
    res.writeHead(to ? 307 : 404, to ? { location: to } : {});
    res.end();
  });
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  redirectorPort = (redirector.address() as AddressInfo).port;

  t = await createTestApp({
    env: {
      // Only the redirector is allowed — not 127.0.0.1 on any other port.
      EXPEDITE_OUTBOUND_ALLOW: `127.0.0.1:${redirectorPort}`,
      EXPEDITE_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      EXPEDITE_SLACK_TOKEN: 'xoxb-test-token',
      EXPEDITE_SLACK_API_URL: `http://127.0.0.1:${redirectorPort}/slack`,
    },
  });
});

after(async () => {
  await t?.close();
  for (const l of [v4, v6, priv]) if (l) await new Promise<void>((r) => l.server.close(() => r()));
  await new Promise<void>((r) => redirector?.close(() => r()));
  if (aliasAdded) execFileSync('ip', ['addr', 'del', `${PRIVATE}/32`, 'dev', 'lo']);
});

const hits = () => [v4, v6, priv].reduce((n, l) => n + (l?.connections ?? 0), 0);

/** Adds a contact method as the stakeholder; answers the status and the error's message. */
async function add(kind: string, address: string): Promise<{ status: number; message: string }> {
  const res = await t.call('stakeholder', {
    method: 'POST',
    url: '/api/v1/me/contact-methods',
    payload: { kind, address, label: 'x' },
  });
  return { status: res.status, message: res.body?.error?.message ?? '' };
}

/** Each target URL and the words the refusal must contain. */
function targets(): [string, string][] {
  const p = v4.port;
  const list: [string, string][] = [
    [`https://127.0.0.1:${p}/`, '127.0.0.1 is a loopback address'],
    [`https://localhost:${p}/`, 'localhost resolves to a loopback address 127.0.0.1'],
    [`https://127.1:${p}/`, '127.0.0.1 is a loopback address'],
    [`https://2130706433:${p}/`, '127.0.0.1 is a loopback address'],
    [`https://0x7f000001:${p}/`, '127.0.0.1 is a loopback address'],
    [`https://0.0.0.0:${p}/`, '0.0.0.0 is an unspecified address'],
    [`https://[::ffff:127.0.0.1]:${p}/`, '::ffff:7f00:1 is a loopback address'],
    [`https://169.254.169.254/latest/meta-data/`, '169.254.169.254 is a cloud metadata address'],
    [`http://127.0.0.1:${p}/`, 'only https URLs are accepted (http only to allow-listed hosts)'],
    [`http://localhost:${p}/`, 'only https URLs are accepted (http only to allow-listed hosts)'],
  ];
  for (const name of loopbackNames)
    list.push([`https://${name}:${p}/`, `${name} resolves to a loopback address 127.0.0.1`]);
  if (v6) list.push([`https://[::1]:${v6.port}/`, '::1 is a loopback address']);
  if (priv) list.push([`https://${PRIVATE}:${priv.port}/`, `${PRIVATE} is a private address`]);
  return list;
}

for (const kind of ['teams', 'webhook'] as const)
  describe(`a ${kind} contact method`, () => {
    test('to loopback, private or metadata addresses is refused before any connection', async () => {
      for (const [url, words] of targets()) {
        const before = hits();
        const res = await add(kind, url);
        assert.equal(res.status, 400, url);
        assert.ok(res.message.includes(words), `${url}: "${res.message}" should say "${words}"`);
        assert.ok(!res.message.includes('internal page'), url);
        assert.equal(hits(), before, `${url} reached a listener`);
      }
    });

    test('through an allow-listed server that redirects there is refused at the redirect', async () => {
      for (const [url, words] of targets()) {
        const via = `http://127.0.0.1:${redirectorPort}/r/${encodeURIComponent(url)}/hook`;
        const before = hits();
        const res = await add(kind, via);
        assert.equal(res.status, 400, url);
        assert.ok(res.message.includes(words), `${url}: "${res.message}" should say "${words}"`);
        assert.equal(hits(), before, `${url} reached a listener through the redirect`);
      }
    });
  });

test('a Slack contact method whose API answers with a redirect there is refused', async () => {
  // The Slack API base is the operator's (the redirector here), and it sends on to each target.
  for (const [url, words] of targets()) {
    slackTarget = url;
    const before = hits();
    const res = await add('slack', 'U012AB3CD');
    assert.equal(res.status, 400, url);
    assert.ok(res.message.includes(words), `${url}: "${res.message}" should say "${words}"`);
    assert.equal(hits(), before, `${url} reached a listener through Slack`);
  }
});

test('a Slack address that is not a user id is refused by the schema', async () => {
  const res = await add('slack', `http://127.0.0.1:${v4.port}/`);
  assert.equal(res.status, 400);
  assert.equal(res.message, 'body.address: not a valid slack address');
});

test('more than five redirects are refused', async () => {
  let url = `https://192.0.2.1/never`;
  for (let i = 0; i < 6; i++) url = `http://127.0.0.1:${redirectorPort}/r/${encodeURIComponent(url)}/x`;
  const res = await add('webhook', url);
  assert.equal(res.status, 400);
  assert.ok(res.message.endsWith('more than 5 redirects'), res.message);
});
