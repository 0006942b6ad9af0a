/** Host commands: run the server, apply migrations. They read the same environment as the server. */
import { loadConfig } from '../config.ts';
import { acquireDataDirLock } from '../db/embedded/lock.ts';
import { startEmbeddedPostgres } from '../db/embedded/postgres.ts';
import { migrate } from '../db/migrate.ts';
import { createPool } from '../db/pool.ts';
import { serveForever } from '../server.ts';

/** `expedite serve`: runs Expedite until SIGTERM/SIGINT. */
export async function serve(): Promise<void> {
  await serveForever(loadConfig());
}

/** `expedite migrate`: applies pending migrations to DATABASE_URL or the embedded database, then exits. */
export async function migrateCommand(): Promise<string[]> {
  const config = loadConfig();
  if (config.databaseUrl) {
    const pool = createPool(config.databaseUrl, 2);
    try {
      return await migrate(pool);
    } finally {
      await pool.end();
    }
  }
  const lock = acquireDataDirLock(config.dataDir);
  const pg = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    database: 'expedite',
    lock,
    runAs: config.pgUser,
  });
  const pool = createPool(pg.url, 2);
  try {
    return await migrate(pool);
  } finally {
    await pool.end();
    await pg.stop();
  }
}
