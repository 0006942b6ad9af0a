import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notifyConfigFromEnv } from '../config-channels.ts';
import { closeChannels, createChannels } from './index.ts';
import { retryAfterMs, retryableStatus, SendError } from './types.ts';

const sid = `AC${'a1'.repeat(16)}`;
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const full = {
  EXPEDITE_SMTP_URL: 'smtp://pager%40example.com:p%3Ass@mail.example.com:2525',
  EXPEDITE_MAIL_FROM: 'Expedite <pager@example.com>',
  EXPEDITE_SLACK_TOKEN: 'xoxb-123-456-abc',
  EXPEDITE_TWILIO_ACCOUNT_SID: sid,
  EXPEDITE_TWILIO_AUTH_TOKEN: 'token',
  EXPEDITE_TWILIO_FROM: '+15005550006',
  EXPEDITE_WEBHOOK_SECRET: secret,
};

const refused = (env: Record<string, string>, variable: string) =>
  assert.throws(
    () => notifyConfigFromEnv(env),
    (e) => e instanceof Error && e.message.includes(variable),
    variable,
  );

test('an empty environment turns every configurable channel off; Teams is always on', async () => {
  const config = notifyConfigFromEnv({});
  assert.deepEqual(config, { email: null, slack: null, twilio: null, webhook: null });
  const channels = createChannels(config);
  assert.deepEqual(Object.fromEntries(Object.entries(channels).map(([k, c]) => [k, c?.kind ?? null])), {
    email: null,
    slack: null,
    sms: null,
    voice: null,
    teams: 'teams',
    webhook: null,
  });
  await closeChannels(channels);
});

test('a full environment is read into every channel', async () => {
  const config = notifyConfigFromEnv(full);
  assert.deepEqual(config.email, {
    host: 'mail.example.com',
    port: 2525,
    secure: false,
    auth: { user: 'pager@example.com', pass: 'p:ss' },
    from: 'Expedite <pager@example.com>',
  });
  assert.deepEqual(config.slack, { token: 'xoxb-123-456-abc', apiUrl: 'https://slack.com/api' });
  assert.deepEqual(config.twilio, {
    accountSid: sid,
    authToken: 'token',
    from: '+15005550006',
    apiUrl: 'https://api.twilio.com',
    statusCallbackUrl: null,
  });
  assert.deepEqual(config.webhook, { secret });
  const channels = createChannels(config);
  for (const kind of ['email', 'slack', 'sms', 'voice', 'teams', 'webhook'] as const)
    assert.equal(channels[kind]?.kind, kind);
  await closeChannels(channels);
});

test('defaults and overrides: smtps port, API URLs without trailing slash, status callback', () => {
  const config = notifyConfigFromEnv({
    ...full,
    EXPEDITE_SMTP_URL: 'smtps://relay.example.com',
    EXPEDITE_MAIL_FROM: 'pager@example.com',
    EXPEDITE_SLACK_API_URL: 'http://127.0.0.1:9999/api/',
    EXPEDITE_TWILIO_API_URL: 'http://127.0.0.1:9998',
    EXPEDITE_TWILIO_STATUS_CALLBACK_URL: 'https://expedite.example.com/twilio/status/',
  });
  assert.deepEqual(config.email, {
    host: 'relay.example.com',
    port: 465,
    secure: true,
    auth: null,
    from: 'pager@example.com',
  });
  assert.equal(config.slack?.apiUrl, 'http://127.0.0.1:9999/api');
  assert.equal(config.twilio?.apiUrl, 'http://127.0.0.1:9998');
  assert.equal(config.twilio?.statusCallbackUrl, 'https://expedite.example.com/twilio/status/');
  assert.equal(notifyConfigFromEnv({ ...full, EXPEDITE_SMTP_URL: 'smtp://relay' }).email?.port, 587);
});

test('bad values stop the start with the variable named, and no secret repeated', () => {
  refused({ ...full, EXPEDITE_SMTP_URL: 'http://mail.example.com' }, 'EXPEDITE_SMTP_URL');
  refused({ ...full, EXPEDITE_SMTP_URL: 'not a url' }, 'EXPEDITE_SMTP_URL');
  refused({ ...full, EXPEDITE_SMTP_URL: 'smtp://user@mail.example.com' }, 'EXPEDITE_SMTP_URL');
  refused({ EXPEDITE_SMTP_URL: full.EXPEDITE_SMTP_URL }, 'EXPEDITE_MAIL_FROM');
  refused({ ...full, EXPEDITE_MAIL_FROM: 'Expedite' }, 'EXPEDITE_MAIL_FROM');
  refused({ ...full, EXPEDITE_SLACK_TOKEN: 'xoxp-user-token' }, 'EXPEDITE_SLACK_TOKEN');
  refused({ ...full, EXPEDITE_SLACK_API_URL: 'ftp://slack' }, 'EXPEDITE_SLACK_API_URL');
  refused({ ...full, EXPEDITE_TWILIO_ACCOUNT_SID: 'AC123' }, 'EXPEDITE_TWILIO_ACCOUNT_SID');
  refused({ ...full, EXPEDITE_TWILIO_FROM: '555-1234' }, 'EXPEDITE_TWILIO_FROM');
  refused({ ...full, EXPEDITE_TWILIO_API_URL: 'api.twilio.com' }, 'EXPEDITE_TWILIO_API_URL');
  refused(
    { ...full, EXPEDITE_TWILIO_STATUS_CALLBACK_URL: '/relative' },
    'EXPEDITE_TWILIO_STATUS_CALLBACK_URL',
  );
  refused({ EXPEDITE_TWILIO_ACCOUNT_SID: sid }, 'EXPEDITE_TWILIO_AUTH_TOKEN and EXPEDITE_TWILIO_FROM');
  refused(
    { ...full, EXPEDITE_WEBHOOK_SECRET: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    'EXPEDITE_WEBHOOK_SECRET',
  );
  refused({ ...full, EXPEDITE_WEBHOOK_SECRET: 'whsec_c2hvcnQ=' }, 'EXPEDITE_WEBHOOK_SECRET');
  for (const env of [
    { ...full, EXPEDITE_SLACK_TOKEN: 'xoxp-very-secret' },
    { ...full, EXPEDITE_WEBHOOK_SECRET: 'whsec_c2VjcmV0' },
    { ...full, EXPEDITE_SMTP_URL: 'smtp://user@host', EXPEDITE_MAIL_FROM: 'x' },
  ])
    assert.throws(
      () => notifyConfigFromEnv(env),
      (e) => e instanceof Error && !/very-secret|c2VjcmV0/.test(e.message),
    );
});

test('blank variables count as unset', () => {
  assert.equal(notifyConfigFromEnv({ EXPEDITE_SLACK_TOKEN: '  ', EXPEDITE_WEBHOOK_SECRET: '' }).slack, null);
});

test('SendError carries retryable, status, code and Retry-After', () => {
  const e = new SendError('x', { retryable: true, status: 429, code: 'ratelimited', retryAfterMs: 3000 });
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'SendError');
  assert.deepEqual([e.retryable, e.status, e.code, e.retryAfterMs], [true, 429, 'ratelimited', 3000]);
  const bare = new SendError('y', { retryable: false });
  assert.deepEqual(
    [bare.retryable, bare.status, bare.code, bare.retryAfterMs],
    [false, undefined, undefined, undefined],
  );
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('30'), 30_000);
  assert.equal(
    retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    10_000,
  );
  assert.equal(retryAfterMs(null), undefined);
  assert.equal(retryAfterMs('soon'), undefined);
  assert.deepEqual([408, 425, 429, 500, 503].map(retryableStatus), [true, true, true, true, true]);
  assert.deepEqual([400, 401, 403, 404, 410, 413].map(retryableStatus), [
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
});
