/**
 * Forward-only SQL migrations. Files in src/db/migrations are named `YYYYMMDDHHMM_what.sql`, start
 * with a comment saying why, and are applied in name order inside one transaction each, under a
 * transaction-level advisory lock so that several instances starting together apply them once.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
// Arbitrary constant shared by every Expedite instance: "expedite migrations".
const LOCK_KEY = 7_245_310_001;

/** Lists the migration files in the order they apply. */
export async function listMigrations(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
}

/** Applies pending migrations; returns the names applied now. Safe to call from many instances. */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    );
    for (const name of await listMigrations()) {
      if (done.has(name)) continue;
      const sql = await readFile(path.join(MIGRATIONS_DIR, name), 'utf8');
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    // Closed, not kept: its backend grew with the catalog it read and wrote, memory an idle
    // connection would otherwise hold for as long as the server runs.
    client.release(true);
  }
}
