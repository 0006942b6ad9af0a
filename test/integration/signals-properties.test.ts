/**
 * Property tests (fast-check) for dedup and grouping on a real database: whatever the mix of
 * alerts, groups and redeliveries, sent all at once in any order, nothing accepted is lost, each
 * trigger counts once, a redelivery counts never, each group opens exactly one incident and pages
 * once, and resolving every alert of a group resolves its incident. Deliveries alternate between
 * two app instances on one database, as behind a load balancer.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { buildApp } from '../../src/app.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let second: FastifyInstance;
before(async () => {
  t = await createTestApp();
  // A second instance on the same database: its own ingest writer, racing the first.
  second = await buildApp(t.app.deps);
  await second.ready();
});
after(async () => {
  await second.close();
  await t.close();
});

const mapping = {
  title: '$.title',
  dedupKey: '$.key',
  status: '$.status',
  resolvedValues: ['resolved'],
  groupKey: '$.group',
  deliveryId: '$.id',
};

interface Delivery {
  id: string;
  key: number;
  status: 'firing' | 'resolved';
  copies: number;
}

/** Sends every copy of every delivery concurrently, in the given (shuffled) order. */
async function sendAll(key: string, deliveries: Delivery[], groups: number, order: number[]) {
  const copies = deliveries.flatMap((d) => Array.from({ length: d.copies }, () => d));
  const shuffled = order
    .map((i) => copies[i % copies.length]!)
    .concat(copies)
    .slice(0, copies.length + order.length);
  const results = await Promise.all(
    shuffled.map((d, i) =>
      (i % 2 ? second : t.app).inject({
        method: 'POST',
        url: `/api/v1/hooks/${key}`,
        payload: {
          id: d.id,
          key: `k${d.key}`,
          group: `g${d.key % groups}`,
          title: `Alert ${d.key}`,
          status: d.status,
        },
      }),
    ),
  );
  for (const r of results) assert.equal(r.statusCode, 202, r.body);
}

const scenario = fc.record({
  keys: fc.integer({ min: 1, max: 12 }),
  groups: fc.integer({ min: 1, max: 4 }),
  triggers: fc.array(fc.record({ key: fc.nat(11), copies: fc.integer({ min: 1, max: 3 }) }), {
    minLength: 1,
    maxLength: 40,
  }),
  order: fc.array(fc.nat(200), { maxLength: 30 }),
  resolveSome: fc.boolean(),
});

test(
  'dedup and grouping hold under concurrent, reordered and repeated deliveries',
  { timeout: 300_000 },
  async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        run++;
        const made = await t.call('admin', {
          method: 'POST',
          url: '/api/v1/integrations',
          payload: { name: `Prop ${run}`, type: 'generic', mapping, rateLimitPerMinute: 1_000_000 },
        });
        const { integration, key } = made.body as { integration: { id: string }; key: string };
        const triggers: Delivery[] = s.triggers.map((x, i) => ({
          id: `t${i}`,
          key: x.key % s.keys,
          status: 'firing',
          copies: x.copies,
        }));
        await sendAll(key, triggers, s.groups, s.order);

        const db = t.db.pool;
        const signals = await db.query<{ n: number }>(
          'SELECT count(*) AS n FROM signals WHERE integration_id = $1',
          [integration.id],
        );
        assert.equal(signals.rows[0]!.n, triggers.length, 'each delivery stored once, redeliveries never');
        const alerts = await db.query<{
          dedup_key: string;
          event_count: number;
          incident_id: string | null;
          group_key: string;
        }>(
          `SELECT a.dedup_key, a.event_count, a.incident_id, g.group_key FROM alerts a
           LEFT JOIN alert_groups g ON g.id = a.group_id WHERE a.integration_id = $1`,
          [integration.id],
        );
        const keys = new Set(triggers.map((d) => `k${d.key}`));
        assert.equal(alerts.rows.length, keys.size, 'one alert per key');
        assert.equal(
          alerts.rows.reduce((n, a) => n + a.event_count, 0),
          triggers.length,
          'every trigger counted exactly once',
        );
        const groups = new Set(triggers.map((d) => `g${d.key % s.groups}`));
        const incidentOfGroup = new Map<string, string>();
        for (const a of alerts.rows) {
          assert.ok(a.incident_id, `${a.dedup_key} has an incident`);
          const known = incidentOfGroup.get(a.group_key);
          if (known) assert.equal(a.incident_id, known, `group ${a.group_key} has one incident`);
          incidentOfGroup.set(a.group_key, a.incident_id);
        }
        assert.equal(incidentOfGroup.size, groups.size);
        assert.equal(new Set(incidentOfGroup.values()).size, groups.size, 'one incident per group');
        const pages = await db.query<{ n: number }>(
          'SELECT count(*) AS n FROM page_requests WHERE incident_id = ANY($1)',
          [[...incidentOfGroup.values()]],
        );
        assert.equal(pages.rows[0]!.n, groups.size, 'one page per group');

        if (!s.resolveSome) return;
        // Resolve every alert of the first group (twice each, concurrently): its incident resolves.
        const [firstGroup] = [...groups];
        const resolves: Delivery[] = [...keys]
          .map((k) => Number(k.slice(1)))
          .filter((k) => `g${k % s.groups}` === firstGroup)
          .map((k, i) => ({ id: `r${i}`, key: k, status: 'resolved', copies: 2 }));
        await sendAll(key, resolves, s.groups, []);
        const statuses = await db.query<{ status: string }>('SELECT status FROM incidents WHERE id = $1', [
          incidentOfGroup.get(firstGroup!),
        ]);
        assert.equal(statuses.rows[0]!.status, 'resolved');
        const open = await db.query<{ n: number }>(
          'SELECT count(*) AS n FROM alerts WHERE integration_id = $1 AND resolved_at IS NULL',
          [integration.id],
        );
        assert.equal(open.rows[0]!.n, keys.size - resolves.length, 'only the resolved keys closed');
      }),
      { numRuns: 25 },
    );
  },
);
