/**
 * The redaction kinds of credentials.har, each on its own: Basic credentials in any header,
 * `user:password@` wherever a URL appears, passphrase/pin/secret/api_key/aws_* fields, and
 * token-like URL path segments; and what must be kept beside them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  isSecretFieldName,
  isSecretParamName,
  REDACTED,
  redactText,
  type RedactCounter,
} from './har-redact.ts';
import { parseHar } from './har.ts';

const fixture = readFileSync(new URL('./fixtures/credentials.har', import.meta.url));
const jwtPath =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYXRoLXVzZXIiLCJleHAiOjE4OTM0NTYwMDB9.Zm9vYmFyUGF0aEpXVHNpZ25hdHVyZTAx';

/** Every credential planted in credentials.har. */
const plantedCredentials = [
  'YWRhOkJhc2ljUGFzc3dvcmQx', // Basic in X-Debug-Forward
  'UrlPass-1122', // user:password@ in request.url
  'RefPass-3344', // ... in a Referer header
  'LocPass-5566', // ... in Location and redirectURL
  'correct-horse-9911', // ?passphrase=
  'ak_live_5566aabb', // ?api_key=
  '739104', // pin form parameter
  'AKIAJUSTFORTEST00001', // aws_access_key_id in a JSON body
  'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY', // aws_secret_access_key
  'FwoGZXIvYXdzSESSIONTOKEN01', // awsSessionToken
  'shh-secret-4242', // secret
  'kdf-phrase-8080', // passphrase in JSON
  '9fQ2xL7pR4tK8wZ1mN6bV3cY5hJ0dS2aE7gU', // token-like path segment
  jwtPath, // JWT as a path segment
];

const counter = (): RedactCounter => ({ count: 0 });
type Entry = {
  request: {
    url: string;
    headers: { name: string; value: string }[];
    queryString: { name: string; value: string }[];
    postData?: { text: string; params?: { name: string; value: string }[] };
  };
  response: { headers: { name: string; value: string }[]; redirectURL: string };
};

test('the fixture really holds every planted credential', () => {
  const text = fixture.toString('utf8');
  for (const secret of plantedCredentials) assert.ok(text.includes(secret), secret);
});

test('no planted credential survives in the redacted HAR or its summary', () => {
  const { redacted, summary } = parseHar(fixture);
  const out = JSON.stringify(redacted) + JSON.stringify(summary);
  for (const secret of plantedCredentials) assert.ok(!out.includes(secret), `${secret} survived`);
});

test('each kind is redacted where it appears, and what responders need is kept', () => {
  const { redacted, summary } = parseHar(fixture);
  const e = (redacted as { log: { entries: Entry[] } }).log.entries;
  const header = (i: number, name: string) => e[i]!.request.headers.find((h) => h.name === name)?.value;
  assert.equal(e[0]!.request.url, 'https://[redacted]@api.example.com/v1/users/1842/details');
  assert.equal(header(0, 'Referer'), 'https://[redacted]@app.example.com/users/1842');
  assert.equal(header(0, 'X-Debug-Forward'), 'Basic [redacted]');
  assert.equal(header(0, 'Accept'), 'application/json');
  assert.equal(e[1]!.response.headers[0]!.value, 'https://[redacted]@files.example.com/dl/report.pdf');
  assert.equal(e[1]!.response.redirectURL, 'https://[redacted]@files.example.com/dl/report.pdf');
  assert.deepEqual(e[2]!.request.queryString, [
    { name: 'passphrase', value: REDACTED },
    { name: 'api_key', value: REDACTED },
    { name: 'view', value: 'compact' },
  ]);
  assert.equal(
    e[2]!.request.url,
    'https://api.example.com/v1/vault?passphrase=[redacted]&api_key=[redacted]&view=compact',
  );
  assert.deepEqual(e[3]!.request.postData!.params, [
    { name: 'card', value: 'visa' },
    { name: 'pin', value: REDACTED },
    { name: 'remember', value: '1' },
  ]);
  assert.equal(e[3]!.request.postData!.text, 'card=visa&pin=[redacted]&remember=1');
  assert.deepEqual(JSON.parse(e[4]!.request.postData!.text), {
    bucket: 'exports',
    aws_access_key_id: REDACTED,
    aws_secret_access_key: REDACTED,
    awsSessionToken: REDACTED,
    secret: REDACTED,
    passphrase: REDACTED,
  });
  assert.equal(e[5]!.request.url, 'https://app.example.com/reset/[redacted]/confirm');
  assert.equal(e[6]!.request.url, 'https://app.example.com/embed/[redacted]/view');
  assert.equal(
    e[7]!.request.url,
    'https://app.example.com/users/1842/details/550e8400-e29b-41d4-a716-446655440000',
    'ids and UUIDs are kept',
  );
  assert.deepEqual(
    summary.failing.map((l) => [l.status, l.url]),
    [
      [500, 'https://[redacted]@api.example.com/v1/users/1842/details'],
      [403, 'https://api.example.com/v1/cards/activate'],
    ],
  );
  assert.deepEqual(
    summary.slow.map((l) => l.url),
    ['https://app.example.com/reset/[redacted]/confirm'],
  );
});

test('Basic credentials in any text, but not the word "Basic" in prose', () => {
  const c = counter();
  assert.equal(redactText('Basic dXNlcjpwYXNz', c), `Basic ${REDACTED}`);
  assert.equal(redactText('upstream=Basic  YTpi, other', c), `upstream=Basic ${REDACTED}, other`);
  assert.equal(redactText('Basic plan, Basic support', c), 'Basic plan, Basic support');
  assert.equal(redactText(`Basic ${REDACTED}`, c), `Basic ${REDACTED}`);
  assert.equal(c.count, 2);
});

test('user:password@ and bare user@ in any URL, with any scheme; e-mail addresses are kept', () => {
  const c = counter();
  assert.equal(redactText('https://u:p@x.example/a', c), 'https://[redacted]@x.example/a');
  assert.equal(redactText('see ftp://ghp_token123@git.example', c), 'see ftp://[redacted]@git.example');
  assert.equal(
    redactText('{"next":"wss://a:b@ws.example/s"}', c),
    '{"next":"wss://[redacted]@ws.example/s"}',
  );
  assert.equal(redactText('https://[redacted]@x.example/', c), 'https://[redacted]@x.example/');
  assert.equal(
    redactText('mailto ada@example.com at https://x.example/u/ada@example.com', c),
    'mailto ada@example.com at https://x.example/u/ada@example.com',
  );
  assert.equal(c.count, 3);
});

test('token-like path segments are redacted; words, ids, hashes of files and UUIDs are kept', () => {
  const c = counter();
  const token = 'AbCdEfGh1234567890IjKlMnOp12345678';
  assert.equal(redactText(`https://x.example/s/${token}`, c), 'https://x.example/s/[redacted]');
  assert.equal(redactText(`/p/${token}?a=1`, c), '/p/[redacted]?a=1');
  assert.equal(redactText(`https://x.example/p/${token}#top`, c), 'https://x.example/p/[redacted]#top');
  assert.equal(c.count, 3);
  for (const kept of [
    'https://x.example/users/1842/details',
    'https://x.example/internationalization-settings-for-everyone/page',
    'https://x.example/static/main.3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c.js',
    'https://x.example/u/550e8400-e29b-41d4-a716-446655440000',
    `https://${token}.cdn.example/`,
  ])
    assert.equal(redactText(kept, c), kept);
  assert.equal(c.count, 3);
});

test('passphrase, pin, secret, api_key and aws_* are secret names; similar words are not', () => {
  for (const name of [
    'passphrase',
    'PIN',
    'pin_code',
    'secret',
    'api_key',
    'aws_region',
    'AWS-Access-Key-Id',
    'awsSecretAccessKey',
  ])
    assert.ok(isSecretFieldName(name) && isSecretParamName(name), name);
  for (const name of ['pinned', 'spin', 'awesome', 'laws', 'draws_count'])
    assert.ok(!isSecretFieldName(name) && !isSecretParamName(name), name);
});

test('pathological text for the new rules (nothing secret in it) passes through unchanged', () => {
  // A backtracking pattern would stall here (the run's per-test timeout fails it).
  const inputs = [
    'https://a:'.repeat(100_000) + ' @',
    `/${'a'.repeat(500_000)}.js`,
    `/${'A1'.repeat(20)}.x`.repeat(50_000),
    'Basic '.repeat(100_000) + 'Basic !',
    `Basic ${'QUJD'.repeat(100_000)}===`,
  ];
  for (const text of inputs) {
    const c = counter();
    assert.ok(redactText(text, c) === text && c.count === 0, text.slice(0, 40));
  }
});
