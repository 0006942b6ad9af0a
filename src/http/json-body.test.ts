import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.ts';
import { parseJsonBody } from './json-body.ts';

const parse = (text: string) => parseJsonBody(Buffer.from(text));
const refusal = (text: string) => {
  try {
    parse(text);
  } catch (err) {
    assert.ok(err instanceof AppError);
    return err.message;
  }
  return 'parsed';
};

test('nesting is counted outside strings only, up to 64 levels', () => {
  assert.deepEqual(parse(`{"a":"${'['.repeat(500)}"}`), { a: '['.repeat(500) });
  assert.deepEqual(parse(`{"a":"\\"${'{'.repeat(200)}"}`), { a: `"${'{'.repeat(200)}` });
  assert.equal(refusal(`${'['.repeat(64)}${']'.repeat(64)}`), 'parsed');
  assert.equal(refusal(`${'['.repeat(65)}${']'.repeat(65)}`), 'body: nests deeper than 64 levels');
});

test('a byte order mark is skipped; empty and malformed bodies name the body', () => {
  assert.deepEqual(parse('\ufeff{"a":1}'), { a: 1 });
  assert.equal(refusal(''), 'body: is empty; send JSON, or no Content-Type without a body');
  assert.match(refusal('{"a":'), /^body: is not valid JSON: /);
});

test('"constructor" as a plain key or value is data, not a prototype', () => {
  assert.deepEqual(parse('{"constructor":"x","name":"constructor"}'), {
    constructor: 'x',
    name: 'constructor',
  });
  assert.equal(
    refusal('{"a":{"constructor":{"prototype":{}}}}'),
    'body: "constructor.prototype" is not allowed',
  );
});
