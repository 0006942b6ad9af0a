import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { signStandardWebhook, standardWebhookKey } from '../../signing/standard-webhooks.ts';
import { verifyStandardWebhook } from './standard-webhooks.ts';
import { DeliveryError } from './types.ts';

// The test vector published with the Standard Webhooks specification.
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const request = (
  headers: Record<string, string | string[] | undefined>,
  body = vector.body,
  nowMs = vector.timestamp * 1000,
) => ({
  headers: {
    'webhook-id': vector.id,
    'webhook-timestamp': String(vector.timestamp),
    'webhook-signature': vector.signature,
    ...headers,
  },
  rawBody: Buffer.from(body),
  nowMs,
});
const refused = (req: ReturnType<typeof request>, field: string, secret = vector.secret) =>
  assert.throws(
    () => verifyStandardWebhook(req, secret),
    (e) => e instanceof DeliveryError && e.kind === 'unauthorized' && e.field === field,
    field,
  );

test('signing reproduces the specification test vector', () => {
  assert.equal(
    signStandardWebhook(vector.secret, vector.id, vector.timestamp, vector.body),
    vector.signature,
  );
  assert.equal(
    signStandardWebhook(vector.secret, vector.id, vector.timestamp, Buffer.from(vector.body)),
    vector.signature,
  );
  const key = standardWebhookKey(vector.secret);
  const manual = createHmac('sha256', key)
    .update(`${vector.id}.${vector.timestamp}.${vector.body}`)
    .digest('base64');
  assert.equal(`v1,${manual}`, vector.signature);
  assert.deepEqual(standardWebhookKey('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), key, 'the prefix is optional');
});

test('a valid signature passes, also among several (key rotation) and other versions', () => {
  assert.doesNotThrow(() => verifyStandardWebhook(request({}), vector.secret));
  const other = signStandardWebhook(
    'whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==',
    vector.id,
    vector.timestamp,
    vector.body,
  );
  assert.doesNotThrow(() =>
    verifyStandardWebhook(
      request({ 'webhook-signature': `v1a,abcd ${other} ${vector.signature}` }),
      vector.secret,
    ),
  );
});

test('a wrong signature, body, id or secret is refused', () => {
  refused(request({}, '{"test": 2432232315}'), 'headers.webhook-signature');
  refused(request({ 'webhook-id': 'msg_other' }), 'headers.webhook-signature');
  refused(request({}), 'headers.webhook-signature', 'whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==');
  refused(request({ 'webhook-signature': 'v1,' }), 'headers.webhook-signature');
  refused(request({ 'webhook-signature': 'v1,not base64 at all!' }), 'headers.webhook-signature');
  refused(
    request({ 'webhook-signature': vector.signature.replace('v1,', 'v2,') }),
    'headers.webhook-signature',
  );
  refused(request({ 'webhook-signature': vector.signature.slice(0, -4) }), 'headers.webhook-signature');
  refused(request({}), 'headers.webhook-signature', 'whsec_');
});

test('timestamps more than five minutes away, either way, are refused (replays)', () => {
  const at = vector.timestamp * 1000;
  assert.doesNotThrow(() => verifyStandardWebhook(request({}, vector.body, at + 300_000), vector.secret));
  assert.doesNotThrow(() => verifyStandardWebhook(request({}, vector.body, at - 300_000), vector.secret));
  refused(request({}, vector.body, at + 301_000), 'headers.webhook-timestamp');
  refused(request({}, vector.body, at - 301_000), 'headers.webhook-timestamp');
  refused(request({ 'webhook-timestamp': '1614265330.5' }), 'headers.webhook-timestamp');
  refused(request({ 'webhook-timestamp': 'yesterday' }), 'headers.webhook-timestamp');
});

test('missing headers are refused, naming the header', () => {
  refused(request({ 'webhook-id': undefined }), 'headers.webhook-id');
  refused(request({ 'webhook-timestamp': undefined }), 'headers.webhook-timestamp');
  refused(request({ 'webhook-signature': undefined }), 'headers.webhook-signature');
  refused(request({ 'webhook-signature': '' }), 'headers.webhook-signature');
  assert.doesNotThrow(() =>
    verifyStandardWebhook(request({ 'webhook-signature': [vector.signature] }), vector.secret),
  );
});
