/**
 * Live updates: a change made through one instance reaches a stream on another. How fast is for
 * bench/; here a wait is only bounded, so a lost event fails instead of hanging.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

/** How long a stream waits for an event before the test fails: far beyond any healthy delivery. */
const WAIT_MS = 10_000;

let t: TestApp;
let other: FastifyInstance;
let otherUrl: string;
let firstUrl: string;
before(async () => {
  t = await createTestApp();
  firstUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  // A second instance on the same database, as behind a load balancer.
  other = await buildApp(t.app.deps);
  otherUrl = await other.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await other.close();
  await t.close();
});

/** Opens an SSE stream and returns a function that waits for the next event matching `pred`. */
async function stream(url: string, token: string) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const events: { event: string; data: any }[] = [];
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let idx;
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    async next(pred: (e: { event: string; data: any }) => boolean, timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const i = events.findIndex(pred);
        if (i >= 0) return events.splice(i, 1)[0]!;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(`no matching event in ${timeoutMs} ms; saw ${JSON.stringify(events)}`);
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

test('a note added through one instance is announced on another', async () => {
  const d = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Live one' },
  });
  const quiet = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Quiet one' },
  });
  const s = await stream(`${otherUrl}/api/v1/events?incident=${d.body.number}`, t.users.stakeholder.token);
  await s.next((e) => e.event === 'ready', WAIT_MS);
  await fetch(`${firstUrl}/api/v1/incidents/${quiet.body.number}/notes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.users.responder.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'not for this stream' }),
  });
  await fetch(`${firstUrl}/api/v1/incidents/${d.body.number}/notes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.users.responder.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'Seen on the other instance' }),
  });
  const e = await s.next((x) => x.event === 'timeline', WAIT_MS);
  assert.equal(e.data.incidentId, d.body.id);
  assert.equal(e.data.kind, 'note');
  const timeline = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${d.body.number}/timeline?after=${e.data.entryId - 1}`,
  });
  assert.equal(timeline.body.items[0].data.text, 'Seen on the other instance');
  await s.close();
});

test('the global stream carries declarations; streams need a signed-in reader', async () => {
  const anon = await fetch(`${otherUrl}/api/v1/events`);
  assert.equal(anon.status, 401);
  const missing = await fetch(`${otherUrl}/api/v1/events?incident=987654`, {
    headers: { authorization: `Bearer ${t.users.stakeholder.token}` },
  });
  assert.equal(missing.status, 404);
  const s = await stream(`${otherUrl}/api/v1/events`, t.users.stakeholder.token);
  await s.next((e) => e.event === 'ready', WAIT_MS);
  const d = await t.call('support', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Reported by support' },
  });
  const e = await s.next((x) => x.event === 'timeline' && x.data.incidentId === d.body.id, WAIT_MS);
  assert.equal(e.data.kind, 'declared');
  await s.close();
});
