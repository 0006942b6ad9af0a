/**
 * One pooled connection kept by a single sequential user (the ingest writer) while it is busy.
 * PostgreSQL keeps prepared statements and the plans of PL/pgSQL functions per connection; a user
 * taking whichever pooled connection is free meets connections without them now and then (a new
 * one opened after the pool closed idle ones), and planning `ingest_triggers` there cost many times
 * a call with its plans kept (ADR 0016). Held, the connection keeps its plans; it goes back to the
 * pool after `holdMs` unused, so an idle server still keeps only its listeners' connections.
 */
import pg from 'pg';

/** True when the connection is still usable after `err` (an ordinary statement error). */
function survives(err: unknown): boolean {
  return err instanceof pg.DatabaseError && err.severity === 'ERROR';
}

export class HeldConnection {
  readonly #pool: pg.Pool;
  readonly #holdMs: number;
  /** The connection while held (or being connected). */
  #held: Promise<pg.PoolClient> | null = null;
  /** Its error listener (removed when it goes back to the pool). */
  #onError: ((err: Error) => void) | null = null;
  #timer: NodeJS.Timeout | null = null;
  #busy = false;

  constructor(pool: pg.Pool, holdMs = 5_000) {
    this.#pool = pool;
    this.#holdMs = holdMs;
  }

  /** Runs `fn` on the held connection (connecting first if needed); one call at a time. */
  async use<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.#busy) throw new Error('HeldConnection.use: already in use');
    this.#busy = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    try {
      const held = (this.#held ??= this.#connect());
      const client = await held;
      try {
        return await fn(client);
      } catch (err) {
        if (!survives(err)) this.#giveBack(held, client, err);
        throw err;
      }
    } finally {
      this.#busy = false;
      if (this.#held) this.#timer = setTimeout(() => void this.release(), this.#holdMs).unref();
    }
  }

  /** Gives the connection back to the pool now, unless in use (a later `use` takes one again). */
  async release(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const held = this.#held;
    if (!held || this.#busy) return;
    const client = await held.catch(() => null);
    if (client) this.#giveBack(held, client);
  }

  #connect(): Promise<pg.PoolClient> {
    const held: Promise<pg.PoolClient> = this.#pool.connect().then((client) => {
      // Checked out, a connection has no listener of the pool's: one lost while held (a database
      // restart) must not crash the process; it is dropped and the next use connects again.
      this.#onError = (err: Error) => this.#giveBack(held, client, err);
      client.on('error', this.#onError);
      return client;
    });
    // A failed connect is not kept: the next use tries again.
    held.catch(() => {
      if (this.#held === held) this.#held = null;
    });
    return held;
  }

  /** Returns `client` to the pool (destroyed when `err` is given), if it is still the one held. */
  #giveBack(held: Promise<pg.PoolClient>, client: pg.PoolClient, err?: unknown): void {
    if (this.#held !== held) return;
    this.#held = null;
    if (this.#onError) client.removeListener('error', this.#onError);
    this.#onError = null;
    client.release(err === undefined ? undefined : err instanceof Error ? err : true);
  }
}
