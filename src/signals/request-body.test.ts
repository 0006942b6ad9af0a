import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeliveryError } from './integrations/types.ts';
import { checkJsonDepth, cleanStrings, mayNeedCleaning, parseJsonBody } from './request-body.ts';

const field = (f: () => void) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DeliveryError && e.kind === 'malformed');
    return e.message;
  }
  return 'ok';
};

test('depth: 64 levels pass, 65 and 1,000,000 are refused without exhausting the stack', () => {
  const nest = (n: number) => JSON.parse('['.repeat(n) + ']'.repeat(n));
  assert.equal(
    field(() => checkJsonDepth(nest(64))),
    'ok',
  );
  assert.equal(
    field(() => checkJsonDepth(nest(65))),
    'nested deeper than 64 levels of arrays and objects',
  );
  assert.equal(
    field(() => checkJsonDepth(nest(1_000_000))),
    'nested deeper than 64 levels of arrays and objects',
  );
  assert.equal(
    field(() => checkJsonDepth({ a: [{ b: 1 }], c: 'x' }, 3)),
    'ok',
  );
  assert.equal(
    field(() => checkJsonDepth({ a: [{ b: {} }] }, 3)),
    'nested deeper than 3 levels of arrays and objects',
  );
  assert.equal(
    field(() => checkJsonDepth('text')),
    'ok',
  );
});

test('not JSON is malformed at body', () => {
  assert.throws(
    () => parseJsonBody(Buffer.from('{"a":')),
    (e) => e instanceof DeliveryError && e.field === 'body' && /^not valid JSON/.test(e.message),
  );
  assert.deepEqual(parseJsonBody(Buffer.from('{"a":[1]}')), { a: [1] });
});

test('NUL and lone surrogates become U+FFFD; pairs, dates and numbers stay', () => {
  assert.equal(mayNeedCleaning(Buffer.from('{"a":"\\u0000"}')), true);
  assert.equal(mayNeedCleaning(Buffer.from('{"a":"\\uD800"}')), true);
  assert.equal(mayNeedCleaning(Buffer.from('{"a":"plain é"}')), false);
  const at = new Date('2026-12-07T00:00:00Z');
  assert.deepEqual(cleanStrings({ 'k\ud800': ['a\u0000b', '\udc00', '\ud83d\ude00', 3, null, true], at }), {
    'k\uFFFD': ['a\uFFFDb', '\uFFFD', '\ud83d\ude00', 3, null, true],
    at: new Date('2026-12-07T00:00:00Z'),
  });
});
