/**
 * How the incident room words urgency and codes: an alert's severity is not a person's hand, and
 * every classification code in the timeline carries its plain words.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urgencySource } from '../../web/src/pages/incident/incident-model.ts';
import { describeEntry } from '../../web/src/pages/incident/timeline-text.ts';

const alertOrigin = {
  kind: 'alert' as const,
  integrationId: '0193a0a0-0000-7000-8000-000000000001',
  integrationName: 'Prometheus',
  ruleId: 'default',
  groupKey: '{}:{}',
};

test('urgency set by an alert rule says it came from the alert severity, never by hand', () => {
  const reason = 'From alert severity (critical), rule default';
  assert.deepEqual(urgencySource({ urgencyOverride: { reason }, origin: alertOrigin }), {
    kind: 'alert',
    severity: 'critical',
  });
  assert.deepEqual(urgencySource({ urgencyOverride: { reason: 'Board meeting' }, origin: null }), {
    kind: 'hand',
    reason: 'Board meeting',
  });
  assert.deepEqual(urgencySource({ urgencyOverride: null, origin: alertOrigin }), { kind: 'policy' });
});

test('the declared entry of an alert incident words its codes and where its urgency came from', () => {
  const d = describeEntry({
    id: 1,
    at: '2026-12-07T02:31:00.000Z',
    kind: 'declared',
    actor: null,
    data: {
      title: 'Disk full',
      tagline: 'ALL-USERS-ALLBLOCK-DEVOPS: Disk full',
      urgency: 'P1',
      decision: 'expedite',
      urgencyOverride: 'From alert severity (critical), rule default',
      source: { integration: 'Prometheus', alerts: 1, rule: 'default' },
    },
  });
  assert.deepEqual(d.lines, [
    'ALL-USERS-ALLBLOCK-DEVOPS: Disk full',
    'All customers · the application is blocked · infrastructure',
    'Urgency P1 (critical) · Expedite now',
    'Urgency from alert severity (critical), rule default',
    'Routing rule: default',
  ]);
});

test('a reclassification shows each code with its words', () => {
  const d = describeEntry({
    id: 2,
    at: '2026-12-07T02:35:00.000Z',
    kind: 'classified',
    actor: { id: '0193a0a0-0000-7000-8000-000000000002', name: 'Ada' },
    data: { changes: { scope: { from: 'ADMINS', to: 'ALL' }, urgency: { from: 'P3', to: 'P1' } } },
  });
  assert.deepEqual(d.lines.slice(0, 2), [
    'scope: ADMINS (some admins) → ALL (everyone)',
    'urgency: P3 (medium) → P1 (critical)',
  ]);
});

test('the running escalation reshaped, joined, hurried by an SLA breach or paged at any hour, in words', () => {
  const entry = (kind: string, data: Record<string, unknown>) =>
    describeEntry({ id: 9, at: '2026-12-07T03:00:00.000Z', kind, actor: null, data });
  const reshaped = entry('escalation-reshaped', {
    from: 'P2',
    to: 'P1',
    level: 1,
    allMethodsAtOnce: true,
    nextAt: '2026-12-07T03:07:30.000Z',
  });
  assert.equal(reshaped.what, 'reshaped the running escalation for P1 (was P2)');
  assert.equal(reshaped.lines[0], 'Level 1: every verified method at once');
  assert.equal(
    entry('escalation-joined', { policy: 'Checkout on-call', level: 2 }).what,
    'added Checkout on-call to the running escalation, paging level 2 now',
  );
  const sla = entry('escalated', {
    by: 'sla',
    clock: 'respond',
    level: 2,
    reason: 'SLA breached: escalated to level 2',
  });
  assert.deepEqual(sla, { what: 'SLA breached: escalated to level 2', lines: [], sentence: true });
  const anyHour = entry('page-hold-overridden', {
    urgency: 'P3',
    until: 'tomorrow',
    reason: 'Owner said so',
  });
  assert.equal(anyHour.what, 'paged at once although P3 incidents wait for business hours (until tomorrow)');
  assert.deepEqual(anyHour.lines, ['Reason: Owner said so']);
});

test('paging stopped by an owner or because the incident left the procedure, in words', () => {
  const entry = (data: Record<string, unknown>) =>
    describeEntry({ id: 10, at: '2026-12-07T03:00:00.000Z', kind: 'paging-stopped', actor: null, data });
  assert.equal(entry({ by: 'ownership', escalations: 1 }).what, 'stopped paging: the owner is on it');
  assert.equal(
    entry({ by: 'status', status: 'backlogged', escalations: 1 }).what,
    'stopped paging: the incident is backlogged',
  );
  assert.equal(
    entry({ by: 'status', status: 'resolved', escalations: 1 }).what,
    'stopped paging: the incident is resolved',
  );
});

test('chat entries in words: the channel opened, a copied message with its author, deployments', () => {
  const entry = (kind: string, data: Record<string, unknown>) =>
    describeEntry({ id: 11, at: '2026-12-07T03:00:00.000Z', kind, actor: null, data });
  assert.equal(
    entry('chat-channel-opened', { channel: 'inc-12-checkout' }).what,
    'opened the incident channel #inc-12-checkout',
  );
  assert.deepEqual(entry('chat-message', { text: 'Rolled back 4.2.1', author: 'Rita Responder' }), {
    what: 'Rita Responder in chat',
    lines: [],
    text: 'Rolled back 4.2.1',
    sentence: true,
  });
  assert.equal(
    entry('affects-deployments', { on: false }).what,
    'lifted "affects deployments" (posted in the deployments channel)',
  );
});
