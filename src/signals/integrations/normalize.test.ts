import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addLink, flattenLabels, header, labelLimits, mapSeverity, timestamp, title } from './normalize.ts';
import { DeliveryError } from './types.ts';

test('titles are one line of at most 500 characters, never splitting a surrogate pair', () => {
  assert.equal(title('  Disk\n\tfull  on   db-1 '), 'Disk full on db-1');
  assert.equal(title('x'.repeat(500)), 'x'.repeat(500));
  assert.equal(title('x'.repeat(501)), `${'x'.repeat(499)}…`);
  const emoji = `${'x'.repeat(498)}😀tail`;
  const cut = title(emoji);
  assert.ok(cut.length <= 500);
  assert.ok(!cut.includes('\ud83d…'), 'no lone high surrogate');
  assert.equal(cut, `${'x'.repeat(498)}…`);
});

test('labels: scalars stringified, objects flattened with dots, arrays/null skipped, limits kept', () => {
  assert.deepEqual(
    flattenLabels({
      a: 'x',
      n: 1.5,
      b: true,
      nan: Number.NaN,
      arr: [1],
      nil: null,
      o: { p: { q: 'deep' } },
      '': 'empty',
    }),
    { a: 'x', n: '1.5', b: 'true', 'o.p.q': 'deep' },
  );
  assert.deepEqual(flattenLabels({ l1: { l2: { l3: { l4: { l5: 'too deep' } }, ok: 'yes' } } }), {
    'l1.l2.ok': 'yes',
  });
  assert.deepEqual(flattenLabels('not an object'), {});
  assert.deepEqual(flattenLabels([1, 2]), {});
  const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
  assert.equal(Object.keys(flattenLabels(many)).length, labelLimits.count);
  const long = flattenLabels({ v: 'v'.repeat(5000), ['k'.repeat(300)]: 'x' });
  assert.equal(long.v?.length, labelLimits.valueLength);
  assert.deepEqual(Object.keys(long), ['v']);
  const proto = flattenLabels(JSON.parse('{"__proto__": "x", "constructor": "y"}'));
  assert.equal(Object.getPrototypeOf(proto), Object.prototype, 'no prototype pollution');
  assert.deepEqual(Object.entries(proto), [
    ['__proto__', 'x'],
    ['constructor', 'y'],
  ]);
  assert.deepEqual(
    flattenLabels({ a: 'new', b: 'b' }, { a: 'first' }),
    { a: 'first', b: 'b' },
    'existing keys win',
  );
});

test('severity words, case-insensitive; unknown words and non-strings are null', () => {
  assert.equal(mapSeverity('CRITICAL'), 'critical');
  assert.equal(mapSeverity(' fatal '), 'critical');
  assert.equal(mapSeverity('err'), 'error');
  assert.equal(mapSeverity('debug'), 'info');
  assert.equal(mapSeverity('toString'), null);
  assert.equal(mapSeverity('__proto__'), null);
  assert.equal(mapSeverity(3), null);
});

test('timestamps: RFC 3339 with or without offset colons; zero time and absence are null', () => {
  assert.deepEqual(timestamp('2015-07-17T08:42:58.315+0000', 'f'), new Date('2015-07-17T08:42:58.315Z'));
  assert.deepEqual(timestamp('2021-10-12T09:51:03.157076+02:00', 'f'), new Date('2021-10-12T07:51:03.157Z'));
  assert.deepEqual(
    timestamp('2018-08-03T09:52:26.739266876+02:00', 'f'),
    new Date('2018-08-03T07:52:26.739Z'),
  );
  assert.deepEqual(timestamp('2020-01-01t00:00:00z', 'f'), new Date('2020-01-01T00:00:00Z'));
  assert.deepEqual(timestamp('2020-01-01 00:00:00Z', 'f'), new Date('2020-01-01T00:00:00Z'));
  assert.equal(timestamp('0001-01-01T00:00:00Z', 'f'), null);
  assert.equal(timestamp(undefined, 'f'), null);
  assert.equal(timestamp(null, 'f'), null);
  for (const bad of [
    '1',
    '2020',
    'yesterday',
    '2020-13-45T00:00:00Z',
    '2020-01-01T00:00:00',
    1566248777.677,
    {},
  ])
    assert.throws(
      () => timestamp(bad, 'body.at'),
      (e) => e instanceof DeliveryError && e.field === 'body.at' && e.kind === 'malformed',
      JSON.stringify(bad),
    );
});

test('links: only absolute http(s) URLs, each once', () => {
  const links = [] as { href: string; text?: string }[];
  addLink(links, 'https://a.example/x', 'A');
  addLink(links, 'https://a.example/x', 'again');
  addLink(links, 'http://b.example');
  for (const bad of [
    'javascript:alert(1)',
    'data:text/html,hi',
    '/relative',
    '',
    'not a url',
    42,
    null,
    `https://x/${'a'.repeat(3000)}`,
  ])
    addLink(links, bad, 'bad');
  assert.deepEqual(links, [{ href: 'https://a.example/x', text: 'A' }, { href: 'http://b.example' }]);
});

test('headers: the first value of a repeated header; absent otherwise', () => {
  assert.equal(header({ a: 'x' }, 'a'), 'x');
  assert.equal(header({ a: ['x', 'y'] }, 'a'), 'x');
  assert.equal(header({ a: [] }, 'a'), undefined);
  assert.equal(header({}, 'a'), undefined);
  assert.equal(header(null as never, 'a'), undefined);
});
