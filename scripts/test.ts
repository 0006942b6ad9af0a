/**
 * `npm test`: prepares PostgreSQL for the suite and runs node's test runner.
 *
 * By default it starts a throwaway embedded PostgreSQL (fsync off); with TEST_DATABASE_URL it uses
 * that server instead (the role must be allowed to create databases). Either way it migrates one
 * template database; each test file clones it (CREATE DATABASE … TEMPLATE), which takes
 * milliseconds, so every file gets a fresh, fully migrated database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded/postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { ensureWebBuilt } from './build-web.ts';

const patterns = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['src/**/*.test.ts', 'test/**/*.test.ts'];
// Browser tests need the built web app (unless EXPEDITE_WEB_DIR names another build).
if (!process.env.EXPEDITE_WEB_DIR && patterns.some((p) => p.includes('e2e') || p === 'test/**/*.test.ts'))
  ensureWebBuilt();

let embedded: EmbeddedPostgres | undefined;
let scratch: string | undefined;
let adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'expedite-test-'));
  embedded = await startEmbeddedPostgres({
    dataDir: scratch,
    database: 'postgres',
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
  });
  adminUrl = embedded.url;
}
console.log(`# database: ${embedded ? 'embedded PostgreSQL' : 'TEST_DATABASE_URL'}`);

const template = `expedite_tpl_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${template}`);
const templateUrl = new URL(adminUrl);
templateUrl.pathname = `/${template}`;
const tplPool = createPool(templateUrl.toString(), 1);
await migrate(tplPool);
await tplPool.end();

let code: number;
try {
  code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--test',
        `--test-concurrency=${Math.max(2, os.availableParallelism())}`,
        // A hung test fails after two minutes instead of stalling the run; no healthy test comes
        // near it, and the slow smoke tests set their own larger `timeout`.
        '--test-timeout=120000',
        ...patterns,
      ],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          EXPEDITE_TEST_ADMIN_URL: adminUrl,
          EXPEDITE_TEST_TEMPLATE: template,
          LOG_LEVEL: 'silent',
        },
      },
    );
    child.on('exit', (c) => resolve(c ?? 1));
  });
} finally {
  // Drop what the run created: per-file databases carry the template's name as prefix.
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE $1 || '%'",
    [template],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();
  await embedded?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
