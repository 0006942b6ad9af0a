/**
 * Benchmarks 1 and 2: time from spawn to a 200 from /healthz (fresh data dir, then restarts on the
 * existing one) and the idle memory of the server with its PostgreSQL, each against the bare
 * Fastify baseline started the same way.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { requestJson } from './lib/http-client.ts';
import { memoryOf, type Memory } from './lib/proc.ts';
import { median, type Metric } from './lib/report.ts';
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

const RESTARTS = 3;
// Idle means unused for a while: long enough for connections opened by the exercise to close.
const IDLE_MS = 10_000;

/** Memory of the server's node process, of its PostgreSQL processes, and of both. */
function serverMemory(h: ServerHandle): { all: Memory; node: Memory; postgres: Memory } {
  const { node, postgres } = serverProcesses(h);
  return { all: memoryOf([...node, ...postgres]), node: memoryOf(node), postgres: memoryOf(postgres) };
}

/** A few ordinary requests, so that memory is measured on a server that has done some work. */
async function exercise(h: ServerHandle): Promise<void> {
  const declare = { title: 'Start-up check', scope: 'ADMINS', criticality: 'FBLOCK', area: 'FE' };
  if (h.kind === 'baseline') {
    await requestJson(`${h.url}/api/v1/incidents`);
    await requestJson(`${h.url}/api/v1/incidents`, { method: 'POST', json: declare, expected: 201 });
    return;
  }
  const { token } = await signIn(h);
  const created = await requestJson<{ id: string }>(`${h.url}/api/v1/incidents`, {
    method: 'POST',
    json: declare,
    token,
    expected: 201,
  });
  await requestJson(`${h.url}/api/v1/incidents?limit=50`, { token });
  await requestJson(`${h.url}/api/v1/incidents/${created.id}`, { token });
  await requestJson(`${h.url}/api/v1/incidents/${created.id}/timeline`, { token });
}

/** Starts a server, optionally exercises it and measures idle memory, then stops it. */
async function oneStart(
  opts: { dataDir?: string },
  measureMemory: boolean,
): Promise<{ ms: number; memory?: ReturnType<typeof serverMemory>; stopMs: number }> {
  const { server, ms } = await startServer({ port: await freePort(), dataDir: opts.dataDir });
  let memory: ReturnType<typeof serverMemory> | undefined;
  let stopMs: number;
  try {
    if (measureMemory) {
      await exercise(server);
      await sleep(IDLE_MS);
      memory = serverMemory(server);
    }
  } finally {
    const stopping = performance.now();
    await stopServer(server);
    stopMs = performance.now() - stopping;
  }
  return { ms, memory, stopMs };
}

function mb(kb: number): number {
  return kb / 1024;
}

/** Runs the start-up and memory benchmarks; returns their figures. */
export async function runStartupBench(): Promise<Metric[]> {
  console.log('\n## Cold start to healthy, idle memory');
  const baseMs: number[] = [];
  let baseMem: Memory | undefined;
  for (let i = 0; i < RESTARTS; i++) {
    const run = await oneStart({}, i === RESTARTS - 1);
    baseMs.push(run.ms);
    baseMem ??= run.memory?.all;
  }
  const baseline = median(baseMs);
  console.log(`  baseline (bare Fastify): ${baseMs.map((x) => x.toFixed(0)).join(', ')} ms`);

  const dataDir = makeTempDir('startup');
  try {
    const fresh = await oneStart({ dataDir }, true);
    console.log(`  fresh data dir: ${fresh.ms.toFixed(0)} ms (stopped in ${fresh.stopMs.toFixed(0)} ms)`);
    const restarts: number[] = [];
    for (let i = 0; i < RESTARTS; i++) {
      const run = await oneStart({ dataDir }, false);
      restarts.push(run.ms);
      console.log(
        `  existing data dir #${i + 1}: ${run.ms.toFixed(0)} ms (stopped in ${run.stopMs.toFixed(0)} ms)`,
      );
    }
    const { all: mem, node, postgres } = fresh.memory!;
    return [
      {
        name: 'cold start, fresh data dir',
        unit: 'ms',
        value: fresh.ms,
        baseline,
        target: { op: '<=', limit: 5000 },
      },
      {
        name: `restart, existing data dir (median of ${RESTARTS})`,
        unit: 'ms',
        value: median(restarts),
        baseline,
        target: { op: '<=', limit: 1500 },
      },
      {
        name: 'idle RSS, server + PostgreSQL',
        unit: 'MB',
        value: mb(mem.rssKb),
        baseline: baseMem && mb(baseMem.rssKb),
        target: { op: '<=', limit: 250 },
        note:
          `node ${mb(node.rssKb).toFixed(0)} MB + PostgreSQL ${mb(postgres.rssKb).toFixed(0)} MB in ` +
          `${postgres.processes} processes; PSS ${mb(mem.pssKb).toFixed(0)} MB (shared memory counted once); ` +
          `baseline PSS ${baseMem ? mb(baseMem.pssKb).toFixed(0) : '?'} MB`,
      },
    ];
  } finally {
    removeTempDir(dataDir);
  }
}
