import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sentry, verifySentryTimestamp } from './sentry.ts';
import { DeliveryError, type DeliveryRequest } from './types.ts';

const secret = 'a3c0ffee5e1f4b0c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';
const fixtureText = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): any => JSON.parse(fixtureText(name));
const sign = (raw: string | Buffer, key = secret) => createHmac('sha256', key).update(raw).digest('hex');

/** When the deliveries below arrive: 30 seconds after their Sentry-Hook-Timestamp. */
const sentAt = 1566248777;
const nowMs = sentAt * 1000 + 30_000;

/** A delivery as Sentry sends it: the body, signed, with its resource and request id headers. */
function delivery(resource: string, body: unknown, headers: Record<string, string> = {}): DeliveryRequest {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    headers: {
      'content-type': 'application/json',
      'request-id': '5d1c2f4e-8a0b-4c1e-9f3a-7b6e5d4c3b2a',
      'sentry-hook-resource': resource,
      'sentry-hook-timestamp': String(sentAt),
      'sentry-hook-signature': sign(raw),
      ...headers,
    },
    rawBody: Buffer.from(raw),
    body: JSON.parse(raw),
    nowMs,
  };
}
const withSecret = { signingSecret: secret, mapping: null };
const noSecret = { signingSecret: null, mapping: null };
const parse = (resource: string, body: unknown) => sentry.parse(delivery(resource, body), withSecret);
const rejects = (req: DeliveryRequest, kind: string, field: string) =>
  assert.throws(
    () => {
      sentry.verify!(req, withSecret);
      sentry.parse(req, withSecret);
    },
    (e) => e instanceof DeliveryError && e.kind === kind && e.field === field,
    `${kind} at ${field}`,
  );

test('the signature is a hex HMAC-SHA256 of the raw body with the client secret', () => {
  const raw = fixtureText('sentry-issue-created.json');
  const req = delivery('issue', raw);
  assert.doesNotThrow(() => sentry.verify!(req, withSecret));
  assert.doesNotThrow(() =>
    sentry.verify!(
      { ...req, headers: { ...req.headers, 'sentry-hook-signature': sign(raw).toUpperCase() } },
      withSecret,
    ),
  );
  const tampered = { ...req, rawBody: Buffer.from(raw.replace('blooopy', 'blooopz')) };
  rejects(tampered, 'unauthorized', 'headers.sentry-hook-signature');
  rejects(
    delivery('issue', raw, { 'sentry-hook-signature': sign(raw, 'another secret') }),
    'unauthorized',
    'headers.sentry-hook-signature',
  );
  rejects(
    delivery('issue', raw, { 'sentry-hook-signature': 'not hex' }),
    'unauthorized',
    'headers.sentry-hook-signature',
  );
  const unsigned = { ...req.headers, 'sentry-hook-signature': undefined };
  rejects({ ...req, headers: unsigned }, 'unauthorized', 'headers.sentry-hook-signature');
  // Without a configured secret nothing is checked.
  assert.doesNotThrow(() => sentry.verify!({ ...req, headers: unsigned }, noSecret));
});

test('issue created is a trigger keyed by the issue id, with the request id as delivery id', () => {
  const body = fixture('sentry-issue-created.json');
  const parsed = parse('issue', body);
  assert.equal(parsed.externalId, '5d1c2f4e-8a0b-4c1e-9f3a-7b6e5d4c3b2a');
  assert.deepEqual(parsed.signals, [
    {
      action: 'trigger',
      dedupKey: 'issue:1170820242',
      groupKey: 'issue:1170820242',
      title: 'ReferenceError: blooopy is not defined',
      severity: 'error',
      labels: {
        project: 'front-end',
        level: 'error',
        platform: 'javascript',
        shortId: 'FRONT-END-9',
        culprit: '?(runner)',
        substatus: 'escalating',
      },
      links: [],
      occurredAt: new Date('2019-08-19T20:58:37.391Z'),
      payload: body,
    },
  ]);
});

test('issue actions: resolved resolves, archived/ignored acknowledge, assigned is no signal', () => {
  const cases: [string, string | null][] = [
    ['created', 'trigger'],
    ['unresolved', 'trigger'],
    ['resolved', 'resolve'],
    ['archived', 'acknowledge'],
    ['ignored', 'acknowledge'],
    ['assigned', null],
    ['something_new', null],
  ];
  for (const [action, expected] of cases) {
    const body = { ...fixture('sentry-issue-created.json'), action };
    body.data.issue.web_url = 'https://sentry.io/organizations/test-org/issues/1170820242/';
    const signals = parse('issue', body).signals;
    assert.equal(signals[0]?.action ?? null, expected, action);
    if (expected) {
      assert.equal(signals[0]?.dedupKey, 'issue:1170820242');
      assert.deepEqual(signals[0]?.links, [{ href: body.data.issue.web_url, text: 'Sentry issue' }]);
    }
  }
});

test('an issue alert (event_alert) triggers on the issue, with event tags as labels', () => {
  const body = fixture('sentry-event-alert.json');
  const [s] = parse('event_alert', body).signals;
  assert.equal(s?.action, 'trigger');
  assert.equal(s?.dedupKey, 'issue:1117540176');
  assert.equal(s?.title, 'ReferenceError: heck is not defined');
  assert.equal(s?.severity, 'error');
  assert.equal(s?.labels.browser, 'Chrome 75.0.3770');
  assert.equal(s?.labels['os.name'], 'Mac OS X');
  assert.equal(s?.labels.rule, 'Very Important Alert Rule!');
  assert.deepEqual(s?.links, [
    { href: body.data.event.web_url, text: 'Sentry event' },
    { href: 'https://sentry.io/api/0/issues/1117540176/', text: 'Sentry issue (API)' },
  ]);
  assert.deepEqual(s?.occurredAt, new Date('2019-08-19T21:06:17.677Z'));
});

test('an error webhook triggers on its issue, so the issue webhooks resolve it later', () => {
  const [s] = parse('error', fixture('sentry-error-created.json')).signals;
  assert.equal(s?.action, 'trigger');
  assert.equal(s?.dedupKey, 'issue:1170820242');
  const [resolved] = parse('issue', { ...fixture('sentry-issue-created.json'), action: 'resolved' }).signals;
  assert.equal(resolved?.dedupKey, s?.dedupKey);
});

test('metric alerts: critical and warning trigger, resolved resolves, keyed by the incident', () => {
  const body = fixture('sentry-metric-alert-resolved.json');
  const [resolved] = parse('metric_alert', body).signals;
  assert.deepEqual(resolved, {
    action: 'resolve',
    dedupKey: 'metric_alert:4',
    groupKey: 'metric_alert:4',
    title: 'Resolved: Too many errors',
    severity: null,
    labels: {
      rule: 'Too many errors',
      aggregate: 'count()',
      dataset: 'events',
      query: 'level:error',
      projects: 'bar',
    },
    links: [{ href: 'https://sentry.io/organizations/baz/alerts/1/', text: 'Sentry alert' }],
    occurredAt: null,
    payload: body,
  });
  for (const level of ['critical', 'warning'] as const) {
    const [s] = parse('metric_alert', { ...body, action: level }).signals;
    assert.equal(s?.action, 'trigger');
    assert.equal(s?.severity, level);
    assert.equal(s?.dedupKey, 'metric_alert:4');
    assert.deepEqual(s?.occurredAt, new Date('2020-09-13T12:26:40Z'));
  }
});

test('levels map onto severities', () => {
  for (const [level, severity] of [
    ['fatal', 'critical'],
    ['error', 'error'],
    ['warning', 'warning'],
    ['info', 'info'],
    ['debug', 'info'],
    ['sample', null],
  ] as const) {
    const body = fixture('sentry-issue-created.json');
    body.data.issue.level = level;
    assert.equal(parse('issue', body).signals[0]?.severity, severity, level);
  }
});

test('other resources (installation, comment, …) are accepted without signals', () => {
  const body = { action: 'created', data: { installation: {} }, installation: { uuid: 'x' } };
  for (const resource of ['installation', 'comment', 'seer', 'preprod_artifact'])
    assert.deepEqual(parse(resource, body).signals, []);
  assert.deepEqual(
    parse('event_alert', { ...fixture('sentry-event-alert.json'), action: 'other' }).signals,
    [],
  );
});

test('malformed Sentry deliveries name the field', () => {
  const issue = () => fixture('sentry-issue-created.json');
  const check = (resource: string, body: unknown, field: string) =>
    rejects(delivery(resource, body), 'malformed', field);
  const noResource = { ...delivery('issue', issue()).headers, 'sentry-hook-resource': undefined };
  rejects(
    { ...delivery('issue', issue()), headers: noResource },
    'malformed',
    'headers.sentry-hook-resource',
  );
  check('issue', [], 'body');
  check('issue', { ...issue(), action: 3 }, 'body.action');
  check('issue', { ...issue(), data: null }, 'body.data');
  check('issue', { ...issue(), data: { issue: 'x' } }, 'body.data.issue');
  const noId = issue();
  delete noId.data.issue.id;
  check('issue', noId, 'body.data.issue.id');
  const badTime = issue();
  badTime.data.issue.firstSeen = 'then';
  check('issue', badTime, 'body.data.issue.firstSeen');
  const alert = fixture('sentry-event-alert.json');
  delete alert.data.event.issue_id;
  check('event_alert', alert, 'body.data.event.issue_id');
  check('error', { action: 'created', data: {} }, 'body.data.error');
  check(
    'metric_alert',
    { action: 'critical', data: { metric_alert: { id: {} } } },
    'body.data.metric_alert.id',
  );
});

test('a delivery more than five minutes from its Sentry-Hook-Timestamp is refused as a replay', () => {
  const raw = fixtureText('sentry-issue-created.json');
  const at = (timestamp: string | undefined, ms: number) => ({
    ...delivery('issue', raw, timestamp === undefined ? {} : { 'sentry-hook-timestamp': timestamp }),
    nowMs: ms,
  });
  const field = 'headers.sentry-hook-timestamp';
  // Within five minutes either way: accepted, signed or not.
  for (const ms of [1566248777000, 1566249076000, 1566248478000])
    for (const settings of [withSecret, noSecret])
      assert.doesNotThrow(() => sentry.verify!(at('1566248777', ms), settings), String(ms));
  // Five minutes and a second late (a replay), or early: refused, signed or not.
  for (const ms of [1566249078000, 1566248476000])
    for (const settings of [withSecret, noSecret])
      assert.throws(
        () => sentry.verify!(at('1566248777', ms), settings),
        (e) => e instanceof DeliveryError && e.kind === 'unauthorized' && e.field === field,
        String(ms),
      );
  rejects(at('1566248777', 1566335177000), 'unauthorized', field);
  rejects(at('yesterday', 1566248777000), 'unauthorized', field);
  // A signed integration requires it; an unsigned one (the legacy plugin sends none) does not.
  const without = at('1566248777', 1566248777000);
  const headers = { ...without.headers, 'sentry-hook-timestamp': undefined };
  rejects({ ...without, headers }, 'unauthorized', field);
  assert.doesNotThrow(() => verifySentryTimestamp({ headers, nowMs: 1566248777000 }, false));
});

test('each Sentry issue and each metric alert is its own group by default', () => {
  const issue = fixture('sentry-issue-created.json');
  const other = { ...issue, data: { issue: { ...issue.data.issue, id: '1170820243' } } };
  const keys = [
    parse('issue', issue).signals[0]?.groupKey,
    parse('issue', other).signals[0]?.groupKey,
    parse('event_alert', fixture('sentry-event-alert.json')).signals[0]?.groupKey,
    parse('error', fixture('sentry-error-created.json')).signals[0]?.groupKey,
    parse('metric_alert', { ...fixture('sentry-metric-alert-resolved.json'), action: 'critical' }).signals[0]
      ?.groupKey,
  ];
  assert.deepEqual(keys, [
    'issue:1170820242',
    'issue:1170820243',
    'issue:1117540176',
    'issue:1170820242',
    'metric_alert:4',
  ]);
});
