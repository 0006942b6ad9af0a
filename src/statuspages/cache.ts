/**
 * The rendered status pages of one instance, kept in memory. One connection LISTENs on
 * `expedite_status_pages` (a page, component, maintenance or public update changed: drop
 * everything, so the next request reads afresh, on every instance within a round trip) and on
 * `expedite_events` (an incident changed: what is kept is rebuilt in the background, at most once a
 * second, while the kept copy is served). When the database is slow or down the kept copy is served
 * with its age rather than an error; without the LISTEN connection a copy is kept one second only.
 */
import type pg from 'pg';
import { afterCommit, type Queryable } from '../db/pool.ts';
import { EVENTS_CHANNEL } from '../realtime/announce.ts';

/** Channel announcing a change to what status pages show. */
export const STATUS_CHANNEL = 'expedite_status_pages';

/** The caches of this process by the pool they read through, told of their own instance's changes at once. */
const local = new WeakMap<pg.Pool, Set<StatusCache<unknown>>>();

/**
 * Tells every instance, once committed, that status pages changed; this instance's caches (those
 * on `pool`) at once, so that whoever made the change sees it on the next request.
 */
export function announceStatusChange(db: Queryable, pool: pg.Pool): Promise<void> {
  return afterCommit(db, async (conn) => {
    for (const cache of local.get(pool) ?? []) cache.invalidate('hard');
    await conn.query(`SELECT pg_notify('${STATUS_CHANNEL}', '*')`);
  });
}

interface Entry<T> {
  value: T;
  builtAt: number;
  /** Hard: changed, rebuild before serving. Soft: serve, rebuild in the background. */
  stale: 'no' | 'soft' | 'hard';
  building?: Promise<T> | undefined;
  /** When a rebuild last failed: the kept copy answers at once for a second after. */
  failedAt?: number;
  /** The staleness announced while a rebuild runs: the rebuilt copy starts with it. */
  dirty?: 'no' | 'soft' | 'hard';
}

/** What `get` answers: the value and, when served from an older copy, its age in seconds. */
export interface Cached<T> {
  value: T;
  ageSeconds: number;
  fromCache: boolean;
}

export class StatusCache<T> {
  #pool: pg.Pool;
  #entries = new Map<string, Entry<T>>();
  #client: pg.PoolClient | undefined;
  #connecting: Promise<void> | undefined;
  #stopped = false;
  #retry: NodeJS.Timeout | undefined;
  /** How long a request waits for a rebuild before the kept copy is served. */
  #waitMs: number;
  #now: () => number;

  constructor(pool: pg.Pool, opts: { waitMs?: number; now?: () => number } = {}) {
    this.#pool = pool;
    this.#waitMs = opts.waitMs ?? 1_500;
    this.#now = opts.now ?? Date.now;
    let caches = local.get(pool);
    if (!caches) local.set(pool, (caches = new Set()));
    caches.add(this);
  }

  /** Starts listening (once); failures retry in the background. */
  listen(): void {
    if (this.#stopped || this.#client || this.#connecting) return;
    this.#connecting = this.#connect()
      .catch(() => {
        this.#retry = setTimeout(() => this.listen(), 1_000);
      })
      .finally(() => (this.#connecting = undefined));
  }

  get listening(): boolean {
    return this.#client !== undefined;
  }

  async #connect(): Promise<void> {
    const client = await this.#pool.connect();
    client.on('notification', (msg) => this.invalidate(msg.channel === STATUS_CHANNEL ? 'hard' : 'soft'));
    client.on('error', () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      client.release(true);
      this.invalidate('hard');
      if (!this.#stopped) this.#retry = setTimeout(() => this.listen(), 500);
    });
    try {
      await client.query(`LISTEN ${STATUS_CHANNEL}`);
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      client.release(true);
      throw err;
    }
    this.#client = client;
    // Anything kept before listening may have missed a change.
    this.invalidate('hard');
  }

  /** Marks every kept copy stale. */
  invalidate(how: 'soft' | 'hard'): void {
    for (const e of this.#entries.values()) {
      if (e.stale !== 'hard') e.stale = how;
      if (e.building && e.dirty !== 'hard') e.dirty = how;
    }
  }

  /**
   * The value of `key`, built by `build` when none is kept or it is stale. A rebuild that fails or
   * takes over the wait serves the kept copy; with none kept, the failure is thrown.
   */
  async get(key: string, build: () => Promise<T>): Promise<Cached<T>> {
    this.listen();
    const now = this.#now();
    const e = this.#entries.get(key);
    if (e && !this.listening && e.stale === 'no' && now - e.builtAt >= 1_000) e.stale = 'hard';
    if (e && e.stale === 'no') return { value: e.value, ageSeconds: 0, fromCache: true };
    if (e && e.stale === 'soft') {
      if (now - e.builtAt >= 1_000) void this.#rebuild(key, e, build).catch(() => {});
      return { value: e.value, ageSeconds: 0, fromCache: true };
    }
    if (!e) {
      const value = await build();
      this.#entries.set(key, { value, builtAt: this.#now(), stale: 'no' });
      return { value, ageSeconds: 0, fromCache: false };
    }
    if (e.failedAt !== undefined && now - e.failedAt < 1_000 && !e.building)
      return { value: e.value, ageSeconds: Math.floor((now - e.builtAt) / 1000), fromCache: true };
    const rebuilt = this.#rebuild(key, e, build);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>(
      (resolve) => (timer = setTimeout(() => resolve(undefined), this.#waitMs)),
    );
    try {
      const value = await Promise.race([rebuilt, late]);
      if (value !== undefined) return { value, ageSeconds: 0, fromCache: false };
    } catch {
      // The database is out of reach: the kept copy answers.
    } finally {
      clearTimeout(timer);
    }
    return { value: e.value, ageSeconds: Math.floor((this.#now() - e.builtAt) / 1000), fromCache: true };
  }

  #rebuild(key: string, e: Entry<T>, build: () => Promise<T>): Promise<T> {
    if (e.building) return e.building;
    e.dirty = 'no';
    e.building = build()
      .then((value) => {
        // A change announced while building makes this copy stale again.
        this.#entries.set(key, { value, builtAt: this.#now(), stale: e.dirty ?? 'no' });
        return value;
      })
      .catch((err: unknown) => {
        e.failedAt = this.#now();
        throw err;
      })
      .finally(() => (e.building = undefined));
    return e.building;
  }

  /** Forgets `key` (a page removed). */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    local.get(this.#pool)?.delete(this);
    clearTimeout(this.#retry);
    await this.#connecting;
    const client = this.#client;
    this.#client = undefined;
    if (client) {
      await client.query(`UNLISTEN *`).catch(() => {});
      client.release();
    }
  }
}
