/** How a claimed job ended, written back to its row by the worker (worker.ts). */
import type pg from 'pg';
import type { Job } from './jobs.ts';
import { PermanentJobError, type WorkerOptions } from './worker-options.ts';

/** Marks `job` done, given up, or due again with backoff; only while this claim still holds it. */
export async function recordOutcome(
  pool: pg.Pool,
  job: Job,
  failure: { err: unknown } | undefined,
  opts: { now: Date; maxAttempts: number; onGiveUp: WorkerOptions['onGiveUp'] },
): Promise<void> {
  const { now } = opts;
  const fenced = 'WHERE id = $1 AND attempts = $2';
  if (!failure) {
    await pool.query(`UPDATE jobs SET done_at = $3, locked_until = NULL ${fenced}`, [
      job.id,
      job.attempts,
      now,
    ]);
    return;
  }
  const { err } = failure;
  const message = err instanceof Error ? err.message : String(err);
  const permanent = err instanceof PermanentJobError || job.attempts >= opts.maxAttempts;
  if (permanent) {
    const { rowCount } = await pool.query(
      `UPDATE jobs SET done_at = $3, locked_until = NULL, last_error = $4 ${fenced}`,
      [job.id, job.attempts, now, message],
    );
    if (rowCount) await opts.onGiveUp?.(job, err);
    return;
  }
  // Exponential backoff: 1 s, 2 s, 4 s … capped at 5 minutes.
  const delay = Math.min(1000 * 2 ** (job.attempts - 1), 300_000);
  await pool.query(`UPDATE jobs SET run_at = $3, locked_until = NULL, last_error = $4 ${fenced}`, [
    job.id,
    job.attempts,
    new Date(now.getTime() + delay),
    message,
  ]);
}
