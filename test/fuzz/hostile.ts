/**
 * Hostile parts of a request: values and keys that break parsers and validators (prototype keys,
 * huge strings, NUL and lone surrogates, numbers no double holds, JSON nested thousands deep), and
 * the JSON text they are sent as. `RawJson` places text that `JSON.stringify` cannot produce.
 */
import fc from 'fast-check';

/** JSON text placed verbatim where it stands in a value (see `jsonText`). */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** A key every polluted object would show; checked on `Object.prototype` after the run. */
export const pollutionMarker = 'fuzzPolluted';

/** JSON nested `depth` deep: arrays, objects, or both in turn. */
export function nested(depth: number, shape: 'array' | 'object' | 'mixed'): RawJson {
  if (shape === 'array') return new RawJson('['.repeat(depth) + ']'.repeat(depth));
  if (shape === 'object') return new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
  const half = Math.floor(depth / 2);
  return new RawJson('{"a":['.repeat(half) + 'null' + ']}'.repeat(half));
}

/** Nesting deep enough to overflow a recursive parser or validator. */
export function deepJson(): fc.Arbitrary<RawJson> {
  return fc
    .tuple(
      fc.constantFrom(100, 1000, 5000, 20_000),
      fc.constantFrom('array', 'object', 'mixed') as fc.Arbitrary<'array'>,
    )
    .map(([depth, shape]) => nested(depth, shape));
}

/** Objects whose own keys try to reach a prototype. */
function pollutingObject(): fc.Arbitrary<unknown> {
  return fc
    .constantFrom(
      `{"__proto__":{"${pollutionMarker}":true,"isAdmin":true}}`,
      `{"constructor":{"prototype":{"${pollutionMarker}":true}}}`,
      `{"__proto__":[]}`,
      `{"prototype":null,"__proto__":null}`,
    )
    .map((text) => JSON.parse(text) as unknown);
}

/** Any one hostile JSON value. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, 1.5, -0.0001, 1e308, -1e308, 2 ** 53 + 2, '', ' ', [], {}, [
      null,
    ]),
    fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      '\udfff\ud800',
      '\u202e\u200b\ufeff',
      '😀'.repeat(500),
      "'; DROP TABLE incidents; --",
      '%s%n%x{{7*7}}${7*7}',
      '<script>alert(1)</script>',
      '../../../../etc/passwd',
      '2026-02-30T25:61:61Z',
      'NaN',
      '-Infinity',
    ),
    fc.constantFrom(
      new RawJson('1e400'),
      new RawJson('-1e400'),
      new RawJson('123456789012345678901234567890'),
      new RawJson('-0'),
      new RawJson('"\\ud800"'),
    ),
    fc.constantFrom(10_000, 100_000, 300_000).map((n) => 'x'.repeat(n)),
    pollutingObject(),
    deepJson(),
    fc.jsonValue({ maxDepth: 3 }),
  );
}

/** Keys a server might trip over when they arrive as data. */
export function hostileKey(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      '__defineGetter__',
      '',
      '\u0000',
      '$where',
      'x'.repeat(10_000),
    ),
    fc.string({ maxLength: 20 }),
  );
}

/** JSON text for `value`, with every `RawJson` inside it placed verbatim. */
export function jsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001raw:${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (text === undefined) return 'null';
  return raws.length ? text.replace(/"\\u0001raw:(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!) : text;
}

/** `value` with its `index`-th node (pre-order, modulo the count) replaced by `replacement`. */
export function replaceNode(value: unknown, index: number, replacement: unknown): unknown {
  const nodes: { parent: any; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (v && typeof v === 'object' && !(v instanceof RawJson))
      for (const [k, child] of Object.entries(v)) {
        nodes.push({ parent: v, key: Array.isArray(v) ? Number(k) : k });
        walk(child);
      }
  };
  const copy = structuredClone(value);
  walk(copy);
  if (nodes.length === 0) return replacement;
  const { parent, key } = nodes[index % nodes.length]!;
  Object.defineProperty(parent, key, {
    value: replacement,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}
