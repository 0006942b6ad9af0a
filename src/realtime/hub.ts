/**
 * The event hub of one server instance: a single PostgreSQL connection LISTENs on
 * `expedite_events` and hands each announced event to the local subscribers (SSE streams). Every
 * change is announced on the database (announce.ts), so all instances on it see the same events.
 * It connects on first use; a lost connection is re-opened with backoff, and subscribers get a
 * `resync` event so they refetch what they may have missed.
 */
import type pg from 'pg';
import { EVENTS_CHANNEL as CHANNEL, type AnnouncedEvent } from './announce.ts';

/** An announced event, or `resync`: events may have been missed, refetch. */
export type HubEvent = AnnouncedEvent | { type: 'resync' };

type Listener = (event: HubEvent) => void;

/** Fan-out of database notifications to in-process listeners. */
export class EventHub {
  #pool: pg.Pool;
  #client: pg.PoolClient | undefined;
  #starting: Promise<void> | undefined;
  #listeners = new Set<Listener>();
  #stopped = false;
  #retryMs = 100;
  #timer: NodeJS.Timeout | undefined;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Resolves once this instance is listening (connecting on first call). */
  ensureStarted(): Promise<void> {
    this.#stopped = false;
    this.#starting ??= this.#connect().catch((err: unknown) => {
      this.#starting = undefined;
      throw err;
    });
    return this.#starting;
  }

  async #connect(): Promise<void> {
    const client = await this.#pool.connect();
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      let events: unknown;
      try {
        events = JSON.parse(msg.payload);
      } catch {
        return; // not ours
      }
      if (Array.isArray(events)) for (const e of events as AnnouncedEvent[]) this.#emit(e);
    });
    client.on('error', () => this.#onBroken(client));
    try {
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      client.release(true);
      throw err;
    }
    this.#client = client;
    this.#retryMs = 100;
  }

  #onBroken(client: pg.PoolClient): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#starting = undefined;
    client.release(true);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.ensureStarted()
        .then(() => this.#emit({ type: 'resync' }))
        .catch(() => {
          this.#retryMs = Math.min(this.#retryMs * 2, 5_000);
          this.#scheduleReconnect();
        });
    }, this.#retryMs);
  }

  #emit(event: HubEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** How many listeners are attached. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Closes the LISTEN connection. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#starting?.catch(() => {});
    const client = this.#client;
    this.#client = undefined;
    this.#starting = undefined;
    if (client) {
      await client.query(`UNLISTEN ${CHANNEL}`).catch(() => {});
      client.release();
    }
  }
}
