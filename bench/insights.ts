/**
 * Benchmark: the insights over 100,000 incidents (BENCH_INCIDENTS) declared over the last year,
 * seeded in SQL with generate_series: 5 teams, 20 services, 10 clients, 40 people; per incident
 * an acknowledgement, three status moves, a resolution, for 30% monitoring and verification, one
 * page, and for some hours, deviations, tech debt and post-mortem actions (about 700,000 timeline
 * entries). Each insights query is sent N times (BENCH_INSIGHTS_RUNS) over HTTP to a real server
 * and its p50/p99 printed next to a plain `SELECT count(*) FROM incidents` in the same run. The
 * first query, which reads every incident and page into the server's memory, and the server's
 * memory before and after it are printed too.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { embeddedUrl } from '../src/db/embedded/auth.ts';
import { request } from './lib/http-client.ts';
import { memoryOf } from './lib/proc.ts';
import type { Metric } from './lib/report.ts';
import { freePort, makeTempDir, signIn, startServer, stopServer } from './lib/server.ts';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS) || 100_000;
const RUNS = Number(process.env.BENCH_INSIGHTS_RUNS) || 50;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** The seed (also used to read the query plans): people, teams, services, clients, then incidents and everything that hangs off them. */
export async function seedInsights(db: pg.Client | pg.Pool, actor: string): Promise<{ team: string }> {
  await db.query(`INSERT INTO users (email, name, role, created_at)
    SELECT 'p' || g || '@example.com', 'Person ' || g, 'responder', now() FROM generate_series(1, 40) g`);
  await db.query(
    `INSERT INTO teams (name, created_at) SELECT 'Team ' || g, now() FROM generate_series(1, 5) g`,
  );
  await db.query(`INSERT INTO services (name, team_id, created_at)
    SELECT 'service-' || g, (SELECT id FROM teams ORDER BY name OFFSET g % 5 LIMIT 1), now() FROM generate_series(1, 20) g`);
  await db.query(`INSERT INTO clients (name, tier, created_at)
    SELECT 'Client ' || g, (ARRAY['Micro', 'Basic', 'Standard', 'Enhanced'])[1 + g % 4], now() FROM generate_series(1, 10) g`);
  // Incidents spread over the last 365 days; a third with a client; 95% resolved.
  await db.query(
    `WITH s AS (SELECT array_agg(id ORDER BY name) AS ids FROM services),
          c AS (SELECT array_agg(id ORDER BY name) AS ids FROM clients)
     INSERT INTO incidents (title, tagline, scope, criticality, area, urgency, decision, status, created_at, updated_at,
                            resolved_at, service_id, client_id)
     SELECT 'Incident ' || g, 'ALL-FBLOCK-BE: Incident ' || g,
            (ARRAY['ALL', 'USERS', 'ADMINS', 'S-USER'])[1 + g % 4], (ARRAY['ALLBLOCK', 'FBLOCK', 'FBEHAV'])[1 + g % 3],
            (ARRAY['FE', 'BE', 'FEBE', 'DEVOPS'])[1 + g % 4], (ARRAY['P1', 'P2', 'P3', 'P4'])[1 + g % 4], 'expedite',
            CASE WHEN g % 20 = 0 THEN 'investigating' ELSE 'resolved' END,
            t, t, CASE WHEN g % 20 = 0 THEN NULL ELSE t + (30 + g % 600) * interval '1 minute' END,
            s.ids[1 + g % 20], CASE WHEN g % 3 = 0 THEN c.ids[1 + g % 10] END
       FROM s, c, generate_series(1, $1::int) g,
            LATERAL (SELECT now() - interval '365 days' + (g::float8 / $1) * interval '365 days' AS t) x`,
    [INCIDENTS],
  );
  // The timeline: acknowledged, triage → investigating → fixing → monitoring, resolved; 30% watched.
  await db.query(
    `INSERT INTO timeline_entries (incident_id, at, actor_id, kind, data)
     SELECT i.id, i.created_at + e.after * interval '1 minute', $1, e.kind, e.data
       FROM incidents i
      CROSS JOIN LATERAL (VALUES
        (2 + i.number % 20, 'acknowledged', '{"via":"link"}'::jsonb),
        (3 + i.number % 20, 'status-changed', '{"from":"triage","to":"investigating"}'),
        (25 + i.number % 40, 'status-changed', '{"from":"investigating","to":"fixing"}'),
        (28 + i.number % 40, 'status-changed', '{"from":"fixing","to":"monitoring"}'),
        (10 + i.number % 30, 'note', '{"text":"looking"}')) e(after, kind, data)
      WHERE e.kind <> 'status-changed' OR i.resolved_at IS NOT NULL OR e.after < 25`,
    [actor],
  );
  await db.query(`INSERT INTO timeline_entries (incident_id, at, actor_id, kind, data)
    SELECT id, resolved_at, NULL, 'resolved', '{"from":"monitoring","to":"resolved"}' FROM incidents WHERE resolved_at IS NOT NULL`);
  await db.query(`INSERT INTO timeline_entries (incident_id, at, actor_id, kind, data)
    SELECT id, created_at + e.after * interval '1 minute', NULL, e.kind, '{"metric":"error rate","windowMinutes":15}'
      FROM incidents, (VALUES (28, 'monitoring-started'), (29, 'verified')) e(after, kind)
     WHERE number % 10 < 3 AND resolved_at IS NOT NULL`);
  // One page per incident (under one escalation: the figures read messages, not escalations).
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO escalations (incident_id, policy, state, started_at)
     SELECT id, '{}', 'acknowledged', now() FROM incidents ORDER BY number LIMIT 1 RETURNING id`,
  );
  await db.query(
    `WITH u AS (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE email LIKE 'p%@example.com')
     INSERT INTO messages (idempotency_key, escalation_id, incident_id, user_id, channel, address, status, created_at, sent_at)
     SELECT 'bench:' || i.number, $1, i.id, u.ids[1 + i.number % 40], 'email', 'x', 'sent',
            i.created_at + interval '1 minute', i.created_at + interval '1 minute'
       FROM incidents i, u`,
    [rows[0]!.id],
  );
  await db.query(
    `INSERT INTO time_entries (incident_id, user_id, hours, description, created_at)
    SELECT id, $1, 1 + number % 4, 'work', created_at FROM incidents WHERE number % 2 = 0`,
    [actor],
  );
  await db.query(
    `INSERT INTO tech_debt_items (incident_id, title, budget_hours, owner_id, due_on, created_at)
    SELECT id, 'Follow-up', 4, $1, (created_at + interval '14 days')::date, created_at FROM incidents WHERE number % 50 = 0`,
    [actor],
  );
  await db.query(`INSERT INTO deviations (incident_id, reasons, skipped, justification, recorded_at)
    SELECT id, ARRAY['speed'], ARRAY['review'], 'customers waiting', created_at FROM incidents WHERE number % 50 = 0`);
  await db.query(
    `INSERT INTO postmortems (incident_id, owner_id, due_on, required_by, created_at, updated_at)
    SELECT id, $1, (created_at + interval '7 days')::date, 'P1', created_at, created_at FROM incidents WHERE number % 20 = 1`,
    [actor],
  );
  await db.query(
    `INSERT INTO postmortem_actions (postmortem_id, kind, title, owner_id, due_on, created_at)
    SELECT id, 'technical', 'Add an alert', $1, due_on + 14, created_at FROM postmortems`,
    [actor],
  );
  await db.query('VACUUM ANALYZE');
  const team = await db.query<{ id: string }>('SELECT id FROM teams ORDER BY name LIMIT 1');
  return { team: team.rows[0]!.id };
}

async function time(runs: number, fn: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Runs the insights benchmark. */
export async function runInsightsBench(): Promise<Metric[]> {
  console.log(
    `\n## Insights: ${INCIDENTS.toLocaleString('en-US')} incidents over a year, ${RUNS} runs per query`,
  );
  const dataDir = makeTempDir('insights');
  const pgPort = await freePort();
  const { server } = await startServer({
    port: await freePort(),
    dataDir,
    env: { EXPEDITE_PG_PORT: String(pgPort) },
  });
  const db = new pg.Client({ connectionString: embeddedUrl(dataDir, pgPort, 'expedite') });
  await db.connect();
  try {
    const { token, userId } = await signIn(server);
    const t0 = performance.now();
    const { team } = await seedInsights(db, userId);
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM timeline_entries');
    console.log(
      `  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${Number(rows[0]!.n).toLocaleString('en-US')} timeline entries)`,
    );
    const rssMb = () => memoryOf([server.pid]).rssKb / 1024;
    const before = rssMb();
    const cold = performance.now();
    const first = await request(`${server.url}/api/v1/insights`, { token, timeoutMs: 60_000 });
    if (first.status !== 200) throw new Error(`first query: ${first.status} ${first.body}`);
    console.log(
      `  first query (every incident and page read into memory): ${(performance.now() - cold).toFixed(0)} ms; ` +
        `server memory ${before.toFixed(0)} MB before, ${rssMb().toFixed(0)} MB after`,
    );
    const baseline = await time(RUNS, async () => {
      await db.query('SELECT count(*) FROM incidents');
    });
    const day = 86_400_000;
    const since = (days: number) => new Date(Date.now() - days * day).toISOString();
    const queries: [string, string][] = [
      ['30 days by week', `insights?from=${since(30)}`],
      ['90 days by service', `insights?from=${since(90)}&groupBy=service`],
      ['90 days of one team by day', `insights?from=${since(90)}&team=${team}&bucket=day`],
      ['365 days by month and team', `insights?from=${since(365)}&bucket=month&groupBy=team`],
      ['90 days by client as CSV', `insights.csv?from=${since(90)}&groupBy=client`],
      ['730 days of P3 by area', `insights?from=${since(730)}&urgency=P3&groupBy=area&bucket=week`],
    ];
    const base50 = percentile(baseline, 50);
    const base99 = percentile(baseline, 99);
    console.log(
      `  baseline SELECT count(*) FROM incidents: p50 ${base50.toFixed(1)} ms, p99 ${base99.toFixed(1)} ms`,
    );
    const metrics: Metric[] = [];
    for (const [name, path] of queries) {
      const times = await time(RUNS, async () => {
        const reply = await request(`${server.url}/api/v1/${path}`, { token, timeoutMs: 30_000 });
        if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${reply.body}`);
      });
      const p50 = percentile(times, 50);
      const p99 = percentile(times, 99);
      console.log(
        `  ${name}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${(p99 / base99).toFixed(1)}× the count(*) p99)`,
      );
      metrics.push({
        name: `insights ${name} p99`,
        unit: 'ms',
        value: p99,
        baseline: base99,
        target: { op: '<=', limit: 200 },
      });
    }
    return metrics;
  } finally {
    await db.end();
    await stopServer(server);
  }
}
