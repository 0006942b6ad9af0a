/**
 * Retention (ADR 0015): signals and deliveries received more than the configured number of days
 * ago are deleted by a job that runs every hour. A deleted signal leaves a count per alert and
 * minute in `signal_minutes`, so an old incident's rate chart stays as it was.
 *
 * Both tables are read oldest first along their primary keys (signal ids count up as rows are
 * written; delivery ids are time-ordered UUIDs, ADR 0012), a window of rows at a time, deleting
 * the old rows of each window. A window with no old row ends the pass: the rest is newer. Neither
 * table needs an index on its time for this, so the ingest path pays nothing for it, and a stray
 * row with a later time (a server whose clock was ahead) is skipped rather than stopping the pass.
 */
import type { Clock } from '../clock.ts';
import type { Queryable } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';

export const RETENTION_JOB = 'signal-retention';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

export interface RetentionDeps {
  pool: Queryable;
  clock: Clock;
  /** Days signals and deliveries are kept; 0 keeps them for ever. */
  days: number;
  /** Rows read per window (default 5,000). */
  window?: number;
  /** Wall-clock ms a run may take before it leaves the rest to a run a minute later (default 20 s, inside the job's lease). */
  budgetMs?: number;
}

/** One pass's statement: $1 the cutoff, $2 the window size, $3 the last id of the window before. */
interface Table {
  name: string;
  first: string | number;
  sql: string;
}

const signals: Table = {
  name: 'signals',
  first: 0,
  sql: `WITH head AS (SELECT id FROM signals WHERE id > $3 ORDER BY id LIMIT $2),
        gone AS (DELETE FROM signals s USING head WHERE s.id = head.id AND s.received_at < $1
                 RETURNING s.alert_id, s.received_at),
        kept AS (INSERT INTO signal_minutes AS m (alert_id, minute, count)
                 SELECT alert_id, date_trunc('minute', received_at), count(*) FROM gone
                  WHERE alert_id IS NOT NULL GROUP BY 1, 2
                 ON CONFLICT (alert_id, minute) DO UPDATE SET count = m.count + excluded.count)
        SELECT (SELECT id FROM head ORDER BY id DESC LIMIT 1) AS last, (SELECT count(*) FROM gone)::int AS deleted`,
};

const deliveries: Table = {
  name: 'deliveries',
  first: '00000000-0000-0000-0000-000000000000',
  sql: `WITH head AS (SELECT id FROM signal_deliveries WHERE id > $3 ORDER BY id LIMIT $2),
        gone AS (DELETE FROM signal_deliveries d USING head WHERE d.id = head.id AND d.received_at < $1
                 RETURNING 1)
        SELECT (SELECT id FROM head ORDER BY id DESC LIMIT 1) AS last, (SELECT count(*) FROM gone)::int AS deleted`,
};

/** What a run deleted, and whether it got through both tables. */
export interface RetentionResult {
  signals: number;
  deliveries: number;
  done: boolean;
}

/** Deletes `table`'s rows received before `cutoff`, window by window, until done or past `deadline` (performance.now()). */
async function prune(
  db: Queryable,
  table: Table,
  cutoff: Date,
  window: number,
  deadline: number,
): Promise<{ deleted: number; done: boolean }> {
  let after = table.first;
  let deleted = 0;
  for (;;) {
    const { rows } = await db.query<{ last: string | number | null; deleted: number }>(table.sql, [
      cutoff,
      window,
      after,
    ]);
    const r = rows[0]!;
    deleted += r.deleted;
    if (r.last === null || r.deleted === 0) return { deleted, done: true };
    after = r.last;
    if (performance.now() >= deadline) return { deleted, done: false };
  }
}

/** Deletes what is older than `deps.days` at `deps.clock`'s now (each window its own transaction). */
export async function pruneOld(deps: RetentionDeps): Promise<RetentionResult> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.days * DAY_MS);
  const deadline = performance.now() + (deps.budgetMs ?? 20_000);
  const window = deps.window ?? 5_000;
  const s = await prune(deps.pool, signals, cutoff, window, deadline);
  const d = await prune(deps.pool, deliveries, cutoff, window, deadline);
  return { signals: s.deleted, deliveries: d.deleted, done: s.done && d.done };
}

/**
 * Adds the retention run due at `at`. Its key is its time, so every instance (and a restart) adds
 * the same job: runs never multiply.
 */
export async function scheduleRetention(db: Queryable, at: Date): Promise<void> {
  await enqueue(db, [{ kind: RETENTION_JOB, key: `${RETENTION_JOB}:${at.toISOString()}`, runAt: at }]);
}

const startOf = (ms: number, unit: number) => new Date(Math.floor(ms / unit) * unit);

/** At start: the run of the current hour (due now, unless it has run already). */
export function firstRetentionRun(now: Date): Date {
  return startOf(now.getTime(), HOUR_MS);
}

/** Job `signal-retention`: prunes, then adds the next run (next hour, or next minute when there is more). */
export async function runRetention(deps: RetentionDeps): Promise<RetentionResult | undefined> {
  if (deps.days <= 0) return undefined;
  const result = await pruneOld(deps);
  const now = deps.clock.now().getTime();
  await scheduleRetention(
    deps.pool,
    result.done ? startOf(now + HOUR_MS, HOUR_MS) : startOf(now + MINUTE_MS, MINUTE_MS),
  );
  return result;
}
