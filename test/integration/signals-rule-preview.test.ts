/**
 * "Test this rule against a sample payload" as the rule form uses it: a draft of the integration's
 * own rules (all of them, or one alone) is tried first, and its service's rules still follow, as
 * they will once the draft is saved. Nothing is stored.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { amPayload } from '../helpers/alertmanager-payload.ts';
import { alertsOf, createIntegration } from '../helpers/signals-api.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

test('a draft is tried before the service’s rules, which still apply', async () => {
  const made = await createIntegration(t, {
    name: 'Checkout Prometheus',
    type: 'alertmanager',
    service: 'Checkout',
    rules: [
      { id: 'saved', name: 'Saved rule', match: { labels: { alertname: 'HighErrorRate' } }, urgency: 'P4' },
    ],
  });
  const services = await t.call('admin', { method: 'GET', url: '/api/v1/services' });
  const checkout = services.body.items.find((s: { name: string }) => s.name === 'Checkout');
  const put = await t.call('admin', {
    method: 'PUT',
    url: `/api/v1/services/${checkout.id}`,
    payload: {
      name: 'Checkout',
      rules: [
        {
          id: 'no-disks',
          name: 'Ignore disks',
          match: { labels: { alertname: '/Disk.*/' } },
          action: 'drop',
        },
      ],
    },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));

  const payload = amPayload('firing', [
    { name: 'HighErrorRate', fp: 'p-1', severity: 'critical' },
    { name: 'DiskAlmostFull', fp: 'p-2', severity: 'warning' },
  ]);
  const preview = async (rules?: unknown[]) => {
    const res = await t.call('admin', {
      method: 'POST',
      url: `/api/v1/integrations/${made.integration.id}/rules/preview`,
      payload: rules ? { payload, rules } : { payload },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.signals.map((s: any) => [s.rule.id, s.action, s.urgency]);
  };

  // Saved: the integration's rule, then the service's drop.
  assert.deepEqual(await preview(), [
    ['saved', 'open', 'P4'],
    ['no-disks', 'drop', null],
  ]);
  // A draft replaces the integration's own rules; the service's drop still takes the disk alert.
  const draft = [
    {
      id: 'checkout-errors',
      name: 'Checkout errors',
      match: { labels: { service: 'checkout' } },
      urgency: 'P2',
    },
  ];
  assert.deepEqual(await preview(draft), [
    ['checkout-errors', 'open', 'P2'],
    ['checkout-errors', 'open', 'P2'],
  ]);
  // No rules of its own: the service's rules, then the default (urgency from the severity).
  assert.deepEqual(await preview([]), [
    ['default', 'open', 'P1'],
    ['no-disks', 'drop', null],
  ]);
  assert.deepEqual(await alertsOf(t, made.integration.id), []);
});
