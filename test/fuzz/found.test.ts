/**
 * Requests the fuzz test found answering 5xx, kept as fixed cases: each now answers 400 in its
 * route's own error shape.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let pagerDutyKey: string;
before(async () => {
  t = await createTestApp();
  const made = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name: 'PagerDuty senders', type: 'pagerduty' },
  });
  pagerDutyKey = made.body.key;
});
after(async () => t.close());

const boundary = 'b0undary';
const part =
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="capture.har"\r\n` +
  'Content-Type: application/octet-stream\r\n\r\n{"log":{"entries":[]}}\r\n';

function upload(contentType: string, payload: string) {
  return t.call('admin', {
    method: 'POST',
    url: '/api/v1/uploads',
    headers: { 'content-type': contentType },
    payload,
  });
}

test('a multipart upload without a boundary is a 400 naming the body', async () => {
  const res = await upload('multipart/form-data', `${part}--${boundary}--\r\n`);
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, 'invalid_request');
  assert.equal(res.body.error.message, 'body: Multipart: Boundary not found');
});

test('a multipart boundary longer than 256 characters is a 400', async () => {
  const long = 'b'.repeat(300);
  const res = await upload(`multipart/form-data; boundary=${long}`, `--${long}--\r\n`);
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, 'invalid_request');
});

test('a file part cut short (no closing boundary) is a 400, in memory or on disk', async () => {
  for (const filename of ['capture.har', 'screenshot.png']) {
    const res = await upload(
      `multipart/form-data; boundary=${boundary}`,
      part.replace('capture.har', filename),
    );
    assert.equal(res.status, 400, `${filename}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, 'invalid_request');
  }
});

test('a PagerDuty event with a lone surrogate (PostgreSQL refuses those) is kept, the surrogate replaced', async () => {
  const res = await t.call(null, {
    method: 'POST',
    url: '/v2/enqueue',
    headers: { 'content-type': 'application/json' },
    payload: `{"routing_key":"${pagerDutyKey}","dedup_key":"\\ud800","event_action":"acknowledge"}`,
  });
  assert.equal(res.status, 202);
  assert.deepEqual(res.body, { status: 'success', message: 'Event processed', dedup_key: '\ufffd' });
});

test('a path that is not valid percent-encoded UTF-8 is a 400 in our shape, naming the path', async () => {
  const res = await t.call('admin', { method: 'GET', url: '/api/v1/incidents/%FF' });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, {
    error: {
      code: 'invalid_request',
      message: 'path: not valid percent-encoded UTF-8',
      details: [{ field: 'path', message: 'not valid percent-encoded UTF-8' }],
    },
  });
  assert.ok(res.headers['x-request-id']);
});

test('a path parameter over the length limit is a 414 in our shape', async () => {
  const res = await t.call('admin', { method: 'GET', url: `/api/v1/incidents/${'a'.repeat(301)}` });
  assert.equal(res.status, 414);
  assert.equal(res.body.error.code, 'invalid_request');
  assert.equal(res.body.error.message, 'path: a path segment is too long');
});

function declare(headers: Record<string, string>, payload: string | Buffer) {
  return t.call('admin', { method: 'POST', url: '/api/v1/incidents', headers, payload });
}
const json = { 'content-type': 'application/json' };

test('prototype keys in a JSON body are refused by name, however spelt', async () => {
  for (const payload of [
    '{"title":"x","__proto__":{"isAdmin":true}}',
    '{"title":"x","\\u005f_proto__":{"isAdmin":true}}',
  ]) {
    const res = await declare(json, payload);
    assert.equal(res.status, 400, payload);
    assert.equal(res.body.error.message, 'body: "__proto__" is not allowed as a key');
  }
  const ctor = await declare(json, '{"title":"x","constructor":{"prototype":{"isAdmin":true}}}');
  assert.equal(ctor.status, 400);
  assert.equal(ctor.body.error.message, 'body: "constructor.prototype" is not allowed');
});

test('a JSON body that is not UTF-8 is a 400, not stored with replacement characters', async () => {
  const res = await declare(
    json,
    Buffer.from([0x7b, 0x22, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
  );
  assert.equal(res.status, 400);
  assert.equal(res.body.error.message, 'body: is not valid UTF-8');
});

test('JSON nested deeper than 64 levels is a 400 naming the body', async () => {
  const res = await declare(json, `{"title":"x","description":${'['.repeat(5000)}${']'.repeat(5000)}}`);
  assert.equal(res.status, 400);
  assert.equal(res.body.error.message, 'body: nests deeper than 64 levels');
});

test('a compressed body or a charset other than UTF-8 is a 415 naming the header', async () => {
  const gzip = await declare({ ...json, 'content-encoding': 'gzip' }, '{"title":"x"}');
  assert.equal(gzip.status, 415);
  assert.equal(gzip.body.error.details[0].field, 'headers.content-encoding');
  const utf16 = await declare({ 'content-type': 'application/json; charset=utf-16' }, '{"title":"x"}');
  assert.equal(utf16.status, 415);
  assert.equal(utf16.body.error.details[0].field, 'headers.content-type');
  const utf8 = await declare({ 'content-type': 'application/json; charset=UTF-8' }, '{"title":"Still fine"}');
  assert.equal(utf8.status, 201);
});
