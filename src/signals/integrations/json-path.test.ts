import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  evaluate,
  formatPath,
  hasWildcard,
  JsonPathError,
  maxPathLength,
  parseJsonPath,
  readPath,
  selectAll,
} from './json-path.ts';

const doc = {
  title: 'Disk full',
  alert: {
    labels: { 'team name': 'db', "it's": 'quoted', 'a.b': 'dotted' },
    count: 0,
    off: false,
    none: null,
  },
  alerts: [
    { id: 1, tags: ['a', 'b'] },
    { id: 2, tags: [] },
    { id: 3, tags: ['c'] },
  ],
  matrix: [
    [1, 2],
    [3, 4],
  ],
  $weird: 'dollar',
  'dash-key': 'dash',
};

test('reads names, quoted names and indexes; `$` is the root', () => {
  assert.equal(readPath(doc, '$'), doc);
  assert.equal(readPath(doc, '$.title'), 'Disk full');
  assert.equal(readPath(doc, "$['title']"), 'Disk full');
  assert.equal(readPath(doc, '$["title"]'), 'Disk full');
  assert.equal(readPath(doc, "$.alert.labels['team name']"), 'db');
  assert.equal(readPath(doc, "$.alert.labels['it\\'s']"), 'quoted');
  assert.equal(readPath(doc, "$.alert.labels['a.b']"), 'dotted');
  assert.equal(readPath(doc, '$.alerts[1].id'), 2);
  assert.equal(readPath(doc, '$.alerts[0].tags[1]'), 'b');
  assert.equal(readPath(doc, '$.matrix[1][0]'), 3);
  assert.equal(readPath(doc, '$.$weird'), 'dollar');
  assert.equal(readPath(doc, '$.dash-key'), 'dash');
});

test('falsy values are found, not mistaken for missing', () => {
  assert.equal(readPath(doc, '$.alert.count'), 0);
  assert.equal(readPath(doc, '$.alert.off'), false);
  assert.equal(readPath(doc, '$.alert.none'), null);
});

test('the leading `$` may be left out', () => {
  assert.equal(readPath(doc, 'title'), 'Disk full');
  assert.equal(readPath(doc, 'alerts[2].id'), 3);
  assert.equal(readPath(doc.alerts, '[0].id'), 1);
  assert.deepEqual(parseJsonPath('alerts[*]', { allowWildcard: true }), [
    { kind: 'key', name: 'alerts' },
    { kind: 'wildcard' },
  ]);
});

test('anything missing is undefined, never an error', () => {
  for (const path of [
    '$.nope',
    '$.title.length',
    '$.alerts.length',
    '$.alerts[9]',
    '$.alerts[0].id.x',
    '$.alert.none.x',
    '$[0]',
  ])
    assert.equal(readPath(doc, path), undefined, path);
  for (const root of [null, undefined, 42, 'text', true, []])
    assert.equal(readPath(root, '$.a[0].b'), undefined);
  assert.equal(readPath('text', '$'), 'text');
});

test('only own properties are reachable: no prototype walking', () => {
  for (const path of [
    '$.constructor',
    '$.__proto__',
    '$.toString',
    "$['__proto__']",
    '$.alerts.map',
    '$.hasOwnProperty',
  ])
    assert.equal(readPath(doc, path), undefined, path);
  const polluted = JSON.parse('{"__proto__": {"x": 1}}');
  assert.deepEqual(readPath(polluted, "$['__proto__']"), { x: 1 });
});

test('`[*]` expands arrays (only where allowed) and reports the concrete location of each match', () => {
  const items = parseJsonPath('$.alerts[*]', { allowWildcard: true });
  assert.ok(hasWildcard(items));
  assert.deepEqual(
    selectAll(doc, items).map((m) => [m.value, formatPath('body', m.segments)]),
    doc.alerts.map((a, i) => [a, `body.alerts[${i}]`]),
  );
  const nested = parseJsonPath('$.alerts[*].tags[*]', { allowWildcard: true });
  assert.deepEqual(
    selectAll(doc, nested).map((m) => [m.value, formatPath('$', m.segments)]),
    [
      ['a', '$.alerts[0].tags[0]'],
      ['b', '$.alerts[0].tags[1]'],
      ['c', '$.alerts[2].tags[0]'],
    ],
  );
  assert.deepEqual(selectAll(doc, parseJsonPath('$.title[*]', { allowWildcard: true })), []);
  assert.deepEqual(selectAll(doc, parseJsonPath('$.nope[*]', { allowWildcard: true })), []);
  assert.deepEqual(selectAll(doc, parseJsonPath('$.title')), [
    { value: 'Disk full', segments: [{ kind: 'key', name: 'title' }] },
  ]);
  assert.throws(() => parseJsonPath('$.alerts[*]'), /only allowed in `items`/);
  assert.equal(evaluate(doc, parseJsonPath('$.alerts[*]', { allowWildcard: true })), undefined);
});

test('everything outside the tiny grammar is refused with a position', () => {
  const bad = [
    '',
    '$$',
    '.title',
    '$.',
    '$..title',
    '$.alerts[',
    '$.alerts[]',
    '$.alerts[-1]',
    '$.alerts[01]',
    '$.alerts[1:2]',
    '$.alerts[?(@.id==1)]',
    '$.alerts[?(@.id)]',
    '$.alerts[(1+1)]',
    "$['unterminated",
    "$['a']x",
    "$['a\\n']",
    '$.a b',
    '$.1abc',
    '@.title',
    '$.title()',
    'eval(1)',
    '$[*',
    '$.a[1',
    '$.a[9999999999]',
  ];
  for (const path of bad) {
    assert.throws(
      () => parseJsonPath(path, { allowWildcard: true }),
      (e) => e instanceof JsonPathError && Number.isInteger(e.position),
      JSON.stringify(path),
    );
  }
  assert.throws(() => parseJsonPath(42 as unknown as string), JsonPathError);
  assert.throws(() => parseJsonPath(`$.${'a'.repeat(maxPathLength)}`), /longer than/);
  assert.throws(() => parseJsonPath('$' + '.a'.repeat(33)), /more than 32 steps/);
  assert.equal(parseJsonPath('$' + '.a'.repeat(32)).length, 32);
});

test('formatPath writes field names the way errors name them', () => {
  assert.equal(formatPath('body', []), 'body');
  assert.equal(
    formatPath('body', parseJsonPath("$.alerts[3]['team name'].x['it\\'s']")),
    "body.alerts[3]['team name'].x['it\\'s']",
  );
  assert.equal(formatPath('', parseJsonPath('$.dedup_key')), '.dedup_key');
});
