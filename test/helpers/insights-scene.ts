/**
 * A small, fully known February 2026 for the insights: six incidents (and one in January) with
 * literal times, their timeline, pages, hours, deviations, tech debt and post-mortem actions.
 * The figures the tests expect are worked out by hand in test/integration/insights.test.ts.
 */
import type pg from 'pg';

/** What the scene made, for filters and assertions. */
export interface InsightsScene {
  teams: { payments: string; web: string };
  services: { checkout: string; search: string };
  clients: { acme: string; globex: string };
  people: { ada: string; ben: string };
  incidents: Record<'i1' | 'i2' | 'i3' | 'i4' | 'i5' | 'i6' | 'i7', string>;
}

const one = async (db: pg.Pool, sql: string, params: unknown[]) =>
  (await db.query<{ id: string }>(`${sql} RETURNING id`, params)).rows[0]!.id;

/** Fills the database with the scene; `actor` is the person recorded on the entries by hand. */
export async function seedInsightsScene(db: pg.Pool, actor: string): Promise<InsightsScene> {
  const at = '2026-01-15T00:00:00Z';
  const user = (email: string, name: string) =>
    one(db, `INSERT INTO users (email, name, role, created_at) VALUES ($1, $2, 'responder', $3)`, [
      email,
      name,
      at,
    ]);
  const ada = await user('ada@example.com', 'Ada');
  const ben = await user('ben@example.com', 'Ben');
  const team = (name: string) => one(db, 'INSERT INTO teams (name, created_at) VALUES ($1, $2)', [name, at]);
  const payments = await team('Payments');
  const web = await team('Web');
  const service = (name: string, teamId: string) =>
    one(db, 'INSERT INTO services (name, team_id, created_at) VALUES ($1, $2, $3)', [name, teamId, at]);
  const checkout = await service('checkout', payments);
  const search = await service('search', web);
  const client = (name: string, tier: string) =>
    one(db, 'INSERT INTO clients (name, tier, created_at) VALUES ($1, $2, $3)', [name, tier, at]);
  const acme = await client('Acme', 'Enhanced'); // 15 / 30 / 240 minutes
  const globex = await client('Globex', 'Basic'); // 60 / 240 / 1440 minutes

  const incident = (
    title: string,
    urgency: string,
    status: string,
    created: string,
    resolved: string | null,
    serviceId: string | null,
    clientId: string | null,
  ) =>
    one(
      db,
      `INSERT INTO incidents (title, tagline, scope, criticality, area, urgency, decision, status, created_at,
         updated_at, resolved_at, service_id, client_id)
       VALUES ($1, $1, 'ALL', 'FBLOCK', 'BE', $2, 'expedite', $3, $4, $4, $5, $6, $7)`,
      [title, urgency, status, created, resolved, serviceId, clientId],
    );
  const i1 = await incident(
    'Checkout down',
    'P1',
    'resolved',
    '2026-02-02T10:00:00Z',
    '2026-02-02T12:00:00Z',
    checkout,
    acme,
  );
  const i2 = await incident(
    'Payments slow',
    'P2',
    'resolved',
    '2026-02-03T22:00:00Z',
    '2026-02-04T03:00:00Z',
    checkout,
    acme,
  );
  const i3 = await incident(
    'Search empty',
    'P3',
    'investigating',
    '2026-02-04T14:00:00Z',
    null,
    search,
    globex,
  );
  const i4 = await incident(
    'Search slow',
    'P2',
    'resolved',
    '2026-02-09T09:30:00Z',
    '2026-02-09T11:05:00Z',
    search,
    null,
  );
  const i5 = await incident('Coupon typo', 'P4', 'triage', '2026-02-14T08:00:00Z', null, checkout, null);
  const i6 = await incident(
    'Login loop',
    'P3',
    'resolved',
    '2026-02-27T16:00:00Z',
    '2026-02-27T18:00:00Z',
    null,
    null,
  );
  const i7 = await incident(
    'Old outage',
    'P1',
    'resolved',
    '2026-01-31T23:00:00Z',
    '2026-02-01T01:00:00Z',
    checkout,
    acme,
  );

  const entries: [string, string, boolean, string, Record<string, unknown>][] = [
    [i1, '2026-02-02T10:10:00Z', true, 'acknowledged', { via: 'link' }],
    [i1, '2026-02-02T10:10:00Z', true, 'status-changed', { from: 'triage', to: 'investigating' }],
    [i1, '2026-02-02T10:40:00Z', true, 'status-changed', { from: 'investigating', to: 'fixing' }],
    [i1, '2026-02-02T11:00:00Z', true, 'status-changed', { from: 'fixing', to: 'monitoring' }],
    [
      i1,
      '2026-02-02T11:00:00Z',
      false,
      'monitoring-started',
      { metric: 'checkout errors', windowMinutes: 30 },
    ],
    [i1, '2026-02-02T11:30:00Z', false, 'verified', { metric: 'checkout errors', windowMinutes: 30 }],
    [
      i1,
      '2026-02-02T12:00:00Z',
      true,
      'resolved',
      { from: 'monitoring', to: 'resolved', summary: 'Rolled back' },
    ],
    [i2, '2026-02-03T22:30:00Z', true, 'ownership-taken', {}],
    [i2, '2026-02-03T22:50:00Z', true, 'status-changed', { from: 'triage', to: 'investigating' }],
    [
      i2,
      '2026-02-04T03:00:00Z',
      true,
      'resolved',
      { from: 'investigating', to: 'resolved', summary: 'Scaled up' },
    ],
    [i3, '2026-02-04T14:20:00Z', true, 'acknowledged', { via: 'sms' }],
    [i3, '2026-02-04T14:20:00Z', true, 'status-changed', { from: 'triage', to: 'investigating' }],
    [i4, '2026-02-09T09:35:00Z', true, 'acknowledged', { via: 'link' }],
    [i4, '2026-02-09T09:35:00Z', true, 'status-changed', { from: 'triage', to: 'investigating' }],
    [i4, '2026-02-09T10:00:00Z', true, 'status-changed', { from: 'investigating', to: 'monitoring' }],
    [i4, '2026-02-09T10:00:00Z', false, 'monitoring-started', { metric: 'search p99', windowMinutes: 15 }],
    [
      i4,
      '2026-02-09T10:15:00Z',
      false,
      'verification-failed',
      { metric: 'search p99', detail: 'still slow' },
    ],
    [i4, '2026-02-09T10:30:00Z', false, 'monitoring-started', { metric: 'search p99', windowMinutes: 15 }],
    [i4, '2026-02-09T10:50:00Z', false, 'verified', { metric: 'search p99', windowMinutes: 15 }],
    [
      i4,
      '2026-02-09T11:05:00Z',
      true,
      'resolved',
      { from: 'monitoring', to: 'resolved', summary: 'Index rebuilt' },
    ],
    [i6, '2026-02-27T16:40:00Z', true, 'ownership-taken', {}],
    [i6, '2026-02-27T16:40:00Z', true, 'status-changed', { from: 'triage', to: 'investigating' }],
    [
      i6,
      '2026-02-27T18:00:00Z',
      true,
      'resolved',
      { from: 'investigating', to: 'resolved', summary: 'Cookie fixed' },
    ],
    [i7, '2026-01-31T23:05:00Z', true, 'acknowledged', { via: 'link' }],
  ];
  for (const [incidentId, when, byPerson, kind, data] of entries)
    await db.query(
      'INSERT INTO timeline_entries (incident_id, at, actor_id, kind, data) VALUES ($1, $2, $3, $4, $5)',
      [incidentId, when, byPerson ? actor : null, kind, data],
    );

  const escalation = (incidentId: string) =>
    one(
      db,
      `INSERT INTO escalations (incident_id, policy, state, started_at) VALUES ($1, '{}', 'acknowledged', $2)`,
      [incidentId, at],
    );
  const esc = {
    i1: await escalation(i1),
    i2: await escalation(i2),
    i4: await escalation(i4),
    i5: await escalation(i5),
    i7: await escalation(i7),
  };
  const messages: [string | null, string, string, string, string, string][] = [
    // escalation, incident, person, channel, status, sent at
    [esc.i1, i1, ada, 'email', 'sent', '2026-02-02T10:02:00Z'], // Monday, in hours
    [esc.i1, i1, ada, 'sms', 'sent', '2026-02-02T17:00:00Z'], // Monday 17:00: hours have ended
    [esc.i2, i2, ada, 'email', 'sent', '2026-02-03T22:05:00Z'], // Tuesday night
    [esc.i2, i2, ada, 'sms', 'sent', '2026-02-03T22:06:00Z'], // Tuesday night
    [esc.i4, i4, ben, 'email', 'sent', '2026-02-09T09:31:00Z'], // Monday, in hours
    [esc.i4, i4, ben, 'sms', 'failed', '2026-02-09T09:32:00Z'], // failed: not a page
    [esc.i5, i5, ben, 'email', 'sent', '2026-02-14T08:05:00Z'], // Saturday
    [esc.i7, i7, ben, 'email', 'sent', '2026-01-31T23:10:00Z'], // before the period
    [null, i1, ada, 'email', 'sent', '2026-02-02T12:05:00Z'], // an update email, not a page
  ];
  let n = 0;
  for (const [escalationId, incidentId, userId, channel, status, sentAt] of messages)
    await db.query(
      `INSERT INTO messages (idempotency_key, escalation_id, incident_id, user_id, channel, address, status, created_at, sent_at)
       VALUES ($1, $2, $3, $4, $5, 'x', $6, $7, $7)`,
      [`scene:${n++}`, escalationId, incidentId, userId, channel, status, sentAt],
    );

  const debt = (incidentId: string, title: string, hours: number, due: string, status: string) =>
    one(
      db,
      `INSERT INTO tech_debt_items (incident_id, title, budget_hours, owner_id, due_on, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, '2026-02-10T00:00:00Z')`,
      [incidentId, title, hours, ada, due, status],
    );
  const patch = await debt(i2, 'Replace the hot patch', 8, '2026-02-20', 'open');
  await debt(i4, 'Rebuild the index by job', 4, '2026-03-10', 'in-progress');
  await debt(i1, 'Remove the feature flag', 2, '2026-02-12', 'done');
  await debt(i7, 'Old follow-up', 3, '2026-02-01', 'open');
  await debt(i2, 'Document the hot patch', 1, '2026-03-01', 'open'); // due today: not overdue yet

  const time = (incidentId: string, userId: string, hours: number, debtId: string | null = null) =>
    db.query(
      `INSERT INTO time_entries (incident_id, user_id, hours, description, created_at, tech_debt_id)
       VALUES ($1, $2, $3, 'work', '2026-02-10T00:00:00Z', $4)`,
      [incidentId, userId, hours, debtId],
    );
  await time(i1, ada, 1.5);
  await time(i1, ben, 0.5);
  await time(i2, ada, 3.25);
  await time(i2, ada, 1, patch);
  await time(i4, ben, 2);
  await time(i7, ben, 5);

  const deviation = (incidentId: string, reasons: string[]) =>
    db.query(
      `INSERT INTO deviations (incident_id, reasons, skipped, justification, recorded_at)
       VALUES ($1, $2, '{review}', 'customers waiting', '2026-02-10T00:00:00Z')`,
      [incidentId, reasons],
    );
  await deviation(i2, ['speed', 'temporary-fix']);
  await deviation(i4, ['speed']);
  await deviation(i7, ['complexity']);

  const postmortem = (incidentId: string) =>
    one(
      db,
      `INSERT INTO postmortems (incident_id, owner_id, due_on, required_by, created_at, updated_at)
       VALUES ($1, $2, '2026-02-20', 'P1', '2026-02-10T00:00:00Z', '2026-02-10T00:00:00Z')`,
      [incidentId, ada],
    );
  const action = (pm: string, due: string, status: string) =>
    db.query(
      `INSERT INTO postmortem_actions (postmortem_id, kind, title, owner_id, due_on, status, created_at)
       VALUES ($1, 'technical', 'Add an alert', $2, $3, $4, '2026-02-10T00:00:00Z')`,
      [pm, ben, due, status],
    );
  const pm1 = await postmortem(i1);
  const pm2 = await postmortem(i2);
  const pm7 = await postmortem(i7);
  await action(pm1, '2026-02-25', 'open'); // overdue on 1 March
  await action(pm1, '2026-03-05', 'open');
  await action(pm1, '2026-02-10', 'done');
  await action(pm2, '2026-02-28', 'open'); // overdue
  await action(pm2, '2026-03-01', 'open'); // due today: not overdue yet
  await action(pm7, '2026-02-01', 'open'); // an incident outside the period

  return {
    teams: { payments, web },
    services: { checkout, search },
    clients: { acme, globex },
    people: { ada, ben },
    incidents: { i1, i2, i3, i4, i5, i6, i7 },
  };
}
