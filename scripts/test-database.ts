/**
 * The PostgreSQL that database tests run on, prepared once per run: `npm test` and `npm run mutate`
 * both use it, so the suite and the mutation runs see the same server settings and schema.
 *
 * By default it starts a throwaway embedded PostgreSQL (fsync off); with TEST_DATABASE_URL it uses
 * that server instead (the role must be allowed to create databases). Either way it migrates one
 * template database; each test file clones it (CREATE DATABASE … TEMPLATE), which takes
 * milliseconds, so every file gets a fresh, fully migrated database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded/postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';

/** A prepared server and template; `env` is what test processes need, `release()` drops it all. */
export interface TestDatabaseServer {
  /** `embedded PostgreSQL` or `TEST_DATABASE_URL`, for the run's log. */
  label: string;
  adminUrl: string;
  template: string;
  env: { EXPEDITE_TEST_ADMIN_URL: string; EXPEDITE_TEST_TEMPLATE: string; LOG_LEVEL: string };
  release(): Promise<void>;
}

/** Starts (or connects to) the server and migrates a template database named after this process. */
export async function prepareTestDatabase(): Promise<TestDatabaseServer> {
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

  const template = `expedite_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  const tplPool = createPool(templateUrl.toString(), 1);
  await migrate(tplPool);
  await tplPool.end();

  return {
    label: embedded ? 'embedded PostgreSQL' : 'TEST_DATABASE_URL',
    adminUrl,
    template,
    env: { EXPEDITE_TEST_ADMIN_URL: adminUrl, EXPEDITE_TEST_TEMPLATE: template, LOG_LEVEL: 'silent' },
    async release() {
      // Drop what the run created: per-file databases carry the template's name as prefix.
      const { rows } = await admin.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1 || '%'",
        [template],
      );
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.end();
      await embedded?.stop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}
