/**
 * Write-ahead log segments made ready when the embedded cluster is created.
 *
 * PostgreSQL writes its WAL into 16 MB segment files. A new cluster has one; each further segment
 * is created when the log reaches it, by writing 16 MB of zeros and syncing them while every
 * commit waits; under a storm that happens often. Later, checkpoints rename used segments for
 * reuse, so a server that has run for a while no longer creates any. This does
 * that work once, when the cluster is created: it moves the log through `SEGMENTS` + 1 new
 * segments, then checkpoints, which keeps them for reuse (ADR 0016). It runs in the background after
 * the first start (`EmbeddedPostgres.walReady`).
 */
import pg from 'pg';

/** At least this many segments are ready ahead of the current one (80 MB: `min_wal_size`). */
export const SEGMENTS = 5;

/** Moves a new cluster's log through `SEGMENTS` + 1 segments and checkpoints (superuser `adminUrl`). */
export async function prepareWalSegments(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  // A shutdown while this runs ends the session; the caller hears of it through the rejection.
  client.on('error', () => {});
  await client.connect();
  try {
    for (let i = 0; i <= SEGMENTS; i++) {
      // A switch needs something written since the last one; the message is a WAL record only.
      await client.query("SELECT pg_logical_emit_message(false, 'expedite', 'prepare wal')");
      await client.query('SELECT pg_switch_wal()');
    }
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}
