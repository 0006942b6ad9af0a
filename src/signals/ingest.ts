/**
 * The ingest pipeline: verify and parse a delivery with its adapter, route its signals, then hand
 * it to the writer, which commits deliveries in batches (a group commit: while one batch is being
 * written the next gathers) and resolves each caller only after its batch committed. Durable before
 * the 2xx, at a fraction of a transaction per request.
 *
 * One writer per instance: repeats of the same alerts lock the same rows, so parallel writers would
 * only queue on each other. Several instances still write in
 * parallel. Batches are written in arrival order.
 */
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import { HeldConnection } from '../db/held-connection.ts';
import { adapters } from './integrations/index.ts';
import {
  DeliveryError,
  type Adapter,
  type AdapterSettings,
  type DeliveryRequest,
  type ParsedDelivery,
} from './integrations/types.ts';
import { newDeliveryId } from './delivery-id.ts';
import { cleanStrings, mayNeedCleaning } from './request-body.ts';
import { writeBatch, type Submission } from './flush.ts';
import { route, type RoutedSignal } from './routing.ts';
import { activeSilences } from './silences.ts';
import { StatisticsRefresher, type StatisticsOptions } from './statistics.ts';
import type { IntegrationRecord } from './store.ts';

/** What the sender is told about an accepted delivery. */
export interface Accepted {
  deliveryId: string;
  signals: number;
  /** True when this delivery id was seen before: nothing new was written. */
  duplicate: boolean;
  /** The dedup keys, in order (PagerDuty answers with its event's). */
  dedupKeys: string[];
}

interface Pending {
  sub: Submission;
  /** Written in a batch of its own (after its batch failed, or the second part of a split). */
  alone?: boolean;
  resolve(duplicate: boolean): void;
  reject(err: unknown): void;
}

const MAX_BATCH_SIGNALS = 5_000;
const RETRYABLE = new Set(['40001', '40P01']);

/** Writes accepted deliveries in batches; one per app instance. */
export class Ingester {
  #pool: pg.Pool;
  #clock: Clock;
  /** The writer's connection, kept while it writes: its plans stay warm (ADR 0016). */
  #connection: HeldConnection;
  #queue: Pending[] = [];
  /** The writer, while it runs. */
  #writer: Promise<void> | null = null;
  #statistics: StatisticsRefresher;
  /** Totals since start (metrics and the bench read them). */
  readonly totals = { signals: 0, batches: 0, incidentsOpened: 0, pages: 0 };

  constructor(pool: pg.Pool, clock: Clock, statistics?: StatisticsOptions) {
    this.#pool = pool;
    this.#clock = clock;
    this.#connection = new HeldConnection(pool);
    this.#statistics = new StatisticsRefresher(pool, statistics);
  }

  /**
   * Parses, routes and durably stores one delivery for `integration`; throws DeliveryError. A
   * delivery `parsed` by the caller (another vendor's format) skipped the integration's signature
   * check, so it is refused when the integration has a signing secret.
   */
  async accept(
    integration: IntegrationRecord,
    req: DeliveryRequest,
    parsed?: ParsedDelivery,
  ): Promise<Accepted> {
    const adapter = adapters[integration.type];
    const settings = { signingSecret: integration.signingSecret, mapping: integration.mapping };
    if (parsed && integration.signingSecret !== null)
      throw new DeliveryError('unauthorized', 'this integration accepts signed deliveries only');
    const raw = parsed ?? parseWith(adapter, req, settings);
    // PostgreSQL takes neither NUL nor lone surrogates, and one would fail a whole batch.
    const delivery = mayNeedCleaning(req.rawBody) ? cleanStrings(raw) : raw;
    const receivedAt = new Date(req.nowMs);
    const silences = await activeSilences(this.#pool, req.nowMs);
    const rules = [...integration.rules, ...integration.serviceRules];
    const at = { integrationId: integration.id, serviceId: integration.serviceId, nowMs: req.nowMs };
    const signals: RoutedSignal[] = delivery.signals.map((s) => ({ ...s, ...route(s, rules, silences, at) }));
    const sub: Submission = {
      integration,
      deliveryId: newDeliveryId(),
      externalId: delivery.externalId,
      receivedAt,
      signals,
    };
    const duplicate = await this.#submit(sub);
    return {
      deliveryId: sub.deliveryId,
      signals: signals.length,
      duplicate,
      dedupKeys: signals.map((s) => s.dedupKey),
    };
  }

  #submit(sub: Submission): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ sub, resolve, reject });
      this.#writer ??= this.#drain().finally(() => (this.#writer = null));
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#takeBatch();
      try {
        const result = await this.#flushWithRetry(batch.map((p) => p.sub));
        this.totals.batches++;
        this.totals.incidentsOpened += result.incidentsOpened;
        this.totals.pages += result.pages;
        let written = 0;
        for (const p of batch) {
          const duplicate = result.duplicates.has(p.sub.deliveryId);
          if (!duplicate) written += p.sub.signals.length;
          p.resolve(duplicate);
        }
        this.totals.signals += written;
        this.#statistics.written(written);
      } catch (err) {
        if (batch.length === 1) {
          batch[0]!.reject(err);
          continue;
        }
        // One bad delivery must not fail the others: write them one by one.
        this.#queue.unshift(...batch.map((p) => ({ ...p, alone: true })));
      }
    }
  }

  /**
   * The next batch, in arrival order: it ends before a delivery that would trigger a key resolved
   * earlier in the batch (so one batch never needs two alerts for one key), or at the size cap.
   */
  #takeBatch(): Pending[] {
    const resolved = new Set<string>();
    let signals = 0;
    let n = 0;
    if (retriggers(this.#queue[0]!.sub)) return this.#splitFirst();
    if (this.#queue[0]!.alone) return this.#queue.splice(0, 1);
    for (; n < this.#queue.length; n++) {
      if (n > 0 && this.#queue[n]!.alone) break;
      const sub = this.#queue[n]!.sub;
      if (n > 0 && signals + sub.signals.length > MAX_BATCH_SIGNALS) break;
      const conflict = sub.signals.some(
        (s) => s.action === 'trigger' && resolved.has(`${sub.integration.id}\u0000${s.dedupKey}`),
      );
      if (n > 0 && conflict) break;
      if (n > 0 && retriggers(sub)) break;
      for (const s of sub.signals)
        if (s.action === 'resolve') resolved.add(`${sub.integration.id}\u0000${s.dedupKey}`);
      signals += sub.signals.length;
    }
    return this.#queue.splice(0, n);
  }

  /** Splits the first queued delivery at its first re-trigger; the rest stays queued first. */
  #splitFirst(): Pending[] {
    const first = this.#queue[0]!;
    const resolved = new Set<string>();
    const cut = first.sub.signals.findIndex((s) => {
      if (s.action === 'resolve') resolved.add(s.dedupKey);
      return s.action === 'trigger' && resolved.has(s.dedupKey);
    });
    const head: Submission = { ...first.sub, signals: first.sub.signals.slice(0, cut) };
    // The tail keeps a derived delivery id, so a redelivery skips both parts.
    const tail: Submission = {
      ...first.sub,
      deliveryId: newDeliveryId(),
      externalId: first.sub.externalId === null ? null : `${first.sub.externalId}#2`,
      signals: first.sub.signals.slice(cut),
    };
    // The head goes now, the tail next; the caller is answered when the tail is written, or told
    // at once when the head fails (the tail is then not written).
    const rest: Pending = { ...first, sub: tail, alone: true };
    this.#queue[0] = rest;
    return [
      {
        sub: head,
        resolve: () => {},
        reject: (err) => {
          const at = this.#queue.indexOf(rest);
          if (at >= 0) this.#queue.splice(at, 1);
          first.reject(err);
        },
      },
    ];
  }

  async #flushWithRetry(batch: Submission[]) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#connection.use((db) => writeBatch(db, batch, this.#clock.now()));
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  }

  /** Resolves when everything queued so far is written (and a running ANALYZE has finished). */
  async idle(): Promise<void> {
    while (this.#writer) await this.#writer;
    await this.#statistics.idle();
  }

  /** Writes what is queued, then gives the writer's connection back (before the pool closes). */
  async close(): Promise<void> {
    await this.idle();
    await this.#connection.release();
  }
}

/** True when a delivery fires a key again after resolving it (it is then written in two parts). */
function retriggers(sub: Submission): boolean {
  const resolved = new Set<string>();
  for (const s of sub.signals) {
    if (s.action === 'resolve') resolved.add(s.dedupKey);
    else if (s.action === 'trigger' && resolved.has(s.dedupKey)) return true;
  }
  return false;
}

/** Verifies the signature (when the integration has a secret), then parses. */
function parseWith(adapter: Adapter, req: DeliveryRequest, settings: AdapterSettings): ParsedDelivery {
  adapter.verify?.(req, settings);
  return adapter.parse(req, settings);
}
