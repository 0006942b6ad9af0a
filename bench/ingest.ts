/**
 * Benchmark 5: signals in. Alertmanager webhooks with 90% duplicates (most alerts count on a few
 * hot keys), one alert per request and 50 per request, stored durably before each 202, on the
 * embedded and on an external PostgreSQL, next to a bare Fastify endpoint that only parses; the
 * p99 accept latency at a paced 2,000 alerts/s (open loop, from a generator process of its own);
 * and a storm of 10,000 new alerts in 10 s across 20 groups: incidents opened, pages requested,
 * alerts lost (answered 2xx but not stored). The host's speed varies from minute to minute, so the
 * throughput figures and the targeted latency (and their baselines) are each the median of a few runs.
 */
import { embeddedUrl } from '../src/db/embedded/auth.ts';
import pg from 'pg';
import { cpuSummary, describe, medianRun, runLoad, type LoadResult } from './lib/load.ts';
import { alertBodies, stormBodies } from './lib/alert-bodies.ts';
import { runPaced } from './lib/paced.ts';
import { describeYoungGc, youngGc } from './lib/gc.ts';
import { cpuCheckMs } from './lib/host-speed.ts';
import { cpuMs } from './lib/proc.ts';
import { preloadStatements, printTopStatements, resetStatements } from './lib/statements.ts';
import type { Metric } from './lib/report.ts';
import { requestJson } from './lib/http-client.ts';
import { signalsReadFigure } from './lib/signals-read.ts';
import {
  freePort,
  makeTempDir,
  removeTempDir,
  serverProcesses,
  signIn,
  startServer,
  stopServer,
  type ServerHandle,
} from './lib/server.ts';

const env = (name: string, fallback: number) => Number(process.env[name]) || fallback;
// Many senders at once, as in a storm: the group commit writes what arrives while a batch commits.
const CONNECTIONS = env('BENCH_INGEST_CONNECTIONS', 100);
const DURATION_S = env('BENCH_DURATION', 10);
const WARMUP_S = 2;
// The latency runs measure the steady state: V8's optimising compiler, PostgreSQL's cached plans
// and the first automatic analyses of the new tables take some seconds at 2,000 alerts/s (with a
// 2 s warm-up the second of two back-to-back runs was regularly the faster).
const PACED_WARMUP_S = 10;
// Each throughput figure and the targeted latency figure (and their baselines) is the median of
// this many runs in a row, each printed (see medianRun).
const RUNS = env('BENCH_INGEST_RUNS', 3);
const EXTERNAL_ADMIN_URL = process.env.BENCH_EXTERNAL_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Target {
  server: ServerHandle;
  label: string;
  key: string;
  integrationId: string;
  dbUrl: string;
}

async function createIntegration(server: ServerHandle, name: string): Promise<{ key: string; id: string }> {
  const { token } = await signIn(server);
  const made = await requestJson<{ key: string; integration: { id: string } }>(
    `${server.url}/api/v1/integrations`,
    {
      method: 'POST',
      token,
      expected: 201,
      json: { name, type: 'alertmanager', rateLimitPerMinute: 10_000_000 },
    },
  );
  return { key: made.key, id: made.integration.id };
}

const cpuOf = (server: ServerHandle) => () => {
  const { node, postgres } = serverProcesses(server);
  return {
    [`${server.kind} node`]: cpuMs(node),
    ...(postgres.length ? { PostgreSQL: cpuMs(postgres) } : {}),
  };
};

function load(
  server: ServerHandle,
  key: string,
  makeBody: () => string,
  overallRate?: number,
  onAnswer?: (body: string, status: number) => void,
) {
  return runLoad({
    url: `${server.url}/api/v1/hooks/${key}`,
    method: 'POST',
    makeBody,
    onAnswer,
    overallRate,
    connections: CONNECTIONS,
    durationS: DURATION_S,
    warmupS: overallRate ? 0 : WARMUP_S,
    cpu: cpuOf(server),
  });
}

/**
 * One alert per request, arriving steadily at `rate` a second (open loop); run `i` of a series.
 * The first run warms the server up fully; the repeats right after it need only a short warm-up.
 */
function steady(server: ServerHandle, key: string, prefix: string, rate: number, i = 0) {
  const warmupS = i === 0 ? PACED_WARMUP_S : WARMUP_S;
  return runPaced({
    url: `${server.url}/api/v1/hooks/${key}`,
    prefix,
    rate,
    durationS: DURATION_S,
    warmupS,
    cpu: cpuOf(server),
  });
}

/** Runs one measurement and prints its line, with the host's CPU check taken just before it. */
async function measured(label: string, run: () => Promise<LoadResult>): Promise<LoadResult> {
  const check = cpuCheckMs();
  const r = await run();
  console.log(describe(label, r));
  console.log(`    CPU check before the run: ${check} ms`);
  return r;
}

/** "median of 3 runs: 6,172 / 4,180 / 6,229 alerts/s" (values in run order). */
function runsNote(values: number[], unit: string): string {
  if (values.length === 1) return 'one run';
  const shown = values.map((v) =>
    v.toLocaleString('en-US', { maximumFractionDigits: unit === 'ms' ? 1 : 0 }),
  );
  return `median of ${values.length} runs: ${shown.join(' / ')} ${unit}`;
}

const accepted = (r: LoadResult) => r.statusCodes['202'] ?? 0;
const alertsPerSecond = (r: LoadResult, perRequest: number) =>
  (r.rps * perRequest * accepted(r)) / (r.total || 1);

async function throughput(t: Target, base: Map<number, LoadResult>, profile = false): Promise<Metric[]> {
  const out: Metric[] = [];
  for (const [perRequest, target] of [
    [1, 5_000],
    [50, 20_000],
  ] as const) {
    if (profile) await resetStatements(t.dbUrl);
    const { median: r, values } = await medianRun(
      RUNS,
      (i) =>
        measured(`expedite (${t.label}) ${perRequest} alert(s)/request, run ${i + 1}`, () =>
          load(t.server, t.key, alertBodies(perRequest, `${t.label}-${perRequest}-${i}`)),
        ),
      (run) => alertsPerSecond(run, perRequest),
    );
    if (profile) await printTopStatements(t.dbUrl, 10);
    out.push({
      name: `ingest ${t.label}, ${perRequest}/request`,
      unit: 'alerts/s',
      value: alertsPerSecond(r, perRequest),
      baseline: alertsPerSecond(base.get(perRequest)!, perRequest),
      target: { op: '>=', limit: target },
      note: `${runsNote(values, 'alerts/s')}; ${r.total} requests, ${r.total - accepted(r)} not 202; ${cpuSummary(r)}`,
    });
  }
  return out;
}

/**
 * Accept latency at a steady 2,000 alerts/s; `when` tells the server's state in the log. With a
 * target it is the median of RUNS runs (the first with the full warm-up), else one run.
 */
async function pacedLatency(
  t: Target,
  base: LoadResult,
  when: string,
  target?: Metric['target'],
): Promise<Metric> {
  const gcBefore = await youngGc(t.server);
  const { median: paced, values } = await medianRun(
    target ? RUNS : 1,
    (i) => {
      const prefix = `paced-${when.replace(/\W+/g, '-')}-${i}`;
      const runs = target ? `, run ${i + 1}` : '';
      return measured(`expedite (${t.label}) paced 2,000 alerts/s, ${when}${runs}`, () =>
        steady(t.server, t.key, prefix, 2_000, i),
      );
    },
    (run) => run.p99,
  );
  // Over the warm-ups and the measured runs together.
  const gc = describeYoungGc(gcBefore, await youngGc(t.server));
  console.log(`    ${gc}`);
  return {
    name: `ingest ${t.label}, p99 at 2,000 alerts/s${target ? '' : `, ${when}`}`,
    unit: 'ms',
    value: paced.p99,
    baseline: base.p99,
    target,
    note: `${runsNote(values, 'ms')}; p50 ${paced.p50} ms, ${paced.total} requests, ${paced.total - accepted(paced)} not 202; ${gc}`,
  };
}

async function stormFigures(t: Target): Promise<Metric[]> {
  const storm = await createIntegration(t.server, 'Storm');
  // Every alert answered 202 must be stored: remember each one's key.
  const acknowledged = new Set<string>();
  const r = await load(t.server, storm.key, stormBodies(), 1_000, (body, status) => {
    if (status === 202)
      acknowledged.add((JSON.parse(body) as { alerts: { fingerprint: string }[] }).alerts[0]!.fingerprint);
  });
  console.log(describe(`expedite (${t.label}) storm 1,000 alerts/s`, r));
  const db = new pg.Client({ connectionString: t.dbUrl });
  await db.connect();
  try {
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql, [storm.id])).rows[0]!.n);
    const keys = await db.query<{ dedup_key: string }>(
      'SELECT dedup_key FROM signals WHERE integration_id = $1',
      [storm.id],
    );
    const stored = new Set(keys.rows.map((k) => k.dedup_key));
    const lost = [...acknowledged].filter((k) => !stored.has(k)).length;
    const incidents = await count(
      "SELECT count(*) AS n FROM incidents WHERE origin->>'integrationId' = $1::text",
    );
    const pages = await count(
      'SELECT count(*) AS n FROM page_requests p JOIN alert_groups g ON g.id = p.group_id WHERE g.integration_id = $1',
    );
    return [
      {
        name: `storm ${t.label}: incidents opened`,
        unit: 'count',
        value: incidents,
        target: { op: '<=', limit: 20 },
      },
      {
        name: `storm ${t.label}: alerts lost`,
        unit: 'count',
        value: lost,
        target: { op: '<=', limit: 0 },
        note: `${acknowledged.size} answered 202, ${stored.size} stored, ${r.total - accepted(r)} refused; ${pages} pages requested`,
      },
      {
        name: `storm ${t.label}: pages requested`,
        unit: 'count',
        value: pages,
        target: { op: '<=', limit: 20 },
      },
    ];
  } finally {
    await db.end();
  }
}

async function baselineLoads(): Promise<{ byBatch: Map<number, LoadResult>; paced: LoadResult }> {
  const { server } = await startServer({ port: await freePort() });
  try {
    const byBatch = new Map<number, LoadResult>();
    for (const perRequest of [1, 50]) {
      const { median } = await medianRun(
        RUNS,
        (i) =>
          measured(`baseline ${perRequest} alert(s)/request, run ${i + 1}`, () =>
            load(server, 'baseline', alertBodies(perRequest, 'b')),
          ),
        (r) => r.rps,
      );
      byBatch.set(perRequest, median);
    }
    const { median: paced } = await medianRun(
      RUNS,
      (i) =>
        measured(`baseline paced 2,000/s, run ${i + 1}`, () => steady(server, 'baseline', 'b', 2_000, i)),
      (r) => r.p99,
    );
    return { byBatch, paced };
  } finally {
    await stopServer(server);
  }
}

/** An Expedite server on a fresh embedded data dir, or on a new database of the external server. */
async function withExpedite<T>(
  external: boolean,
  fn: (t: Target) => Promise<T>,
  profile = false,
): Promise<T | undefined> {
  const dataDir = makeTempDir('ingest');
  const label = external ? 'external' : 'embedded';
  let dbUrl: string;
  let drop: (() => Promise<void>) | undefined;
  const extra: Record<string, string> = {};
  if (external) {
    const dbName = `expedite_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: EXTERNAL_ADMIN_URL });
    try {
      await admin.connect();
    } catch (err) {
      console.log(`  external PostgreSQL unavailable (${(err as Error).message}); skipped`);
      removeTempDir(dataDir);
      return undefined;
    }
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    dbUrl = new URL(dbName, EXTERNAL_ADMIN_URL.replace(/[^/]+$/, '')).toString();
    extra.DATABASE_URL = dbUrl;
    drop = async () => {
      const c = new pg.Client({ connectionString: EXTERNAL_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const pgPort = await freePort();
    extra.EXPEDITE_PG_PORT = String(pgPort);
    dbUrl = embeddedUrl(dataDir, pgPort, 'expedite');
  }
  const start = async () =>
    (await startServer({ port: await freePort(), dataDir, env: extra, keepDatabaseUrl: external })).server;
  let server = await start();
  if (profile) {
    await preloadStatements(dbUrl);
    await stopServer(server);
    server = await start();
  }
  try {
    const { key, id } = await createIntegration(server, `Prometheus ${label}`);
    return await fn({ server, label, key, integrationId: id, dbUrl });
  } finally {
    await stopServer(server);
    removeTempDir(dataDir);
    await drop?.();
  }
}

/** Runs the ingest benchmarks. */
export async function runIngestBench(opts: { profile: boolean }): Promise<Metric[]> {
  console.log(`\n## Ingest: ${CONNECTIONS} connections, ${DURATION_S} s each`);
  const base = await baselineLoads();
  const metrics: Metric[] = [];
  await withExpedite(
    false,
    async (t) => {
      // Steady-state latency first, on the freshly started server. The same run right after the
      // 50-per-request phase is printed too, without a target: it measures how fast the server
      // recovers while PostgreSQL still digests that phase's half a million signals (autovacuum,
      // writing back dirty pages).
      // The storm comes last: the incidents and pages it opens would keep the job engine busy
      // during the throughput runs.
      metrics.push(await pacedLatency(t, base.paced, 'fresh server', { op: '<=', limit: 20 }));
      metrics.push(...(await throughput(t, base.byBatch, opts.profile)));
      metrics.push(await pacedLatency(t, base.paced, 'right after the 50/request run'));
      metrics.push(...(await stormFigures(t)));
      // The incident room under all this: the busiest incident's signals against the quietest's.
      metrics.push(await signalsReadFigure(t.server, t.dbUrl));
    },
    opts.profile,
  );
  const external = await withExpedite(true, (t) => throughput(t, base.byBatch));
  if (external) metrics.push(...external);
  return metrics;
}
