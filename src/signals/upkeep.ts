/**
 * Upkeep of the signal tables (ADR 0015), a job that runs every minute:
 *
 * - **Counting**: signals a minute old or more are counted per alert and minute into
 *   `signal_minutes`, and `signal_upkeep.last_id` moves past them. An incident's rate chart reads
 *   those counts plus the few minutes of signals after them, so it costs the same for a storm of
 *   millions as for a handful.
 * - **Retention**: about once an hour, signals (counted ones only) and deliveries received more than
 *   the configured number of days ago are deleted.
 * - Its own finished runs are deleted a day later.
 *
 * Both read `signals` along its primary key, a window of rows at a time: signal ids count up as
 * rows are written, so the oldest come first. Delivery ids are time-ordered too (ADR 0016). Neither
 * table needs an index on its time, so the ingest path pays nothing for the upkeep.
 */
import type { Clock } from '../clock.ts';
import type { Queryable } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';

export const UPKEEP_JOB = 'signal-upkeep';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Signals are counted once this old: the writer has committed them long before. */
const COUNT_AFTER_MS = MINUTE_MS;

export interface UpkeepDeps {
  pool: Queryable;
  clock: Clock;
  /** Days signals and deliveries are kept; 0 keeps them for ever. */
  days: number;
  /** Rows read per statement (default 5,000). */
  window?: number;
  /** Wall-clock ms a run may take before it leaves the rest to the next run (default 20 s, inside the job's 60 s lease). */
  budgetMs?: number;
}

/**
 * Counts the next window of signals after `last_id` that were received before $1, stopping at the
 * first one received later ($2 the window); `until` becomes the time of the last one counted. A
 * signal stamped ahead of the clock (a server whose clock runs more than a minute fast) holds
 * counting until its time.
 */
const COUNT_SQL = `
  WITH w AS (SELECT last_id FROM signal_upkeep FOR UPDATE),
  -- A scalar subquery, so the window is a range of the primary key (a join would filter it).
  head AS (SELECT id, alert_id, received_at FROM signals WHERE id > (SELECT last_id FROM w) ORDER BY id LIMIT $2),
  stop AS (SELECT min(id) AS id FROM head WHERE received_at >= $1),
  take AS (SELECT h.* FROM head h, stop WHERE stop.id IS NULL OR h.id < stop.id),
  counted AS (INSERT INTO signal_minutes AS m (alert_id, minute, count)
              SELECT alert_id, date_trunc('minute', received_at), count(*) FROM take
               WHERE alert_id IS NOT NULL GROUP BY 1, 2
              ON CONFLICT (alert_id, minute) DO UPDATE SET count = m.count + excluded.count),
  moved AS (UPDATE signal_upkeep SET last_id = coalesce((SELECT max(id) FROM take), last_id),
                                     until = coalesce((SELECT max(received_at) FROM take), until))
  SELECT (SELECT count(*) FROM take)::int AS counted,
         (SELECT id FROM stop) IS NOT NULL OR (SELECT count(*) FROM head) < $2 AS all_old`;

/** A table retention reads along its primary key: where it starts, and any bound on the ids it may delete. */
interface Prunable {
  table: string;
  first: string | number;
  upTo?: string;
}

/** Signals are deleted only once counted; deliveries as they come. */
const signalsTable: Prunable = { table: 'signals', first: 0, upTo: '(SELECT last_id FROM signal_upkeep)' };
const deliveriesTable: Prunable = {
  table: 'signal_deliveries',
  first: '00000000-0000-0000-0000-000000000000',
};

/** Deletes the old rows of the window after $3 ($1 the cutoff, $2 the window). */
const pruneSql = ({ table, upTo }: Prunable) => `
  WITH head AS (SELECT id FROM ${table} WHERE id > $3${upTo ? ` AND id <= ${upTo}` : ''} ORDER BY id LIMIT $2),
  gone AS (DELETE FROM ${table} t USING head WHERE t.id = head.id AND t.received_at < $1 RETURNING 1)
  SELECT (SELECT id FROM head ORDER BY id DESC LIMIT 1) AS last, (SELECT count(*) FROM gone)::int AS deleted`;

/** What a run did. */
export interface UpkeepResult {
  /** Signals counted into signal_minutes. */
  counted: number;
  /** Rows deleted by retention (absent when it did not run). */
  pruned?: { signals: number; deliveries: number };
  /** False when the time ran out with work left (the next run goes on). */
  done: boolean;
}

/** Counts signals received before `before`, window by window, until done or past `deadline`. */
export async function countSignals(
  db: Queryable,
  before: Date,
  window: number,
  deadline: number,
): Promise<{ counted: number; done: boolean }> {
  let counted = 0;
  for (;;) {
    const { rows } = await db.query<{ counted: number; all_old: boolean }>(COUNT_SQL, [before, window]);
    counted += rows[0]!.counted;
    if (rows[0]!.all_old) return { counted, done: true };
    if (performance.now() >= deadline) return { counted, done: false };
  }
}

/**
 * Deletes `t`'s rows received before `cutoff`, window by window along the primary key. A window
 * with no old row ends the pass (the rest is newer); a stray newer row inside a window (written by
 * a server whose clock ran ahead) is passed over.
 */
async function prune(
  db: Queryable,
  t: Prunable,
  cutoff: Date,
  window: number,
  deadline: number,
): Promise<{ deleted: number; done: boolean }> {
  const sql = pruneSql(t);
  let after = t.first;
  let deleted = 0;
  for (;;) {
    const { rows } = await db.query<{ last: string | number | null; deleted: number }>(sql, [
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

/** Retention: deletes signals and deliveries received before `cutoff`. */
async function pruneOld(db: Queryable, cutoff: Date, window: number, deadline: number) {
  const s = await prune(db, signalsTable, cutoff, window, deadline);
  const d = await prune(db, deliveriesTable, cutoff, window, deadline);
  return { signals: s.deleted, deliveries: d.deleted, done: s.done && d.done };
}

/** Counts, and prunes when retention is on and its last full pass is an hour old (or unfinished). */
export async function upkeep(deps: UpkeepDeps): Promise<UpkeepResult> {
  const now = deps.clock.now();
  const window = deps.window ?? 5_000;
  const deadline = performance.now() + (deps.budgetMs ?? 20_000);
  const count = await countSignals(deps.pool, new Date(now.getTime() - COUNT_AFTER_MS), window, deadline);
  if (deps.days <= 0 || !count.done) return count;
  const { rows } = await deps.pool.query<{ pruned_at: Date | null }>('SELECT pruned_at FROM signal_upkeep');
  const last = rows[0]?.pruned_at;
  if (last && now.getTime() - last.getTime() < HOUR_MS) return count;
  const pruned = await pruneOld(deps.pool, new Date(now.getTime() - deps.days * DAY_MS), window, deadline);
  if (pruned.done) await deps.pool.query('UPDATE signal_upkeep SET pruned_at = $1', [now]);
  return {
    counted: count.counted,
    pruned: { signals: pruned.signals, deliveries: pruned.deliveries },
    done: pruned.done,
  };
}

const startOfMinute = (ms: number) => new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS);
const keyOf = (minute: Date) => `${UPKEEP_JOB}:${minute.toISOString()}`;

/**
 * Adds the upkeep run of the minute `at` falls in (due at its start). Its key is that minute, so
 * every instance and every restart adds the same job, and runs never multiply.
 */
export async function scheduleUpkeep(db: Queryable, at: Date): Promise<void> {
  const due = startOfMinute(at.getTime());
  await enqueue(db, [{ kind: UPKEEP_JOB, key: keyOf(due), runAt: due }]);
}

/**
 * Job `signal-upkeep` due at `runAt`: counts and prunes, adds the run of the next minute, and
 * removes the finished run of the same minute a day before (one job row a minute would otherwise
 * pile up).
 */
export async function runUpkeep(deps: UpkeepDeps, runAt: Date): Promise<UpkeepResult> {
  const result = await upkeep(deps);
  await scheduleUpkeep(deps.pool, new Date(deps.clock.now().getTime() + MINUTE_MS));
  const dayBefore = startOfMinute(runAt.getTime() - DAY_MS);
  await deps.pool.query('DELETE FROM jobs WHERE key = $1 AND done_at IS NOT NULL', [keyOf(dayBefore)]);
  return result;
}
