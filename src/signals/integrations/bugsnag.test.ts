import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bugsnag } from './bugsnag.ts';
import { DeliveryError, type DeliveryRequest } from './types.ts';

const settings = { signingSecret: null, mapping: null };
const fixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const request = (body: unknown): DeliveryRequest => ({
  headers: {},
  rawBody: Buffer.from('{}'),
  body,
  nowMs: 0,
});
const parse = (body: unknown) => bugsnag.parse(request(body), settings);
const malformed = (body: unknown, field: string) =>
  assert.throws(
    () => parse(body),
    (e) => e instanceof DeliveryError && e.kind === 'malformed' && e.field === field,
    `malformed at ${field}`,
  );

test('a firstException notification triggers on the error group', () => {
  const body = fixture('bugsnag-first-exception.json');
  assert.deepEqual(parse(body), {
    externalId: null,
    signals: [
      {
        action: 'trigger',
        dedupKey: '56b9ca7f17025f8756f69054',
        groupKey: '56b9ca7f17025f8756f69054',
        title: 'NoMethodError: Unable to connect to database. (auth/session#create)',
        severity: 'error',
        labels: {
          project: 'My Test Project',
          trigger: 'firstException',
          severity: 'error',
          releaseStage: 'development',
          appVersion: '0.1.0',
          exceptionClass: 'NoMethodError',
          context: 'auth/session#create',
        },
        links: [
          { href: body.error.url, text: 'Bugsnag error' },
          { href: 'http://demo.bugify.com/issues/3', text: 'Issue' },
          { href: 'https://app.bugsnag.com/my-company/my-test-project', text: 'Bugsnag project' },
        ],
        occurredAt: new Date('2015-11-27T15:26:11.000Z'),
        payload: body,
      },
    ],
  });
});

test('a collaborator marking the error fixed resolves the same key', () => {
  const [s] = parse(fixture('bugsnag-error-state-fixed.json')).signals;
  assert.equal(s?.action, 'resolve');
  assert.equal(s?.dedupKey, '56b9ca7f17025f8756f69054');
  assert.equal(s?.occurredAt, null);
});

test('manual state changes: snoozed/ignored acknowledge, reopening triggers; error.status when no stateChange', () => {
  const cases: [string | undefined, string | undefined, string][] = [
    ['snoozed', undefined, 'acknowledge'],
    ['ignored', undefined, 'acknowledge'],
    ['reopened', undefined, 'trigger'],
    ['unignored', undefined, 'trigger'],
    ['snoozeCancelled', undefined, 'trigger'],
    [undefined, 'fixed', 'resolve'],
    [undefined, 'snoozed', 'acknowledge'],
    [undefined, 'open', 'trigger'],
    ['fixed', 'open', 'resolve'],
  ];
  for (const [stateChange, status, action] of cases) {
    const body = fixture('bugsnag-error-state-fixed.json');
    body.trigger.stateChange = stateChange;
    body.error.status = status;
    assert.equal(parse(body).signals[0]?.action, action, `${stateChange} / ${status}`);
  }
});

test('other error triggers count on the alert; comments and project notices are no signal', () => {
  for (const type of ['exception', 'errorEventFrequency', 'powerTen', 'reopened']) {
    const body = fixture('bugsnag-first-exception.json');
    body.trigger.type = type;
    assert.equal(parse(body).signals[0]?.action, 'trigger', type);
  }
  for (const type of ['comment', 'release', 'projectSamplingStarted', 'projectApproachingRateLimit']) {
    const body = fixture('bugsnag-first-exception.json');
    body.trigger.type = type;
    assert.deepEqual(parse(body).signals, [], type);
  }
});

test('a project spike, which has no error, triggers per project', () => {
  const body = fixture('bugsnag-first-exception.json');
  delete body.error;
  body.trigger = { type: 'projectSpiking', message: 'Spike of 5000 exceptions/minute', rate: 5000 };
  const [s] = parse(body).signals;
  assert.equal(s?.dedupKey, 'projectSpiking:56b9ca7f17025f8756f69054');
  assert.equal(s?.title, 'My Test Project: Spike of 5000 exceptions/minute');
  assert.equal(s?.severity, 'warning');
});

test('the dedup key falls back to the event id, then the URL; titles degrade gracefully', () => {
  const body = fixture('bugsnag-first-exception.json');
  delete body.error.errorId;
  assert.equal(parse(body).signals[0]?.dedupKey, body.error.id);
  delete body.error.id;
  assert.equal(parse(body).signals[0]?.dedupKey, body.error.url);
  delete body.error.exceptionClass;
  delete body.error.context;
  assert.equal(parse(body).signals[0]?.title, 'Unable to connect to database.');
  delete body.error.message;
  assert.equal(parse(body).signals[0]?.title, 'New error in development');
});

test('malformed Bugsnag notifications name the field', () => {
  const base = () => fixture('bugsnag-first-exception.json');
  malformed(undefined, 'body');
  malformed({ ...base(), trigger: undefined }, 'body.trigger');
  malformed({ ...base(), trigger: { type: 7 } }, 'body.trigger.type');
  malformed({ ...base(), error: undefined }, 'body.error');
  malformed({ ...base(), error: 'boom' }, 'body.error');
  malformed({ ...base(), project: [] }, 'body.project');
  const noKey = base();
  for (const k of ['errorId', 'id', 'url']) delete noKey.error[k];
  malformed(noKey, 'body.error.errorId');
  const badTime = base();
  badTime.error.receivedAt = 'soon';
  malformed(badTime, 'body.error.receivedAt');
  malformed({ trigger: { type: 'projectSpiking' }, project: {} }, 'body.project.id');
});

test('each Bugsnag error (error group) is its own group by default; a spike is its project’s', () => {
  const first = fixture('bugsnag-first-exception.json');
  const other = { ...first, error: { ...first.error, errorId: '56b9ca7f17025f8756f69055' } };
  const spike = {
    project: { id: '56b9ca7f17025f8756f69054', name: 'My Test Project' },
    trigger: { type: 'projectSpiking', message: 'Spike of 5 exceptions/minute' },
  };
  assert.deepEqual(
    [first, other, spike].map((b) => parse(b).signals[0]?.groupKey),
    ['56b9ca7f17025f8756f69054', '56b9ca7f17025f8756f69055', 'projectSpiking:56b9ca7f17025f8756f69054'],
  );
});
