/**
 * Requests for one operation: path and query parameters, a body and its content type, and who
 * sends it. Most are close to what the schemas describe (so they reach the handlers and the
 * database); the rest are broken at every layer: bad percent-encoding, wrong content types, empty
 * bodies, invalid UTF-8, garbage bytes, JSON nested thousands deep.
 */
import fc from 'fast-check';
import { deepJson, hostileValue, jsonText } from './hostile.ts';
import type { Operation, Param } from './operations.ts';
import { extraHeaders, sender, type Sender } from './senders.ts';
import type { SchemaArbitraries } from './schema-arbitrary.ts';
import {
  enqueueBody,
  hookBody,
  multipartBody,
  twilioForm,
  type Body,
  type KnownIntegration,
} from './special-bodies.ts';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  sender: Sender;
}

/** What the run knows so far: ids and numbers seen in answers, the integrations it made. */
export interface Known {
  uuids: string[];
  numbers: number[];
  emails: string[];
  integrations: KnownIntegration[];
  samples: Record<string, unknown[]>;
  publicUrl: string;
  twilioAuthToken: string;
  nowMs: number;
}

/** One of a list that may still grow while the run goes on (read when the value is drawn). */
function oneOfLive<T>(list: T[], fallback: T): fc.Arbitrary<T> {
  return fc.nat().map((i) => (list.length ? list[i % list.length]! : fallback));
}

const hostileSegments = [
  '%00',
  '%FF',
  '%C3%28',
  '%E0%80%80',
  '%ED%A0%80',
  '%',
  '%zz',
  '..',
  '.',
  '%20',
  '%2F',
  '%23',
  '%3F',
  '-1',
  '0',
  '1.5',
  '99999999999999999999',
  '1e400',
  'null',
  '__proto__',
  'constructor',
  '%F0%9F%98%80',
  '00000000-0000-0000-0000-000000000000',
  'a'.repeat(299),
  'a'.repeat(5000),
];

/** A path segment (already encoded) for `param`: one the run knows, one that fits, or a hostile one. */
function pathSegment(param: Param, schemas: SchemaArbitraries, known: Known): fc.Arbitrary<string> {
  const byName: fc.Arbitrary<string>[] = [];
  const uuid = oneOfLive(known.uuids, '00000000-0000-4000-8000-000000000000');
  if (param.name === 'ref') {
    byName.push(
      oneOfLive(known.numbers, 1).map(String),
      oneOfLive(known.numbers, 1).map((n) => `%23${n}`),
      uuid,
    );
  } else if (param.name === 'key')
    byName.push(
      oneOfLive(
        known.integrations.map((i) => i.key),
        'none',
      ),
    );
  else if (param.name === 'person')
    byName.push(uuid, oneOfLive(known.emails, 'a@example.com').map(encodeURIComponent));
  else if (param.schema.format === 'uuid' || /id$/i.test(param.name)) byName.push(uuid);
  const fits = schemas.valid(param.schema).map((v) => encodeURIComponent(String(v)));
  return fc.oneof(
    ...byName.map((arbitrary) => ({ weight: 4, arbitrary })),
    { weight: 3, arbitrary: fits },
    { weight: 2, arbitrary: fc.constantFrom(...hostileSegments) },
  );
}

const hostileQueryValues = [
  '',
  '%FF',
  '%zz',
  '%00',
  '-1',
  '1e400',
  '99999999999999999999',
  'x'.repeat(5000),
  '[]',
  '{}',
];
const hostileQueryPairs = [
  '__proto__=x',
  '__proto__[isAdmin]=1',
  'constructor[prototype][x]=1',
  '%FF=%FF',
  '&&&',
  '=',
  'a[]=1&a[]=2',
];

/** Values of free-text query parameters the schema cannot describe (lists of codes, people). */
const queryHints: Record<string, string[]> = {
  status: ['open', 'investigating,mitigated', 'resolved', 'closed,declined'],
  urgency: ['P1', 'P1,P2', 'P4'],
  owner: ['me', 'none', 'admin@example.com'],
};

function queryString(op: Operation, schemas: SchemaArbitraries, known: Known): fc.Arbitrary<string> {
  const query = op.params.filter((p) => p.in === 'query');
  const fits = (p: Param) => {
    const hints = queryHints[p.name] ?? (p.name === 'incident' ? [] : null);
    const fromSchema = schemas.valid(p.schema).map(String);
    if (hints === null) return fromSchema;
    const refs = oneOfLive(known.numbers, 1).map(String);
    return fc.oneof(hints.length ? fc.constantFrom(...hints) : refs, fromSchema);
  };
  const value = (p: Param) =>
    fc.oneof(
      { weight: 4, arbitrary: fits(p).map(encodeURIComponent) },
      { weight: 1, arbitrary: fc.constantFrom(...hostileQueryValues) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
    );
  // Optional parameters mostly left out, so that the others' values get through validation.
  const pairs = query.map((p) =>
    fc.oneof(
      { weight: p.required ? 1 : 3, arbitrary: fc.constant(null) },
      { weight: p.required ? 9 : 2, arbitrary: value(p).map((v) => `${p.name}=${v}`) },
      { weight: 1, arbitrary: fc.tuple(value(p), value(p)).map(([a, b]) => `${p.name}=${a}&${p.name}=${b}`) },
    ),
  );
  const extra = fc.option(fc.constantFrom(...hostileQueryPairs), { freq: 5 });
  return fc.tuple(fc.tuple(...pairs), extra).map(([ps, x]) => {
    const all = [...ps, x].filter((s): s is string => s !== null);
    return all.length ? `?${all.join('&')}` : '';
  });
}

const json = 'application/json';
const otherContentTypes = [
  'text/plain',
  'application/json; charset=utf-16',
  'application/json; charset=iso-8859-1',
  'application/json;;;charset=',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'application/json, text/html',
  '\u00e9/\u00e9',
];

/** Bodies broken below the JSON level: bytes that are not UTF-8, not JSON, truncated, empty, huge. */
function brokenBytes(): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      'null',
      '{',
      '{"a":',
      '[1,]',
      "{'a':1}",
      'undefined',
      '\u0000',
      '{"a":1}{"b":2}',
      '\ufeff{}',
    ),
    fc.constant(Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])),
    fc.constant(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d])),
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    deepJson().map((r) => r.text),
    fc.constant(`{"title":"${'x'.repeat(1_100_000)}"}`),
  );
}

/** A JSON-ish body for an operation with (or without) a body schema. */
function jsonBody(op: Operation, schemas: SchemaArbitraries): fc.Arbitrary<Body> {
  const text = fc.oneof(
    { weight: op.body ? 4 : 0, arbitrary: schemas.valid(op.body).map(jsonText) },
    { weight: op.body ? 4 : 1, arbitrary: schemas.broken(op.body).map(jsonText) },
    { weight: 2, arbitrary: brokenBytes() },
    { weight: 1, arbitrary: hostileValue().map(jsonText) },
  );
  const contentType = fc.oneof(
    { weight: 12, arbitrary: fc.constant<string | null>(json) },
    { weight: 2, arbitrary: fc.constantFrom<string | null>(...otherContentTypes) },
    { weight: 1, arbitrary: fc.constant<string | null>(null) },
  );
  return fc.tuple(text, contentType, fc.nat(19)).map(([payload, type, encoding]): Body => {
    const headers: Record<string, string> = type === null ? {} : { 'content-type': type };
    if (encoding === 0) headers['content-encoding'] = 'gzip';
    return { payload, headers };
  });
}

function bodyFor(
  op: Operation,
  schemas: SchemaArbitraries,
  known: Known,
  url: string,
  key: string,
): fc.Arbitrary<Body> {
  const fallback = jsonBody(op, schemas);
  let special: fc.Arbitrary<Body> | null = null;
  if (op.bodyKind === 'hook') {
    const integration = known.integrations.find((i) => encodeURIComponent(i.key) === key);
    special = integration ? hookBody(integration, known.samples, known.nowMs) : null;
  } else if (op.bodyKind === 'enqueue') {
    const routingKey = fc.oneof(
      oneOfLive(known.integrations.map((i) => i.key) as unknown[], 'none'),
      hostileValue(),
    );
    special = enqueueBody(routingKey, known.samples);
  } else if (op.bodyKind === 'form') special = twilioForm(known.publicUrl, url, known.twilioAuthToken);
  else if (op.bodyKind === 'multipart') special = multipartBody();
  else if (op.bodyKind === 'none') {
    const nothing = fc.constant<Body>({ headers: {} });
    return fc.oneof({ weight: 3, arbitrary: nothing }, { weight: 1, arbitrary: fallback });
  }
  return special ? fc.oneof({ weight: 3, arbitrary: special }, { weight: 1, arbitrary: fallback }) : fallback;
}

/** Requests for `op`. */
export function requests(op: Operation, schemas: SchemaArbitraries, known: Known): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const segments = fc.tuple(...pathParams.map((p) => pathSegment(p, schemas, known)));
  return fc
    .tuple(segments, queryString(op, schemas, known), sender(), extraHeaders(), fc.nat(19))
    .chain(([values, query, who, extra, head]) => {
      let url = op.path;
      pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, values[i]!)));
      url += query;
      const key = values[pathParams.findIndex((p) => p.name === 'key')] ?? '';
      // Now and then a GET is asked as HEAD, which Fastify answers from the same handler.
      const method = op.method === 'GET' && head === 0 ? 'HEAD' : op.method;
      return bodyFor(op, schemas, known, url, key).map((body): FuzzRequest => ({
        method,
        url,
        headers: { ...extra, ...body.headers },
        payload: body.payload,
        sender: who,
      }));
    });
}
