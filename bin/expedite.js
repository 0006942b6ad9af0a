#!/usr/bin/env node
// The `expedite` command. Expedite is TypeScript run directly by Node 24 (type stripping). When this
// file is started by an older Node, it re-runs itself on the Node 24 that the `node` dev dependency
// installs next to the project.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 23 || (major === 23 && minor >= 6)) {
  await import(join(root, 'src', 'cli', 'main.ts'));
} else {
  const local = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(local)) {
    console.error(
      `expedite needs Node.js 24 (found ${process.versions.node}); run "npm ci" in ${root} first.`,
    );
    process.exit(1);
  }
  const res = spawnSync(local, [join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(res.status ?? 1);
}
