import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NormalizedSignal } from './integrations/types.ts';
import { mergeLabels, mergeLinks, mergeRepeat } from './merge.ts';

const signal = (over: Partial<NormalizedSignal>): NormalizedSignal => ({
  action: 'trigger',
  dedupKey: 'k',
  groupKey: null,
  title: 'first',
  severity: 'warning',
  labels: {},
  links: [],
  occurredAt: null,
  payload: null,
  ...over,
});

test('a repeat keeps the first event’s labels and links, adds its own, and takes the latest title and severity', () => {
  const first = signal({
    labels: { source: 'db1', component: 'postgres' },
    links: [{ href: 'https://grafana.example/d/disk', text: 'Disk' }],
  });
  const next = signal({
    title: 'second',
    severity: 'critical',
    labels: { source: 'db1-replica', region: 'eu' },
    links: [
      { href: 'https://grafana.example/d/disk', text: 'Other text' },
      { href: 'https://runbooks.example/disk' },
    ],
    payload: { n: 2 },
  });
  assert.deepEqual(mergeRepeat(first, next), {
    ...next,
    labels: { source: 'db1', component: 'postgres', region: 'eu' },
    links: [
      { href: 'https://grafana.example/d/disk', text: 'Disk' },
      { href: 'https://runbooks.example/disk' },
    ],
  });
  // A repeat without a severity keeps the known one.
  assert.equal(mergeRepeat(first, signal({ severity: null })).severity, 'warning');
});

test('merged labels stop at 100 and links at 20, the first ones kept', () => {
  const many = (n: number, prefix: string) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${String(i).padStart(3, '0')}`, 'v']));
  const labels = mergeLabels(many(98, 'a'), many(5, 'b'));
  assert.equal(Object.keys(labels).length, 100);
  assert.equal(labels.b000, 'v');
  assert.equal(labels.b001, 'v');
  assert.equal(labels.b002, undefined);
  const links = (n: number, host: string) =>
    Array.from({ length: n }, (_, i) => ({ href: `https://${host}/${i}` }));
  const merged = mergeLinks(links(19, 'a.example'), links(3, 'b.example'));
  assert.equal(merged.length, 20);
  assert.equal(merged[19]?.href, 'https://b.example/0');
  // A label named __proto__ stays an ordinary label.
  const odd = mergeLabels({}, JSON.parse('{"__proto__":"x"}'));
  assert.deepEqual(Object.keys(odd), ['__proto__']);
});
