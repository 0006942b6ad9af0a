/**
 * Deviations from process and the tech debt they create: a deviation without its item holds off
 * closing (409 naming it) until the item is added; hours logged against an item count towards its
 * budget (overrun when beyond it); the lists of the tech-debt view; an item's status changes; and
 * the owner's reminder emails on the due day and once a day when overdue, through a real SMTP sink.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createChannels } from '../../src/notify/index.ts';
import { scheduleCheck } from '../../src/techdebt/remind.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { runJobs } from '../helpers/jobs.ts';
import { emailConfigFor, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

let t: TestApp;
let sink: SmtpSink;
let channels: ReturnType<typeof createChannels>;

before(async () => {
  sink = await startSmtpSink();
  channels = createChannels({ email: emailConfigFor(sink), slack: null, twilio: null, webhook: null });
  t = await createTestApp({ channels });
  t.clock.set(new Date('2026-12-07T10:00:00Z'));
});
after(async () => {
  await t.close();
  for (const c of Object.values(channels)) await c?.close?.();
  await sink.close();
});

async function declare(title: string): Promise<{ id: string; number: number }> {
  const res = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title, scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'BE' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const move = (number: number, body: Record<string, unknown>) =>
  t.call('responder', { method: 'POST', url: `/api/v1/incidents/${number}/status`, payload: body });

async function resolve(number: number) {
  assert.equal((await move(number, { status: 'fixing' })).status, 200);
  const res = await move(number, { status: 'resolved', summary: 'Hotfix out' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const debt = {
  title: 'Tests and review for the cache-key hotfix',
  budgetHours: 6,
  owner: 'responder@example.com',
  dueOn: '2026-12-20',
};

describe('deviations', () => {
  test('a deviation without its item blocks closing until the item is created', async () => {
    const inc = await declare('Checkout fails');
    const rec = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/deviations`,
      payload: {
        reasons: ['speed', 'lack-of-resources'],
        skipped: ['review', 'load testing'],
        justification: 'Out of hours; the one-line fix goes out now.',
      },
    });
    assert.equal(rec.status, 201, JSON.stringify(rec.body));
    assert.deepEqual(rec.body.reasons, ['speed', 'lack-of-resources']);
    assert.deepEqual(rec.body.skipped, ['review', 'load testing']);
    assert.equal(rec.body.techDebtId, null);
    assert.equal(rec.body.recordedBy.name, 'Responder');

    await resolve(inc.number);
    const refused = await move(inc.number, { status: 'closed' });
    assert.equal(refused.status, 409);
    assert.match(
      refused.body.error.message,
      /deviation "skipped review, load testing" has no tech-debt item/,
    );

    const made = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/tech-debt`,
      payload: { ...debt, deviationId: rec.body.id },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.deviationId, rec.body.id);
    const again = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/tech-debt`,
      payload: { ...debt, deviationId: rec.body.id },
    });
    assert.equal(again.status, 409, 'one item per deviation');

    assert.equal((await move(inc.number, { status: 'closed' })).status, 200);
    const timeline = await t.call('responder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.number}/timeline`,
    });
    const kinds = timeline.body.items.map((e: { kind: string }) => e.kind);
    assert.ok(kinds.includes('deviation-recorded'));
    assert.ok(kinds.includes('tech-debt-created'));
    const recorded = timeline.body.items.find((e: { kind: string }) => e.kind === 'deviation-recorded');
    assert.deepEqual(recorded.data, {
      deviationId: rec.body.id,
      reasons: ['speed', 'lack-of-resources'],
      skipped: ['review', 'load testing'],
      justification: 'Out of hours; the one-line fix goes out now.',
    });
    const created = timeline.body.items.find((e: { kind: string }) => e.kind === 'tech-debt-created');
    assert.deepEqual(created.data, {
      itemId: made.body.id,
      title: 'Tests and review for the cache-key hotfix',
      budgetHours: 6,
      owner: { id: t.users.responder.id, name: 'Responder' },
      dueOn: '2026-12-20',
    });
  });

  test('recorded with its item in the same step, nothing holds off closing', async () => {
    const inc = await declare('Search is slow');
    const rec = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/deviations`,
      payload: {
        reasons: ['temporary-fix'],
        skipped: ['tests'],
        justification: 'Index added by hand.',
        debt,
      },
    });
    assert.equal(rec.status, 201, JSON.stringify(rec.body));
    assert.notEqual(rec.body.techDebtId, null);
    const holds = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${inc.number}/holds` });
    assert.deepEqual(holds.body.items, []);
    const room = await t.call('stakeholder', {
      method: 'GET',
      url: `/api/v1/incidents/${inc.number}/deviations`,
    });
    assert.equal(room.status, 200);
    assert.equal(room.body.deviations.length, 1);
    assert.equal(room.body.items[0].title, 'Tests and review for the cache-key hotfix');
    assert.equal(room.body.items[0].status, 'open');
    await resolve(inc.number);
    assert.equal((await move(inc.number, { status: 'closed' })).status, 200);
  });

  test('bad input is a 400 naming the field', async () => {
    const inc = await declare('Bad input');
    const post = (payload: Record<string, unknown>) =>
      t.call('responder', { method: 'POST', url: `/api/v1/incidents/${inc.number}/deviations`, payload });
    const base = { reasons: ['speed'], skipped: ['review'], justification: 'Because' };
    const noReason = await post({ ...base, reasons: [] });
    assert.equal(noReason.status, 400);
    const wrongReason = await post({ ...base, reasons: ['boredom'] });
    assert.equal(wrongReason.status, 400);
    const nobody = await post({ ...base, debt: { ...debt, owner: 'nobody@example.com' } });
    assert.equal(nobody.status, 400);
    assert.equal(nobody.body.error.details[0].field, 'body.debt.owner');
    const past = await post({ ...base, debt: { ...debt, dueOn: '2026-12-01' } });
    assert.equal(past.status, 400);
    assert.equal(past.body.error.details[0].field, 'body.debt.dueOn');
    const denied = await t.call('stakeholder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/deviations`,
      payload: base,
    });
    assert.equal(denied.status, 403);
  });
});

describe('tech-debt items', () => {
  let itemId: string;
  let number: number;

  test('8 h logged against a 6 h budget is an overrun of 2 h', async () => {
    const inc = await declare('Invoices wrong');
    number = inc.number;
    const made = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${number}/tech-debt`,
      payload: { ...debt, title: 'Replace the VAT hotfix' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    itemId = made.body.id;
    for (const hours of [5, 3]) {
      const logged = await t.call('responder', {
        method: 'POST',
        url: `/api/v1/incidents/${number}/time`,
        payload: { hours, description: 'Wrote the tests', techDebtId: itemId },
      });
      assert.equal(logged.status, 201, JSON.stringify(logged.body));
    }
    const other = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${number}/time`,
      payload: { hours: 2, description: 'Investigated' },
    });
    assert.equal(other.status, 201, 'time not on the item does not count towards it');
    const item = await t.call('support', { method: 'GET', url: `/api/v1/tech-debt/${itemId}` });
    assert.equal(item.status, 200);
    assert.equal(item.body.budgetHours, 6);
    assert.equal(item.body.spentHours, 8);
    assert.equal(item.body.overrunHours, 2);
    assert.equal(item.body.overrun, true);
    assert.equal(item.body.overdue, false);
    const overrun = await t.call('responder', { method: 'GET', url: '/api/v1/tech-debt?filter=overrun' });
    assert.deepEqual(
      overrun.body.items.map((i: { title: string }) => i.title),
      ['Replace the VAT hotfix'],
    );
    const time = await t.call('responder', { method: 'GET', url: `/api/v1/incidents/${number}/time` });
    assert.deepEqual(
      time.body.items.map((e: { techDebtId: string | null }) => e.techDebtId === itemId).sort(),
      [false, true, true],
    );
  });

  test("time logged against another incident's item is a 400 naming techDebtId", async () => {
    const other = await declare('Something else');
    const res = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${other.number}/time`,
      payload: { hours: 1, description: 'Tests', techDebtId: itemId },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details[0].field, 'body.techDebtId');
  });

  test('status goes open → in-progress → done; done is final; dropping needs a reason', async () => {
    const patch = (id: string, payload: Record<string, unknown>) =>
      t.call('responder', { method: 'PATCH', url: `/api/v1/tech-debt/${id}`, payload });
    const progress = await patch(itemId, { status: 'in-progress' });
    assert.equal(progress.status, 200, JSON.stringify(progress.body));
    assert.equal(progress.body.status, 'in-progress');
    const done = await patch(itemId, { status: 'done' });
    assert.equal(done.body.status, 'done');
    assert.equal(done.body.doneAt, '2026-12-07T10:00:00.000Z');
    assert.equal((await patch(itemId, { status: 'open' })).status, 409);
    const nothing = await patch(progress.body.id, {});
    assert.equal(nothing.status, 409, 'a done item does not change at all');

    const made = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${number}/tech-debt`,
      payload: { ...debt, title: 'Rewrite the export' },
    });
    const empty = await patch(made.body.id, {});
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.details[0].field, 'body');
    const past = await patch(made.body.id, { dueOn: '0001-01-01' });
    assert.equal(past.status, 400);
    assert.equal(past.body.error.details[0].field, 'body.dueOn');
    const noReason = await patch(made.body.id, { status: 'dropped' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.error.details[0].field, 'body.dropReason');
    const dropped = await patch(made.body.id, { status: 'dropped', dropReason: 'The export is retired' });
    assert.equal(dropped.body.status, 'dropped');
    assert.equal(dropped.body.dropReason, 'The export is retired');
    const timeline = await t.call('responder', {
      method: 'GET',
      url: `/api/v1/incidents/${number}/timeline`,
    });
    const changes = timeline.body.items
      .filter((e: { kind: string }) => e.kind === 'tech-debt-changed')
      .map((e: { data: unknown }) => e.data);
    assert.deepEqual(changes, [
      { itemId, title: 'Replace the VAT hotfix', status: 'in-progress' },
      { itemId, title: 'Replace the VAT hotfix', status: 'done' },
      { itemId: made.body.id, title: 'Rewrite the export', status: 'dropped' },
    ]);
    const open = await t.call('responder', { method: 'GET', url: '/api/v1/tech-debt' });
    const titles = open.body.items.map((i: { title: string }) => i.title);
    assert.ok(!titles.includes('Replace the VAT hotfix'), 'done is not open');
    assert.ok(!titles.includes('Rewrite the export'), 'dropped is not open');
  });
});

describe('reminders', () => {
  test('the owner is emailed on the due day and once a day while overdue', async () => {
    const owner = await t.addUser('responder', 'grace@example.com', 'Grace');
    const inc = await declare('Mail queue stuck');
    const made = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${inc.number}/tech-debt`,
      payload: { ...debt, title: 'Alerting on the mail queue', owner: owner.email, dueOn: '2026-12-09' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const mails = () => sink.messages.filter((m) => m.envelope.to.includes('grace@example.com'));
    await scheduleCheck(t.db.pool, t.clock.now());
    await runJobs(t);
    assert.equal(mails().length, 0, 'not before the due day');

    t.clock.set(new Date('2026-12-09T08:00:00Z'));
    await runJobs(t);
    assert.deepEqual(
      mails().map((m) => m.subject),
      ['Tech debt due today: Alerting on the mail queue'],
    );
    assert.match(mails()[0]!.text!, /from incident #\d+ is due today/);
    t.clock.set(new Date('2026-12-09T15:00:00Z'));
    await runJobs(t);
    assert.equal(mails().length, 1, 'once on the due day');

    t.clock.set(new Date('2026-12-10T08:00:00Z'));
    await runJobs(t);
    t.clock.set(new Date('2026-12-10T20:00:00Z'));
    await runJobs(t);
    assert.deepEqual(
      mails().map((m) => m.subject),
      ['Tech debt due today: Alerting on the mail queue', 'Tech debt overdue: Alerting on the mail queue'],
    );
    const overdue = await t.call('responder', { method: 'GET', url: '/api/v1/tech-debt?filter=overdue' });
    assert.deepEqual(
      overdue.body.items.map((i: { title: string }) => i.title),
      ['Alerting on the mail queue'],
    );

    await t.call('responder', {
      method: 'PATCH',
      url: `/api/v1/tech-debt/${made.body.id}`,
      payload: { status: 'done' },
    });
    t.clock.set(new Date('2026-12-11T08:00:00Z'));
    await runJobs(t);
    assert.equal(mails().length, 2, 'a done item is not reminded');
    assert.deepEqual(sink.violations, []);
  });
});
