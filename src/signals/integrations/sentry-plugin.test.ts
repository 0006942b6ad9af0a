/** Sentry's legacy WebHooks plugin: no `Sentry-Hook-*` headers, no signature, the issue and its event. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sentry } from './sentry.ts';
import { DeliveryError, type DeliveryRequest } from './types.ts';

const fixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const noSecret = { signingSecret: null, mapping: null };
const withSecret = { signingSecret: 'a3c0ffee5e1f4b0c8d7e6f5a4b3c2d1e', mapping: null };
const nowMs = 1576778300000;
const parse = (resource: string, body: unknown) =>
  sentry.parse(
    {
      headers: { 'sentry-hook-resource': resource },
      rawBody: Buffer.from(JSON.stringify(body)),
      body,
      nowMs,
    },
    noSecret,
  );

test('the legacy WebHooks plugin (no Sentry-Hook-* headers) triggers on the issue its event belongs to', () => {
  const body = fixture('sentry-plugin.json');
  const raw = JSON.stringify(body);
  const req: DeliveryRequest = {
    headers: { 'content-type': 'application/json', 'user-agent': 'sentry-plugins/0.1.0' },
    rawBody: Buffer.from(raw),
    body,
    nowMs,
  };
  assert.doesNotThrow(() => sentry.verify!(req, noSecret));
  const parsed = sentry.parse(req, noSecret);
  assert.equal(parsed.externalId, null);
  assert.deepEqual(parsed.signals, [
    {
      action: 'trigger',
      dedupKey: 'issue:1385042923',
      groupKey: 'issue:1385042923',
      title: 'ReferenceError: hello is not defined',
      severity: 'error',
      labels: {
        project: 'meow',
        browser: 'Chrome 76.0.3809',
        'browser.name': 'Chrome',
        handled: 'no',
        level: 'error',
        mechanism: 'onerror',
        os: 'Mac OS X 10.14.6',
        'os.name': 'Mac OS X',
        'sentry:user': 'ip:38.140.60.234',
        url: 'https://null.jsbin.com/runner',
        rule: 'Webhook Test',
        culprit: '?(runner)',
        platform: 'javascript',
      },
      links: [
        {
          href: 'https://sentry.io/organizations/meredith/issues/1385042923/?referrer=webhooks_plugin',
          text: 'Sentry issue',
        },
      ],
      occurredAt: new Date('2019-12-19T17:58:19.837Z'),
      payload: body,
    },
  ]);
  // Its issue id is the integration platform's: the issue webhook resolves what the plugin opened.
  const [resolved] = parse('issue', {
    ...fixture('sentry-issue-created.json'),
    action: 'resolved',
    data: { issue: { ...fixture('sentry-issue-created.json').data.issue, id: '1385042923' } },
  }).signals;
  assert.equal(resolved?.dedupKey, 'issue:1385042923');
  // A signed integration refuses it: the plugin cannot sign.
  assert.throws(
    () => sentry.verify!(req, withSecret),
    (e) => e instanceof DeliveryError && e.field === 'headers.sentry-hook-signature',
  );
  // Without the headers, a body that is not the plugin's still names the missing header.
  for (const [bad, field] of [
    [{ action: 'created' }, 'headers.sentry-hook-resource'],
    [{ ...body, id: {} }, 'body.id'],
  ] as const)
    assert.throws(
      () => sentry.parse({ ...req, body: bad }, noSecret),
      (e) => e instanceof DeliveryError && e.kind === 'malformed' && e.field === field,
      field,
    );
});
