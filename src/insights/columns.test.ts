import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncidentColumns, type FactsRow } from './columns.ts';
import { PageColumns } from './pages.ts';

const facts = (n: number, hours: number): FactsRow => ({
  id: `incident-${n}`,
  created: n * 1000,
  resolved: n % 2 ? null : n * 1000 + 60_000,
  acknowledged: null,
  responded: null,
  verifyStarted: null,
  verified: null,
  movedTo: null,
  movedAt: null,
  status: 'triage',
  service: `service-${n % 3}`,
  client: null,
  scope: 'ALL',
  criticality: null,
  area: null,
  urgency: 'P3',
  hours,
  techDebtHours: 0,
  deviations: 0,
  deviationReasons: [],
  techDebt: [],
  actions: [],
  minutes: [null, null, null, null, null],
});

test('rows keep their number and values as the columns grow, and a changed incident keeps its row', () => {
  const cols = new IncidentColumns();
  for (let n = 0; n < 3000; n++) cols.put(facts(n, n / 4));
  cols.put({ ...facts(1500, 99), urgency: 'P1' });
  assert.equal(cols.size, 3000);
  assert.deepEqual(
    [0, 1023, 1024, 1500, 2999].map((n) => [
      cols.row(`incident-${n}`),
      cols.time.created[n],
      cols.hours[n],
      cols.dictionaries.urgency.names[cols.category.urgency[n]!],
      cols.dictionaries.service.names[cols.category.service[n]!],
    ]),
    [
      [0, 0, 0, 'P3', 'service-0'],
      [1023, 1_023_000, 255.75, 'P3', 'service-0'],
      [1024, 1_024_000, 256, 'P3', 'service-1'],
      [1500, 1_500_000, 99, 'P1', 'service-0'],
      [2999, 2_999_000, 749.75, 'P3', 'service-2'],
    ],
  );
  assert.ok(Number.isNaN(cols.time.resolved[2999]!), 'not resolved: no time');
  assert.equal(cols.row('incident-3000'), -1);
});

test('pages grow the same way; one sent later replaces what was known of it', () => {
  const pages = new PageColumns();
  for (let n = 0; n < 2500; n++)
    pages.put({ id: `m${n}`, sentAt: null, userId: `u${n % 2}`, incidentRow: n });
  pages.put({ id: 'm2000', sentAt: 5000, userId: 'u0', incidentRow: 2000 });
  assert.equal(pages.size, 2500);
  assert.deepEqual(
    [pages.sentAt[2000], pages.users.names[pages.user[2499]!], pages.incident[2499]],
    [5000, 'u1', 2499],
  );
  assert.ok(Number.isNaN(pages.sentAt[2499]!));
});
