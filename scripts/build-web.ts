/**
 * Builds the web app into web/dist when it is missing or older than its sources, so that
 * `npm start` on a fresh clone serves the app without a separate step. `--force` always builds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants, brotliCompressSync, gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web', 'dist', 'index.html');
// Sources of the bundle: the app itself and the server code it imports (labels, policy, types).
const sources = [
  path.join(root, 'web'),
  path.join(root, 'src', 'classification'),
  path.join(root, 'package-lock.json'),
];

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(p)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    max = Math.max(max, newest(path.join(p, entry)));
  }
  return max;
}

/** Builds when stale (or always with `force`); exits the process on a failed build. */
export function ensureWebBuilt(force = false): void {
  const built = existsSync(dist) ? statSync(dist).mtimeMs : 0;
  if (!force && built > Math.max(...sources.map(newest))) return;
  console.log('Building the web app…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const res = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
  if (res.status !== 0) process.exit(res.status ?? 1);
  precompress(path.join(root, 'web', 'dist', 'assets'));
}

/** Writes .br and .gz beside each script and stylesheet, served instead when the browser accepts them. */
function precompress(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!/\.(js|css|svg)$/.test(name)) continue;
    const file = path.join(dir, name);
    const data = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
  }
}

if (import.meta.main) ensureWebBuilt(process.argv.includes('--force'));
