/**
 * Insights against a small February worked out by hand (test/helpers/insights-scene.ts): every
 * expected figure is a literal. Business hours are the default, Monday to Friday 09:00–17:00 UTC;
 * "now" is Sunday 1 March 2026, 09:00 UTC.
 *
 * MTTA (declared → acknowledged or owned): i1 10, i2 30, i3 20, i4 5, i6 40; i5 never.
 * MTTR (declared → resolved): i1 120, i2 300, i4 95, i6 120. Verification: i1 30, i4 20 (from the
 * last monitoring before the verification, 10:30 → 10:50). i7 was declared in January: outside.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { slaReport } from '../../src/clients/sla-report.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { seedInsightsScene, type InsightsScene } from '../helpers/insights-scene.ts';

let t: TestApp;
let s: InsightsScene;
const period = 'from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z';

before(async () => {
  t = await createTestApp();
  s = await seedInsightsScene(t.db.pool, t.users.responder.id);
});
after(() => t.close());

const get = async (query: string, as: 'admin' | 'responder' | 'stakeholder' | 'support' = 'responder') => {
  const res = await t.call(as, { method: 'GET', url: `/api/v1/insights?${query}` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};

/** A stat with its floating-point noise rounded away. */
const r6 = (x: { count: number; mean: number | null; median: number | null; p90: number | null }) => ({
  count: x.count,
  mean: x.mean === null ? null : Math.round(x.mean * 1e6) / 1e6,
  median: x.median === null ? null : Math.round(x.median * 1e6) / 1e6,
  p90: x.p90 === null ? null : Math.round(x.p90 * 1e6) / 1e6,
});
const stats = (f: any) => ({
  incidents: f.incidents,
  resolved: f.resolved,
  mtta: r6(f.mtta),
  mttr: r6(f.mttr),
  verification: r6(f.verification),
  hours: f.hours,
  deviations: f.deviations,
});
const none = { count: 0, mean: null, median: null, p90: null };

test('the period in total: counts, MTTA, MTTR and time to verification with medians and p90', async () => {
  const x = await get(period);
  assert.deepEqual(stats(x.total), {
    incidents: 6,
    resolved: 4,
    mtta: { count: 5, mean: 21, median: 20, p90: 36 },
    mttr: { count: 4, mean: 158.75, median: 120, p90: 246 },
    verification: { count: 2, mean: 25, median: 25, p90: 29 },
    hours: 8.25,
    deviations: 2,
  });
  assert.deepEqual(
    x.overTime.map((b: any) => [b.start, b.incidents]),
    [
      ['2026-01-26T00:00:00.000Z', 0],
      ['2026-02-02T00:00:00.000Z', 3],
      ['2026-02-09T00:00:00.000Z', 2],
      ['2026-02-16T00:00:00.000Z', 0],
      ['2026-02-23T00:00:00.000Z', 1],
    ],
  );
  assert.deepEqual(x.groups, []);
});

test('per service and per team, with the incidents of no service in a group of their own', async () => {
  const x = await get(`${period}&groupBy=service`);
  assert.deepEqual(
    x.groups.map((g: any) => ({ key: g.key, label: g.label, ...stats(g) })),
    [
      {
        key: s.services.checkout,
        label: 'checkout',
        incidents: 3,
        resolved: 2,
        mtta: { count: 2, mean: 20, median: 20, p90: 28 },
        mttr: { count: 2, mean: 210, median: 210, p90: 282 },
        verification: { count: 1, mean: 30, median: 30, p90: 30 },
        hours: 6.25,
        deviations: 1,
      },
      {
        key: s.services.search,
        label: 'search',
        incidents: 2,
        resolved: 1,
        mtta: { count: 2, mean: 12.5, median: 12.5, p90: 18.5 },
        mttr: { count: 1, mean: 95, median: 95, p90: 95 },
        verification: { count: 1, mean: 20, median: 20, p90: 20 },
        hours: 2,
        deviations: 1,
      },
      {
        key: null,
        label: 'No service',
        incidents: 1,
        resolved: 1,
        mtta: { count: 1, mean: 40, median: 40, p90: 40 },
        mttr: { count: 1, mean: 120, median: 120, p90: 120 },
        verification: none,
        hours: 0,
        deviations: 0,
      },
    ],
  );
  const teams = await get(`${period}&groupBy=team`);
  assert.deepEqual(
    teams.groups.map((g: any) => [g.label, g.incidents, g.hours]),
    [
      ['Payments', 3, 6.25],
      ['Web', 2, 2],
      ['No team', 1, 0],
    ],
  );
});

test('time in each working status, from the status moves', async () => {
  const x = await get(period);
  assert.deepEqual(
    x.statuses.map((st: any) => ({ status: st.status, ...r6(st) })),
    [
      // i1 10, i2 50, i3 20, i4 5, i6 40; i5 still in triage since 14 Feb 08:00 (21,660 minutes)
      { status: 'triage', count: 6, mean: 3630.833333, median: 30, p90: 10855 },
      // i1 30, i2 250, i4 25, i6 80; i3 since 4 Feb 14:20 (35,680 minutes)
      { status: 'investigating', count: 5, mean: 7213, median: 80, p90: 21508 },
      { status: 'fixing', count: 1, mean: 20, median: 20, p90: 20 },
      { status: 'monitoring', count: 2, mean: 62.5, median: 62.5, p90: 64.5 },
      { status: 'backlogged', ...none },
    ],
  );
});

test('SLA compliance per client and tier, as the clients report counts it', async () => {
  const x = await get(period);
  assert.deepEqual(x.sla.clients, [
    {
      client: 'Acme',
      tier: 'Enhanced',
      incidents: 2,
      clocks: {
        acknowledge: { met: 1, breached: 1, running: 0 },
        respond: { met: 1, breached: 1, running: 0 },
        resolve: { met: 1, breached: 1, running: 0 },
      },
      compliance: 0.5,
    },
    {
      client: 'Globex',
      tier: 'Basic',
      incidents: 1,
      clocks: {
        acknowledge: { met: 1, breached: 0, running: 0 },
        respond: { met: 1, breached: 0, running: 0 },
        resolve: { met: 0, breached: 1, running: 0 },
      },
      compliance: 2 / 3,
    },
  ]);
  assert.deepEqual(x.sla.tiers, [
    { tier: 'Basic', incidents: 1, met: 2, breached: 1, running: 0, compliance: 2 / 3 },
    { tier: 'Enhanced', incidents: 2, met: 3, breached: 3, running: 0, compliance: 0.5 },
  ]);
  const report = await slaReport(
    { pool: t.db.pool, clock: t.clock },
    new Date('2026-02-01T00:00:00Z'),
    new Date('2026-03-01T00:00:00Z'),
  );
  assert.deepEqual(
    report.sort((a, b) => a.client.localeCompare(b.client)),
    x.sla.clients,
    'the same lines as the clients domain report',
  );
});

test('pages per person, out of hours by the business hours; names only with users:read', async () => {
  const x = await get(period);
  assert.deepEqual(x.pages, {
    total: 6,
    outOfHours: 4,
    people: [
      { userId: s.people.ada, name: 'Ada', pages: 4, outOfHours: 3, incidents: 2 },
      { userId: s.people.ben, name: 'Ben', pages: 2, outOfHours: 1, incidents: 2 },
    ],
  });
  const stakeholder = await get(period, 'stakeholder');
  assert.deepEqual(stakeholder.pages, { total: 6, outOfHours: 4, people: null });
  assert.deepEqual(stakeholder.total.incidents, 6, 'the figures themselves are for every reader');
});

test('deviations, tech debt, overdue post-mortem actions and hours of the period', async () => {
  const x = await get(period);
  assert.deepEqual(x.deviations, {
    count: 2,
    byReason: [
      { reason: 'speed', count: 2 },
      { reason: 'temporary-fix', count: 1 },
    ],
  });
  assert.deepEqual(x.techDebt, { created: 4, open: 3, overdue: 1, openBudgetHours: 13 });
  assert.deepEqual(x.actions, { open: 4, overdue: 2 });
  assert.deepEqual(x.hours, { total: 8.25, onTechDebt: 1 });
});

test('the period holds the incidents declared at its start, not those declared at its end', async () => {
  // i1 was declared at 10:00 on 2 February.
  const ending = await get('from=2026-02-01T00:00:00Z&to=2026-02-02T10:00:00Z');
  const starting = await get('from=2026-02-02T10:00:00Z&to=2026-02-02T10:00:01Z');
  assert.deepEqual([ending.total.incidents, starting.total.incidents], [0, 1]);
});

test('filters narrow every figure to the same incidents', async () => {
  const web = await get(`${period}&team=${s.teams.web}`);
  assert.equal(web.total.incidents, 2);
  assert.deepEqual(web.pages.people, [
    { userId: s.people.ben, name: 'Ben', pages: 1, outOfHours: 0, incidents: 1 },
  ]);
  assert.deepEqual(web.techDebt, { created: 1, open: 1, overdue: 0, openBudgetHours: 4 });
  assert.deepEqual(web.actions, { open: 0, overdue: 0 });
  assert.deepEqual(
    web.sla.clients.map((c: any) => c.client),
    ['Globex'],
  );
  const acme = await get(`${period}&client=${s.clients.acme}&urgency=P2`);
  assert.deepEqual([acme.total.incidents, acme.total.mttr.mean, acme.hours.total], [1, 300, 4.25]);
  const fe = await get(`${period}&area=FE`);
  assert.equal(fe.total.incidents, 0);
  assert.deepEqual(fe.total.mtta, none);
});

test('CSV: the same figures, a line for the period, each step and each group', async () => {
  const res = await t.call('responder', {
    method: 'GET',
    url: `/api/v1/insights?${period}&bucket=month&groupBy=urgency&format=csv`,
  });
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /^text\/csv/);
  assert.match(String(res.headers['content-disposition']), /filename="insights-2026-02-01-2026-03-01.csv"/);
  const head =
    'row,key,label,incidents,resolved,mtta_count,mtta_mean_minutes,mtta_median_minutes,mtta_p90_minutes,' +
    'mttr_count,mttr_mean_minutes,mttr_median_minutes,mttr_p90_minutes,verification_count,' +
    'verification_mean_minutes,verification_median_minutes,verification_p90_minutes,hours,deviations';
  assert.equal(
    res.body,
    [
      head,
      'total,,2026-02-01T00:00:00.000Z – 2026-03-01T00:00:00.000Z,6,4,5,21,20,36,4,158.8,120,246,2,25,25,29,8.3,2',
      'month,2026-02-01T00:00:00.000Z,2026-02-01,6,4,5,21,20,36,4,158.8,120,246,2,25,25,29,8.3,2',
      'urgency,P1,P1,1,1,1,10,10,10,1,120,120,120,1,30,30,30,2,0',
      'urgency,P2,P2,2,2,2,17.5,17.5,27.5,2,197.5,197.5,279.5,1,20,20,20,6.3,2',
      'urgency,P3,P3,2,1,2,30,30,38,1,120,120,120,0,,,,0,0',
      'urgency,P4,P4,1,0,0,,,,0,,,,0,,,,0,0',
      '',
    ].join('\r\n'),
  );
  const same = await t.call('responder', {
    method: 'GET',
    url: `/api/v1/insights.csv?${period}&bucket=month&groupBy=urgency`,
  });
  assert.equal(same.status, 200);
  assert.equal(same.body, res.body);
});

test('bad query parameters are a 400 naming the field', async () => {
  const cases: [string, string][] = [
    ['from=yesterday', 'querystring.from'],
    ['bucket=year', 'querystring.bucket'],
    ['groupBy=owner', 'querystring.groupBy'],
    ['team=payments', 'querystring.team'],
    ['urgency=P9', 'querystring.urgency'],
    ['format=xlsx', 'querystring.format'],
    ['from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z', 'querystring.to'],
    ['from=2020-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', 'querystring.from'],
  ];
  for (const [query, field] of cases) {
    const res = await t.call('responder', { method: 'GET', url: `/api/v1/insights?${query}` });
    assert.equal(res.status, 400, query);
    assert.equal(res.body.error.details[0].field, field, query);
  }
  const csv = await t.call('responder', { method: 'GET', url: '/api/v1/insights.csv?bucket=hour' });
  assert.equal(csv.status, 400);
  assert.equal(csv.body.error.details[0].field, 'querystring.bucket');
  assert.equal((await t.call(null, { method: 'GET', url: `/api/v1/insights?${period}` })).status, 401);
});

test('the facts rebuilt from the incidents, hours, deviations and timeline are the ones kept as they were written', async () => {
  const pool = t.db.pool;
  const read = async () =>
    (await pool.query('SELECT * FROM incident_facts ORDER BY incident_id')).rows.map(
      // Which transaction wrote the row is the one thing that differs.
      ({ written_by: _, ...r }) => JSON.stringify(r),
    );
  const kept = await read();
  assert.equal(kept.length, 7, 'one row per incident, i5 without timings included');
  await pool.query('DELETE FROM incident_facts');
  // Each trigger once more: the incident's columns, the sums, then the timeline entry by entry.
  await pool.query('UPDATE incidents SET status = status');
  await pool.query('UPDATE time_entries SET hours = hours');
  await pool.query('UPDATE deviations SET incident_id = incident_id');
  await pool.query('UPDATE tech_debt_items SET status = status');
  await pool.query('UPDATE postmortem_actions SET status = status');
  await pool.query(
    `SELECT incident_timings_apply(e) FROM (SELECT * FROM timeline_entries ORDER BY incident_id, id) e
      WHERE e.kind IN ('acknowledged', 'ownership-taken', 'note', 'status-changed', 'resolved',
        'client-notify-requested', 'monitoring-started', 'verified')`,
  );
  assert.deepEqual(await read(), kept);
});

test('an incident changed after the fact is counted where it now belongs', async () => {
  const before = await get(`${period}&groupBy=service`);
  const checkout = before.groups.find((g: { label: string }) => g.label === 'checkout');
  const search = before.groups.find((g: { label: string }) => g.label === 'search');
  assert.deepEqual([checkout.incidents, search.incidents], [3, 2]);
  await t.db.pool.query('UPDATE incidents SET service_id = $1 WHERE id = $2', [
    s.services.search,
    s.incidents.i1,
  ]);
  try {
    const after = await get(`${period}&groupBy=service`);
    const counts = Object.fromEntries(
      after.groups.map((g: { label: string; incidents: number }) => [g.label, g.incidents]),
    );
    assert.equal(counts.checkout, 2);
    assert.equal(counts.search, 3);
  } finally {
    await t.db.pool.query('UPDATE incidents SET service_id = $1 WHERE id = $2', [
      s.services.checkout,
      s.incidents.i1,
    ]);
  }
});
