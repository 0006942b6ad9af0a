/**
 * One batch of accepted deliveries written in one transaction: the deliveries (a redelivery of a
 * known delivery id is recognised and skipped), the alerts they trigger, acknowledge or resolve
 * (deduplicated by key while open), every signal verbatim, then grouping into incidents.
 * The caller answers the senders only after this commits.
 */
import type pg from 'pg';
import type { NormalizedSignal } from './integrations/types.ts';
import type { IntegrationRecord } from './store.ts';
import type { Routed } from './routing.ts';
import { openStatuses } from '../incidents/store.ts';
import { applyGrouping, type TouchedAlert } from './grouping.ts';

/** A signal with its routing decided. */
export type RoutedSignal = NormalizedSignal & Routed;

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
  FROM jsonb_to_recordset($1::jsonb)
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
    FROM jsonb_to_recordset(${param}::jsonb) AS x(integration_id uuid, delivery_id uuid, alert_id uuid,
         received_at timestamptz, action text, dedup_key text, payload jsonb)`;
}

/**
 * Writes `batch` in transaction `tx` at `now`. The common case (triggers only, no delivery ids)
 * is one statement: deliveries, alert upserts and signals together, then grouping if needed.
 */
export async function flushBatch(tx: pg.PoolClient, batch: Submission[], now: Date): Promise<FlushResult> {
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

  // Fold the batch per alert key, in arrival order (a batch never holds a trigger after a resolve
  // of the same key: the ingester ends the batch before it).
  const triggers = new Map<
    string,
    { integration: IntegrationRecord; last: RoutedSignal; count: number; first: Date; lastAt: Date }
  >();
  const acks = new Map<string, { integration_id: string; dedup_key: string }>();
  const resolves = new Map<
    string,
    { integration_id: string; dedup_key: string; at: Date; signal: RoutedSignal }
  >();
  for (const sub of accepted) {
    for (const s of sub.signals) {
      const key = keyOf(sub.integration.id, s.dedupKey);
      if (s.action === 'trigger') {
        const t = triggers.get(key);
        if (t) {
          t.count++;
          t.last = s;
          t.lastAt = sub.receivedAt;
        } else
          triggers.set(key, {
            integration: sub.integration,
            last: s,
            count: 1,
            first: sub.receivedAt,
            lastAt: sub.receivedAt,
          });
      } else if (s.action === 'acknowledge') {
        acks.set(key, { integration_id: sub.integration.id, dedup_key: s.dedupKey });
      } else {
        resolves.set(key, {
          integration_id: sub.integration.id,
          dedup_key: s.dedupKey,
          at: sub.receivedAt,
          signal: s,
        });
      }
    }
  }

  const alerts = [...triggers.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, t]) => ({
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
    }));
  const { rows: upserted } = await tx.query<AlertRow & { incident_open: boolean | null }>(
    `WITH d AS (
       INSERT INTO signal_deliveries (id, integration_id, received_at, external_id, outcome, signal_count)
       SELECT ${deliveryColumns}
     ), a AS (
       INSERT INTO alerts AS a (integration_id, dedup_key, status, title, severity, labels, links, suppressed_by,
         event_count, first_seen_at, last_seen_at)
       SELECT x.integration_id, x.dedup_key, 'firing', x.title, x.severity, coalesce(x.labels, '{}'),
              coalesce(x.links, '[]'), x.suppressed_by, x.event_count, x.first_seen_at, x.last_seen_at
         FROM jsonb_to_recordset($2::jsonb) AS x(integration_id uuid, dedup_key text, title text, severity text,
              labels jsonb, links jsonb, suppressed_by text, event_count int, first_seen_at timestamptz,
              last_seen_at timestamptz)
        ORDER BY x.integration_id, x.dedup_key
       ON CONFLICT (integration_id, dedup_key) WHERE resolved_at IS NULL DO UPDATE SET
         event_count = a.event_count + excluded.event_count,
         last_seen_at = greatest(a.last_seen_at, excluded.last_seen_at),
         title = excluded.title, severity = excluded.severity, labels = excluded.labels, links = excluded.links,
         suppressed_by = excluded.suppressed_by
       RETURNING a.id, a.integration_id, a.dedup_key, a.group_id, a.incident_id, a.suppressed_by
     ), s AS (
       INSERT INTO signals (integration_id, delivery_id, received_at, action, dedup_key, payload, alert_id)
       SELECT ${signalSelect('$3', 'a.id')}
         LEFT JOIN a ON a.integration_id = x.integration_id AND a.dedup_key = x.dedup_key
     )
     SELECT a.*, i.status = ANY($4) AS incident_open FROM a LEFT JOIN incidents i ON i.id = a.incident_id`,
    [
      deliveryRows(accepted.filter((s) => s.externalId === null)),
      JSON.stringify(alerts),
      signalRows(accepted, (s) => s.action === 'trigger'),
      openStatuses,
    ],
  );
  const alertIds = new Map<string, string>();
  const touched: TouchedAlert[] = upserted.map((r) => {
    const key = keyOf(r.integration_id, r.dedup_key);
    alertIds.set(key, r.id);
    const t = triggers.get(key)!;
    return {
      ...r,
      incidentOpen: r.incident_open === true,
      integration: t.integration,
      signal: t.last,
      firstSeenAt: t.first,
    };
  });

  const acked = acks.size ? await markAlerts(tx, 'acknowledge', [...acks.values()]) : [];
  const resolved = resolves.size
    ? await markAlerts(
        tx,
        'resolve',
        [...resolves.values()].map((r) => ({
          integration_id: r.integration_id,
          dedup_key: r.dedup_key,
          at: r.at,
        })),
      )
    : [];
  for (const r of [...acked, ...resolved]) alertIds.set(keyOf(r.integration_id, r.dedup_key), r.id);
  if (acks.size || resolves.size)
    await tx.query(
      `INSERT INTO signals (integration_id, delivery_id, received_at, action, dedup_key, payload, alert_id)
       SELECT ${signalSelect('$1', 'x.alert_id')}`,
      [signalRows(accepted, (s) => s.action !== 'trigger', alertIds)],
    );

  const grouping = await applyGrouping(tx, now, {
    touched,
    acknowledged: acked,
    resolved: resolved.map((r) => ({
      ...r,
      rule: resolves.get(keyOf(r.integration_id, r.dedup_key))!.signal.rule,
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
