/**
 * Keeps PostgreSQL's statistics on the alert tables fresh while this instance fills them (ADR 0016).
 *
 * The writer's statements are planned once per connection. A plan made while `alerts` had no
 * statistics yet (a new install) may read every open alert where it should look one up: cheap
 * while the table is small, slower with every alert a storm opens (step 1 of `ingest_triggers`
 * did, until it became a subquery per alert), and it stays until autovacuum's ANALYZE (up to a
 * minute later) makes PostgreSQL plan again. So the writer runs ANALYZE itself, each time the
 * signals it has written since start double: after the first `firstAfter`, then twice as many,
 * and so on (a handful of runs in a storm, about twenty in a billion signals). Only the columns
 * that queries filter and join on are sampled (cheap, so no batch waits noticeably behind it); it
 * runs in the background, one at a time, and a failure is only reported.
 */
import type pg from 'pg';

const ANALYZE =
  'ANALYZE alerts (id, integration_id, dedup_key, status, group_id, incident_id, first_seen_at, resolved_at), alert_groups';

export interface StatisticsOptions {
  /** Signals written before the first ANALYZE (default 1,000). */
  firstAfter?: number;
  /** Told when an ANALYZE fails (the writer goes on). */
  onError?: (err: unknown) => void;
}

export class StatisticsRefresher {
  #pool: pg.Pool;
  #onError: (err: unknown) => void;
  #written = 0;
  #next: number;
  #running: Promise<void> | null = null;

  constructor(pool: pg.Pool, opts: StatisticsOptions = {}) {
    this.#pool = pool;
    this.#next = opts.firstAfter ?? 1_000;
    this.#onError = opts.onError ?? (() => {});
  }

  /** Counts `signals` just written, and starts ANALYZE when their total has reached the next mark. */
  written(signals: number): void {
    this.#written += signals;
    if (this.#running || this.#written < this.#next) return;
    this.#next = this.#written * 2;
    this.#running = this.#pool
      .query(ANALYZE)
      .then(() => {}, this.#onError)
      .finally(() => (this.#running = null));
  }

  /** Resolves when no ANALYZE is running. */
  async idle(): Promise<void> {
    await this.#running;
  }
}
