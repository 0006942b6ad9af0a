/**
 * The worker: claims due jobs with `FOR UPDATE SKIP LOCKED` (so several instances share the work
 * and none runs a job twice at once), runs their handlers, and marks them done, or due again with
 * backoff on failure. Between runs it sleeps until the next due time — woken early by a
 * notification when an earlier job is added — and polls every few seconds as a safety net.
 *
 * A claimed job is leased for a few seconds, and the lease is renewed while the job runs (ADR 0019):
 * a job whose instance died is taken by another as soon as its lease ends, and workers wake for
 * that moment. The claim's attempt number fences the holder's later writes, so an instance that
 * lost its lease (stalled, or cut off from the database) cannot end or reschedule the job under
 * its new holder. A failure to record an outcome (the database gone) leaves the job leased: it
 * runs again once the lease ends, so nothing is lost to an outage and nothing rejects unhandled.
 */
import { hostname } from 'node:os';
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import { JOBS_CHANNEL, type Job } from './jobs.ts';
import { recordOutcome } from './job-outcome.ts';
import { PermanentJobError, type WorkerOptions } from './worker-options.ts';

export { PermanentJobError, type Handler, type WorkerOptions } from './worker-options.ts';

const MAX_TIMER_MS = 2_147_000_000;

/** The job runner of one instance. */
export class Worker {
  #pool: pg.Pool;
  #clock: Clock;
  #opts: Required<Omit<WorkerOptions, 'onGiveUp' | 'onError'>> & Pick<WorkerOptions, 'onGiveUp' | 'onError'>;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #poll: NodeJS.Timeout | undefined;
  #listener: pg.PoolClient | undefined;
  /** Listening again after a lost connection, while it connects. */
  #relisten: Promise<void> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;
  #inFlight = new Set<Promise<void>>();
  /** The jobs running here, by id, as claimed (their attempt number fences later writes). */
  #held = new Map<number, Job>();
  #renewal: NodeJS.Timeout | undefined;

  constructor(pool: pg.Pool, clock: Clock, opts: WorkerOptions) {
    this.#pool = pool;
    this.#clock = clock;
    const concurrency = Math.max(1, Math.min(8, (pool.options.max ?? 10) - 2));
    this.#opts = {
      concurrency,
      maxAttempts: 10,
      leaseMs: 6_000,
      pollMs: 5_000,
      instance: `${hostname()}:${process.pid}`,
      ...opts,
    };
  }

  /**
   * Starts listening and running due jobs. `sole`: no other instance can be running (the embedded
   * database belongs to this server), so jobs leased before a crash are free to take at once.
   */
  async start(opts: { sole?: boolean } = {}): Promise<void> {
    this.#stopped = false;
    if (opts.sole)
      await this.#pool.query(
        'UPDATE jobs SET locked_until = NULL WHERE done_at IS NULL AND locked_until IS NOT NULL',
      );
    await this.#listen();
    this.#poll = setInterval(() => {
      // A lost listening connection (database restart) is opened again at the next poll.
      if (!this.#listener && !this.#stopped && !this.#relisten)
        this.#relisten = this.#listen()
          .catch(() => {})
          .finally(() => (this.#relisten = undefined));
      this.kick();
    }, this.#opts.pollMs);
    this.#renewal = setInterval(() => void this.#renew(), this.#opts.leaseMs / 3);
    this.kick();
  }

  /**
   * Extends the lease of every job running here. A failed renewal (the database out of reach) is
   * let go: the lease may lapse, and the job is then run again by whoever claims it next.
   */
  async #renew(): Promise<void> {
    if (this.#held.size === 0) return;
    const jobs = [...this.#held.values()];
    await this.#db()
      .query(
        `UPDATE jobs SET locked_until = $1
           FROM unnest($2::bigint[], $3::int[]) AS h(id, attempts)
          WHERE jobs.id = h.id AND jobs.attempts = h.attempts AND jobs.done_at IS NULL`,
        [
          new Date(this.#clock.now().getTime() + this.#opts.leaseMs),
          jobs.map((j) => j.id),
          jobs.map((j) => j.attempts),
        ],
      )
      .catch(() => {});
  }

  async #listen(): Promise<void> {
    const client = await this.#pool.connect();
    client.on('notification', (msg) => {
      if (msg.channel === JOBS_CHANNEL) this.#wakeAt(Number(msg.payload));
    });
    client.on('error', () => {
      if (this.#listener !== client) return;
      this.#listener = undefined;
      client.release(true);
    });
    try {
      await client.query(`LISTEN ${JOBS_CHANNEL}`);
    } catch (err) {
      client.release(true);
      throw err;
    }
    if (this.#stopped) client.release(true);
    else this.#listener = client;
  }

  /** Whether the worker is listening for new jobs (else it finds them by polling alone). */
  get listening(): boolean {
    return this.#listener !== undefined;
  }

  /** The PostgreSQL backend it listens on (another one after the connection was opened again). */
  get listenerPid(): number | undefined {
    return (this.#listener as { processID?: number } | undefined)?.processID;
  }

  /**
   * Where the polling queries go: the listening connection while it is up (an idle server then
   * holds one PostgreSQL backend, not two), else the pool.
   */
  #db(): Pick<pg.Pool, 'query'> {
    return this.#listener ?? this.#pool;
  }

  /** Stops taking jobs and waits for those running. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearInterval(this.#poll);
    await this.#running;
    await Promise.all(this.#inFlight);
    clearInterval(this.#renewal);
    await this.#relisten;
    const client = this.#listener;
    this.#listener = undefined;
    if (client) {
      await client.query(`UNLISTEN ${JOBS_CHANNEL}`).catch(() => {});
      client.release();
    }
  }

  /** Runs due jobs now (and again until none is due). Tests call it after moving the clock. */
  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop()
      .catch((err: unknown) => this.#opts.onError?.(err))
      .finally(() => (this.#running = undefined));
  }

  /** Runs every job due now and waits for them; returns how many ran (for tests and benchmarks). */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.#claimAndRun();
      if (n === 'busy') continue;
      total += n;
      if (n > 0) continue;
      if (this.#inFlight.size === 0) break;
      // Jobs still running may add jobs due now: wait for them, then look again.
      await Promise.all(this.#inFlight);
    }
    return total;
  }

  async #loop(): Promise<void> {
    for (;;) {
      this.#again = false;
      while (!this.#stopped && (await this.#claimAndRun()) !== 0) {
        /* keep going while jobs are due */
      }
      if (this.#stopped) return;
      await this.#sleepUntilNext();
      // A kick while this loop was running (a job finished, or the next one fell due while
      // looking it up) would otherwise be lost: go round again.
      if (!this.#again) return;
    }
  }

  /** Claims and starts the jobs due now (as many as there is room for); 'busy' when there was none. */
  async #claimAndRun(): Promise<number | 'busy'> {
    const free = this.#opts.concurrency - this.#inFlight.size;
    if (free <= 0) {
      await Promise.race(this.#inFlight);
      return 'busy';
    }
    const now = this.#clock.now();
    const { rows } = await this.#db().query<Job & { run_at: Date }>(
      `UPDATE jobs SET locked_until = $2, locked_by = $4, attempts = attempts + 1, started_at = $1
        WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $1
                       AND (locked_until IS NULL OR locked_until <= $1)
                      ORDER BY run_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, key, run_at, payload, attempts`,
      [now, new Date(now.getTime() + this.#opts.leaseMs), free, this.#opts.instance],
    );
    for (const r of rows) {
      const job: Job = {
        id: r.id,
        kind: r.kind,
        key: r.key,
        runAt: r.run_at,
        payload: r.payload,
        attempts: r.attempts,
      };
      this.#held.set(job.id, job);
      const p: Promise<void> = this.#run(job).finally(() => {
        this.#held.delete(job.id);
        this.#inFlight.delete(p);
        if (!this.#stopped) this.kick();
      });
      this.#inFlight.add(p);
    }
    return rows.length;
  }

  /** Runs `job` and records how it went; never rejects (see the class comment). */
  async #run(job: Job): Promise<void> {
    const handler = this.#opts.handlers[job.kind];
    let failure: { err: unknown } | undefined;
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind "${job.kind}"`);
      await handler(job);
    } catch (err) {
      failure = { err };
    }
    try {
      await recordOutcome(this.#pool, job, failure, {
        now: this.#clock.now(),
        maxAttempts: this.#opts.maxAttempts,
        onGiveUp: this.#opts.onGiveUp,
      });
    } catch (err) {
      this.#opts.onError?.(err);
    }
  }

  async #sleepUntilNext(): Promise<void> {
    // The next free job's due time, and the end of the first lease held elsewhere: if its holder
    // has died, the job is free then.
    const { rows } = await this.#db().query<{ next: Date | null; lease: Date | null }>(
      `SELECT (SELECT run_at FROM jobs WHERE done_at IS NULL AND (locked_until IS NULL OR locked_until <= $1)
                ORDER BY run_at LIMIT 1) AS next,
              (SELECT min(locked_until) FROM jobs WHERE done_at IS NULL AND locked_until > $1
                  AND locked_by IS DISTINCT FROM $2) AS lease`,
      [this.#clock.now(), this.#opts.instance],
    );
    const { next, lease } = rows[0] ?? { next: null, lease: null };
    if (next) this.#wakeAt(next.getTime());
    if (lease) this.#wakeAt(lease.getTime());
  }

  /** Makes sure the worker wakes by `ms` (epoch milliseconds). */
  #wakeAt(ms: number): void {
    if (this.#stopped || !Number.isFinite(ms)) return;
    const wait = Math.min(Math.max(0, ms - this.#clock.now().getTime()), MAX_TIMER_MS);
    if (wait === 0) {
      this.kick();
      return;
    }
    // Keep the earlier of the current timer and this one.
    const at = performance.now() + wait;
    if (this.#timer && at >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.kick();
    }, wait);
  }
}
