/**
 * `npm test`: prepares PostgreSQL for the suite and runs node's test runner.
 * The database preparation (embedded PostgreSQL or TEST_DATABASE_URL, one migrated template that
 * every test file clones) lives in test-database.ts, shared with `npm run mutate`.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { ensureWebBuilt } from './build-web.ts';
import { prepareTestDatabase } from './test-database.ts';

const patterns = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'];
// Browser tests need the built web app (unless EXPEDITE_WEB_DIR names another build).
if (!process.env.EXPEDITE_WEB_DIR && patterns.some((p) => p.includes('e2e') || p === 'test/**/*.test.ts'))
  ensureWebBuilt();

const db = await prepareTestDatabase();
const adminUrl = db.adminUrl;
const template = db.template;
console.log(`# database: ${db.label}`);

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
  await db.release();
}
process.exit(code);
