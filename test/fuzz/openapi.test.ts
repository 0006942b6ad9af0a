/**
 * Every route in the OpenAPI document (and every route it hides) gets requests generated from its
 * schemas, fitting and broken, against a real database; none may answer 5xx. Runs are bounded per
 * operation (FUZZ_RUNS, default 30) and seeded (FUZZ_SEED, printed); a 5xx prints the request.
 * FUZZ_ONLY=<substring of "METHOD /path"> runs only the matching operations.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { insertToken } from '../../src/auth/store.ts';
import { newSecret } from '../../src/auth/secrets.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { pollutionMarker } from './hostile.ts';
import { operations, type OpenApiDocument, type Operation } from './operations.ts';
import { requests, type FuzzRequest, type Known } from './requests.ts';
import { SchemaArbitraries } from './schema-arbitrary.ts';
import { samplePayloads } from './special-bodies.ts';

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const numRuns = Number(process.env.FUZZ_RUNS ?? 30);
const only = process.env.FUZZ_ONLY;
console.log(`# fuzz seed ${seed}, ${numRuns} runs per operation (replay: FUZZ_SEED=${seed})`);

/** Operations whose request ends the caller's own credential: each gets a token of its own. */
const revokesCaller = new Set(['POST /api/v1/auth/logout']);
/** Streams that never end by themselves: the answer's head is checked, then the stream closed. */
const streams = new Set(['GET /api/v1/events']);

const twilioAuthToken = 'fuzz-twilio-auth-token';
const errorsById = new Map<string, string>();
let t: TestApp;
let ops: Operation[];
let schemas: SchemaArbitraries;
let known: Known;
const protectedIds = new Set<string>();
/** Answers by operation and status, printed at the end (FUZZ_STATS=1: per operation). */
const statuses = new Map<string, Map<number, number>>();

/** Server errors, by request id, from the app's own log. */
const logger = pino(
  { level: 'error' },
  new Writable({
    write(chunk, _enc, done) {
      const line = JSON.parse(String(chunk)) as {
        reqId?: string;
        err?: { stack?: string; message?: string };
      };
      if (line.reqId) errorsById.set(line.reqId, line.err?.stack ?? line.err?.message ?? String(chunk));
      done();
    },
  }),
);

before(async () => {
  t = await createTestApp({ twilioAuthToken, logger });
  const samples = samplePayloads();
  known = {
    uuids: [],
    numbers: [],
    emails: ['nobody@example.com'],
    integrations: [],
    samples,
    publicUrl: t.app.deps.config.publicUrl,
    twilioAuthToken,
    nowMs: t.clock.now().getTime(),
  };
  const secrets: Record<string, string | undefined> = {
    sentry: 'fuzz-sentry-client-secret',
    generic: `whsec_${Buffer.from('fuzz-standard-webhooks-key-32byte').toString('base64')}`,
  };
  for (const type of ['alertmanager', 'pagerduty', 'grafana', 'sentry', 'bugsnag', 'generic']) {
    const res = await t.call('admin', {
      method: 'POST',
      url: '/api/v1/integrations',
      payload: { name: `fuzz ${type}`, type, service: 'Fuzzed', signingSecret: secrets[type] },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    known.integrations.push({ key: res.body.key, type, secret: secrets[type] ?? null });
  }
  const incident = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Fuzzed' },
  });
  harvest(incident.body);
  // People and credentials the run signs in with are never targets: disabling or revoking them
  // would turn the rest of the run into 401s.
  for (const u of Object.values(t.users)) protectedIds.add(u.id);
  for (const row of (await t.db.pool.query<{ id: string }>('SELECT id FROM auth_tokens')).rows)
    protectedIds.add(row.id);
  const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<OpenApiDocument>();
  schemas = new SchemaArbitraries(doc.components?.schemas ?? {}, known.uuids);
  ops = operations(doc, t.app.routeTable);
});
after(async () => t?.close());

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Remembers the ids, numbers and emails of an answer, as later path parameters. */
function harvest(body: unknown, key = ''): void {
  if (typeof body === 'string') {
    if (uuidPattern.test(body) && !protectedIds.has(body) && !known.uuids.includes(body))
      known.uuids.push(body);
    if (key === 'email' && known.emails.length < 50 && !known.emails.includes(body)) known.emails.push(body);
  } else if (typeof body === 'number') {
    if (key === 'number' && Number.isInteger(body) && !known.numbers.includes(body)) known.numbers.push(body);
  } else if (Array.isArray(body)) body.slice(0, 20).forEach((v) => harvest(v, key));
  else if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) harvest(v, k);
  if (known.uuids.length > 500) known.uuids.splice(0, 100);
}

async function credentials(op: Operation, r: FuzzRequest): Promise<Record<string, string>> {
  const s = r.sender;
  if ('none' in s) return {};
  if ('header' in s) return { [s.header]: s.value };
  let token = t.users[s.role].token;
  if (revokesCaller.has(`${op.method} ${op.path}`)) {
    token = newSecret('exp');
    const at = t.clock.now();
    await insertToken(t.db.pool, {
      userId: t.users[s.role].id,
      kind: 'api',
      name: 'fuzz',
      secret: token,
      at,
      expiresAt: null,
    });
  }
  return { authorization: `Bearer ${token}` };
}

/** The request as text to replay it: method, URL, headers and the body (long ones cut, bytes in base64). */
function describe(r: FuzzRequest): string {
  const body = r.payload === undefined ? '' : Buffer.from(r.payload);
  const utf8 = typeof body !== 'string' && Buffer.from(body.toString('utf8')).equals(body);
  const shown = body === '' ? '(none)' : utf8 ? body.toString('utf8') : `base64:${body.toString('base64')}`;
  const cut = shown.length > 3000 ? `${shown.slice(0, 3000)}… (${body.length} bytes)` : shown;
  const url = r.url.length > 400 ? `${r.url.slice(0, 400)}… (${r.url.length} characters)` : r.url;
  const sender = JSON.stringify(r.sender).slice(0, 200);
  return `${r.method} ${url}\nsender: ${sender}\nheaders: ${JSON.stringify(r.headers)}\nbody: ${cut}`;
}

/** A refusal in JSON has the route's error shape: ours, or PagerDuty's at its endpoint. */
function checkErrorShape(op: Operation, r: FuzzRequest, type: unknown, text: string): void {
  if (!String(type).startsWith('application/json')) return;
  const body = JSON.parse(text) as {
    status?: unknown;
    message?: unknown;
    error?: { code?: unknown; message?: unknown };
  };
  const ours = typeof body.error?.code === 'string' && typeof body.error.message === 'string';
  const pagerDuty = typeof body.status === 'string' && typeof body.message === 'string';
  // The PagerDuty-compatible endpoints answer every refusal in PagerDuty's shape.
  const ok = op.path.startsWith('/v2/') ? pagerDuty : ours;
  if (!ok)
    throw new Error(
      `error shape from ${op.method} ${op.path}\n${describe(r)}\nanswer: ${text.slice(0, 500)}`,
    );
}

async function send(op: Operation, r: FuzzRequest): Promise<void> {
  const headers = { ...r.headers, ...(await credentials(op, r)) };
  const stream = streams.has(`${op.method} ${op.path}`);
  const res = await t.app.inject({
    method: r.method as 'POST',
    url: r.url,
    headers,
    ...(r.payload === undefined ? {} : { payload: r.payload }),
    ...(stream ? { payloadAsStream: true } : {}),
  });
  if (stream) res.stream().destroy();
  const byStatus = statuses.get(`${op.method} ${op.path}`) ?? new Map<number, number>();
  statuses.set(
    `${op.method} ${op.path}`,
    byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1),
  );
  if (res.statusCode < 500) {
    if (res.statusCode >= 400 && r.method !== 'HEAD' && !stream)
      checkErrorShape(op, r, res.headers['content-type'], res.body);
    if (!stream && res.statusCode < 300) {
      try {
        harvest(res.json());
      } catch {
        /* not JSON */
      }
    }
    return;
  }
  const requestId = String(res.headers['x-request-id'] ?? '');
  const cause = errorsById.get(requestId) ?? '(nothing logged)';
  const answer = stream ? '(stream)' : res.body.slice(0, 500);
  const replay = `FUZZ_SEED=${seed} npm test -- test/fuzz/openapi.test.ts (FUZZ_ONLY='${op.method} ${op.path}' narrows it)`;
  throw new Error(
    `${res.statusCode} from ${op.method} ${op.path}\n${describe(r)}\nanswer: ${answer}\nreplay: ${replay}\n` +
      `server error: ${cause}`,
  );
}

// Bounded by FUZZ_RUNS: at the default, 30 to 50 s measured on a shared two-core machine.
test('every operation answers below 500 to generated requests', { timeout: 900_000 }, async (ctx) => {
  const selected = only ? ops.filter((op) => `${op.method} ${op.path}`.includes(only)) : ops;
  assert.ok(only || ops.filter((op) => !op.hidden).length >= 80, `${ops.length} operations found`);
  for (const op of selected) {
    await ctx.test(`${op.method} ${op.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(requests(op, schemas, known), (r) => send(op, r)),
        { seed, numRuns, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
      );
    });
  }
  const totals = new Map<string, number>();
  for (const [name, byStatus] of statuses) {
    const line = [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    if (process.env.FUZZ_STATS === '1') console.log(`# ${name}: ${line.join(' ')}`);
    for (const [status, n] of byStatus)
      totals.set(`${String(status)[0]}xx`, (totals.get(`${String(status)[0]}xx`) ?? 0) + n);
  }
  console.log(
    `# answers: ${[...totals]
      .sort()
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}`,
  );
});

test('no request polluted a prototype', () => {
  assert.equal((Object.prototype as Record<string, unknown>)[pollutionMarker], undefined);
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
});
