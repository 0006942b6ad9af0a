/**
 * Benchmark 6: the paging engine. (1) Timer lateness: 100,000 escalation steps pending hours ahead,
 * plus 2,000 due at random moments of the next 20 s; lateness = when the worker took each job
 * minus when it was due (p50/p99/max), next to plain setTimeout timers for the same due times in
 * this process. (2) Alert to email: a webhook alert (its own group, so no grouping delay) opens an
 * incident, pages the on-call person by email, and the time from sending the webhook to the SMTP
 * sink accepting the email is measured (p50/p99), next to nodemailer sending to the same sink.
 */
import { embeddedUrl } from '../src/db/embedded/auth.ts';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSmtpSink, type SmtpSink } from '../test/helpers/smtp-sink.ts';
import { requestJson } from './lib/http-client.ts';
import type { Metric } from './lib/report.ts';
import {
  freePort,
  makeTempDir,
  removeTempDir,
  signIn,
  startServer,
  stopServer,
  type ServerHandle,
} from './lib/server.ts';

const PENDING = Number(process.env.BENCH_PENDING) || 100_000;
const DUE = 2_000;
const WINDOW_MS = 20_000;
const ALERTS = Number(process.env.BENCH_ALERTS) || 200;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Lateness of plain timers for the same schedule: the floor any engine can reach here. */
async function timerBaseline(offsets: number[]): Promise<number[]> {
  const start = performance.now();
  return Promise.all(
    offsets.map(
      (o) => new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - start - o), o)),
    ),
  );
}

async function lateness(dbUrl: string): Promise<{ late: number[]; base: number[] }> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO jobs (kind, key, run_at, payload)
       SELECT 'escalation-step', 'bench:pending:' || g, now() + interval '2 hours' + g * interval '1 second',
              jsonb_build_object('escalationId', gen_random_uuid(), 'round', 0, 'level', 0)
         FROM generate_series(1, $1) AS g`,
      [PENDING],
    );
    await db.query('ANALYZE jobs');
    const offsets = Array.from({ length: DUE }, () => 2_000 + Math.random() * WINDOW_MS);
    const base = timerBaseline(offsets);
    const now = Date.now();
    await db.query(
      `INSERT INTO jobs (kind, key, run_at, payload)
       SELECT 'escalation-step', 'bench:due:' || i, to_timestamp(($1::float8 + o) / 1000),
              jsonb_build_object('escalationId', gen_random_uuid(), 'round', 0, 'level', 0)
         FROM unnest($2::float8[]) WITH ORDINALITY AS x(o, i)`,
      [now, offsets],
    );
    // As enqueue() does: tell the sleeping worker about the earliest new due time.
    await db.query("SELECT pg_notify('expedite_jobs', $1)", [String(now + Math.min(...offsets))]);
    await sleep(2_000 + WINDOW_MS + 3_000);
    const { rows } = await db.query<{ ms: number }>(
      `SELECT extract(epoch FROM (started_at - run_at)) * 1000 AS ms FROM jobs WHERE key LIKE 'bench:due:%'`,
    );
    const missed = DUE - rows.filter((r) => r.ms !== null).length;
    if (missed) throw new Error(`${missed} due jobs never ran`);
    return { late: rows.map((r) => Number(r.ms)), base: await base };
  } finally {
    await db.end();
  }
}

/** Sets up a person with a verified email, a policy and a team, and an integration routing to it. */
async function pagingSetup(server: ServerHandle, sink: SmtpSink): Promise<string> {
  const { token } = await signIn(server);
  const call = <T>(path: string, json: unknown, expected = 201) =>
    requestJson<T>(`${server.url}${path}`, { method: 'POST', token, json, expected });
  const method = await call<{ id: string }>('/api/v1/me/contact-methods', {
    kind: 'email',
    address: 'oncall@example.com',
  });
  const code = /(\d{6})/.exec(sink.messages.at(-1)?.text ?? '')?.[1];
  await call(`/api/v1/me/contact-methods/${method.id}/verify`, { code }, 200);
  const me = await requestJson<{ id: string }>(`${server.url}/api/v1/auth/me`, { token });
  const policy = await call<{ id: string }>('/api/v1/escalation-policies', {
    name: 'Bench',
    levels: [{ timeoutMinutes: 30, targets: [{ type: 'user', id: me.id }] }],
  });
  await call('/api/v1/teams', { name: 'Bench', areas: ['BE'], escalationPolicyId: policy.id });
  const made = await call<{ key: string }>('/api/v1/integrations', {
    name: 'Bench',
    type: 'generic',
    rateLimitPerMinute: 1_000_000,
    mapping: { title: '$.title', dedupKey: '$.dedup_key', severity: '$.severity', groupKey: '$.group' },
    rules: [{ id: 'be', name: 'Back-end', classification: { area: 'BE' } }],
  });
  return made.key;
}

async function alertToEmail(server: ServerHandle, sink: SmtpSink, key: string): Promise<number[]> {
  const times: number[] = [];
  // The first few open the SMTP connections and warm the code paths; they are not counted.
  const WARMUP = 10;
  for (let i = 0; i < ALERTS + WARMUP; i++) {
    const title = `Bench alert ${i} ${Math.random().toString(36).slice(2, 8)}`;
    const seen = sink.messages.length;
    const t0 = performance.now();
    await requestJson(`${server.url}/api/v1/hooks/${key}`, {
      method: 'POST',
      json: { title, dedup_key: title, group: title, severity: 'critical' },
      expected: 202,
    });
    for (;;) {
      if (sink.messages.slice(seen).some((m) => m.subject?.includes(title))) break;
      if (performance.now() - t0 > 10_000) throw new Error(`no email for "${title}" within 10 s`);
      await sleep(1);
    }
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  return times;
}

async function emailBaseline(sink: SmtpSink): Promise<number[]> {
  const transport = nodemailer.createTransport({
    host: sink.host,
    port: sink.port,
    secure: false,
    pool: true,
    maxMessages: Infinity,
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < 110; i++) {
      const t0 = performance.now();
      await transport.sendMail({
        from: 'bench@example.com',
        to: 'x@example.com',
        subject: `b${i}`,
        text: 'x',
      });
      if (i >= 10) times.push(performance.now() - t0);
    }
  } finally {
    transport.close();
  }
  return times;
}

/** Runs the escalation benchmarks. */
export async function runEscalationBench(): Promise<Metric[]> {
  console.log(
    `\n## Escalation engine: ${PENDING.toLocaleString('en-US')} pending steps, ${DUE} due in ${WINDOW_MS / 1000} s; ${ALERTS} alerts to email`,
  );
  const sink = await startSmtpSink();
  const dataDir = makeTempDir('escalation');
  const pgPort = await freePort();
  const dbUrl = embeddedUrl(dataDir, pgPort, 'expedite');
  const { server } = await startServer({
    port: await freePort(),
    dataDir,
    env: {
      EXPEDITE_PG_PORT: String(pgPort),
      EXPEDITE_SMTP_URL: sink.url,
      EXPEDITE_MAIL_FROM: 'pager@example.com',
    },
  });
  try {
    const { late, base } = await lateness(dbUrl);
    console.log(
      `  lateness: p50 ${percentile(late, 50).toFixed(1)} ms, p99 ${percentile(late, 99).toFixed(1)} ms, max ${Math.max(...late).toFixed(1)} ms (setTimeout p99 ${percentile(base, 99).toFixed(1)} ms)`,
    );
    const key = await pagingSetup(server, sink);
    const email = await alertToEmail(server, sink, key);
    const direct = await emailBaseline(sink);
    console.log(
      `  alert → email: p50 ${percentile(email, 50).toFixed(1)} ms, p99 ${percentile(email, 99).toFixed(1)} ms (direct SMTP p99 ${percentile(direct, 99).toFixed(1)} ms)`,
    );
    return [
      { name: 'job lateness p50', unit: 'ms', value: percentile(late, 50), baseline: percentile(base, 50) },
      {
        name: 'job lateness p99',
        unit: 'ms',
        value: percentile(late, 99),
        baseline: percentile(base, 99),
        target: { op: '<=', limit: 100 },
      },
      {
        name: 'job lateness max',
        unit: 'ms',
        value: Math.max(...late),
        baseline: Math.max(...base),
        target: { op: '<=', limit: 1000 },
      },
      {
        name: 'alert → email p50',
        unit: 'ms',
        value: percentile(email, 50),
        baseline: percentile(direct, 50),
      },
      {
        name: 'alert → email p99',
        unit: 'ms',
        value: percentile(email, 99),
        baseline: percentile(direct, 99),
        target: { op: '<=', limit: 100 },
      },
    ];
  } finally {
    await stopServer(server);
    removeTempDir(dataDir);
    await sink.close();
  }
}
