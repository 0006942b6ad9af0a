/** Whatever a client sends, the answer is never a 5xx: every route gets malformed input as an admin. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let incident: { id: string; number: number };
before(async () => {
  t = await createTestApp();
  incident = (
    await t.call('admin', { method: 'POST', url: '/api/v1/incidents', payload: { title: 'Target' } })
  ).body;
});
after(async () => t.close());

const junkBodies: unknown[] = [
  null,
  [],
  'text',
  42,
  { title: null, scope: 7, impact: 'high', lifespan: [] },
  { title: 'x'.repeat(5000), description: { nested: true } },
  { status: 'resolved', summary: 12 },
  { to: '', note: '' },
  { person: '00000000-0000-4000-8000-00000000000z', role: 'boss' },
  { hours: -1, description: '' },
  { hours: 1e308, description: 'x' },
  { urgency: 'P0', reason: '' },
  { policy: { matrix: null }, reason: 'x' },
  { name: '', role: 'admin', email: 'a@b' },
  { text: '\u0000' },
  { done: 'yes', assignee: 5 },
];

const refs = () => [
  String(incident.number),
  incident.id,
  '%23' + incident.number,
  '0',
  '-1',
  '99999999999999999999',
  'abc',
  '%00',
];

test('no route answers 5xx to malformed input', { timeout: 120_000 }, async () => {
  let calls = 0;
  for (const r of t.app.routeTable) {
    if (r.url.startsWith('/api/docs') || r.url === '/api/v1/auth/logout') continue;
    for (const ref of r.url.includes(':ref') ? refs() : ['x']) {
      const url = r.url
        .replace(':ref', ref)
        .replace(':id', ref === 'x' ? 'not-a-uuid' : '00000000-0000-4000-8000-000000000000')
        .replace(':taskId', 'nope')
        .replace(':role', 'observer')
        .replace(':person', 'ghost@example.com');
      const bodies = r.method === 'GET' || r.method === 'DELETE' ? [undefined] : junkBodies;
      for (const body of bodies) {
        const res = await t.app.inject({
          method: r.method as 'POST',
          url: `${url}${r.method === 'GET' ? '?incident=424242&limit=abc&cursor=9999999999999999999999&status=,,&q=%27%22%29' : ''}`,
          headers: {
            authorization: `Bearer ${t.users.admin.token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          payload: body === undefined ? undefined : JSON.stringify(body),
        });
        calls++;
        assert.ok(
          res.statusCode < 500,
          `${r.method} ${url} ${JSON.stringify(body)} → ${res.statusCode} ${res.body}`,
        );
        // The PagerDuty-compatible endpoints answer in PagerDuty's shape; everything else in ours.
        // Pages for people (acknowledgement links) answer in HTML; the API in its JSON error shape.
        if (res.statusCode >= 400 && !String(res.headers['content-type']).startsWith('text/html')) {
          const message = r.url.startsWith('/v2/') ? res.json().message : res.json().error?.message;
          assert.ok(message, `${r.method} ${url}: error shape`);
        }
      }
    }
  }
  assert.ok(calls > 300, `${calls} calls`);
});
