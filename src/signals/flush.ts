/**
 * One batch of accepted deliveries written at once: the deliveries (a redelivery of a known
 * delivery id is recognised and skipped), the alerts they trigger, acknowledge or resolve
 * (deduplicated by key while open), every signal verbatim, then grouping into incidents.
 * The caller answers the senders only after this commits. Most batches (repeats and new alerts
 * joining open incidents) are one statement, `ingest_triggers`; the rest are one transaction.
 */
import type pg from 'pg';
import type { IntegrationRecord } from './store.ts';
import type { RoutedSignal } from './routing.ts';
import { openStatuses } from '../incidents/store.ts';
import { inTransaction } from '../db/pool.ts';
import { applyGrouping, type FoldedTrigger, type GroupWork } from './grouping.ts';
import { mergeRepeat } from './merge.ts';

/** A signal with its routing decided. */

/** One accepted delivery waiting to be written. */
export interface Submission {
  integration: IntegrationRecord;
  deliveryId: string;
  externalId: string | null;
  receivedAt: Date;
  signals: RoutedSignal[];
}

/** What a flush did, per submission and in all. */
export interface FlushResult {
  /** Delivery ids recognised as redeliveries (nothing written for them). */
  duplicates: Set<string>;
  incidentsOpened: number;
  pages: number;
}

interface AlertRow {
  id: string;
  integration_id: string;
  dedup_key: string;
  group_id: string | null;
  incident_id: string | null;
  suppressed_by: string | null;
}

const keyOf = (integrationId: string, dedupKey: string) => `${integrationId}\u0000${dedupKey}`;

const deliveryColumns = `x.id, x.integration_id, x.received_at, x.external_id, 'accepted', x.signal_count
  FROM json_to_recordset($1::json)
    AS x(id uuid, integration_id uuid, received_at timestamptz, external_id text, signal_count int)`;

function deliveryRows(subs: Submission[]): string {
  return JSON.stringify(
    subs.map((s) => ({
      id: s.deliveryId,
      integration_id: s.integration.id,
      received_at: s.receivedAt,
      external_id: s.externalId,
      signal_count: s.signals.length,
    })),
  );
}

function signalRows(subs: Submission[], keep: (s: RoutedSignal) => boolean, alertIds?: Map<string, string>) {
  return JSON.stringify(
    subs.flatMap((sub) =>
      sub.signals.filter(keep).map((s) => ({
        integration_id: sub.integration.id,
        delivery_id: sub.deliveryId,
        alert_id: alertIds?.get(keyOf(sub.integration.id, s.dedupKey)) ?? null,
        received_at: sub.receivedAt,
        action: s.action,
        dedup_key: s.dedupKey,
        payload: s.payload ?? null,
      })),
    ),
  );
}

/** The SELECT list and FROM of a signals insert: rows from parameter `param`, the alert id from `alertId`. */
function signalSelect(param: string, alertId: string): string {
  return `x.integration_id, x.delivery_id, x.received_at, x.action, x.dedup_key, coalesce(x.payload, 'null'), ${alertId}
    FROM json_to_recordset(${param}::json) AS x(integration_id uuid, delivery_id uuid, alert_id uuid,
         received_at timestamptz, action text, dedup_key text, payload json)`;
}

/** A batch folded per alert key, in arrival order. */
interface Folded {
  triggers: Map<string, FoldedTrigger>;
  acks: Map<string, { integration_id: string; dedup_key: string }>;
  resolves: Map<string, { integration_id: string; dedup_key: string; at: Date; signal: RoutedSignal }>;
}

/**
 * What a batch triggers for one alert key: its last signal (its repeats merged into it), how many,
 * and when. A batch never holds a trigger after a resolve of the same key: the ingester ends it
 * before.
 */
function fold(subs: Submission[]): Folded {
  const f: Folded = { triggers: new Map(), acks: new Map(), resolves: new Map() };
  for (const sub of subs) {
    for (const s of sub.signals) {
      const key = keyOf(sub.integration.id, s.dedupKey);
      if (s.action === 'trigger') {
        const t = f.triggers.get(key);
        if (t) {
          t.count++;
          t.last = mergeRepeat(t.last, s);
          t.lastAt = sub.receivedAt;
        } else
          f.triggers.set(key, {
            integration: sub.integration,
            last: s,
            count: 1,
            first: sub.receivedAt,
            lastAt: sub.receivedAt,
          });
      } else if (s.action === 'acknowledge') {
        f.acks.set(key, { integration_id: sub.integration.id, dedup_key: s.dedupKey });
      } else {
        f.resolves.set(key, {
          integration_id: sub.integration.id,
          dedup_key: s.dedupKey,
          at: sub.receivedAt,
          signal: s,
        });
      }
    }
  }
  return f;
}

/** The parameters of `ingest_triggers` (src/db/schema.sql) for these deliveries. */
function triggerParams(subs: Submission[], f: Folded, now: Date, defer: boolean): unknown[] {
  const alerts = [...f.triggers.values()].map((t) => ({
    integration_id: t.integration.id,
    dedup_key: t.last.dedupKey,
    title: t.last.title,
    severity: t.last.severity,
    labels: t.last.labels,
    links: t.last.links,
    suppressed_by: t.last.suppressedBy,
    event_count: t.count,
    first_seen_at: t.first,
    last_seen_at: t.lastAt,
    rule_id: t.last.rule.id,
    group_key: t.last.groupKey,
    threshold_count: t.last.rule.threshold.count,
    window_minutes: t.last.rule.threshold.windowMinutes,
    repeat_minutes: t.last.rule.repeatIntervalMinutes,
    truncated_alerts: t.last.truncatedAlerts ?? 0,
  }));
  return [
    deliveryRows(subs.filter((s) => s.externalId === null)),
    JSON.stringify(alerts),
    signalRows(subs, (s) => s.action === 'trigger'),
    openStatuses,
    now,
    defer,
  ];
}

const TRIGGERS_SQL = 'SELECT ingest_triggers($1, $2, $3, $4, $5, $6) AS work';

/**
 * Writes `batch` durably at `now` on connection `db`. The common case (triggers only, no delivery ids, nothing to
 * open, report or page) is one statement on its own; when that statement finds work for the
 * server it rolls itself back (answering null), and the batch is written in one transaction.
 */
export async function writeBatch(db: pg.PoolClient, batch: Submission[], now: Date): Promise<FlushResult> {
  if (batch.every((s) => s.externalId === null)) {
    const f = fold(batch);
    if (f.acks.size === 0 && f.resolves.size === 0) {
      const { rows } = await db.query<{ work: GroupWork[] | null }>(
        TRIGGERS_SQL,
        triggerParams(batch, f, now, true),
      );
      if (rows[0]!.work !== null) return { duplicates: new Set(), incidentsOpened: 0, pages: 0 };
    }
  }
  return inTransaction(db, (tx) => flushBatch(tx, batch, now));
}

/** Writes `batch` in transaction `tx` at `now`, with whatever grouping work it brings. */
async function flushBatch(tx: pg.PoolClient, batch: Submission[], now: Date): Promise<FlushResult> {
  // Only a delivery with an id can be a redelivery: those are recorded first, to find out.
  const withIds = batch.filter((s) => s.externalId !== null);
  let duplicates = new Set<string>();
  if (withIds.length > 0) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO signal_deliveries (id, integration_id, received_at, external_id, outcome, signal_count)
       SELECT ${deliveryColumns}
       ON CONFLICT (integration_id, external_id) WHERE external_id IS NOT NULL AND outcome = 'accepted' DO NOTHING
       RETURNING id`,
      [deliveryRows(withIds)],
    );
    const fresh = new Set(rows.map((r) => r.id));
    duplicates = new Set(withIds.filter((s) => !fresh.has(s.deliveryId)).map((s) => s.deliveryId));
  }
  const accepted = batch.filter((s) => !duplicates.has(s.deliveryId));
  const f = fold(accepted);
  const { rows } = await tx.query<{ work: GroupWork[] }>(
    TRIGGERS_SQL,
    triggerParams(accepted, f, now, false),
  );

  const acked = f.acks.size ? await markAlerts(tx, 'acknowledge', [...f.acks.values()]) : [];
  const resolved = f.resolves.size
    ? await markAlerts(
        tx,
        'resolve',
        [...f.resolves.values()].map((r) => ({
          integration_id: r.integration_id,
          dedup_key: r.dedup_key,
          at: r.at,
        })),
      )
    : [];
  const alertIds = new Map<string, string>();
  for (const r of [...acked, ...resolved]) alertIds.set(keyOf(r.integration_id, r.dedup_key), r.id);
  if (f.acks.size || f.resolves.size)
    await tx.query(
      `INSERT INTO signals (integration_id, delivery_id, received_at, action, dedup_key, payload, alert_id)
       SELECT ${signalSelect('$1', 'x.alert_id')}`,
      [signalRows(accepted, (s) => s.action !== 'trigger', alertIds)],
    );

  const grouping = await applyGrouping(tx, now, {
    work: rows[0]!.work ?? [],
    triggerOf: (integrationId, dedupKey) => f.triggers.get(keyOf(integrationId, dedupKey))!,
    acknowledged: acked,
    resolved: resolved.map((r) => ({
      ...r,
      rule: f.resolves.get(keyOf(r.integration_id, r.dedup_key))!.signal.rule,
    })),
  });
  return { duplicates, ...grouping };
}

/** Acknowledges or resolves the open alerts with these keys; returns those changed. */
async function markAlerts(
  tx: pg.PoolClient,
  action: 'acknowledge' | 'resolve',
  keys: { integration_id: string; dedup_key: string; at?: Date }[],
): Promise<AlertRow[]> {
  const set = action === 'resolve' ? `status = 'resolved', resolved_at = x.at` : `status = 'acknowledged'`;
  const { rows } = await tx.query<AlertRow>(
    `UPDATE alerts a SET ${set}
       FROM jsonb_to_recordset($1::jsonb) AS x(integration_id uuid, dedup_key text, at timestamptz)
      WHERE a.integration_id = x.integration_id AND a.dedup_key = x.dedup_key AND a.resolved_at IS NULL
      RETURNING a.id, a.integration_id, a.dedup_key, a.group_id, a.incident_id, a.suppressed_by`,
    [JSON.stringify(keys)],
  );
  return rows;
}
