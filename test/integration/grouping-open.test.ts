/**
 * How an alert group opens its incident, through the HTTP API on a real database: the worst alert
 * of the batch names it, the rule classifies it, the description sums up the alerts; several
 * incidents' news in one delivery, and alerts that never reached an incident.
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

/** A generic integration taking batches: `{ events: [{ key, title, severity?, status?, labels?, url? }] }`. */
async function batchIntegration(name: string, rules?: unknown[]) {
  const res = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: {
      name,
      type: 'generic',
      ...(rules ? { rules } : {}),
      mapping: {
        items: '$.events[*]',
        title: '$.title',
        dedupKey: '$.key',
        severity: '$.severity',
        status: '$.status',
        resolvedValues: ['ok'],
        acknowledgedValues: ['ack'],
        labels: '$.labels',
        link: '$.url',
      },
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const key = res.body.key as string;
  return {
    id: res.body.integration.id as string,
    send: async (events: Record<string, unknown>[]) => {
      const sent = await t.call(null, { method: 'POST', url: `/api/v1/hooks/${key}`, payload: { events } });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
    },
  };
}

async function incidentOf(integrationId: string, dedupKey: string) {
  const { rows } = await t.db.pool.query<{ incident_id: string }>(
    'SELECT incident_id FROM alerts WHERE integration_id = $1 AND dedup_key = $2',
    [integrationId, dedupKey],
  );
  assert.ok(rows[0]?.incident_id, `${dedupKey} is in an incident`);
  return (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${rows[0].incident_id}` }))
    .body;
}

async function timeline(incidentId: string): Promise<{ id: number; kind: string; data: any }[]> {
  return (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` }))
    .body.items;
}

/** This instance's count of `what` in expedite_signals_total. */
async function signalsTotal(what: 'incidentsOpened' | 'pages'): Promise<number> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${t.users.admin.token}` },
  });
  const line = res.body.split('\n').find((l) => l.startsWith(`expedite_signals_total{what="${what}"}`));
  return Number(line?.split(' ')[1] ?? 0);
}

describe('the opened incident', () => {
  test('the worst severity of the batch names it; ties, and no severity as info, keep the first', async () => {
    const quiet = await batchIntegration('Quiet');
    await quiet.send([
      { key: 'a', title: 'A without severity' },
      { key: 'b', title: 'B for information', severity: 'info' },
    ]);
    assert.equal((await incidentOf(quiet.id, 'b')).title, 'A without severity');
    const loud = await batchIntegration('Loud');
    await loud.send([
      { key: 'a', title: 'A warning', severity: 'warning' },
      { key: 'b', title: 'B error', severity: 'error' },
      { key: 'c', title: 'C warning', severity: 'warning' },
    ]);
    const inc = await incidentOf(loud.id, 'a');
    assert.equal(inc.title, 'B error');
    assert.equal(inc.urgency, 'P2');
    assert.deepEqual(inc.urgencyOverride, { reason: 'From alert severity (error), rule default' });
    assert.match(inc.description, /^Opened from 3 alerts of Loud\./);
  });

  test('the rule classifies it and may fix its urgency; impact is left to people', async () => {
    const fixed = await batchIntegration('Fixed', [
      {
        id: 'fixed',
        name: 'Fixed urgency',
        classification: { scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'BE' },
        urgency: 'P2',
      },
    ]);
    await fixed.send([{ key: 'x', title: 'Checkout rejects cards' }]);
    const inc = await incidentOf(fixed.id, 'x');
    assert.deepEqual([inc.scope, inc.criticality, inc.area], ['ALL-USERS', 'FBLOCK', 'BE']);
    assert.equal(inc.tagline, 'ALL-USERS-FBLOCK-BE: Checkout rejects cards');
    assert.equal(inc.urgency, 'P2');
    assert.deepEqual(inc.urgencyOverride, { reason: 'From routing rule fixed' });
    assert.deepEqual(inc.impact, { conversion: null, experience: null, revenue: null });
  });

  test('the description keeps twelve short single-line labels and the link; a long title is cut', async () => {
    const labels: Record<string, string> = {
      long: 'x'.repeat(101),
      lines: 'one\ntwo',
      exact: 'y'.repeat(100),
    };
    for (let i = 1; i <= 13; i++) labels[`l${String(i).padStart(2, '0')}`] = `v${i}`;
    const verbose = await batchIntegration('Verbose');
    await verbose.send([
      { key: 'v', title: 'T'.repeat(250), severity: 'critical', labels, url: 'https://grafana.example/d/1' },
    ]);
    const inc = await incidentOf(verbose.id, 'v');
    assert.equal(inc.title, 'T'.repeat(200));
    const [first, second, third, ...rest] = inc.description.split('\n');
    assert.equal(first, 'Opened from an alert of Verbose.');
    assert.deepEqual(rest, []);
    assert.equal(third, 'Source: https://grafana.example/d/1');
    assert.ok(second.startsWith('Labels: '), second);
    const shown = second.slice('Labels: '.length).split(', ');
    assert.equal(shown.length, 12);
    assert.ok(!second.includes('long='), 'over 100 characters');
    assert.ok(!second.includes('lines='), 'more than one line');
    assert.ok(shown.includes(`exact=${'y'.repeat(100)}`), '100 characters are fine');
  });
});

describe('news and alerts outside incidents', () => {
  test('news of two incidents in one delivery is written in incident order; each incident is paged', async () => {
    const [opened, paged] = [await signalsTotal('incidentsOpened'), await signalsTotal('pages')];
    const res = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/integrations',
      payload: {
        name: 'Per alert name',
        type: 'alertmanager',
        rules: [{ id: 'by-name', name: 'By name', groupBy: ['alertname'] }],
      },
    });
    const { id } = res.body.integration;
    const alerts = [
      { name: 'CpuHigh', fp: 'c1' },
      { name: 'MemHigh', fp: 'm1' },
    ];
    const hook = (status: 'firing' | 'resolved') =>
      t.call(null, {
        method: 'POST',
        url: `/api/v1/hooks/${res.body.key}`,
        payload: amPayload(status, alerts),
      });
    assert.equal((await hook('firing')).status, 202);
    const [cpu, mem] = [await incidentOf(id, 'c1'), await incidentOf(id, 'm1')];
    assert.notEqual(cpu.id, mem.id);
    assert.equal((await signalsTotal('incidentsOpened')) - opened, 2);
    assert.equal((await signalsTotal('pages')) - paged, 2);
    await t.app.worker.runDue();
    for (const inc of [cpu, mem])
      assert.deepEqual(
        (await timeline(inc.id)).filter((e) => e.kind === 'page-unrouted').length,
        1,
        'each opened incident had its page handled',
      );

    t.clock.advance(60_000);
    assert.equal((await hook('resolved')).status, 202);
    const news = [];
    for (const inc of [cpu, mem]) {
      const entries = await timeline(inc.id);
      assert.deepEqual(
        entries.map((e) => e.kind),
        ['declared', 'page-unrouted', 'alerts', 'resolved'],
      );
      news.push({ incident: inc.id, entry: entries.find((e) => e.kind === 'alerts')!.id });
    }
    const byIncident = [...news].sort((a, b) => (a.incident < b.incident ? -1 : 1)).map((n) => n.entry);
    assert.deepEqual(
      byIncident,
      news.map((n) => n.entry).sort((a, b) => a - b),
    );
    const after = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${cpu.id}` });
    assert.equal(after.body.updatedAt, after.body.resolvedAt);
  });

  test('alerts below their threshold can be acknowledged and recover without an incident', async () => {
    const calm = await batchIntegration('Below threshold', [
      { id: 'many', name: 'Many', threshold: { count: 5, windowMinutes: 5 } },
    ]);
    await calm.send([{ key: 'k', title: 'One blip', severity: 'error' }]);
    await calm.send([{ key: 'k', title: 'One blip', status: 'ack' }]);
    await calm.send([{ key: 'k', title: 'One blip', status: 'ok' }]);
    const { rows } = await t.db.pool.query(
      'SELECT status, incident_id FROM alerts WHERE integration_id = $1',
      [calm.id],
    );
    assert.deepEqual(rows, [{ status: 'resolved', incident_id: null }]);
  });
});
