/** Runs the real `expedite serve` as a child process, as a user would, for process-level smoke tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../src/db/embedded/postgres.ts';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Spawns `node bin/expedite.js serve` (as `npm start`) with `env` on a free port. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/expedite.js', 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'info', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

/** Waits until GET /healthz is 200; fails with the server output if it exits or times out. */
export async function waitHealthy(s: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void s.exited.then(() => (done = true));
  while (Date.now() < deadline) {
    if (done) throw new Error(`server exited before healthy:\n${s.output()}`);
    try {
      if ((await fetch(`${s.url}/healthz`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`server not healthy in ${timeoutMs} ms:\n${s.output()}`);
}
