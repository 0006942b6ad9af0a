/**
 * Private status pages: served only under /status/<slug>/k/<key> (HTML, Statuspage JSON, feeds,
 * subscribing); without the key, with a wrong or an old key, or at the page's custom host they
 * answer the same 404 as a page that does not exist. The key is rotated by an admin and shown only
 * to who may manage pages; a page made public again is open to all.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { subscriberToken } from '../../src/statuspages/subscribers.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let pageId: string;
let key: string;

before(async () => {
  t = await createTestApp();
  const page = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/status-pages',
    payload: { name: 'Globex status', slug: 'globex', customHost: 'status.globex.example', private: true },
  });
  assert.equal(page.status, 201, JSON.stringify(page.body));
  pageId = page.body.id;
  key = page.body.accessKey;
  const comp = await t.call('admin', {
    method: 'POST',
    url: `/api/v1/status-pages/${pageId}/components`,
    payload: { name: 'Ledger' },
  });
  assert.equal(comp.status, 201);
});
after(async () => t.close());

const get = (url: string, host?: string) =>
  t.app.inject({ method: 'GET', url, ...(host ? { headers: { host } } : {}) });
const subscribe = (url: string) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: 'webhook=http%3A%2F%2F127.0.0.1%3A9%2Fhook',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

/** Every public path of the page under `base` answers `status`. */
async function allAnswer(base: string, status: number) {
  for (const path of ['', '/api/v2/summary.json', '/history.rss', '/history.atom'])
    assert.equal((await get(`${base}${path}`)).statusCode, status, `${base}${path}`);
  assert.equal((await subscribe(`${base}/subscribe`)).statusCode, status, `${base}/subscribe`);
}

test('the admin gets the key, and the page its address under it', async () => {
  assert.match(key, /^[A-Za-z0-9_-]{32}$/);
  const d = await t.call('admin', { method: 'GET', url: `/api/v1/status-pages/${pageId}` });
  assert.equal(d.body.private, true);
  assert.equal(new URL(d.body.url).pathname, `/status/globex/k/${key}`);
  // Who may only read pages sees neither the key nor an address with it.
  const r = await t.call('responder', { method: 'GET', url: `/api/v1/status-pages/${pageId}` });
  assert.equal(r.status, 200);
  assert.equal(r.body.private, true);
  assert.equal(r.body.accessKey, null);
  assert.doesNotMatch(JSON.stringify(r.body), new RegExp(key));
  const list = await t.call('support', { method: 'GET', url: '/api/v1/status-pages' });
  assert.doesNotMatch(JSON.stringify(list.body), new RegExp(key));
});

test('with the key: the page, its JSON, feeds and subscribing; links stay under the key', async () => {
  const base = `/status/globex/k/${key}`;
  await allAnswer(base, 200);
  const html = (await get(base)).body;
  assert.ok(html.includes(`action="${base}/subscribe"`), html);
  assert.ok(html.includes(`href="${base}/history.rss"`));
  const summary = (await get(`${base}/api/v2/summary.json`)).json();
  assert.equal(new URL(summary.page.url).pathname, base);
  assert.deepEqual(
    summary.components.map((c: { name: string }) => c.name),
    ['Ledger'],
  );
});

test('without the key, with a wrong one, or at its custom host: 404 as for no page', async () => {
  const none = await get('/status/no-such-page');
  assert.equal(none.statusCode, 404);
  for (const url of ['/status/globex', `/status/globex/k/${key}x`, '/status/globex/k/wrong/history.rss']) {
    const res = await get(url);
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.body, none.body, url);
  }
  await allAnswer('/status/globex', 404);
  await allAnswer('/status/globex/k/wrong', 404);
  // The custom host does not serve a private page: `/` is not the page, its JSON is 404.
  assert.doesNotMatch((await get('/', 'status.globex.example')).body, /Globex status/);
  assert.equal((await get('/api/v2/summary.json', 'status.globex.example')).statusCode, 404);
  assert.equal((await get('/history.rss', 'status.globex.example')).statusCode, 404);
});

test('a new key: the old one answers 404 at once, the new one serves', async () => {
  const rotated = await t.call('admin', { method: 'POST', url: `/api/v1/status-pages/${pageId}/access-key` });
  assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
  const fresh = rotated.body.accessKey as string;
  assert.notEqual(fresh, key);
  await allAnswer(`/status/globex/k/${key}`, 404);
  await allAnswer(`/status/globex/k/${fresh}`, 200);
  // A link already mailed is signed itself: it still unsubscribes, under the old key or none.
  const { rows } = await t.db.pool.query<{ id: string }>(
    'SELECT id FROM status_subscribers WHERE page_id = $1 AND unsubscribed_at IS NULL',
    [pageId],
  );
  assert.equal(rows.length, 1);
  const token = await subscriberToken(t.db.pool, 'unsubscribe', rows[0]!.id);
  const forged = await get(`/status/globex/unsubscribe/${rows[0]!.id}.AAAA`);
  assert.equal(forged.statusCode, 404);
  assert.doesNotMatch(forged.body, new RegExp(fresh));
  const left = await get(`/status/globex/k/${key}/unsubscribe/${token}`);
  assert.equal(left.statusCode, 200);
  assert.match(left.body, /You will get no more updates of Globex status/);
  const denied = await t.call('responder', {
    method: 'POST',
    url: `/api/v1/status-pages/${pageId}/access-key`,
  });
  assert.equal(denied.status, 403);
  key = fresh;
});

test('made public again: open to all, at its custom host too; a key path is then 404', async () => {
  const d = await t.call('admin', {
    method: 'PATCH',
    url: `/api/v1/status-pages/${pageId}`,
    payload: { private: false },
  });
  assert.equal(d.status, 200);
  assert.equal(d.body.private, false);
  assert.equal(d.body.accessKey, null);
  assert.equal(d.body.url, 'https://status.globex.example');
  await allAnswer('/status/globex', 200);
  assert.equal((await get('/api/v2/summary.json', 'status.globex.example')).statusCode, 200);
  assert.equal((await get(`/status/globex/k/${key}`)).statusCode, 404);
  // Private again keeps no old key: a new one is made.
  const again = await t.call('admin', {
    method: 'PATCH',
    url: `/api/v1/status-pages/${pageId}`,
    payload: { private: true },
  });
  assert.equal(again.body.private, true);
  assert.notEqual(again.body.accessKey, key);
  assert.equal((await get('/status/globex')).statusCode, 404);
});
