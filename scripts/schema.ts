/**
 * `npm run schema [-- database-url] [-- --stdout]`: migrates a throwaway database and writes its
 * schema to src/db/schema.sql (src/db/schema-dump.ts), the one file that shows the current tables,
 * functions and triggers; test/integration/schema.test.ts fails when it falls behind the migrations.
 *
 * By default the database is a throwaway embedded PostgreSQL. Given a URL, a scratch database is
 * created on that server instead (its role must be allowed to create databases) and dropped after.
 * `--stdout` prints the schema instead of writing the file, to compare servers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded/postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { dumpSchema } from '../src/db/schema-dump.ts';

const SCHEMA_FILE = path.join(import.meta.dirname, '..', 'src', 'db', 'schema.sql');

const args = process.argv.slice(2);
const toStdout = args.includes('--stdout');
let adminUrl = args.find((a) => !a.startsWith('--'));

let embedded: EmbeddedPostgres | undefined;
let scratch: string | undefined;
if (!adminUrl) {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'expedite-schema-'));
  embedded = await startEmbeddedPostgres({
    dataDir: scratch,
    database: 'postgres',
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  adminUrl = embedded.url;
}

const database = `expedite_schema_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
try {
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const pool = createPool(url.toString(), 1);
  try {
    await migrate(pool);
    const text = await dumpSchema(pool);
    if (toStdout) process.stdout.write(text);
    else {
      writeFileSync(SCHEMA_FILE, text);
      console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
    }
  } finally {
    await pool.end();
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  await embedded?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
