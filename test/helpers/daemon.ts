/**
 * A program of the Prometheus family (Prometheus, Alertmanager) run for a smoke test: spawned with
 * its HOME in the test's scratch directory, its output kept for error messages, ready once
 * `GET /-/ready` answers 200; stopped with SIGTERM (SIGKILL after 5 s), its directory removed.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

/** A running program and how to reach and stop it. */
export interface Daemon {
  url: string;
  /** What it printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `bin args` listening at `url`, waits until ready; throws with its output otherwise. */
export async function startDaemon(
  name: string,
  bin: string,
  args: string[],
  o: { dir: string; url: string; timeoutMs: number; pollMs: number },
): Promise<Daemon> {
  // No proxy variables: requests go straight to loopback.
  const child = spawn(bin, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: o.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const daemon: Daemon = {
    url: o.url,
    output: () => out,
    async stop() {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(o.dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + o.timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      await daemon.stop();
      throw new Error(`${name} exited (${exitCode}) before ready:\n${out}`);
    }
    try {
      if ((await fetch(`${o.url}/-/ready`)).status === 200) return daemon;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, o.pollMs));
  }
  await daemon.stop();
  throw new Error(`${name} not ready in ${o.timeoutMs} ms:\n${out}`);
}
