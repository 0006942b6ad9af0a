/**
 * Open-loop load at a steady rate. Request i is due at start + i / rate and is sent then whether or
 * not earlier ones were answered; its latency counts from when it was due, so a slow server and a
 * late generator both show in the figures (no coordinated omission). autocannon's `overallRate`
 * is not this: each of its connections sends back to back until its quota for the second is used,
 * so its "paced" runs are bursts at full concurrency. The requests are sent by a child process
 * (`paced-worker.ts`).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withCpuPerRequest, type LoadResult, type LoadSpec } from './load.ts';
import type { PacedFigures, WorkerMessage, WorkerSpec } from './paced-worker.ts';
import { cpuMs } from './proc.ts';

/** What to send, how often and for how long. */
export interface PacedSpec extends WorkerSpec {
  cpu?: LoadSpec['cpu'];
}

const workerPath = fileURLToPath(new URL('./paced-worker.ts', import.meta.url));

/** The warm-up, then the measured run, from a fresh child process; CPU is counted for the measured run. */
export async function runPaced(spec: PacedSpec): Promise<LoadResult> {
  const child = fork(workerPath, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`paced load generator exited with ${code}`))),
  );
  const next = <K extends string>(key: K) =>
    Promise.race([
      new Promise<WorkerMessage>((resolve) =>
        child.on('message', (m: WorkerMessage) => key in m && resolve(m)),
      ),
      exited,
    ]);
  try {
    const measuring = next('measuring');
    const figures = next('figures');
    const { cpu, ...workerSpec } = spec;
    child.send(workerSpec);
    await measuring;
    const withGenerator = () => ({ ...cpu?.(), 'load generator': cpuMs([child.pid!]) });
    return await withCpuPerRequest(
      withGenerator,
      async () => ((await figures) as { figures: PacedFigures }).figures,
    );
  } finally {
    child.kill();
  }
}
