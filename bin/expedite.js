#!/usr/bin/env node
// The `expedite` command (and `npm start`). Expedite is TypeScript run directly by Node 24 (type
// stripping). When this file is started by an older Node, it re-runs itself on the Node 24 that the
// `node` dev dependency installs next to the project.
import { spawn } from 'node:child_process';
import module from 'node:module';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 23 || (major === 23 && minor >= 6)) {
  // Node's compile cache keeps each module's stripped and compiled code on disk, by content: later
  // starts neither strip types again nor load the stripper (a restart is faster and the server about
  // 20 MB smaller). NODE_COMPILE_CACHE picks its directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  module.enableCompileCache?.();
  await import(join(root, 'src', 'cli', 'main.ts'));
} else {
  const local = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(local)) {
    console.error(
      `expedite needs Node.js 24 (found ${process.versions.node}); run "npm ci" in ${root} first.`,
    );
    process.exit(1);
  }
  // The server runs as a child: signals sent to this process (kill, a service manager stopping it,
  // a closed terminal) are passed on, and this process ends as the server did, so that stopping
  // the command stops the server and its PostgreSQL instead of orphaning them.
  const child = spawn(local, [join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (err) => {
    console.error(`expedite: cannot start ${local}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    // Killed by a signal: end the same way, so the caller sees the same status.
    if (!signal) process.exit(code ?? 1);
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(128 + (os.constants.signals[signal] ?? 0)), 100).unref();
  });
}
