/** The built web app is served: deep links get the app shell, assets are cached, the API keeps JSON 404s. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let web: FastifyInstance;
const dist = mkdtempSync(path.join(os.tmpdir(), 'expedite-web-'));
before(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js.gz'), gzipSync('console.log(1)'));
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');
  t = await createTestApp();
  web = await buildApp({ ...t.app.deps, config: { ...t.app.deps.config, webDir: dist } });
});
after(async () => {
  await web.close();
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

test('deep links load the app shell, uncached', async () => {
  for (const url of ['/', '/incidents/42', '/setup?token=x', '/admin/policy']) {
    const res = await web.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, url);
    assert.match(res.body, /id="root"/);
    assert.equal(res.headers['cache-control'], 'no-cache');
  }
});

test('hashed assets are cached for a year; root files are served; traversal is not', async () => {
  const asset = await web.inject({ method: 'GET', url: '/assets/index-abc123.js' });
  assert.equal(asset.statusCode, 200);
  assert.match(String(asset.headers['cache-control']), /max-age=31536000.*immutable/);
  assert.match(String(asset.headers['content-type']), /javascript/);
  const gz = await web.inject({
    method: 'GET',
    url: '/assets/index-abc123.js',
    headers: { 'accept-encoding': 'gzip' },
  });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.rawPayload).toString(), 'console.log(1)');
  assert.equal((await web.inject({ method: 'GET', url: '/favicon.svg' })).body, '<svg/>');
  assert.equal((await web.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode, 404);
  const sneaky = await web.inject({ method: 'GET', url: '/..%2F..%2Fetc%2Fpasswd' });
  assert.ok(!sneaky.body.includes('root:'), 'no file outside the build');
});

test('API paths keep their JSON 404', async () => {
  const res = await web.inject({ method: 'GET', url: '/api/v1/nothing' });
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().error.code, 'not_found');
  assert.equal((await web.inject({ method: 'GET', url: '/api/v1/incidents' })).statusCode, 401);
});
