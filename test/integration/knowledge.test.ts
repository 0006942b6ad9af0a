/**
 * The knowledge base: what past incidents left (their words and resolution summary, notes, resolution
 * reports, published post-mortems) is searchable; a new incident that reads like a resolved one is
 * shown it with what fixed it; the incident list searches summaries and notes and filters by
 * service and client.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
const n: Record<string, number> = {};
const num = (key: string) => n[key]!;
const ids: Record<string, string> = {};

async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) {
  const res = await t.call('admin', { method, url, ...(payload === undefined ? {} : { payload }) });
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function declare(key: string, title: string, service: string, description = '') {
  const made = await call('POST', '/api/v1/incidents', {
    title,
    description,
    service,
    scope: 'USERS',
    criticality: 'FBEHAV',
    area: 'BE',
  });
  n[key] = made.number;
  ids[key] = made.id;
}

const numbers = (body: { items: { number?: number; incident?: { number: number } }[] }) =>
  body.items.map((i) => i.number ?? i.incident!.number);

before(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-03-10T10:00:00Z'));
  for (const service of ['Checkout', 'Search'])
    await call('POST', '/api/v1/integrations', { name: service, type: 'generic', service });
  await declare('redis', 'Checkout button returns 502 after deploy', 'Checkout', 'Customers cannot pay');
  await call('POST', `/api/v1/incidents/${n.redis}/notes`, {
    text: 'Redis connection pool exhausted; raised maxclients to 2000',
  });
  await call('POST', `/api/v1/incidents/${n.redis}/status`, { status: 'investigating' });
  await call('POST', `/api/v1/incidents/${n.redis}/status`, {
    status: 'resolved',
    summary: 'Raised the Redis pool size and restarted the checkout workers',
  });
  await call('POST', `/api/v1/incidents/${n.redis}/status`, { status: 'closed' });
  await declare('index', 'Search results empty for admins', 'Search');
  await call('POST', `/api/v1/incidents/${n.index}/status`, { status: 'investigating' });
  await call('POST', `/api/v1/incidents/${n.index}/status`, {
    status: 'resolved',
    summary: 'Reindexed the catalogue',
  });
  await declare('open', 'Login is slow in the morning', 'Search');
  const client = await call('POST', '/api/v1/clients', { name: 'Acme', tier: 'Standard' });
  await call('PUT', `/api/v1/incidents/${n.index}/client`, { clientId: client.id });
});
after(() => t.close());

test('the list searches resolution summaries and notes, and filters by service and client', async () => {
  const list = (query: string) => call('GET', `/api/v1/incidents?${query}`);
  assert.deepEqual(numbers(await list('q=maxclients')), [n.redis], 'a word only in a note');
  assert.deepEqual(numbers(await list('q=reindexed')), [n.index], 'a word only in the resolution summary');
  assert.deepEqual(numbers(await list('service=checkout')), [n.redis]);
  assert.deepEqual(numbers(await list('service=Search')), [n.open, n.index]);
  assert.deepEqual(numbers(await list('client=ACME')), [n.index]);
  const unknown = await t.call('admin', { method: 'GET', url: '/api/v1/incidents?service=Billing' });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.details[0].field, 'query.service');
});

test('search finds a phrase that appears only in a note of a closed incident', async () => {
  const found = await call('GET', `/api/v1/knowledge?q=${encodeURIComponent('"connection pool exhausted"')}`);
  assert.deepEqual(numbers(found), [n.redis]);
  assert.deepEqual(found.items[0].matched, ['note']);
  assert.equal(found.items[0].fix, 'Raised the Redis pool size and restarted the checkout workers');
  assert.match(found.items[0].snippet, /«connection» «pool» «exhausted»/);
  const open = await call('GET', '/api/v1/knowledge?q=slow');
  assert.deepEqual(open.items, [], 'open incidents are not yet knowledge');
});

test('a new incident that reads like a resolved one is shown it, with what fixed it', async () => {
  await declare('again', 'Checkout button gives 502 errors', 'Checkout');
  const seen = await call('GET', `/api/v1/incidents/${n.again}/seen-before`);
  assert.equal(seen.items[0].incident.number, n.redis);
  assert.equal(seen.items[0].fix, 'Raised the Redis pool size and restarted the checkout workers');
  assert.equal(seen.items[0].incident.service.name, 'Checkout');
  assert.ok(!numbers(seen).includes(num('again')), 'not itself');
  assert.ok(!numbers(seen).includes(num('open')), 'not an open incident');
  const typed = await call('GET', `/api/v1/knowledge/similar?text=${encodeURIComponent('checkout 502')}`);
  assert.deepEqual(numbers(typed), [n.redis]);
  const bad = await t.call('admin', { method: 'GET', url: '/api/v1/knowledge/similar?text=' });
  assert.equal(bad.status, 400);
});

test('published post-mortems and resolution reports are searched; drafts are not', async () => {
  const at = t.clock.now();
  await t.db.pool.query(
    `INSERT INTO postmortems (incident_id, owner_id, due_on, required_by, status, document, created_at, updated_at)
     VALUES ($1, $2, '2026-03-20', 'by-hand', 'published', $3, $4, $4), ($5, $2, '2026-03-20', 'by-hand', 'draft', $6, $4, $4)`,
    [
      ids.redis,
      t.users.admin.id,
      { summary: 'The TLS certificate of the payment gateway expired', factors: ['No expiry alert'] },
      at,
      ids.index,
      { summary: 'A draft about the certificate rotation' },
    ],
  );
  await t.db.pool.query(
    `INSERT INTO resolution_reports (incident_id, technical, plain, updated_at) VALUES ($1, $2, $3, $4)`,
    [ids.index, 'Elasticsearch shard reallocation stalled', 'Search is back', at],
  );
  const pm = await call('GET', '/api/v1/knowledge?q=certificate');
  assert.deepEqual(numbers(pm), [n.redis]);
  assert.deepEqual(pm.items[0].matched, ['postmortem']);
  assert.equal(pm.items[0].postmortem.status, 'published');
  const report = await call('GET', '/api/v1/knowledge?q=shard');
  assert.deepEqual(numbers(report), [n.index]);
  assert.deepEqual(report.items[0].matched, ['report']);
  assert.equal(report.items[0].hasReport, true);
});
