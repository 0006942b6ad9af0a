/**
 * Values read from the database and remembered briefly by this instance, where reading them on
 * every use would cost a round trip on a hot path: the policy in force (declaring), who a bearer
 * secret belongs to (every signed-in request), the active silences (every delivery).
 *
 * A change made through this instance calls `forgetAfterCommit`: once the change commits, all is
 * forgotten, including a read still in flight, so nothing read before the change is used after it.
 * A change made through another instance applies here within `ttlMs`. Reads of one key at the same
 * time share one query. An `undefined` answer, or a failed read, is not kept.
 */
import { afterCommit, type Queryable } from './pool.ts';

interface Entry<V> {
  value: Promise<V | undefined>;
  /** performance.now() when the read began. */
  at: number;
  /** Past this (ms since the epoch, by the caller's clock) the value is not used, whatever its age. */
  until: number | null;
  /** Which forgetting it was read after: one read across a later forgetting is not used. */
  generation: number;
}

export class Recent<K, V> {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #until?: (value: V) => number | null;
  readonly #entries = new Map<K, Entry<V>>();
  #generation = 0;

  /** `until` tells when a value stops being valid by itself (a token's expiry). */
  constructor(ttlMs: number, opts: { max?: number; until?: (value: V) => number | null } = {}) {
    this.#ttlMs = ttlMs;
    this.#max = opts.max ?? 10_000;
    this.#until = opts.until;
  }

  /** The value remembered for `key`, or what `read` answers; `nowMs` is checked against `until`. */
  get(key: K, read: () => Promise<V | undefined>, nowMs = Date.now()): Promise<V | undefined> {
    const hit = this.#entries.get(key);
    const t = performance.now();
    if (
      hit &&
      hit.generation === this.#generation &&
      t - hit.at < this.#ttlMs &&
      (hit.until === null || hit.until > nowMs)
    )
      return hit.value;
    if (this.#entries.size >= this.#max) this.#entries.clear();
    const generation = this.#generation;
    const entry: Entry<V> = { value: read(), at: t, until: null, generation };
    this.#entries.set(key, entry);
    const drop = () => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    };
    entry.value.then((v) => {
      if (v === undefined) drop();
      else entry.until = this.#until?.(v) ?? null;
    }, drop);
    return entry.value;
  }

  /** Forgets everything now. */
  forget(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** Forgets everything once what `db` wrote commits (at once outside a transaction). */
  async forgetAfterCommit(db: Queryable): Promise<void> {
    await afterCommit(db, async () => this.forget());
  }
}
