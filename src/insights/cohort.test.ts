import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketStarts, scopeOf, select } from './cohort.ts';
import { IncidentColumns, type FactsRow } from './columns.ts';
import type { InsightsQuery } from './schema.ts';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString().slice(0, 10));
const now = new Date('2026-03-15T12:00:00Z');
const query = (q: Partial<InsightsQuery>): InsightsQuery => ({ bucket: 'week', format: 'json', ...q });

test('steps: UTC days, ISO weeks from Monday, calendar months, each starting at or before the period', () => {
  const from = new Date('2026-01-30T15:00:00Z');
  const to = new Date('2026-03-02T00:00:00Z');
  assert.deepEqual(iso(bucketStarts(from, to, 'month')), ['2026-01-01', '2026-02-01', '2026-03-01']);
  // The period ends as the week of 2 March would begin: that week is not in it.
  assert.deepEqual(iso(bucketStarts(from, to, 'week')), [
    '2026-01-26',
    '2026-02-02',
    '2026-02-09',
    '2026-02-16',
    '2026-02-23',
  ]);
  assert.deepEqual(iso(bucketStarts(from, new Date('2026-02-02T00:00:01Z'), 'day')), [
    '2026-01-30',
    '2026-01-31',
    '2026-02-01',
    '2026-02-02',
  ]);
});

test('the period: 30 days before now by default; to after from; at most 732 days', () => {
  const s = scopeOf(query({}), now);
  assert.deepEqual(
    [s.from.toISOString(), s.to.toISOString()],
    ['2026-02-13T12:00:00.000Z', '2026-03-15T12:00:00.000Z'],
  );
  const field = (q: Partial<InsightsQuery>) => {
    try {
      scopeOf(query(q), now);
      return 'accepted';
    } catch (err) {
      return (err as { details: { field: string }[] }).details[0]!.field;
    }
  };
  assert.equal(field({ from: '2026-03-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }), 'querystring.to');
  assert.equal(field({ from: '2024-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z' }), 'accepted', '732 days');
  assert.equal(field({ from: '2024-03-01T00:00:00Z', to: '2026-03-03T00:00:01Z' }), 'querystring.from');
});

const row = (id: string, created: string, service: string | null): FactsRow => ({
  id,
  created: Date.parse(created),
  resolved: null,
  acknowledged: null,
  responded: null,
  verifyStarted: null,
  verified: null,
  movedTo: null,
  movedAt: null,
  status: 'triage',
  service,
  client: null,
  scope: 'ALL',
  criticality: 'FBLOCK',
  area: 'BE',
  urgency: 'P3',
  hours: 0,
  techDebtHours: 0,
  deviations: 0,
  deviationReasons: [],
  techDebt: [],
  actions: [],
  minutes: [null, null, null, null, null],
});

test('an incident declared as a step begins is in that step; a filter by id ignores its case', () => {
  const cols = new IncidentColumns();
  const svc = 'a0ccf0b1-0000-4000-8000-00000000000a';
  cols.put(row('i1', '2026-02-01T23:59:59.999Z', svc));
  cols.put(row('i2', '2026-02-02T00:00:00.000Z', svc));
  cols.put(row('i3', '2026-02-02T00:00:00.000Z', null));
  const scope = scopeOf(
    query({ from: '2026-01-26T00:00:00Z', to: '2026-02-09T00:00:00Z', service: svc.toUpperCase() }),
    now,
  );
  const sel = select(cols, scope, new Map());
  assert.deepEqual([...sel.rows], [0, 1]);
  assert.deepEqual([...sel.step], [0, 1], 'the week of 26 January, then the week of 2 February');
});

test('grouped by team through the service: each team once, no service or no team is one group', () => {
  const cols = new IncidentColumns();
  cols.put(row('i1', '2026-02-03T00:00:00Z', 's1'));
  cols.put(row('i2', '2026-02-03T00:00:00Z', 's2'));
  cols.put(row('i3', '2026-02-03T00:00:00Z', 's3'));
  cols.put(row('i4', '2026-02-03T00:00:00Z', null));
  cols.put(row('i5', '2026-02-03T00:00:00Z', 's1'));
  const teams = new Map<string, string | null>([
    ['s1', 't1'],
    ['s2', 't1'],
    ['s3', null],
  ]);
  const scope = scopeOf(
    query({ from: '2026-02-01T00:00:00Z', to: '2026-02-08T00:00:00Z', groupBy: 'team' }),
    now,
  );
  const sel = select(cols, scope, teams);
  assert.deepEqual(sel.groups, ['t1', null]);
  assert.deepEqual([...sel.group], [0, 0, 1, 1, 0]);
});
