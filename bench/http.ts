/**
 * Benchmark 3: list and declare under load. First the bare Fastify baseline answers the same paths
 * alone; then Expedite runs on a fresh data dir seeded with 100,000 incidents, and autocannon drives
 * the newest-first page, a filtered page and declaring with a classification, with the same settings.
 */
import { embeddedUrl } from '../src/db/embedded/auth.ts';
import { performance } from 'node:perf_hooks';
import { cpuSummary, describe, runLoad, type LoadResult } from './lib/load.ts';
import { cpuMs } from './lib/proc.ts';
import type { Metric, Target } from './lib/report.ts';
import { seedIncidents } from './lib/seed.ts';
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
import { preloadStatements, printTopStatements, resetStatements } from './lib/statements.ts';

const env = (name: string, fallback: number) => Number(process.env[name]) || fallback;
const CONNECTIONS = env('BENCH_CONNECTIONS', 20);
const DURATION_S = env('BENCH_DURATION', 10);
const WARMUP_S = 2;
const INCIDENTS = env('BENCH_INCIDENTS', 100_000);

const P99_TARGET: Target = { op: '<=', limit: 50 };

/** A load scenario; the baseline answers the same path (a fixed page on GET, an echo on POST). */
interface Scenario {
  name: string;
  path: string;
  method: 'GET' | 'POST';
  body?: unknown;
  p99Target?: Target;
  rpsTarget?: Target;
}

const scenarios: Scenario[] = [
  { name: 'GET list', path: '/api/v1/incidents?limit=50', method: 'GET', p99Target: P99_TARGET },
  {
    name: 'GET filtered list',
    path: '/api/v1/incidents?status=open&urgency=P1,P2&limit=50',
    method: 'GET',
    p99Target: P99_TARGET,
  },
  {
    name: 'POST declare',
    path: '/api/v1/incidents',
    method: 'POST',
    body: {
      title: 'Checkout fails for some customers [<id>]',
      description: 'Customers see an error page after paying; support has three reports.',
      scope: 'USERS',
      criticality: 'FBLOCK',
      area: 'FEBE',
      impact: { conversion: 'high', experience: 'medium', revenue: 'low' },
    },
    rpsTarget: { op: '>=', limit: 1000 },
  },
];

function load(server: ServerHandle, s: Scenario, token?: string): Promise<LoadResult> {
  return runLoad({
    url: `${server.url}${s.path}`,
    method: s.method,
    body: s.body,
    token,
    connections: CONNECTIONS,
    durationS: DURATION_S,
    warmupS: WARMUP_S,
    cpu: () => {
      const { node, postgres } = serverProcesses(server);
      return {
        [`${server.kind} node`]: cpuMs(node),
        ...(postgres.length ? { PostgreSQL: cpuMs(postgres) } : {}),
      };
    },
  });
}

/** Runs the baseline server alone (nothing else running), once per method. */
async function baselineLoads(): Promise<Map<string, LoadResult>> {
  const { server } = await startServer({ port: await freePort() });
  const results = new Map<string, LoadResult>();
  try {
    for (const s of scenarios.filter((x, i, all) => all.findIndex((y) => y.method === x.method) === i)) {
      const r = await load(server, s);
      console.log(describe(`baseline ${s.method} ${s.path}`, r));
      results.set(s.method, r);
    }
  } finally {
    await stopServer(server);
  }
  return results;
}

function metricsOf(s: Scenario, r: LoadResult, base: LoadResult): Metric[] {
  const out: Metric[] = [
    {
      name: `${s.name} req/s`,
      unit: 'req/s',
      value: r.rps,
      baseline: base.rps,
      target: s.rpsTarget,
      note: cpuSummary(r),
    },
    { name: `${s.name} p50`, unit: 'ms', value: r.p50, baseline: base.p50 },
    { name: `${s.name} p99`, unit: 'ms', value: r.p99, baseline: base.p99, target: s.p99Target },
  ];
  const expected = s.method === 'POST' ? '201' : '200';
  const wrong = r.total - (r.statusCodes[expected] ?? 0) + r.errors;
  const codes = Object.entries(r.statusCodes).map(([c, n]) => `${c}×${n}`);
  out.push({
    name: `${s.name} not ${expected}`,
    unit: 'count',
    value: wrong,
    baseline: base.failed,
    target: { op: '<=', limit: 0 },
    note: `${r.total} responses [${codes.join(' ')}], ${r.errors} errors/timeouts`,
  });
  return out;
}

/** Runs the HTTP benchmarks; with `profile`, prints the costliest SQL of each scenario. */
export async function runHttpBench(opts: { profile: boolean }): Promise<Metric[]> {
  console.log(
    `\n## HTTP load: ${CONNECTIONS} connections, ${DURATION_S} s each after a ${WARMUP_S} s warm-up`,
  );
  const baseline = await baselineLoads();

  const dataDir = makeTempDir('http');
  const pgPort = await freePort();
  const pgUrl = embeddedUrl(dataDir, pgPort, 'expedite');
  const start = async () =>
    (await startServer({ port: await freePort(), dataDir, env: { EXPEDITE_PG_PORT: String(pgPort) } }))
      .server;
  let server: ServerHandle | undefined;
  try {
    server = await start();
    const { token, userId } = await signIn(server);
    const seeding = performance.now();
    await seedIncidents(pgUrl, userId, INCIDENTS);
    console.log(
      `  seeded ${INCIDENTS.toLocaleString('en-US')} incidents in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );
    if (opts.profile) {
      await preloadStatements(pgUrl);
      await stopServer(server);
      server = await start();
    }
    const metrics: Metric[] = [];
    for (const s of scenarios) {
      if (opts.profile) await resetStatements(pgUrl);
      const r = await load(server, s, token);
      console.log(describe(`expedite ${s.method} ${s.path}`, r));
      if (opts.profile) await printTopStatements(pgUrl);
      metrics.push(...metricsOf(s, r, baseline.get(s.method)!));
    }
    return metrics;
  } finally {
    if (server) await stopServer(server);
    removeTempDir(dataDir);
  }
}
