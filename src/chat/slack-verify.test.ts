import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notifyConfigFromEnv } from '../config-channels.ts';
import { channelName } from './render.ts';
import { signatureProblem } from './slack-verify.ts';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const body = 'token=x&command=%2Fexpedite&text=status+12';
// Computed apart from the code: printf 'v0:1531420618:<body>' | openssl dgst -sha256 -hmac <secret>
const signature = 'v0=5d89e3862839798ea688276b4541c7267b8e599f1eb5bd97cd9b4c047203cf8e';
const at = (seconds: number) => seconds * 1000;

test('a request signed with the secret within five minutes holds', () => {
  const headers = { timestamp: '1531420618', signature };
  assert.equal(signatureProblem(secret, headers, body, at(1531420618)), null);
  assert.equal(signatureProblem(secret, headers, body, at(1531420618 + 300)), null);
  assert.equal(signatureProblem(secret, headers, body, at(1531420618 + 301)), 'the request is too old');
  assert.equal(signatureProblem(secret, headers, body, at(1531420618 - 301)), 'the request is too old');
});

test('another body, secret or timestamp, or a missing header, is refused', () => {
  const now = at(1531420618);
  const h = { timestamp: '1531420618', signature };
  assert.equal(signatureProblem(secret, h, `${body}x`, now), 'the signature does not match');
  assert.equal(signatureProblem('another-secret-0123', h, body, now), 'the signature does not match');
  assert.equal(
    signatureProblem(secret, { ...h, timestamp: '1531420619' }, body, now),
    'the signature does not match',
  );
  assert.equal(
    signatureProblem(secret, { ...h, signature: 'v0=00' }, body, now),
    'the signature does not match',
  );
  assert.equal(
    signatureProblem(secret, { ...h, timestamp: undefined }, body, now),
    'X-Slack-Request-Timestamp is missing',
  );
  assert.equal(
    signatureProblem(secret, { ...h, signature: undefined }, body, now),
    'X-Slack-Signature is missing',
  );
});

test('incident channel names follow Slack: lowercase, no spaces or periods, at most 80 characters', () => {
  assert.equal(
    channelName(12, 'ADMINS-FBLOCK-FE: Clicking on user details gives an error'),
    'inc-12-admins-fblock-fe-clicking-on-user-details-gives-an-error',
  );
  assert.equal(channelName(7, 'v4.2.1 broke  the café'), 'inc-7-v4-2-1-broke-the-cafe');
  assert.equal(channelName(3, '!!!'), 'inc-3');
  const long = channelName(12345, 'x'.repeat(200));
  assert.equal(long.length, 80);
  assert.match(long, /^inc-12345-x+$/);
});

test('the signing secret comes from EXPEDITE_SLACK_SIGNING_SECRET; a malformed one stops the start', () => {
  const env = { EXPEDITE_SLACK_TOKEN: 'xoxb-1-2-abc' };
  assert.equal(notifyConfigFromEnv(env).slack?.signingSecret, undefined);
  assert.equal(
    notifyConfigFromEnv({ ...env, EXPEDITE_SLACK_SIGNING_SECRET: secret }).slack?.signingSecret,
    secret,
  );
  assert.throws(() => notifyConfigFromEnv({ ...env, EXPEDITE_SLACK_SIGNING_SECRET: 'short' }), {
    message: 'EXPEDITE_SLACK_SIGNING_SECRET must be the Slack app signing secret (letters and digits)',
  });
});
