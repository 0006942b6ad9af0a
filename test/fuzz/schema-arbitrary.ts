/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document: values that fit a schema
 * (as far as JSON Schema can say; the server may still refuse them for other reasons) and values
 * that nearly fit (one part of the wrong type, out of range, missing, or an extra hostile key).
 */
import fc from 'fast-check';
import { hostileKey, hostileValue } from './hostile.ts';

export type JsonSchema = { [k: string]: any };

const MAX_DEPTH = 6;
const INT32 = 2 ** 31 - 1;

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/** The schemas of one document, with its `#/components/schemas/…` references. */
export class SchemaArbitraries {
  private readonly components: Record<string, JsonSchema>;
  /** Ids the run has seen in answers: a uuid field takes one of them half the time. */
  private readonly uuids: string[];
  constructor(components: Record<string, JsonSchema>, uuids: string[] = []) {
    this.components = components;
    this.uuids = uuids;
  }

  /** The schema itself when it is a reference. */
  resolve(schema: JsonSchema | undefined): JsonSchema {
    let s = schema ?? {};
    for (let hops = 0; s.$ref && hops < 10; hops++)
      s = this.components[String(s.$ref).split('/').pop()!] ?? {};
    return s;
  }

  /** Values that fit `schema`; `name` is the property's, for the few names a schema cannot say. */
  valid(schema: JsonSchema | undefined, depth = 0, name = ''): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if (depth > MAX_DEPTH) return fc.constant(null);
    if (s.type === 'string' && /timezone/i.test(name)) return fc.constantFrom(...timeZones);
    if (s.type === 'string' && s.format === 'uuid' && !s.enum) {
      const seen = fc
        .nat()
        .map((i) => this.uuids[i % this.uuids.length] ?? '00000000-0000-4000-8000-000000000000');
      return fc.oneof(seen, validString(s));
    }
    if ('const' in s) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
    const alternatives = s.anyOf ?? s.oneOf;
    if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((a) => this.valid(a, depth + 1)));
    if (Array.isArray(s.allOf) && s.allOf.length) return this.valid(s.allOf[0], depth + 1);
    if (Array.isArray(s.type))
      return fc.oneof(...s.type.map((type: string) => this.valid({ ...s, type }, depth)));
    switch (s.type) {
      case 'string':
        return validString(s);
      case 'integer': {
        const lo = clamp((s.minimum ?? -1000) + (s.exclusiveMinimum !== undefined ? 1 : 0), -INT32, INT32);
        const hi = clamp(s.maximum ?? 1000, lo, INT32);
        return fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(lo, hi));
      }
      case 'number':
        return fc.double({
          min: s.minimum ?? -1e6,
          max: s.maximum ?? 1e6,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const minLength = s.minItems ?? 0;
        const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 3, 3));
        return fc.array(this.valid(s.items, depth + 1), { minLength, maxLength });
      }
      case 'object':
        return this.validObject(s, depth);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  private validObject(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (s.properties) {
      const props = Object.fromEntries(
        Object.entries(s.properties as Record<string, JsonSchema>).map(([k, v]) => [
          k,
          this.valid(v, depth + 1, k),
        ]),
      );
      return fc.record(props, { requiredKeys: (s.required ?? []) as string[] });
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      const keys = s.propertyNames
        ? (this.valid(s.propertyNames, depth + 1) as fc.Arbitrary<string>)
        : fc.string();
      return fc.dictionary(keys, this.valid(s.additionalProperties, depth + 1), { maxKeys: 3 });
    }
    return fc.constant({});
  }

  /** Values that nearly fit `schema`: the whole of the wrong kind, or one part of it wrong. */
  broken(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if (depth > MAX_DEPTH) return hostileValue();
    const near: fc.Arbitrary<unknown>[] = [];
    if (s.type === 'object' && s.properties) near.push(this.brokenObject(s, depth));
    if (s.type === 'array') {
      const items = fc.array(this.valid(s.items, depth + 1), { minLength: 1, maxLength: 3 });
      near.push(
        fc.tuple(items, this.broken(s.items, depth + 1), fc.nat()).map(([xs, bad, i]) => {
          xs[i % xs.length] = bad;
          return xs;
        }),
      );
      if (s.maxItems !== undefined && s.maxItems < 2000)
        near.push(this.valid(s.items, depth + 1).map((x) => Array.from({ length: s.maxItems + 1 }, () => x)));
    }
    if (s.type === 'string') near.push(brokenString(s));
    if (s.type === 'integer' || s.type === 'number') near.push(brokenNumber(s));
    const alternatives = s.anyOf ?? s.oneOf;
    if (Array.isArray(alternatives)) near.push(...alternatives.map((a) => this.broken(a, depth + 1)));
    return fc.oneof(
      { weight: near.length ? 1 : 3, arbitrary: hostileValue() },
      ...near.map((arbitrary) => ({ weight: 3, arbitrary })),
    );
  }

  /** A fitting object with one property broken or missing, or an extra (often hostile) key. */
  private brokenObject(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const names = Object.keys(s.properties);
    const change = fc.oneof(
      fc.record({
        kind: fc.constant('break' as const),
        key: fc.constantFrom(...names),
      }),
      fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...names) }),
      fc.record({ kind: fc.constant('extra' as const), key: hostileKey() }),
    );
    return fc
      .tuple(this.validObject(s, depth) as fc.Arbitrary<Record<string, unknown>>, change, fc.nat())
      .chain(([obj, c]) => {
        const broken = c.kind === 'break' ? this.broken(s.properties[c.key], depth + 1) : hostileValue();
        return broken.map((value) => {
          const out = { ...obj };
          if (c.kind === 'drop') delete out[c.key];
          // defineProperty keeps "__proto__" an own key, sent as JSON like any other.
          else
            Object.defineProperty(out, c.key, {
              value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          return out;
        });
      });
  }
}

const timeZones = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];

function validString(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid({ version: [4, 7] });
  if (s.format === 'date-time')
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  // Addresses as people have them (fast-check's RFC 5322 corner cases are refused, rightly).
  if (s.format === 'email')
    return fc
      .tuple(
        fc.stringMatching(/^[a-z][a-z0-9.]{0,12}[a-z0-9]$/),
        fc.constantFrom('example.com', 'example.org'),
      )
      .map(([local, domain]) => `${local.replace(/\.\./g, '.')}@${domain}`);
  if (s.format === 'uri') return fc.webUrl();
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern));
    } catch {
      /* a pattern fast-check cannot generate from: plain strings below */
    }
  }
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 40));
  return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ minLength, maxLength, unit: 'grapheme' }));
}

function brokenString(s: JsonSchema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [
    fc.constantFrom('', ' ', '\u0000', 'not-a-' + (s.format ?? 'value'), '\ud800', '2026-13-45T99:99:99Z'),
    fc.integer(),
  ];
  if (s.maxLength !== undefined) options.push(fc.constant('x'.repeat(Math.min(s.maxLength + 1, 200_000))));
  if (Array.isArray(s.enum)) options.push(fc.constantFrom(...s.enum.map((v: unknown) => `${String(v)} `)));
  return fc.oneof(...options);
}

function brokenNumber(s: JsonSchema): fc.Arbitrary<unknown> {
  const edges: unknown[] = [1.5, -1, 0, 1e308, -1e308, 2 ** 53 + 2, '5', true];
  if (s.minimum !== undefined) edges.push(s.minimum - 1);
  if (s.maximum !== undefined) edges.push(s.maximum + 1);
  return fc.constantFrom(...edges);
}
