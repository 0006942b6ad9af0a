/**
 * HTML pages carry a Content-Security-Policy that allows only what each page needs, refuse framing
 * and MIME sniffing and send no Referer; /metrics needs the metrics token or an admin's token
 * unless configured public.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
const extra: FastifyInstance[] = [];
const dist = mkdtempSync(path.join(os.tmpdir(), 'expedite-headers-'));
const METRICS_TOKEN = 'scraper-secret-0123456789';

before(async () => {
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  t = await createTestApp();
});
after(async () => {
  for (const app of extra) await app.close();
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

/** Another app on the same database with some settings changed. */
async function appWith(changes: Record<string, unknown>): Promise<FastifyInstance> {
  const app = await buildApp({ ...t.app.deps, config: { ...t.app.deps.config, ...changes } });
  extra.push(app);
  return app;
}

function assertPageHeaders(headers: Record<string, unknown>, what: string) {
  assert.match(String(headers['content-security-policy']), /frame-ancestors 'none'/, what);
  assert.match(String(headers['content-security-policy']), /object-src 'none'/, what);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
}

describe('HTML pages', () => {
  test('the web app shell: its own scripts only, inline styles for the theme', async () => {
    const web = await appWith({ webDir: dist });
    for (const url of ['/', '/incidents/42']) {
      const res = await web.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200);
      assertPageHeaders(res.headers, url);
      assert.equal(
        res.headers['content-security-policy'],
        "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; " +
          "script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
          "media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; manifest-src 'self'",
      );
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
    }
  });

  test('the setup page allows exactly its own inline script and style', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/setup?token=abc' });
    assert.equal(res.statusCode, 200);
    assertPageHeaders(res.headers, '/setup');
    assert.equal(res.headers['referrer-policy'], 'no-referrer', 'the setup token stays on this site');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    const inline = (tag: string) => {
      const text = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(res.body)![1]!;
      return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    };
    assert.ok(csp.includes(`script-src ${inline('script')}`), csp);
    assert.ok(csp.includes(`style-src ${inline('style')}`), csp);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  test('the acknowledgement pages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ack/not-a-token' });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assertPageHeaders(res.headers, '/ack');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /^default-src 'none'; .*; style-src 'sha256-[A-Za-z0-9+/]+=*'$/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const posted = await t.app.inject({ method: 'POST', url: '/ack/not-a-token' });
    assertPageHeaders(posted.headers, 'POST /ack');
  });

  test('the API docs page and its files', async () => {
    for (const url of ['/api/docs', '/api/docs/static/swagger-initializer.js']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(
        String(res.headers['content-security-policy']),
        /script-src 'self'; script-src-attr 'none'/,
      );
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
  });

  test('API answers are not sniffed either', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });
});

describe('/metrics', () => {
  test('anonymous is 401, a non-admin 403, an admin 200', async () => {
    const anonymous = await t.call(null, { method: 'GET', url: '/metrics' });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'unauthorized');
    assert.equal((await t.call('responder', { method: 'GET', url: '/metrics' })).status, 403);
    const admin = await t.call('admin', { method: 'GET', url: '/metrics' });
    assert.equal(admin.status, 200);
    assert.match(admin.body, /expedite_db_pool_connections/);
  });

  test('the metrics token lets a scraper in; another token does not', async () => {
    const app = await appWith({ metricsToken: METRICS_TOKEN });
    const get = (token: string) =>
      app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await get(METRICS_TOKEN)).statusCode, 200);
    assert.equal((await get('scraper-secret-0123456780')).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
  });

  test('EXPEDITE_METRICS_PUBLIC keeps them open', async () => {
    const app = await appWith({ metricsPublic: true });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /expedite_http_request_duration_seconds/);
  });
});
