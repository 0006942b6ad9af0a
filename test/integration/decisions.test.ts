/**
 * The decision acts over HTTP on a real database, with a real SMTP server as the mail sink and time
 * moved by hand: "ask the product owner" mails the team's product owner one signed link per answer;
 * answering expedite through the link pages the team's chain, backlog moves the incident to the
 * Backlog (off the open list), decline closes it; an unanswered question is sent again, then the
 * team's lead is told; a "backlog" decision moves a declared incident to the Backlog by itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { runJobs } from '../helpers/jobs.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;
let team: string;
let po: TestApp['users']['stakeholder'];

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels, env: { EXPEDITE_DECISION_REMIND_MINUTES: '30' } });
  po = await t.addUser('stakeholder', 'pat@example.com', 'Pat Owner');
  for (const [who, address] of [
    ['responder', 'responder@example.com'],
    ['admin', 'admin@example.com'],
  ] as const)
    await verifiedEmail(t.users[who].token, address);
  await verifiedEmail(po.token, 'pat@example.com');
  const policy = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/escalation-policies',
    payload: {
      name: 'Web chain',
      lowUrgencyAnytime: true,
      levels: [{ timeoutMinutes: 5, targets: [{ type: 'user', id: t.users.responder.id }] }],
    },
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const made = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/teams',
    payload: { name: 'Web', areas: ['FE'], escalationPolicyId: policy.body.id },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  team = made.body.id;
  const roles = await t.call('admin', {
    method: 'PUT',
    url: `/api/v1/teams/${team}/product-owners`,
    payload: { productOwners: [po.id], lead: t.users.admin.id },
  });
  assert.equal(roles.status, 200, JSON.stringify(roles.body));
  assert.deepEqual(roles.body, {
    productOwners: [{ id: po.id, name: 'Pat Owner', email: 'pat@example.com' }],
    lead: t.users.admin.id,
  });
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

/** Gives the token's person a verified email address, reading the code from the sink. */
async function verifiedEmail(token: string, address: string) {
  const call = (url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { authorization: `Bearer ${token}` },
    });
  const made = (await call('/api/v1/me/contact-methods', { kind: 'email', address })).json();
  const code = /(\d{6})/.exec(sink.messages.findLast((m) => m.envelope.to.includes(address))!.text!)![1];
  const ok = (await call(`/api/v1/me/contact-methods/${made.id}/verify`, { code })).json();
  assert.equal(ok.verified, true);
}

const run = () => runJobs(t);

/** Declares an FE incident with urgency set by hand (P3: ask the product owner; P4: backlog). */
async function declared(title: string, urgency: 'P3' | 'P4') {
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title, area: 'FE', urgency, urgencyReason: 'test' },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  assert.equal(inc.body.decision, urgency === 'P3' ? 'product-owner' : 'backlog');
  await run();
  return { id: inc.body.id as string, number: inc.body.number as number };
}

/** Mails to `address` about incident `number`: questions start `#12 `, pages `[P3] #12 `. */
const mailsTo = (address: string, number: number) =>
  sink.messages.filter(
    (m) => m.envelope.to.includes(address) && new RegExp(`^(\\[P\\d\\] )?#${number} `).test(m.subject ?? ''),
  );

/** The answer link of the newest question mail to `address` for incident `number`, for `answer`. */
function linkIn(address: string, number: number, answer: string): string {
  const mail = mailsTo(address, number).at(-1);
  assert.ok(mail, `a question mailed to ${address} for #${number}`);
  const url = new RegExp(`(http\\S+/decide/\\S+)\\?answer=${answer}`).exec(mail.text!)?.[1];
  assert.ok(url, mail.text!);
  return new URL(url).pathname;
}

async function kinds(incidentId: string): Promise<string[]> {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  return res.body.items.map((e: { kind: string }) => e.kind);
}

async function entry(incidentId: string, kind: string) {
  const res = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline` });
  return res.body.items.find((e: { kind: string }) => e.kind === kind)?.data;
}

/** Posts the answer form of a link, as the page's buttons do. */
const answerForm = (path: string, form: string) =>
  t.app.inject({
    method: 'POST',
    url: path,
    payload: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

const listed = async (status: string) =>
  (await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents?status=${status}` })).body.items.map(
    (i: { number: number }) => i.number,
  );

describe('ask the product owner', () => {
  test('the product owner is mailed the question; answering expedite through the link pages the chain', async () => {
    const inc = await declared('Checkout button misaligned', 'P3');
    const mails = mailsTo('pat@example.com', inc.number);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject!, /needs your decision/);
    assert.deepEqual(await entry(inc.id, 'decision-asked'), {
      to: ['Pat Owner'],
      because: "product owners of the area's team",
    });
    assert.deepEqual(sink.violations, []);

    const path = linkIn('pat@example.com', inc.number, 'expedite');
    const page = await t.app.inject({ method: 'GET', url: `${path}?answer=expedite` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Expedite \(page now\)/);
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(mailsTo('responder@example.com', inc.number).length, 0, 'opening the link pages nobody');

    const answered = await answerForm(path, 'answer=expedite&reason=Blocks+the+spring+campaign');
    assert.equal(answered.statusCode, 200, answered.body);
    assert.match(answered.body, /Expedited/);
    await run();
    const now = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.id}` });
    assert.equal(now.body.decision, 'expedite');
    assert.deepEqual(await entry(inc.id, 'decision-answered'), {
      answer: 'expedite',
      reason: 'Blocks the spring campaign',
      via: 'link',
      from: 'triage',
      to: 'triage',
      previousDecision: 'product-owner',
    });
    assert.ok((await kinds(inc.id)).includes('escalation-started'), (await kinds(inc.id)).join(', '));
    assert.equal(mailsTo('responder@example.com', inc.number).length, 1, 'the chain is paged');

    const again = await answerForm(path, 'answer=decline&reason=late');
    assert.equal(again.statusCode, 409, 'a question is answered once');
    const q = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.id}/decision-question`,
    });
    assert.equal(q.body.question.answer, 'expedite');
    assert.deepEqual(q.body.question.answeredBy, { id: po.id, name: 'Pat Owner' });
  });

  test('answering backlog moves it to the Backlog and off the open list; it can be pulled back', async () => {
    const inc = await declared('Typo in footer', 'P3');
    const res = await answerForm(
      linkIn('pat@example.com', inc.number, 'backlog'),
      'answer=backlog&reason=Cosmetic',
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!(await listed('open')).includes(inc.number), 'not among the open incidents');
    assert.ok((await listed('backlogged')).includes(inc.number), 'in the Backlog');
    const back = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/status`,
      payload: { status: 'triage', note: 'Customer escalated' },
    });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.ok((await listed('open')).includes(inc.number), 'back in the procedure');
  });

  test('a responder records decline in the app: closed with the reason', async () => {
    const inc = await declared('Old browser warning', 'P3');
    const bad = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/decision`,
      payload: { answer: 'later', reason: 'x' },
    });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /answer/);
    const res = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.id}/decision`,
      payload: { answer: 'decline', reason: 'Not a defect: IE11 is unsupported' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'closed');
    assert.equal(res.body.resolutionSummary, 'Declined: Not a defect: IE11 is unsupported');
    const q = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.id}/decision-question`,
    });
    assert.equal(q.body.question.answer, 'decline');
  });

  test('unanswered: a reminder after the configured time, then the team lead is told', async () => {
    const inc = await declared('Slow avatar upload', 'P3');
    assert.equal(mailsTo('pat@example.com', inc.number).length, 1);
    t.clock.advance(29 * 60_000);
    await run();
    assert.equal(mailsTo('pat@example.com', inc.number).length, 1, 'not before the time');
    t.clock.advance(60_000);
    await run();
    assert.equal(mailsTo('pat@example.com', inc.number).length, 2, 'a reminder');
    assert.match(mailsTo('pat@example.com', inc.number)[1]!.subject!, /reminder/);
    assert.equal(mailsTo('admin@example.com', inc.number).length, 0);
    t.clock.advance(30 * 60_000);
    await run();
    assert.equal(mailsTo('admin@example.com', inc.number).length, 1, 'the lead is told');
    assert.deepEqual(await entry(inc.id, 'decision-escalated'), { to: 'Admin' });
    // The lead's link answers too, as the lead.
    const res = await answerForm(
      linkIn('admin@example.com', inc.number, 'backlog'),
      'answer=backlog&reason=Next+sprint',
    );
    assert.equal(res.statusCode, 200, res.body);
    t.clock.advance(120 * 60_000);
    await run();
    assert.equal(mailsTo('pat@example.com', inc.number).length, 2, 'nothing more once answered');
  });

  test('a link that is not signed, or signed for another question, is refused', async () => {
    const inc = await declared('Broken tooltip', 'P3');
    const path = linkIn('pat@example.com', inc.number, 'decline');
    const forged = path.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assert.equal((await t.app.inject({ method: 'GET', url: forged })).statusCode, 404);
    assert.equal((await answerForm(forged, 'answer=decline&reason=x')).statusCode, 404);
    const noReason = await answerForm(path, 'answer=decline&reason=');
    assert.equal(noReason.statusCode, 400);
  });
});

describe('backlog', () => {
  test('an incident the urgency policy sends to the backlog moves there at declaration', async () => {
    const inc = await declared('Wish: dark mode for reports', 'P4');
    const now = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${inc.id}` });
    assert.equal(now.body.status, 'backlogged');
    assert.ok((await listed('backlogged')).includes(inc.number));
    assert.ok(!(await listed('open')).includes(inc.number));
    assert.equal(mailsTo('pat@example.com', inc.number).length, 0, 'nobody is asked');
  });
});

test('an incident that names its service asks that service’s product owners', async () => {
  const sam = await t.addUser('stakeholder', 'sam@example.com', 'Sam Shop');
  await verifiedEmail(sam.token, 'sam@example.com');
  const made = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/integrations',
    payload: { name: 'Shop', type: 'generic', service: 'Checkout' },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const services = await t.call('admin', { method: 'GET', url: '/api/v1/services' });
  const checkout = services.body.items.find((s: { name: string }) => s.name === 'Checkout').id;
  const owners = await t.call('admin', {
    method: 'PUT',
    url: `/api/v1/services/${checkout}/product-owners`,
    payload: { productOwners: [sam.id], lead: null },
  });
  assert.equal(owners.status, 200, JSON.stringify(owners.body));
  const inc = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: {
      title: 'Coupon field slow',
      area: 'FE',
      service: 'Checkout',
      urgency: 'P3',
      urgencyReason: 'test',
    },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  await run();
  assert.equal(mailsTo('sam@example.com', inc.body.number).length, 1, 'the service’s product owner');
  assert.equal(mailsTo('pat@example.com', inc.body.number).length, 0, 'not the area team’s');
});
