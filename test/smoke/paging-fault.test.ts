/**
 * The fault test of the paging engine: 500 escalations are pending when the server and its
 * PostgreSQL are both killed with SIGKILL. After a restart every incident is paged, and no message
 * goes out twice except those in flight at the kill (counted at the SMTP sink by Message-ID).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, waitForExit } from '../../src/db/embedded/process.ts';
import { spawnServer, waitHealthy, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

const INCIDENTS = 500;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-paging-fault-'));
const running: ServerProcess[] = [];
let sink: SmtpSink | undefined;

after(async () => {
  for (const s of running) s.child.kill('SIGKILL');
  const pid = postmasterPid();
  if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function postmasterPid(): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

async function start(smtpUrl: string): Promise<ServerProcess> {
  const s = await spawnServer({
    EXPEDITE_DATA_DIR: dataDir,
    EXPEDITE_ADMIN_EMAIL: 'admin@example.com',
    EXPEDITE_ADMIN_PASSWORD: 'admin-password',
    EXPEDITE_WEB_DIR: '',
    EXPEDITE_SMTP_URL: smtpUrl,
    EXPEDITE_MAIL_FROM: 'pager@example.com',
    LOG_LEVEL: 'warn',
  });
  running.push(s);
  await waitHealthy(s);
  return s;
}

async function api<T>(
  s: ServerProcess,
  token: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${s.url}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${url} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Page emails by incident number, and by Message-ID. */
function pages(s: SmtpSink) {
  const mails = s.messages.filter((m) => /^\[P\d\] #\d+ /.test(m.subject ?? ''));
  const incidents = new Set(mails.map((m) => /#(\d+)/.exec(m.subject!)![1]));
  const ids = new Set(mails.map((m) => m.messageId));
  return { total: mails.length, incidents: incidents.size, distinct: ids.size };
}

test(
  `kill -9 of server and PostgreSQL with ${INCIDENTS} escalations pending: no page lost, none twice`,
  { timeout: 300_000 },
  async () => {
    sink = await startSmtpSink();
    const first = await start(sink.url);
    const login = await fetch(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'admin-password' }),
    });
    const { token, user } = (await login.json()) as { token: string; user: { id: string } };
    const method = await api<{ id: string }>(first, token, 'POST', '/api/v1/me/contact-methods', {
      kind: 'email',
      address: 'oncall@example.com',
    });
    const code = /(\d{6})/.exec(sink.messages.at(-1)!.text!)![1];
    await api(first, token, 'POST', `/api/v1/me/contact-methods/${method.id}/verify`, { code });
    const policy = await api<{ id: string }>(first, token, 'POST', '/api/v1/escalation-policies', {
      name: 'Everyone',
      levels: [{ timeoutMinutes: 60, targets: [{ type: 'user', id: user.id }] }],
    });
    await api(first, token, 'POST', '/api/v1/teams', {
      name: 'Back-end',
      areas: ['BE'],
      escalationPolicyId: policy.id,
    });

    const numbers: number[] = [];
    for (let i = 0; i < INCIDENTS; i++) {
      const inc = await api<{ number: number }>(first, token, 'POST', '/api/v1/incidents', {
        title: `Fault ${i}`,
        area: 'BE',
        scope: 'ALL',
        criticality: 'ALLBLOCK',
      });
      numbers.push(inc.number);
    }
    // Every page request is committed (202) before the kill; the escalations run meanwhile.
    await Promise.all(
      numbers.map((n) => api(first, token, 'POST', `/api/v1/incidents/${n}/page`, { reason: 'fault test' })),
    );
    // Kill in the middle: once some pages are out and most are pending.
    const until = Date.now() + 30_000;
    while (pages(sink).incidents < 50 && Date.now() < until) await sleep(5);
    const atKill = pages(sink);
    const pm = postmasterPid()!;
    first.child.kill('SIGKILL');
    process.kill(pm, 'SIGKILL');
    await first.exited;
    await waitForExit(pm, 10_000);
    const delivered = pages(sink);
    assert.ok(delivered.incidents > 0, 'the kill came while paging');
    assert.ok(
      delivered.incidents < INCIDENTS,
      `some pages were still pending at the kill (${delivered.incidents} sent)`,
    );

    await start(sink.url);
    const deadline = Date.now() + 120_000;
    while (pages(sink).incidents < INCIDENTS && Date.now() < deadline) await sleep(100);
    await sleep(1_000); // anything sent twice would arrive now
    const end = pages(sink);
    assert.equal(end.incidents, INCIDENTS, 'every incident was paged');
    assert.equal(end.distinct, INCIDENTS, 'one message id per page');
    const twice = end.total - end.distinct;
    // Only messages in flight at the kill may go twice: at most the worker's concurrency.
    assert.ok(twice <= 8, `${twice} pages went twice (${atKill.incidents} sent before the kill)`);
    console.log(
      `# ${delivered.incidents} paged before the kill, ${INCIDENTS - delivered.incidents} after; ${twice} sent twice`,
    );
  },
);
