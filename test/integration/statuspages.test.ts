/**
 * Status pages over HTTP on a real database, with a real SMTP server as the mail sink: the admin
 * API (400 naming the field), components following open incidents unless set by hand, a public
 * update published by the `statuspage-publish` job, the Statuspage JSON with its documented
 * fields, the HTML page escaped under its CSP, serving by custom host, feeds, and a subscriber who
 * confirms by the link, gets an update, unsubscribes by the link and gets no more.
 */
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { enqueue } from '../../src/engine/jobs.ts';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;
let checkout: string;
let search: string;
let pageId: string;
let componentId: string;

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  const svc = async (name: string) =>
    (
      await t.db.pool.query<{ id: string }>(
        `INSERT INTO services (name, created_at) VALUES ($1, now()) RETURNING id`,
        [name],
      )
    ).rows[0]!.id;
  checkout = await svc('checkout-api');
  search = await svc('search-api');
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

const admin = (method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, payload?: object) =>
  t.call('admin', { method, url, ...(payload ? { payload } : {}) });

async function declare(title: string, urgency: 'P1' | 'P2' | 'P3', service: string) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title,
      area: 'BE',
      urgency,
      urgencyReason: 'test',
      service,
      page: false,
      noPageReason: 'test',
    },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  return inc.body.id as string;
}

async function publish(incidentId: string, status: string, body: string) {
  const updateId = randomUUID();
  await enqueue(t.db.pool, [
    {
      kind: 'statuspage-publish',
      key: `statuspage-publish:${updateId}`,
      runAt: t.clock.now(),
      payload: { incidentId, updateId, status, body },
    },
  ]);
  await drain();
  return updateId;
}

/** Runs due jobs until none is left (publishing enqueues notifying, which enqueues sending). */
async function drain() {
  for (let i = 0; i < 10 && (await t.app.worker.runDue()) > 0; i++);
}

const get = (url: string, host?: string) =>
  t.app.inject({ method: 'GET', url, ...(host ? { headers: { host } } : {}) });

describe('admin API', () => {
  test('a page is made with a group and a component mapped from a service', async () => {
    const page = await admin('POST', '/api/v1/status-pages', {
      name: 'Acme status',
      slug: 'acme',
      customHost: 'Status.Acme.example',
    });
    assert.equal(page.status, 201, JSON.stringify(page.body));
    pageId = page.body.id;
    assert.equal(page.body.customHost, 'status.acme.example');
    assert.equal(page.body.url, 'https://status.acme.example');
    const group = await admin('POST', `/api/v1/status-pages/${pageId}/groups`, { name: 'Shop' });
    assert.equal(group.status, 201);
    const groupId = group.body.groups[0].id;
    const made = await admin('POST', `/api/v1/status-pages/${pageId}/components`, {
      name: 'Checkout',
      groupId,
      serviceId: checkout,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    componentId = made.body.components[0].id;
    assert.equal(made.body.components[0].state, 'operational');
    const other = await admin('POST', `/api/v1/status-pages/${pageId}/components`, {
      name: 'Search',
      serviceId: search,
    });
    assert.equal(other.status, 201);
    const list = await t.call('stakeholder', { method: 'GET', url: '/api/v1/status-pages' });
    assert.deepEqual(
      list.body.items.map((p: { slug: string; subscribers: number }) => [p.slug, p.subscribers]),
      [['acme', 0]],
    );
  });

  test('bad input answers 400 naming the field; a taken slug 409; a responder may not change pages', async () => {
    const bad = await admin('POST', '/api/v1/status-pages', { name: 'X', slug: 'Not A Slug' });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /slug/);
    const unknown = await admin('POST', `/api/v1/status-pages/${pageId}/components`, {
      name: 'Ghost',
      serviceId: randomUUID(),
    });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.error.details, [{ field: 'body.serviceId', message: 'no such service' }]);
    const maint = await admin('POST', `/api/v1/status-pages/${pageId}/maintenances`, {
      title: 'DB upgrade',
      startsAt: '2026-03-02T10:00:00Z',
      endsAt: '2026-03-02T09:00:00Z',
    });
    assert.equal(maint.status, 400);
    assert.match(JSON.stringify(maint.body), /endsAt/);
    const taken = await admin('POST', '/api/v1/status-pages', { name: 'Again', slug: 'acme' });
    assert.equal(taken.status, 409);
    const denied = await t.call('responder', {
      method: 'POST',
      url: '/api/v1/status-pages',
      payload: { name: 'R', slug: 'r' },
    });
    assert.equal(denied.status, 403);
  });
});

describe('state and public update', () => {
  let incidentId: string;
  test('a P1 on the service puts its component in major outage; set by hand wins until cleared', async () => {
    incidentId = await declare('<img src=x onerror=alert(1)>', 'P1', checkout);
    const page = await admin('GET', `/api/v1/status-pages/${pageId}`);
    const state = (name: string, body = page.body) =>
      body.components.find((c: { name: string }) => c.name === name).state;
    assert.equal(state('Checkout'), 'major_outage');
    assert.equal(state('Search'), 'operational');
    const byHand = await admin('PATCH', `/api/v1/status-pages/${pageId}/components/${componentId}`, {
      state: 'degraded_performance',
    });
    assert.equal(state('Checkout', byHand.body), 'degraded_performance');
    const back = await admin('PATCH', `/api/v1/status-pages/${pageId}/components/${componentId}`, {
      state: null,
    });
    assert.equal(state('Checkout', back.body), 'major_outage');
  });

  test('a published update shows on the page, escaped, under a CSP without script', async () => {
    await publish(incidentId, 'investigating', 'We are looking into <b>failed</b> payments.');
    const res = await get('/status/acme');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src 'sha256-/);
    assert.doesNotMatch(csp, /script-src/);
    assert.ok(!res.body.includes('<img src=x'), 'the title is not markup');
    assert.ok(res.body.includes('&#60;img src=x onerror=alert(1)&#62;'));
    assert.ok(res.body.includes('&#60;b&#62;failed&#60;/b&#62; payments'));
    assert.ok(!/<script/i.test(res.body));
    assert.match(res.body, /Major System Outage/);
    assert.match(res.body, /Current incidents/);
  });

  test('publishing the same update again changes nothing', async () => {
    const updateId = randomUUID();
    const job = (body: string) => ({
      kind: 'statuspage-publish',
      key: `statuspage-publish-again:${body}`,
      runAt: t.clock.now(),
      payload: { incidentId, updateId, status: 'identified', body },
    });
    await enqueue(t.db.pool, [job('first')]);
    await drain();
    await enqueue(t.db.pool, [job('second')]);
    await drain();
    const { rows } = await t.db.pool.query('SELECT body FROM status_incident_updates WHERE id = $1', [
      updateId,
    ]);
    assert.deepEqual(rows, [{ body: 'first' }]);
  });

  test('the Statuspage JSON carries the documented fields', async () => {
    const summary = (await get('/status/acme/api/v2/summary.json')).json();
    assert.deepEqual(Object.keys(summary).sort(), [
      'components',
      'incidents',
      'page',
      'scheduled_maintenances',
      'status',
    ]);
    assert.deepEqual(Object.keys(summary.page).sort(), ['id', 'name', 'time_zone', 'updated_at', 'url']);
    assert.deepEqual(summary.status, { indicator: 'critical', description: 'Major System Outage' });
    const comp = summary.components.find((c: { name: string }) => c.name === 'Checkout');
    for (const key of [
      'id',
      'name',
      'status',
      'created_at',
      'updated_at',
      'position',
      'description',
      'showcase',
      'start_date',
      'group_id',
      'page_id',
      'group',
      'only_show_if_degraded',
    ])
      assert.ok(key in comp, `component.${key}`);
    assert.equal(comp.status, 'major_outage');
    const group = summary.components.find((c: { name: string }) => c.name === 'Shop');
    assert.equal(group.group, true);
    assert.deepEqual(group.components, [componentId]);
    const [inc] = summary.incidents;
    for (const key of [
      'id',
      'name',
      'status',
      'created_at',
      'updated_at',
      'monitoring_at',
      'resolved_at',
      'impact',
      'shortlink',
      'started_at',
      'page_id',
      'incident_updates',
      'components',
    ])
      assert.ok(key in inc, `incident.${key}`);
    assert.equal(inc.name, '<img src=x onerror=alert(1)>');
    assert.equal(inc.status, 'identified');
    assert.equal(inc.impact, 'critical');
    assert.deepEqual(
      inc.incident_updates.map((u: { status: string; body: string }) => [u.status, u.body]),
      [
        ['identified', 'first'],
        ['investigating', 'We are looking into <b>failed</b> payments.'],
      ],
    );
    for (const key of [
      'id',
      'status',
      'body',
      'incident_id',
      'created_at',
      'updated_at',
      'display_at',
      'affected_components',
    ])
      assert.ok(key in inc.incident_updates[0], `incident_update.${key}`);
    assert.deepEqual(Object.keys((await get('/status/acme/api/v2/status.json')).json()).sort(), [
      'page',
      'status',
    ]);
    assert.equal((await get('/status/acme/api/v2/components.json')).json().components.length, 3);
    assert.equal((await get('/status/acme/api/v2/incidents.json')).json().incidents.length, 1);
    assert.equal((await get('/status/nope/api/v2/status.json')).statusCode, 404);
  });

  test('maintenance shows ahead as scheduled, with its window', async () => {
    const m = await admin('POST', `/api/v1/status-pages/${pageId}/maintenances`, {
      title: 'Search index rebuild',
      startsAt: '2026-03-05T22:00:00Z',
      endsAt: '2026-03-05T23:00:00Z',
      componentIds: [componentId],
    });
    assert.equal(m.status, 201, JSON.stringify(m.body));
    const doc = (await get('/status/acme/api/v2/scheduled-maintenances.json')).json();
    assert.equal(doc.scheduled_maintenances.length, 1);
    const [sm] = doc.scheduled_maintenances;
    assert.equal(sm.status, 'scheduled');
    assert.equal(sm.scheduled_for, '2026-03-05T22:00:00.000Z');
    assert.equal(sm.scheduled_until, '2026-03-05T23:00:00.000Z');
    assert.equal(sm.impact, 'maintenance');
    assert.match((await get('/status/acme')).body, /Search index rebuild/);
  });

  test('the custom host serves the page at / and its JSON and feeds at the root', async () => {
    const home = await get('/', 'status.acme.example');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /<h1>Acme status<\/h1>/);
    assert.match(home.body, /action="\/subscribe"/);
    const json = (await get('/api/v2/status.json', 'status.acme.example:443')).json();
    assert.equal(json.page.url, 'https://status.acme.example');
    assert.equal((await get('/api/v2/status.json', 'other.example')).statusCode, 404);
    const rss = await get('/history.rss', 'status.acme.example');
    assert.match(rss.headers['content-type'] as string, /rss/);
    assert.match(rss.body, /<title>&#60;img src=x onerror=alert\(1\)&#62;<\/title>/);
    const atom = await get('/status/acme/history.atom');
    assert.match(atom.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
  });

  test('a subscriber confirms by the link, gets an update, unsubscribes by the link and gets no more', async () => {
    const form = (url: string, body: string) =>
      t.app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const sub = await form('/status/acme/subscribe', `email=ann%40example.com&component=${componentId}`);
    assert.equal(sub.statusCode, 200, sub.body);
    await drain();
    const confirmMail = sink.messages.findLast((m) => m.envelope.to.includes('ann@example.com'))!;
    assert.match(confirmMail.subject!, /Confirm your subscription to Acme status/);
    const confirmUrl = /(https:\/\/status\.acme\.example\/confirm\/\S+)/.exec(confirmMail.text!)![1]!;
    const path = new URL(confirmUrl).pathname;
    const forged = await get(path.slice(0, -3) + 'AAA', 'status.acme.example');
    assert.equal(forged.statusCode, 404);
    // An update before confirming is not sent.
    const before = sink.messages.length;
    const confirmed = await get(path, 'status.acme.example');
    assert.equal(confirmed.statusCode, 200);
    assert.equal(sink.messages.length, before);
    await publish(await incidentIdOf(), 'monitoring', 'A fix is out; we are watching.');
    const update = sink.messages.findLast((m) => m.envelope.to.includes('ann@example.com'))!;
    assert.match(update.subject!, /\[Acme status\] Monitoring: <img src=x onerror=alert\(1\)>/);
    assert.match(update.text!, /A fix is out; we are watching\./);
    const leave = /<(https:\/\/status\.acme\.example\/unsubscribe\/[^>]+)>/.exec(
      update.headers['list-unsubscribe']!,
    )![1]!;
    assert.equal(update.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    assert.ok(update.text!.includes(`Unsubscribe: ${leave}`));
    // Maintenance is announced ahead, to whoever chose a component it affects.
    const planned = await admin('POST', `/api/v1/status-pages/${pageId}/maintenances`, {
      title: 'Payment provider switch',
      startsAt: '2026-03-06T22:00:00Z',
      endsAt: '2026-03-06T23:30:00Z',
      componentIds: [componentId],
    });
    assert.equal(planned.status, 201);
    await drain();
    const notice = sink.messages.findLast((m) => m.envelope.to.includes('ann@example.com'))!;
    assert.equal(notice.subject, '[Acme status] Scheduled maintenance: Payment provider switch');
    assert.match(notice.text!, /From 2026-03-06T22:00:00.000Z to 2026-03-06T23:30:00.000Z \(UTC\)/);
    assert.ok(notice.headers['list-unsubscribe']);
    const list = await admin('GET', '/api/v1/status-pages');
    assert.equal(list.body.items[0].subscribers, 1);
    const gone = await t.app.inject({
      method: 'POST',
      url: new URL(leave).pathname,
      headers: { host: 'status.acme.example' },
    });
    assert.equal(gone.statusCode, 200);
    const count = sink.messages.length;
    await publish(await incidentIdOf(), 'resolved', 'All payments go through again.');
    assert.equal(sink.messages.length, count, 'no mail after unsubscribing');
    assert.deepEqual(sink.violations, []);
  });

  test('a webhook subscriber gets the update as signed JSON, and one on another component does not', async () => {
    const received: { headers: Record<string, unknown>; body: any; raw: string }[] = [];
    const server = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(data), raw: data });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const searchId = (await admin('GET', `/api/v1/status-pages/${pageId}`)).body.components.find(
        (c: { name: string }) => c.name === 'Search',
      ).id;
      const subscribe = (path: string, component: string) =>
        t.app.inject({
          method: 'POST',
          url: '/status/acme/subscribe',
          payload: `webhook=${encodeURIComponent(`http://127.0.0.1:${port}${path}`)}&component=${component}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
      const first = await subscribe('/hook', componentId);
      assert.equal(first.statusCode, 200);
      // The signing secret is shown once, to whoever subscribed the webhook.
      const secret = /(whsec_[A-Za-z0-9+/=]+)/.exec(first.body)?.[1];
      assert.ok(secret, first.body);
      const again = await subscribe('/hook', componentId);
      assert.equal(again.statusCode, 200);
      assert.doesNotMatch(again.body, /whsec_/);
      assert.equal((await subscribe('/other', searchId)).statusCode, 200);
      const updateId = await publish(await incidentIdOf(), 'monitoring', 'Still watching the payments.');
      assert.equal(received.length, 1);
      const [hook] = received;
      assert.equal(hook!.headers['content-type'], 'application/json');
      // Standard Webhooks: HMAC-SHA256 of `${id}.${timestamp}.${body}` keyed by the secret's bytes.
      const id = hook!.headers['webhook-id'] as string;
      const ts = hook!.headers['webhook-timestamp'] as string;
      assert.equal(ts, String(Math.floor(t.clock.now().getTime() / 1000)));
      const mac = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
        .update(`${id}.${ts}.${hook!.raw}`)
        .digest('base64');
      assert.equal(hook!.headers['webhook-signature'], `v1,${mac}`);
      assert.equal(hook!.body.page.name, 'Acme status');
      assert.equal(hook!.body.incident.status, 'monitoring');
      assert.deepEqual(
        hook!.body.incident.incident_updates.map((u: { id: string; body: string }) => [u.id, u.body]),
        [[updateId, 'Still watching the payments.']],
      );
      assert.match(hook!.body.meta.unsubscribe, /^https:\/\/status\.acme\.example\/unsubscribe\//);
      // Leaving by the webhook's own link stops it too.
      const gone = await t.app.inject({
        method: 'POST',
        url: new URL(hook!.body.meta.unsubscribe).pathname,
        headers: { host: 'status.acme.example' },
      });
      assert.equal(gone.statusCode, 200);
    } finally {
      server.close();
    }
  });

  test('resolved: the component follows no more, the incident is past', async () => {
    await publish(await incidentIdOf(), 'resolved', 'Payments have gone through for an hour.');
    const summary = (await get('/status/acme/api/v2/summary.json')).json();
    assert.deepEqual(summary.incidents, []);
    assert.equal(
      summary.components.find((c: { name: string }) => c.name === 'Checkout').status,
      'operational',
    );
    const page = (await get('/status/acme')).body;
    assert.match(page, /Past incidents<\/h2><section class="card" id="incident-/);
  });
});

async function incidentIdOf(): Promise<string> {
  const { rows } = await t.db.pool.query<{ incident_id: string }>(
    'SELECT incident_id FROM status_incident_updates LIMIT 1',
  );
  return rows[0]!.incident_id;
}
