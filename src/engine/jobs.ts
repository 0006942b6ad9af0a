/**
 * Durable work as rows: every obligation (an escalation step, a message to send, a retry, an SLA
 * check) is a `jobs` row with a unique key and a due time, inserted in the same transaction as the
 * change that creates it. The worker (worker.ts) runs due rows; the row stays the truth, timers
 * only wake the worker.
 */
import { afterCommit, type Queryable } from '../db/pool.ts';

/** Channel announcing new jobs, with their due time, so sleeping workers wake early. */
export const JOBS_CHANNEL = 'expedite_jobs';

/** A job to run. */
export interface JobSpec {
  kind: string;
  /** Idempotency key: a second job with the same key is ignored. */
  key: string;
  runAt: Date;
  payload?: Record<string, unknown>;
}

/** A claimed job. */
export interface Job {
  id: number;
  kind: string;
  key: string;
  runAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Adds jobs (ignoring keys that exist) and announces the earliest due time; returns how many were new. */
export async function enqueue(db: Queryable, jobs: JobSpec[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const { rows } = await db.query<{ n: number; first: Date | null }>(
    `WITH added AS (
       INSERT INTO jobs (kind, key, run_at, payload)
       SELECT x.kind, x.key, x.run_at, coalesce(x.payload, '{}')
         FROM jsonb_to_recordset($1::jsonb) AS x(kind text, key text, run_at timestamptz, payload jsonb)
       ON CONFLICT (key) DO NOTHING
       RETURNING run_at)
     SELECT count(*)::int AS n, min(run_at) AS first FROM added`,
    [
      JSON.stringify(
        jobs.map((j) => ({ kind: j.kind, key: j.key, run_at: j.runAt, payload: j.payload ?? {} })),
      ),
    ],
  );
  const { n, first } = rows[0]!;
  if (first) await wake(db, first);
  return n;
}

/** Moves pending jobs whose key starts with `prefix` to `runAt` if they are due later (escalate now). */
export async function hurry(db: Queryable, prefix: string, runAt: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE jobs SET run_at = $2 WHERE key LIKE $1 || '%' AND done_at IS NULL AND run_at > $2`,
    [prefix, runAt],
  );
  if (rowCount) await wake(db, runAt);
  return rowCount ?? 0;
}

/** Tells sleeping workers, once the jobs are committed, that one is due at `at` (see afterCommit). */
function wake(db: Queryable, at: Date): Promise<void> {
  return afterCommit(db, async (conn) => {
    await conn.query('SELECT pg_notify($1, $2)', [JOBS_CHANNEL, String(at.getTime())]);
  });
}

/** Cancels pending jobs whose key starts with `prefix` (they are marked done without running). */
export async function cancelJobs(db: Queryable, prefix: string, at: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE jobs SET done_at = $2, last_error = 'cancelled' WHERE key LIKE $1 || '%' AND done_at IS NULL`,
    [prefix, at],
  );
  return rowCount ?? 0;
}
