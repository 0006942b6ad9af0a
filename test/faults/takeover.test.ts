/**
 * The fault test of a dead instance: two server processes share one PostgreSQL. A person is paged
 * by webhook; the receiver stalls the first page request, and the instance holding that notify job
 * is killed with SIGKILL while it waits. The other instance takes the job over once its short lease
 * ends and delivers the page within 10 s, with the same idempotency key (the receiver counts
 * distinct `webhook-id`s), and the message is recorded as sent.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { spawnServer, waitHealthy, type ServerProcess } from '../helpers/server-process.ts';
import { socketOwner } from '../helpers/socket-owner.ts';

let db: TestDatabase | undefined;
const servers: ServerProcess[] = [];
const dataDirs: string[] = [];
let receiver: http.Server | undefined;

after(async () => {
  for (const s of servers)
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r) ?? r(undefined));
  await db?.drop();
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
});

/** A page request as the receiver saw it. */
interface Seen {
  id: string;
  at: number;
  /** The sender's source port. */
  port: number;
  answered: boolean;
}

/** A webhook receiver: verification codes are kept, the first page request is never answered. */
async function startReceiver() {
  const codes: string[] = [];
  const pages: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const msg = JSON.parse(body) as { subject?: string; text?: string };
      if (/verification code/i.test(msg.subject ?? '')) {
        codes.push(/(\d{6})/.exec(msg.text ?? '')![1]!);
        res.writeHead(200).end();
        return;
      }
      const seen: Seen = {
        id: String(req.headers['webhook-id']),
        at: Date.now(),
        port: req.socket.remotePort!,
        answered: false,
      };
      pages.push(seen);
      if (pages.length === 1) return; // stalled: its sender waits until it dies
      seen.answered = true;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/page`;
  return { server, url, codes, pages };
}

async function until<T>(
  what: string,
  ms: number,
  read: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  for (const end = Date.now() + ms; ; await sleep(50)) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
  }
}

test(
  'kill -9 of the instance holding a notify job: the other delivers the page within 10 s, once by key',
  { timeout: 120_000 },
  async () => {
    db = await createTestDatabase();
    const rx = await startReceiver();
    receiver = rx.server;
    const env = {
      DATABASE_URL: db.url,
      EXPEDITE_ADMIN_EMAIL: 'admin@example.com',
      EXPEDITE_ADMIN_PASSWORD: 'admin-password',
      EXPEDITE_WEB_DIR: '',
      EXPEDITE_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
      EXPEDITE_OUTBOUND_ALLOW: '127.0.0.1,localhost',
      LOG_LEVEL: 'error',
    };
    for (let i = 0; i < 2; i++) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-takeover-'));
      dataDirs.push(dataDir);
      const s = await spawnServer({ ...env, EXPEDITE_DATA_DIR: dataDir });
      servers.push(s);
      await waitHealthy(s);
    }
    const [a] = servers as [ServerProcess, ServerProcess];
    const login = await fetch(`${a.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'admin-password' }),
    });
    const { token, user } = (await login.json()) as { token: string; user: { id: string } };
    const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${a.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      assert.ok(res.ok, `${method} ${url} → ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    const method = await api<{ id: string }>('POST', '/api/v1/me/contact-methods', {
      kind: 'webhook',
      address: rx.url,
    });
    const code = await until('the verification code', 10_000, () => rx.codes[0]);
    await api('POST', `/api/v1/me/contact-methods/${method.id}/verify`, { code });
    const policy = await api<{ id: string }>('POST', '/api/v1/escalation-policies', {
      name: 'Everyone',
      levels: [{ timeoutMinutes: 60, targets: [{ type: 'user', id: user.id }] }],
    });
    await api('POST', '/api/v1/teams', { name: 'Back-end', areas: ['BE'], escalationPolicyId: policy.id });
    const incident = await api<{ number: number }>('POST', '/api/v1/incidents', {
      title: 'Checkout down',
      area: 'BE',
      scope: 'ALL',
      criticality: 'ALLBLOCK',
    });
    await api('POST', `/api/v1/incidents/${incident.number}/page`, { reason: 'fault test' });

    // The first page request arrives and stalls; the instance holding its job is named by the
    // job's lease (`host:pid`). Where /proc shows sockets, the request's source port must agree.
    const first = await until('the first page request', 30_000, () => rx.pages[0]);
    const holder = await until('the lease of the stalled job', 5_000, async () => {
      const { rows } = await db!.pool.query<{ locked_by: string | null }>(
        "SELECT locked_by FROM jobs WHERE kind = 'notify' AND key = $1",
        [first.id],
      );
      return rows[0]?.locked_by ?? undefined;
    });
    const pid = Number(holder.split(':').at(-1));
    const victim = servers.find((s) => s.child.pid === pid);
    assert.ok(victim, `the holder of the stalled job is one of the two servers (${holder})`);
    const sender = socketOwner(
      first.port,
      servers.map((s) => s.child.pid!),
    );
    if (sender !== undefined) assert.equal(sender, pid, 'the holder sent the stalled request');
    const survivor = servers.find((s) => s !== victim)!;
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await victim.exited;

    const delivered = await until('the page delivered by the other instance', 20_000, () =>
      rx.pages.find((p) => p.answered),
    );
    const after = delivered.at - killedAt;
    assert.ok(after < 10_000, `delivered ${after} ms after the kill`);
    await sleep(1_000); // anything sent again would arrive now
    assert.deepEqual([...new Set(rx.pages.map((p) => p.id))], [first.id], 'one idempotency key');
    const { rows } = await until('the message recorded as sent', 5_000, async () => {
      const r = await db!.pool.query<{ status: string }>(
        'SELECT status FROM messages WHERE idempotency_key = $1',
        [first.id],
      );
      return r.rows[0]?.status === 'sent' ? r : undefined;
    });
    assert.equal(rows[0]!.status, 'sent');
    assert.equal(survivor.child.exitCode, null, 'the other instance is still running');
    console.log(
      `# page delivered by the other instance ${after} ms after the kill (${rx.pages.length} requests)`,
    );
  },
);
