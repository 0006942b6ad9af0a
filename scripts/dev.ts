/**
 * `npm run dev`: the server (restarted on change by node --watch) and the Vite dev server with hot
 * reload on http://127.0.0.1:5173, which forwards API calls to the server.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const children = [
  spawn(process.execPath, ['--watch', 'src/cli/main.ts', 'serve'], {
    cwd: root,
    stdio: 'inherit',
    env: { EXPEDITE_PUBLIC_URL: 'http://127.0.0.1:5173', ...process.env, EXPEDITE_WEB_DIR: '' },
  }),
  spawn(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), '--config', 'web/vite.config.ts'],
    { cwd: root, stdio: 'inherit' },
  ),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', stop);
