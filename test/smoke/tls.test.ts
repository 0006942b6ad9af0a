/**
 * HTTPS served directly: with EXPEDITE_TLS_CERT and EXPEDITE_TLS_KEY the server speaks TLS (the
 * official PagerDuty clients refuse http:// URLs), so a PagerDuty event sent over a verified HTTPS
 * connection is accepted; a missing or unusable certificate stops the start with a clear message.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { spawnServer, type ServerProcess } from '../helpers/server-process.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const skip = !hasOpenssl && !process.env.CI ? 'openssl is not installed (Debian package openssl)' : false;
if (skip) console.log(`# skipped: ${skip}`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'expedite-tls-'));
const cert = path.join(dir, 'cert.pem');
const key = path.join(dir, 'key.pem');
// Apart from the key: as root, the database runs as another account that must enter them.
const dataDirs: string[] = [];
const running: ServerProcess[] = [];
after(() => {
  for (const s of running) s.child.kill('SIGKILL');
  for (const d of [dir, ...dataDirs]) rmSync(d, { recursive: true, force: true });
});

const baseEnv = () => ({
  DATABASE_URL: '',
  EXPEDITE_DATA_DIR: dataDirs[dataDirs.push(mkdtempSync(path.join(os.tmpdir(), 'expedite-tls-data-'))) - 1]!,
  EXPEDITE_ADMIN_EMAIL: 'admin@example.com',
  EXPEDITE_ADMIN_PASSWORD: 'admin-password',
});

/** A request over HTTPS that trusts only the test's certificate. */
function request(
  url: string,
  method: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: readFileSync(cert),
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

test('a PagerDuty event over HTTPS with a self-signed certificate', { skip, timeout: 180_000 }, async () => {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' }); // prettier-ignore
  const s = await spawnServer({ ...baseEnv(), EXPEDITE_TLS_CERT: cert, EXPEDITE_TLS_KEY: key });
  running.push(s);
  const base = s.url.replace('http://', 'https://');
  const deadline = Date.now() + 120_000;
  for (;;) {
    assert.ok(Date.now() < deadline, `not healthy over HTTPS:\n${s.output()}`);
    assert.equal(s.child.exitCode, null, `server exited:\n${s.output()}`);
    const health = await request(`${base}/healthz`, 'GET').catch(() => undefined);
    if (health?.status === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.match(s.output(), new RegExp(`Expedite is ready at ${base.replaceAll('.', '\\.')}`));

  const login = await request(`${base}/api/v1/auth/login`, 'POST', {
    email: 'admin@example.com',
    password: 'admin-password',
  });
  assert.equal(login.status, 200);
  const made = await request(
    `${base}/api/v1/integrations`,
    'POST',
    { name: 'Datadog', type: 'pagerduty' },
    login.json.token,
  );
  assert.equal(made.status, 201);
  assert.equal(made.json.pagerDutyUrl, `${base}/v2/enqueue`);
  const event = await request(`${base}/v2/enqueue`, 'POST', {
    routing_key: made.json.key,
    event_action: 'trigger',
    dedup_key: 'tls/check',
    payload: { summary: 'Checkout over TLS', source: 'srv01', severity: 'error' },
  });
  assert.equal(event.status, 202);
  assert.deepEqual(event.json, { status: 'success', message: 'Event processed', dedup_key: 'tls/check' });

  // Plain HTTP on the same port is not served.
  await assert.rejects(fetch(`${s.url}/healthz`));
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, 0);
});

test(
  'a missing certificate file stops the start, naming the variable and file',
  { timeout: 60_000 },
  async () => {
    const missing = path.join(dir, 'nowhere.pem');
    const s = await spawnServer({ ...baseEnv(), EXPEDITE_TLS_CERT: missing, EXPEDITE_TLS_KEY: key });
    running.push(s);
    assert.notEqual(await s.exited, 0);
    assert.match(s.output(), /EXPEDITE_TLS_CERT: cannot read \S*nowhere\.pem \(ENOENT/);
  },
);

test('a file that is not a certificate stops the start', { timeout: 60_000 }, async () => {
  const junk = path.join(dir, 'junk.pem');
  writeFileSync(junk, 'not a certificate\n');
  const s = await spawnServer({ ...baseEnv(), EXPEDITE_TLS_CERT: junk, EXPEDITE_TLS_KEY: junk });
  running.push(s);
  assert.notEqual(await s.exited, 0);
  assert.match(s.output(), /not a usable PEM certificate and matching private key/);
});

test('a certificate without its key stops the start', { timeout: 60_000 }, async () => {
  const s = await spawnServer({ ...baseEnv(), EXPEDITE_TLS_CERT: cert });
  running.push(s);
  assert.notEqual(await s.exited, 0);
  assert.match(s.output(), /EXPEDITE_TLS_KEY must be set too/);
});
