/**
 * The page behind a message's acknowledgement link: styled by one stylesheet its policy allows by
 * hash (no inline style attributes, nothing unsafe), following the device's dark mode, and linking
 * to the incident room before and after acknowledging.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { insertEscalation } from '../../src/escalation/store.ts';
import { ackToken } from '../../src/signing/links.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

/** An incident paging the responder; returns its number and the responder's link token. */
async function pagedIncident(title: string) {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title, area: 'BE', scope: 'ALL', criticality: 'ALLBLOCK' },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: `${title} chain`,
      repeat: 0,
      levels: [{ timeoutMinutes: 10, targets: [{ type: 'user', id: t.users.responder.id }] }],
    },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const e = await insertEscalation(t.db.pool, {
    incidentId: inc.body.id,
    policy: policy.body,
    at: new Date(),
  });
  const token = await ackToken(t.db.pool, e!.id, t.users.responder.id);
  return { number: inc.body.number as number, token };
}

function styleHash(html: string): string {
  const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
  assert.ok(css, 'the page has its stylesheet');
  return `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
}

test('the confirmation page is styled by its hashed stylesheet, dark when the device is, and links to the room', async () => {
  const { number, token } = await pagedIncident('Payments time out');
  const res = await t.app.inject({ method: 'GET', url: `/ack/${token}` });
  assert.equal(res.statusCode, 200);
  const csp = String(res.headers['content-security-policy']);
  assert.equal(
    csp,
    "default-src 'none'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; " +
      `style-src ${styleHash(res.body)}`,
  );
  assert.doesNotMatch(res.body, /style="/, 'no inline style attributes (the policy would block them)');
  assert.match(res.body, /@media \(prefers-color-scheme:dark\)/);
  assert.match(res.body, /<meta name="color-scheme" content="light dark">/);
  assert.match(res.body, /<button class="button primary">Acknowledge<\/button>/);
  assert.ok(res.body.includes(`href="/incidents/${number}"`), 'the room is one tap away');
});

test('after acknowledging, the page links straight to the incident room', async () => {
  const { number, token } = await pagedIncident('Search is empty');
  const res = await t.app.inject({ method: 'POST', url: `/ack/${token}` });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<h1>Acknowledged<\/h1>/);
  assert.ok(
    res.body.includes(`<a class="button primary" href="/incidents/${number}">Open incident #${number}</a>`),
  );
  assert.ok(String(res.headers['content-security-policy']).includes(`style-src ${styleHash(res.body)}`));
  const again = await t.app.inject({ method: 'POST', url: `/ack/${token}` });
  assert.equal(again.statusCode, 409);
  assert.ok(again.body.includes(`href="/incidents/${number}"`), 'already handled: the room is still linked');
});

test('an unknown link says so on the same styled page, with no room to link to', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/ack/not-a-token' });
  assert.equal(res.statusCode, 404);
  assert.ok(String(res.headers['content-security-policy']).includes(`style-src ${styleHash(res.body)}`));
  assert.doesNotMatch(res.body, /href=/);
});
