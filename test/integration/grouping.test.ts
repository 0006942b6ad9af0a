/**
 * Grouping through the HTTP API on a real database: alerts of one group share an incident, which
 * opens from its worst alert, pages once per repeat interval, reports joined, acknowledged and
 * recovered alerts on its timeline, and resolves at the source only when its last alert
 * recovers, nobody owns it, nothing holds it off resolving and its rule allows it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { amPayload } from '../helpers/alertmanager-payload.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const RESOLVED_AT_SOURCE = 'Resolved at the source: every alert recovered before anyone took ownership.';

async function integration(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const res = await t.call('admin', { method: 'POST', url: '/api/v1/integrations', payload: body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.integration.id, key: res.body.key };
}

/** Sends one PagerDuty Events v2 event of group `group`. */
async function event(
  key: string,
  action: 'trigger' | 'acknowledge' | 'resolve',
  dedupKey: string,
  group = 'payments',
  summary = `${dedupKey} failing`,
  severity = 'error',
) {
  const payload =
    action === 'trigger'
      ? {
          routing_key: key,
          event_action: action,
          dedup_key: dedupKey,
          payload: { summary, source: 'pay-01', severity, group },
        }
      : { routing_key: key, event_action: action, dedup_key: dedupKey };
  const res = await t.call(null, { method: 'POST', url: '/v2/enqueue', payload });
  assert.equal(res.status, 202, JSON.stringify(res.body));
}

async function incidentOf(integrationId: string, dedupKey: string) {
  const { rows } = await t.db.pool.query<{ incident_id: string | null }>(
    // The open alert of that key, else the one resolved last.
    `SELECT incident_id FROM alerts WHERE integration_id = $1 AND dedup_key = $2
      ORDER BY resolved_at IS NOT NULL, resolved_at DESC LIMIT 1`,
    [integrationId, dedupKey],
  );
  const id = rows[0]!.incident_id!;
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${id}` });
  return res.body;
}

async function timeline(incidentId: string): Promise<{ kind: string; data: any }[]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  return res.body.items;
}

async function pagesOf(incidentId: string): Promise<string[]> {
  const { rows } = await t.db.pool.query<{ reason: string }>(
    'SELECT reason FROM page_requests WHERE incident_id = $1 ORDER BY id',
    [incidentId],
  );
  return rows.map((r) => r.reason);
}

describe('recovery at the source', () => {
  test('the first recovered alert of two leaves the incident open; the last one resolves it', async () => {
    const { id, key } = await integration({ name: 'Payments', type: 'pagerduty' });
    await event(key, 'trigger', 'cards');
    await event(key, 'trigger', 'refunds');
    const opened = await incidentOf(id, 'cards');
    assert.equal((await incidentOf(id, 'refunds')).id, opened.id, 'one group, one incident');

    await event(key, 'resolve', 'cards');
    const partly = await incidentOf(id, 'refunds');
    assert.equal(partly.status, 'triage');
    assert.equal(partly.resolvedAt, null);
    let entries = await timeline(opened.id);
    assert.deepEqual(entries.at(-1), {
      ...entries.at(-1),
      kind: 'alerts',
      data: { added: 0, titles: [], acknowledged: 0, resolved: 1, open: 1 },
    });

    t.clock.advance(60_000);
    await event(key, 'resolve', 'refunds');
    const closed = await incidentOf(id, 'refunds');
    assert.equal(closed.status, 'resolved');
    assert.equal(closed.resolvedAt, '2026-03-01T09:01:00.000Z');
    assert.equal(closed.resolutionSummary, RESOLVED_AT_SOURCE);
    entries = await timeline(opened.id);
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['declared', 'alerts', 'alerts', 'resolved'],
    );
    assert.deepEqual(entries[2]!.data, { added: 0, titles: [], acknowledged: 0, resolved: 1, open: 0 });
    assert.deepEqual(entries[3]!.data, {
      from: 'triage',
      to: 'resolved',
      summary: RESOLVED_AT_SOURCE,
      automatic: true,
    });
    assert.deepEqual(await pagesOf(opened.id), ['opened']);
  });

  test('alerts recovering together resolve at once; so does an incident being worked on', async () => {
    const { id, key } = await integration({ name: 'Batch', type: 'alertmanager' });
    const alerts = [
      { name: 'QueueDepth', fp: 'q1' },
      { name: 'QueueAge', fp: 'q2' },
    ];
    const hook = (status: 'firing' | 'resolved') =>
      t.call(null, { method: 'POST', url: `/api/v1/hooks/${key}`, payload: amPayload(status, alerts) });
    for (const status of ['investigating', 'fixing', 'monitoring']) {
      assert.equal((await hook('firing')).status, 202);
      const inc = await incidentOf(id, 'q1');
      assert.equal(inc.status, 'triage');
      let from = 'triage';
      for (const next of ['investigating', 'fixing', 'monitoring']) {
        const res = await t.call('admin', {
          method: 'POST',
          url: `/api/v1/incidents/${inc.id}/status`,
          payload: { status: next },
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        from = next;
        if (next === status) break;
      }
      assert.equal((await hook('resolved')).status, 202);
      const after = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.id}` });
      assert.equal(after.body.status, 'resolved', `from ${status}`);
      const last = (await timeline(inc.id)).slice(-2);
      assert.deepEqual(
        last.map((e) => [e.kind, e.data.resolved ?? e.data.from]),
        [
          ['alerts', 2],
          ['resolved', from],
        ],
      );
    }
  });

  test('a rule without auto-resolve keeps the incident open when every alert recovered', async () => {
    const { id, key } = await integration({
      name: 'Manual close',
      type: 'pagerduty',
      rules: [{ id: 'keep', name: 'Keep open', autoResolve: false }],
    });
    await event(key, 'trigger', 'ledger');
    await event(key, 'resolve', 'ledger');
    const inc = await incidentOf(id, 'ledger');
    assert.equal(inc.status, 'triage');
    assert.deepEqual((await timeline(inc.id)).at(-1)!.data, {
      added: 0,
      titles: [],
      acknowledged: 0,
      resolved: 1,
      open: 0,
    });
  });

  test('an owned incident stays open when its last alert recovers', async () => {
    const { id, key } = await integration({ name: 'Owned', type: 'pagerduty' });
    await event(key, 'trigger', 'owned');
    const inc = await incidentOf(id, 'owned');
    await t.call('responder', { method: 'POST', url: `/api/v1/incidents/${inc.id}/ownership` });
    await event(key, 'resolve', 'owned');
    const after = await incidentOf(id, 'owned');
    assert.equal(after.status, 'triage');
    assert.equal(after.resolutionSummary, null);
    assert.deepEqual((await timeline(inc.id)).at(-1)!.data, {
      added: 0,
      titles: [],
      acknowledged: 0,
      resolved: 1,
      open: 0,
    });
  });

  test('an incident held off resolving (a fix not yet verified) stays open when its last alert recovers', async () => {
    const { id, key } = await integration({ name: 'Held', type: 'pagerduty' });
    await event(key, 'trigger', 'held');
    const inc = await incidentOf(id, 'held');
    await t.db.pool.query(
      `INSERT INTO incident_holds (incident_id, key, blocks, message, overridable, created_at)
       VALUES ($1, 'verification', '{resolved}', 'The fix is not verified yet', true, now())`,
      [inc.id],
    );
    await event(key, 'resolve', 'held');
    const after = await incidentOf(id, 'held');
    assert.equal(after.status, 'triage');
    assert.equal(after.resolutionSummary, null);
  });

  test('an incident resolved by hand is not resolved again by its alerts', async () => {
    const { id, key } = await integration({ name: 'Late recovery', type: 'pagerduty' });
    await event(key, 'trigger', 'late');
    const inc = await incidentOf(id, 'late');
    for (const status of ['investigating', 'resolved']) {
      const res = await t.call('admin', {
        method: 'POST',
        url: `/api/v1/incidents/${inc.id}/status`,
        payload: { status, summary: 'Restarted the worker' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await event(key, 'resolve', 'late');
    const after = await incidentOf(id, 'late');
    assert.equal(after.resolutionSummary, 'Restarted the worker');
    const kinds = (await timeline(inc.id)).map((e) => e.kind);
    assert.deepEqual(kinds.slice(-2), ['resolved', 'alerts']);
    assert.equal(kinds.filter((k) => k === 'resolved').length, 1);
  });
});

describe('news and pages', () => {
  test('joined and acknowledged alerts are reported; no second page within the repeat interval', async () => {
    const { id, key } = await integration({
      name: 'Checkout',
      type: 'pagerduty',
      rules: [{ id: 'all', name: 'All', repeatIntervalMinutes: 10 }],
    });
    await event(key, 'trigger', 'first', 'checkout', 'Checkout slow');
    const inc = await incidentOf(id, 'first');
    t.clock.advance(5 * 60_000);
    await event(key, 'trigger', 'second', 'checkout', 'Checkout 500s');
    await event(key, 'acknowledge', 'first');
    assert.deepEqual(await pagesOf(inc.id), ['opened'], 'not again within 10 minutes');
    t.clock.advance(5 * 60_000);
    await event(key, 'trigger', 'third', 'checkout', 'Checkout down');
    assert.deepEqual(await pagesOf(inc.id), ['opened', 'new alerts'], 'again after 10 minutes');
    const alerts = (await timeline(inc.id)).filter((e) => e.kind === 'alerts').map((e) => e.data);
    assert.deepEqual(alerts, [
      { added: 1, titles: ['Checkout 500s'], acknowledged: 0, resolved: 0 },
      { added: 0, titles: [], acknowledged: 1, resolved: 0 },
      { added: 1, titles: ['Checkout down'], acknowledged: 0, resolved: 0 },
    ]);
  });

  test('a storm of new alerts names five of them and counts them all', async () => {
    const { id, key } = await integration({ name: 'Fleet', type: 'alertmanager' });
    const hook = (alerts: { name: string; fp: string }[]) =>
      t.call(null, { method: 'POST', url: `/api/v1/hooks/${key}`, payload: amPayload('firing', alerts) });
    await hook([{ name: 'HostDown', fp: 'h0' }]);
    // New alerts are reported at most once a minute per group.
    t.clock.advance(60_000);
    const names = ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7'];
    await hook(names.map((name, i) => ({ name, fp: `h${i + 1}` })));
    const inc = await incidentOf(id, 'h0');
    const last = (await timeline(inc.id)).at(-1)!;
    assert.equal(last.kind, 'alerts');
    assert.equal(last.data.added, 7);
    assert.deepEqual(last.data.titles, [
      'H1 on checkout',
      'H2 on checkout',
      'H3 on checkout',
      'H4 on checkout',
      'H5 on checkout',
    ]);
  });

  test('joins within a minute of the last report are counted in the next one', async () => {
    const { id, key } = await integration({ name: 'Search', type: 'pagerduty' });
    await event(key, 'trigger', 's1', 'search');
    const inc = await incidentOf(id, 's1');
    t.clock.advance(60_000);
    await event(key, 'trigger', 's2', 'search', 'Search slow');
    t.clock.advance(30_000);
    await event(key, 'trigger', 's3', 'search', 'Search empty');
    t.clock.advance(30_000);
    await event(key, 'trigger', 's4', 'search', 'Search down');
    const alerts = (await timeline(inc.id)).filter((e) => e.kind === 'alerts').map((e) => e.data);
    assert.deepEqual(alerts, [
      { added: 1, titles: ['Search slow'], acknowledged: 0, resolved: 0 },
      { added: 2, titles: ['Search down'], acknowledged: 0, resolved: 0 },
    ]);
  });

  test('a threshold opens one incident from the worst alert of the batch that met it', async () => {
    const { id, key } = await integration({
      name: 'Disks',
      type: 'alertmanager',
      rules: [{ id: 'disks', name: 'Disks', threshold: { count: 3, windowMinutes: 10 } }],
    });
    const hook = (alerts: { name: string; fp: string; severity: string }[]) =>
      t.call(null, {
        method: 'POST',
        url: `/api/v1/hooks/${key}`,
        payload: amPayload('firing', alerts, '{}:{disk}'),
      });
    await hook([{ name: 'DiskWarning', fp: 'd1', severity: 'warning' }]);
    const { rows } = await t.db.pool.query('SELECT incident_id FROM alerts WHERE integration_id = $1', [id]);
    assert.deepEqual(rows, [{ incident_id: null }], 'one of three: not confirmed');
    await hook([
      { name: 'DiskError', fp: 'd2', severity: 'error' },
      { name: 'DiskCritical', fp: 'd3', severity: 'critical' },
    ]);
    const inc = await incidentOf(id, 'd3');
    assert.equal(inc.title, 'DiskCritical on checkout');
    assert.equal(inc.urgency, 'P1');
    assert.equal((await incidentOf(id, 'd1')).id, inc.id, 'the whole group joins the incident');
    const declared = (await timeline(inc.id))[0]!;
    assert.equal(declared.kind, 'declared');
    assert.equal(declared.data.source.groupKey, '{}:{disk}');
    assert.deepEqual(await pagesOf(inc.id), ['opened']);
  });

  test('an incident opened from one alert describes it in its own words: annotations, source and link, no labels', async () => {
    t.clock.set(new Date('2026-03-01T12:00:00Z'));
    const { id, key } = await integration({ name: 'Edge', type: 'alertmanager' });
    await t.call(null, {
      method: 'POST',
      url: `/api/v1/hooks/${key}`,
      payload: amPayload(
        'firing',
        [
          {
            name: 'TlsExpiry',
            fp: 't1',
            severity: 'warning',
            description: 'The certificate of shop.example.com expires in 6 days.',
          },
        ],
        '{}:{tls}',
      ),
    });
    const inc = await incidentOf(id, 't1');
    assert.equal(inc.title, 'TlsExpiry on checkout');
    assert.equal(inc.urgency, 'P3');
    assert.equal(
      inc.description,
      [
        'The certificate of shop.example.com expires in 6 days.',
        'Opened from an alert of Edge.',
        'Source: http://prometheus.example:9090/graph?g0.expr=up',
      ].join('\n'),
    );
    assert.equal(inc.lifespan.startedAt, '2026-03-01T12:00:00.000Z');
  });
});
