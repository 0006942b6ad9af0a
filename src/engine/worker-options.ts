/** What the worker (worker.ts) is configured with: handlers by job kind, limits, lease and polling. */
import type { Job } from './jobs.ts';

/** Runs one job. Throwing means "try again later" (with backoff), up to `maxAttempts`. */
export type Handler = (job: Job) => Promise<void>;

/** Tells the worker a job will never succeed: it is ended at once (and `onGiveUp` runs). */
export class PermanentJobError extends Error {}

export interface WorkerOptions {
  handlers: Record<string, Handler>;
  /** Called when a job is given up (permanent error or attempts exhausted). */
  onGiveUp?: (job: Job, err: unknown) => Promise<void>;
  /**
   * Jobs run at once per instance; by default 8, and at most the pool's size less two (the
   * listening connection, and one for requests), so running jobs never hold every connection.
   */
  concurrency?: number;
  maxAttempts?: number;
  /**
   * How long a claim lasts without renewal before another instance may take the job; renewed every
   * third of it while the job runs. Short, so a dead instance's job waits seconds, not a minute.
   */
  leaseMs?: number;
  /** Who holds the jobs this worker claims (`jobs.locked_by`); host and process id by default. */
  instance?: string;
  /** Safety-net poll interval. */
  pollMs?: number;
  onError?: (err: unknown) => void;
}
