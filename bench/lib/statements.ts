/**
 * Optional query profile (`npm run bench -- --profile`): loads pg_stat_statements into the embedded
 * PostgreSQL (needs a restart) and prints the statements that took the most database time.
 */
import pg from 'pg';

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Asks PostgreSQL to preload pg_stat_statements, counting statements inside functions too (the
 * ingest writer's work is one function call); takes effect at the next start.
 */
export async function preloadStatements(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
    await c.query("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
  });
}

/** Creates the extension (after the restart) and clears its counters. */
export async function resetStatements(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await c.query('SELECT pg_stat_statements_reset()');
  });
}

/** Prints the `limit` statements with the most total execution time since the last reset. */
export async function printTopStatements(url: string, limit = 6): Promise<void> {
  const { rows } = await withClient(url, (c) =>
    c.query<{ calls: string; total: number; mean: number; query: string }>(
      `SELECT calls, total_exec_time AS total, mean_exec_time AS mean, query FROM pg_stat_statements
        WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    ),
  );
  for (const r of rows) {
    const sql = r.query.replace(/\s+/g, ' ').slice(0, 110);
    console.log(
      `    ${r.total.toFixed(0).padStart(7)} ms total  ${r.mean.toFixed(3).padStart(7)} ms mean  ${String(r.calls).padStart(7)} calls  ${sql}`,
    );
  }
}
