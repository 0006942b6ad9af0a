/**
 * A new embedded cluster has its WAL segments ready: the log moves into them without creating any
 * (creating one writes and syncs 16 MB while commits wait), and a restart does not prepare again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { startEmbeddedPostgres } from './postgres.ts';
import { SEGMENTS } from './wal.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-wal-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const SEGMENT_FILE = '^[0-9A-F]{24}$';

async function walState(url: string): Promise<{ current: string; files: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ current: string; files: string[] }>(
      `SELECT pg_walfile_name(pg_current_wal_lsn()) AS current,
              (SELECT array_agg(name ORDER BY name) FROM pg_ls_waldir() WHERE name ~ $1) AS files`,
      [SEGMENT_FILE],
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

/** Writes about `mb` MB of WAL (logical messages are WAL records and nothing else). */
async function writeWal(url: string, mb: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < mb; i++)
      await client.query("SELECT pg_logical_emit_message(false, 'test', repeat('x', 1024 * 1024))");
  } finally {
    await client.end();
  }
}

test('the first start leaves segments ready, the log fills them without creating new ones, a restart prepares nothing', async () => {
  let db = await startEmbeddedPostgres({ dataDir, database: 'walcheck' });
  let last: string;
  try {
    await db.walReady;
    const before = await walState(db.url);
    const ahead = before.files.filter((f) => f > before.current);
    assert.ok(ahead.length >= SEGMENTS, `${ahead.length} segments ahead of ${before.current}`);

    await writeWal(db.url, 60);
    const after = await walState(db.url);
    assert.ok(after.current >= ahead[2]!, `the log moved on by three segments or more (${after.current})`);
    assert.deepEqual(
      after.files.filter((f) => !before.files.includes(f)),
      [],
      'no segment file was created',
    );
    last = after.current;
  } finally {
    await db.stop();
  }

  db = await startEmbeddedPostgres({ dataDir, database: 'walcheck' });
  try {
    await db.walReady;
    // Preparing again would have moved the log SEGMENTS segments on.
    assert.equal((await walState(db.url)).current, last);
  } finally {
    await db.stop();
  }
});
