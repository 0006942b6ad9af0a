/**
 * Grouping, inside a flush's transaction: each triggered alert that nothing holds back joins the
 * current group of its (integration, rule, group key). A group whose incident is open takes new
 * alerts into that incident; a group without one opens an incident once its rule's threshold is
 * met ("confirmed with a metric"). Pages are requested at most once per group and repeat interval.
 * When every alert of an incident has resolved at the source and nobody owns it, it resolves.
 */
import type pg from 'pg';
import { assess } from '../classification/policy.ts';
import {
  openStatuses,
  insertIncident,
  lockIncident,
  updateIncident,
  type IncidentRow,
} from '../incidents/store.ts';
import { requestPageJob } from '../escalation/flow.ts';
import { triageRow } from '../incidents/declare.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { currentPolicy } from '../policy/store.ts';
import type { Severity } from './integrations/types.ts';
import { ruleUrgency } from './routing.ts';
import type { RoutedSignal } from './flush.ts';
import type { Rule } from './schema.ts';
import type { IntegrationRecord } from './store.ts';

/** An alert a flush triggered (created or counted on). */
export interface TouchedAlert {
  id: string;
  integration_id: string;
  dedup_key: string;
  group_id: string | null;
  incident_id: string | null;
  suppressed_by: string | null;
  /** Whether its incident was open when it was counted (false also when unsure). */
  incidentOpen: boolean;
  integration: IntegrationRecord;
  signal: RoutedSignal;
  firstSeenAt: Date;
}

interface Marked {
  id: string;
  incident_id: string | null;
}

interface Group {
  id: string;
  incident_id: string | null;
  last_paged_at: Date | null;
  news_at: Date | null;
  news_pending: number;
}

const NEWS_EVERY_MS = 60_000;

/** What a timeline entry of kind `alerts` says about one incident after a flush. */
interface IncidentNews {
  added: number;
  titles: string[];
  acknowledged: number;
  resolved: number;
  autoResolve: boolean;
}

const severityRank: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Applies grouping for one flush; returns how many incidents it opened and pages it requested. */
export async function applyGrouping(
  tx: pg.PoolClient,
  now: Date,
  changes: { touched: TouchedAlert[]; acknowledged: Marked[]; resolved: (Marked & { rule: Rule })[] },
): Promise<{ incidentsOpened: number; pages: number }> {
  const news = new Map<string, IncidentNews>();
  const newsOf = (incidentId: string) => {
    let n = news.get(incidentId);
    if (!n)
      news.set(incidentId, (n = { added: 0, titles: [], acknowledged: 0, resolved: 0, autoResolve: false }));
    return n;
  };
  let incidentsOpened = 0;
  let pages = 0;

  // Group the routable alerts by (integration, rule, group key), in a stable order so that two
  // instances lock groups in the same order.
  const specs = new Map<string, TouchedAlert[]>();
  for (const a of changes.touched) {
    // An alert already in an open incident just counted a repeat: nothing to place (most of a storm).
    if (a.suppressed_by || a.incidentOpen) continue;
    const spec = JSON.stringify([a.integration_id, a.signal.rule.id, a.signal.groupKey]);
    const list = specs.get(spec);
    if (list) list.push(a);
    else specs.set(spec, [a]);
  }
  for (const spec of [...specs.keys()].sort()) {
    const alerts = specs.get(spec)!;
    const { rule, groupKey } = alerts[0]!.signal;
    const integration = alerts[0]!.integration;
    const group = await currentGroup(tx, integration.id, rule.id, groupKey, now);
    const moved = alerts.filter((a) => a.group_id !== group.id);
    if (moved.length)
      await tx.query('UPDATE alerts SET group_id = $1, incident_id = $2 WHERE id = ANY($3)', [
        group.id,
        group.incident_id,
        moved.map((a) => a.id),
      ]);
    if (group.incident_id) {
      if (moved.length === 0) continue;
      // New alerts are written on the timeline at most once a minute per group (a storm would
      // otherwise write an entry per batch); the count carries over to the next entry.
      const pending = group.news_pending + moved.length;
      const report = !group.news_at || now.getTime() - group.news_at.getTime() >= NEWS_EVERY_MS;
      await tx.query('UPDATE alert_groups SET news_pending = $2, news_at = $3 WHERE id = $1', [
        group.id,
        report ? 0 : pending,
        report ? now : group.news_at,
      ]);
      if (report) {
        const n = newsOf(group.incident_id);
        n.added += pending;
        n.titles.push(...moved.slice(0, 5 - n.titles.length).map((a) => a.signal.title));
      }
      const due =
        !group.last_paged_at ||
        now.getTime() - group.last_paged_at.getTime() >= rule.repeatIntervalMinutes * 60_000;
      if (due) {
        await requestPage(tx, group.incident_id, group.id, 'new alerts', now);
        pages++;
      }
      continue;
    }
    if (!(await thresholdMet(tx, group.id, rule, now))) continue;
    await openIncident(tx, group.id, integration, rule, groupKey, alerts, now);
    incidentsOpened++;
    pages++;
  }

  for (const a of changes.acknowledged) if (a.incident_id) newsOf(a.incident_id).acknowledged++;
  for (const a of changes.resolved) {
    if (!a.incident_id) continue;
    const n = newsOf(a.incident_id);
    n.resolved++;
    n.autoResolve ||= a.rule.autoResolve;
  }
  for (const [incidentId, n] of [...news.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
    await recordNews(tx, incidentId, n, now);
  return { incidentsOpened, pages };
}

/** The group's current row (created if none), locked for this transaction; a group whose incident
 * has ended is closed and a new one begins. */
async function currentGroup(
  tx: pg.PoolClient,
  integrationId: string,
  ruleId: string,
  groupKey: string,
  now: Date,
): Promise<Group> {
  for (;;) {
    const { rows } = await tx.query<Group>(
      `INSERT INTO alert_groups (integration_id, rule_id, group_key, opened_at, last_alert_at)
       VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (integration_id, rule_id, group_key) WHERE closed_at IS NULL
       DO UPDATE SET last_alert_at = greatest(alert_groups.last_alert_at, excluded.last_alert_at)
       RETURNING id, incident_id, last_paged_at, news_at, news_pending`,
      [integrationId, ruleId, groupKey, now],
    );
    const g = rows[0]!;
    if (!g.incident_id) return g;
    // A separate statement: its snapshot sees an incident that another instance committed while
    // this one waited for the group row (the upsert's own snapshot would not).
    const incident = await tx.query<{ status: string }>('SELECT status FROM incidents WHERE id = $1', [
      g.incident_id,
    ]);
    if (openStatuses.includes(incident.rows[0]!.status as (typeof openStatuses)[number])) return g;
    await tx.query('UPDATE alert_groups SET closed_at = $2 WHERE id = $1', [g.id, now]);
  }
}

/** True when the group has had at least `threshold.count` trigger signals within its window. */
async function thresholdMet(tx: pg.PoolClient, groupId: string, rule: Rule, now: Date): Promise<boolean> {
  if (rule.threshold.count <= 1) return true;
  const since = new Date(now.getTime() - rule.threshold.windowMinutes * 60_000);
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM signals s JOIN alerts a ON a.id = s.alert_id
      WHERE a.group_id = $1 AND s.action = 'trigger' AND s.received_at > $2`,
    [groupId, since],
  );
  return rows[0]!.n >= rule.threshold.count;
}

async function requestPage(
  tx: pg.PoolClient,
  incidentId: string,
  groupId: string,
  reason: string,
  now: Date,
) {
  const { rows } = await tx.query<{ id: number }>(
    'INSERT INTO page_requests (incident_id, group_id, reason, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
    [incidentId, groupId, reason, now],
  );
  // The escalation engine takes it from here (in this transaction: no page without its alert).
  await requestPageJob(tx, incidentId, reason, `page-request:${rows[0]!.id}`, now);
  await tx.query('UPDATE alert_groups SET last_paged_at = $2 WHERE id = $1', [groupId, now]);
}

/** Opens the group's incident from its alerts, with the rule's classification and urgency. */
async function openIncident(
  tx: pg.PoolClient,
  groupId: string,
  integration: IntegrationRecord,
  rule: Rule,
  groupKey: string,
  alerts: TouchedAlert[],
  now: Date,
): Promise<void> {
  const worst = [...alerts].sort(
    (a, b) =>
      (severityRank[a.signal.severity ?? 'info'] ?? 4) - (severityRank[b.signal.severity ?? 'info'] ?? 4),
  )[0]!;
  const c = {
    scope: rule.classification.scope ?? null,
    criticality: rule.classification.criticality ?? null,
    area: rule.classification.area ?? null,
    impact: { conversion: null, experience: null, revenue: null },
  };
  const { policy, version } = await currentPolicy(tx);
  const urgency = ruleUrgency(rule, worst.signal.severity);
  const title = worst.signal.title.slice(0, 200) || `Alert from ${integration.name}`;
  const a = assess(policy, c, title, urgency ?? undefined);
  const started = alerts.reduce((min, x) => (x.firstSeenAt < min ? x.firstSeenAt : min), now);
  const row = triageRow({
    title,
    description: describe(integration, alerts),
    classification: c,
    assessment: a,
    urgencyReason: urgency
      ? `From alert severity (${worst.signal.severity ?? 'none'}), rule ${rule.id}`
      : null,
    lifespan: { startedAt: started, expected: null },
    createdBy: null,
    now,
    origin: {
      kind: 'alert',
      integrationId: integration.id,
      integrationName: integration.name,
      ruleId: rule.id,
      groupKey,
    },
  });
  const incident = await insertIncident(tx, row, {
    actorId: null,
    kind: 'declared',
    data: {
      title,
      tagline: a.tagline,
      urgency: a.urgency,
      decision: a.decision,
      policyVersion: version,
      source: { integration: integration.name, rule: rule.id, groupKey, alerts: alerts.length },
    },
  });
  await tx.query('UPDATE alert_groups SET incident_id = $2, news_at = $3 WHERE id = $1', [
    groupId,
    incident.id,
    now,
  ]);
  await tx.query('UPDATE alerts SET incident_id = $2 WHERE group_id = $1 AND resolved_at IS NULL', [
    groupId,
    incident.id,
  ]);
  await requestPage(tx, incident.id, groupId, 'opened', now);
}

function describe(integration: IntegrationRecord, alerts: TouchedAlert[]): string {
  const first = alerts[0]!.signal;
  // Short single-line labels only: some sources put whole reports into label-like fields.
  const labels = Object.entries(first.labels)
    .filter(([, v]) => v.length <= 100 && !v.includes('\n'))
    .slice(0, 12)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return [
    `Opened from ${alerts.length === 1 ? 'an alert' : `${alerts.length} alerts`} of ${integration.name}.`,
    labels && `Labels: ${labels}`,
    first.links[0] && `Source: ${first.links[0].href}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** One `alerts` timeline entry per incident and flush; resolves the incident when it may. */
async function recordNews(tx: pg.PoolClient, incidentId: string, n: IncidentNews, now: Date): Promise<void> {
  const row = await lockIncident(tx, incidentId);
  // How many are still open matters only when some resolved (and counting grows with the incident).
  const open =
    n.resolved > 0
      ? (
          await tx.query<{ open: number }>(
            'SELECT count(*) AS open FROM alerts WHERE incident_id = $1 AND resolved_at IS NULL',
            [incidentId],
          )
        ).rows[0]!.open
      : undefined;
  const data = { added: n.added, titles: n.titles, acknowledged: n.acknowledged, resolved: n.resolved, open };
  await appendTimeline(tx, { incidentId, at: now, actorId: null, kind: 'alerts', data });
  const patch: Partial<IncidentRow> = { updated_at: now };
  const resolvable = ['triage', 'investigating', 'fixing', 'monitoring'].includes(row.status);
  if (n.resolved > 0 && open === 0 && n.autoResolve && resolvable && row.owner_id === null) {
    const summary = 'Resolved at the source: every alert recovered before anyone took ownership.';
    Object.assign(patch, { status: 'resolved', resolved_at: now, resolution_summary: summary });
    await appendTimeline(tx, {
      incidentId,
      at: now,
      actorId: null,
      kind: 'resolved',
      data: { from: row.status, to: 'resolved', summary, automatic: true },
    });
  }
  await updateIncident(tx, incidentId, patch);
}
