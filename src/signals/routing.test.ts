import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NormalizedSignal } from './integrations/types.ts';
import { defaultRule, matches, route, ruleUrgency, silenceFor, type ActiveSilence } from './routing.ts';
import type { Rule } from './rule-schema.ts';

const signal = (over: Partial<NormalizedSignal> = {}): NormalizedSignal => ({
  action: 'trigger',
  dedupKey: 'd1',
  groupKey: 'source-group',
  title: 'CheckoutLatencyHigh',
  severity: 'critical',
  labels: { service: 'checkout', env: 'production', alertname: 'CheckoutLatencyHigh' },
  links: [],
  occurredAt: null,
  payload: {},
  ...over,
});

const rule = (id: string, match: Rule['match'], over: Partial<Rule> = {}): Rule => ({
  ...defaultRule,
  id,
  name: id,
  match,
  ...over,
});

const at = { integrationId: 'int-1', serviceId: 'svc-1', nowMs: 1_000_000 };

test('exact matchers match equal values only', () => {
  assert.equal(matches('checkout', 'checkout'), true);
  assert.equal(matches('checkout', 'checkout-v2'), false);
  assert.equal(matches('checkout', 'Checkout'), false);
  assert.equal(matches('checkout', undefined), false);
  assert.equal(matches('', ''), true);
  assert.equal(matches('/', '/'), true, 'a lone slash is an exact value, not an empty regex');
  assert.equal(matches('/', ''), false);
  assert.equal(matches('api/', 'api/'), true, 'a trailing slash alone is not a regex');
  assert.equal(matches('/api', '/api'), true, 'nor is a leading one');
  assert.equal(matches('/api', 'api'), false);
});

test('a /regex/ matcher must match the whole value, not a part of it', () => {
  assert.equal(matches('/prod|production/', 'production'), true);
  assert.equal(matches('/prod|production/', 'prod'), true);
  assert.equal(matches('/prod|production/', 'preprod'), false);
  assert.equal(matches('/prod|production/', 'production-eu'), false);
  assert.equal(matches('/prod/', 'prod-eu'), false);
  assert.equal(matches('/prod/', 'non-prod'), false);
  assert.equal(matches('/check.*/', 'checkout'), true);
  assert.equal(matches('/check.*/', undefined), false, 'a missing label is the empty string');
  assert.equal(matches('/.*/', undefined), true);
  assert.equal(matches('/x?/', undefined), true);
  assert.equal(matches('/db-\\d+/', 'db-12'), true);
  assert.equal(matches('/db-\\d+/', 'xdb-12'), false);
  // The same regex text keeps working from the cache.
  assert.equal(matches('/db-\\d+/', 'db-7'), true);
  assert.equal(matches('/db-\\d+/', 'db-'), false);
});

test('the first matching rule wins, in the order given (the integration rules, then the service rules)', () => {
  const integrationRules = [
    rule('staging', { labels: { env: 'staging' } }),
    rule('checkout-prod', { labels: { service: 'checkout', env: '/prod|production/' } }),
  ];
  const serviceRules = [rule('all-checkout', { labels: { service: 'checkout' } }), rule('catch-all', {})];
  const r = route(signal(), [...integrationRules, ...serviceRules], [], at);
  assert.equal(r.rule.id, 'checkout-prod');
  const other = route(
    signal({ labels: { service: 'search' } }),
    [...integrationRules, ...serviceRules],
    [],
    at,
  );
  assert.equal(other.rule.id, 'catch-all');
  assert.equal(route(signal(), serviceRules, [], at).rule.id, 'all-checkout');
});

test('without a matching rule the default rule opens at once and keeps the source group', () => {
  const r = route(signal(), [rule('search', { labels: { service: 'search' } })], [], at);
  assert.equal(r.rule, defaultRule);
  assert.deepEqual(r, { rule: defaultRule, groupKey: 'source-group', suppressedBy: null });
  assert.deepEqual(defaultRule, {
    id: 'default',
    name: 'Default',
    match: {},
    action: 'open',
    classification: {},
    urgency: 'from-severity',
    threshold: { count: 1, windowMinutes: 5 },
    groupBy: null,
    repeatIntervalMinutes: 240,
    autoResolve: true,
  });
  assert.equal(route(signal({ groupKey: null }), [], [], at).groupKey, '');
});

test('severity conditions: any of the listed; an unknown severity matches no severity condition', () => {
  const rules = [rule('loud', { severity: ['critical', 'error'] }), rule('rest', {})];
  assert.equal(route(signal({ severity: 'critical' }), rules, [], at).rule.id, 'loud');
  assert.equal(route(signal({ severity: 'error' }), rules, [], at).rule.id, 'loud');
  assert.equal(route(signal({ severity: 'warning' }), rules, [], at).rule.id, 'rest');
  assert.equal(route(signal({ severity: null }), rules, [], at).rule.id, 'rest');
});

test('title conditions: exact or /regex/ over the whole title; the empty title is a condition too', () => {
  const rules = [
    rule('exact', { title: 'Disk full' }),
    rule('latency', { title: '/.*Latency.*/' }),
    rule('empty', { title: '' }),
  ];
  assert.equal(route(signal({ title: 'Disk full' }), rules, [], at).rule.id, 'exact');
  assert.equal(route(signal({ title: 'Disk full on db-1' }), rules, [], at).rule.id, 'default');
  assert.equal(route(signal({ title: 'CheckoutLatencyHigh' }), rules, [], at).rule.id, 'latency');
  assert.equal(route(signal({ title: '' }), rules, [], at).rule.id, 'empty');
});

test('label conditions: every one must hold; a missing label fails an exact matcher', () => {
  const rules = [rule('both', { labels: { service: 'checkout', team: 'payments' } })];
  assert.equal(route(signal(), rules, [], at).rule.id, 'default', 'team is missing');
  const withTeam = signal({ labels: { service: 'checkout', team: 'payments' } });
  assert.equal(route(withTeam, rules, [], at).rule.id, 'both');
  assert.equal(route(signal({ labels: { team: 'payments' } }), rules, [], at).rule.id, 'default');
  const all = [rule('sev-and-label', { severity: ['warning'], labels: { service: 'checkout' } })];
  assert.equal(route(signal({ severity: 'critical' }), all, [], at).rule.id, 'default');
  assert.equal(route(signal({ severity: 'warning' }), all, [], at).rule.id, 'sev-and-label');
});

test('groupBy forms the group key from label values, missing labels as empty', () => {
  const rules = [rule('by', {}, { groupBy: ['service', 'region'] })];
  assert.equal(route(signal(), rules, [], at).groupKey, 'service=checkout,region=');
  const eu = signal({ labels: { service: 'checkout', region: 'eu' } });
  assert.equal(route(eu, rules, [], at).groupKey, 'service=checkout,region=eu');
});

test('a drop rule suppresses by its id; an open rule with a threshold does not', () => {
  const rules = [
    rule('noise', { labels: { env: 'staging' } }, { action: 'drop' }),
    rule('confirmed', {}, { threshold: { count: 5, windowMinutes: 2 } }),
  ];
  const dropped = route(signal({ labels: { env: 'staging' } }), rules, [], at);
  assert.equal(dropped.suppressedBy, 'rule:noise');
  const r = route(signal(), rules, [], at);
  assert.equal(r.suppressedBy, null);
  assert.deepEqual(r.rule.threshold, { count: 5, windowMinutes: 2 });
});

const silence = (over: Partial<ActiveSilence>): ActiveSilence => ({
  id: 's1',
  kind: 'silence',
  integrationId: null,
  serviceId: null,
  matchers: {},
  startsAt: 900_000,
  endsAt: 1_100_000,
  ...over,
});

test('a silence holds a signal back from its start until (not including) its end', () => {
  const s = signal();
  assert.equal(silenceFor([silence({})], s, at)?.id, 's1');
  assert.equal(silenceFor([silence({ startsAt: 1_000_000 })], s, at)?.id, 's1', 'starts inclusive');
  assert.equal(silenceFor([silence({ startsAt: 1_000_001 })], s, at), undefined, 'not yet');
  assert.equal(silenceFor([silence({ endsAt: 1_000_000 })], s, at), undefined, 'ends exclusive');
  assert.equal(silenceFor([silence({ endsAt: 1_000_001 })], s, at)?.id, 's1');
});

test('a silence scoped to an integration or a service holds only its own signals', () => {
  const s = signal();
  assert.equal(silenceFor([silence({ integrationId: 'int-1' })], s, at)?.id, 's1');
  assert.equal(silenceFor([silence({ integrationId: 'int-2' })], s, at), undefined);
  assert.equal(silenceFor([silence({ serviceId: 'svc-1' })], s, at)?.id, 's1');
  assert.equal(silenceFor([silence({ serviceId: 'svc-2' })], s, at), undefined);
  assert.equal(silenceFor([silence({ serviceId: 'svc-1' })], s, { ...at, serviceId: null }), undefined);
  assert.equal(silenceFor([silence({ matchers: { env: '/prod.*/' } })], s, at)?.id, 's1');
  assert.equal(silenceFor([silence({ matchers: { env: 'staging' } })], s, at), undefined);
});

test('a silence or maintenance window wins over a drop rule and names itself', () => {
  const drop = [rule('noise', {}, { action: 'drop' })];
  const windows = [
    silence({ id: 'm1', kind: 'maintenance', integrationId: 'int-2' }),
    silence({ id: 'm2', kind: 'maintenance' }),
  ];
  assert.equal(route(signal(), drop, windows, at).suppressedBy, 'maintenance:m2');
  assert.equal(route(signal(), [], [silence({ id: 'q' })], at).suppressedBy, 'silence:q');
});

test('rule urgency: fixed, from the severity, or left to the policy', () => {
  const from = rule('x', {});
  assert.equal(ruleUrgency(from, 'critical'), 'P1');
  assert.equal(ruleUrgency(from, 'error'), 'P2');
  assert.equal(ruleUrgency(from, 'warning'), 'P3');
  assert.equal(ruleUrgency(from, 'info'), 'P4');
  assert.equal(ruleUrgency(from, null), null);
  assert.equal(ruleUrgency(rule('p', {}, { urgency: 'from-policy' }), 'critical'), null);
  assert.equal(ruleUrgency(rule('f', {}, { urgency: 'P3' }), 'critical'), 'P3');
  assert.equal(ruleUrgency(rule('f', {}, { urgency: 'P3' }), null), 'P3');
});
