/**
 * Builds the web app into web/dist when it is missing or stale, so that `npm start` on a fresh
 * clone serves the app and browser tests never run an old bundle. Stale means a file the last
 * build was made from changed (the app or any server module it imports), or its dependencies or
 * build configuration did (scripts/web-inputs.ts). `--force` always builds.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants, brotliCompressSync, gzipSync } from 'node:zlib';
import { whyStale } from './web-inputs.ts';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web', 'dist');

/** Builds when stale (or always with `force`); exits the process on a failed build. */
export function ensureWebBuilt(force = false): void {
  const reason = force ? undefined : whyStale(root, dist);
  if (!force && reason === undefined) return;
  console.log(`Building the web app${reason ? ` (${reason})` : ''}…`);
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
  precompress(path.join(dist, 'assets'));
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
