/**
 * Grouping: each triggered alert that nothing holds back joins the current group of its
 * (integration, rule, group key). A group whose incident is open takes new alerts into that
 * incident; a group without one opens an incident once its rule's threshold is met ("confirmed
 * with a metric"). Pages are requested at most once per group and repeat interval. When every
 * alert of an incident has resolved at the source and nobody owns it, it resolves.
 *
 * The database function `ingest_triggers` places alerts in their groups (in the flush's statement);
 * this module does what it hands back, inside the flush's transaction: open, page, write news.
 */
import type pg from 'pg';
import { assess } from '../classification/policy.ts';
import { insertIncident, lockIncident, updateIncident, type IncidentRow } from '../incidents/store.ts';
import { requestPage, requestPagingEnd } from '../incidents/page-request.ts';
import { triageRow } from '../incidents/declare.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { listHolds } from '../incidents/holds.ts';
import { currentPolicy } from '../policy/store.ts';
import type { Severity } from './integrations/types.ts';
import { ruleUrgency, type RoutedSignal } from './routing.ts';
import type { Rule } from './rule-schema.ts';
import type { IntegrationRecord } from './store.ts';

/** The triggers of one alert in a batch, folded: its last signal, how many, first and last time. */
export interface FoldedTrigger {
  integration: IntegrationRecord;
  last: RoutedSignal;
  count: number;
  first: Date;
  lastAt: Date;
}

/** A group that needs the server's work after `ingest_triggers` placed its alerts. */
export type GroupWork =
  | {
      integration: string;
      group: string;
      open?: undefined;
      incident: string;
      /** Due for an `alerts` entry on the timeline, with `pending` new alerts. */
      report: boolean;
      pending: number;
      /** Keys of (up to five of) the alerts that joined. */
      joined: string[];
      /** Due for a page (none within the rule's repeat interval). */
      page: boolean;
    }
  | { integration: string; group: string; open: true; keys: string[] };

interface Marked {
  id: string;
  incident_id: string | null;
}

/** What a timeline entry of kind `alerts` says about one incident after a flush. */
interface IncidentNews {
  added: number;
  titles: string[];
  acknowledged: number;
  resolved: number;
  autoResolve: boolean;
}

const severityRank: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/**
 * Does a flush's grouping work, in the order `ingest_triggers` locked the groups: opens incidents,
 * pages, and writes one `alerts` entry per incident that has news (joined, acknowledged or
 * resolved alerts). Returns how many incidents it opened and pages it requested.
 */
export async function applyGrouping(
  tx: pg.PoolClient,
  now: Date,
  changes: {
    work: GroupWork[];
    triggerOf(integrationId: string, dedupKey: string): FoldedTrigger;
    acknowledged: Marked[];
    resolved: (Marked & { rule: Rule })[];
  },
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

  for (const w of changes.work) {
    if (w.open) {
      const alerts = w.keys.map((k) => changes.triggerOf(w.integration, k));
      await openIncident(tx, w.group, alerts, now);
      incidentsOpened++;
      pages++;
      continue;
    }
    if (w.report) {
      const n = newsOf(w.incident);
      n.added += w.pending;
      const titles = w.joined.map((k) => changes.triggerOf(w.integration, k).last.title);
      n.titles.push(...titles.slice(0, 5 - n.titles.length));
    }
    if (w.page) {
      await recordPageRequest(tx, w.incident, w.group, 'new alerts', now);
      pages++;
    }
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

async function recordPageRequest(
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
  // Paging takes it from here (in this transaction: no page without its alert).
  await requestPage(tx, incidentId, reason, `page-request:${rows[0]!.id}`, now);
  await tx.query('UPDATE alert_groups SET last_paged_at = $2 WHERE id = $1', [groupId, now]);
}

/** Opens the group's incident from its alerts, with the rule's classification and urgency. */
async function openIncident(
  tx: pg.PoolClient,
  groupId: string,
  alerts: FoldedTrigger[],
  now: Date,
): Promise<void> {
  const { integration } = alerts[0]!;
  const { rule, groupKey } = alerts[0]!.last;
  const worst = [...alerts].sort(
    (a, b) => (severityRank[a.last.severity ?? 'info'] ?? 4) - (severityRank[b.last.severity ?? 'info'] ?? 4),
  )[0]!;
  const c = {
    scope: rule.classification.scope ?? null,
    criticality: rule.classification.criticality ?? null,
    area: rule.classification.area ?? null,
    impact: { conversion: null, experience: null, revenue: null },
  };
  const { policy, version } = await currentPolicy(tx);
  const urgency = ruleUrgency(rule, worst.last.severity);
  const title = worst.last.title.slice(0, 200) || `Alert from ${integration.name}`;
  const a = assess(policy, c, title, urgency ?? undefined);
  const started = alerts.reduce((min, x) => (x.first < min ? x.first : min), now);
  const row = triageRow({
    title,
    description: describe(integration, alerts, worst.last, title),
    classification: c,
    assessment: a,
    urgencyReason: !urgency
      ? null
      : rule.urgency === 'from-severity'
        ? `From alert severity (${worst.last.severity ?? 'none'}), rule ${rule.id}`
        : `From routing rule ${rule.id}`,
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
  await recordPageRequest(tx, incident.id, groupId, 'opened', now);
}

/** The alert's own words: its `summary` (unless it is the title) and `description` annotations. */
function annotations(signal: RoutedSignal, title: string): string[] {
  const found = (signal.payload as { annotations?: unknown } | null)?.annotations;
  if (typeof found !== 'object' || found === null || Array.isArray(found)) return [];
  const { summary, description } = found as Record<string, unknown>;
  return [summary, description]
    .map((v) => (typeof v === 'string' ? v.trim().slice(0, 2000) : ''))
    .filter((v, i) => v !== '' && !(i === 0 && v === title));
}

function describe(
  integration: IntegrationRecord,
  alerts: FoldedTrigger[],
  titled: RoutedSignal,
  title: string,
): string {
  const first = alerts[0]!.last;
  // The words of the alert that gave the title; labels only when it has no words of its own.
  const words = annotations(titled, title);
  // Short single-line labels only: some sources put whole reports into label-like fields.
  const labels = Object.entries(first.labels)
    .filter(([, v]) => v.length <= 100 && !v.includes('\n'))
    .slice(0, 12)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return [
    ...words,
    `Opened from ${alerts.length === 1 ? 'an alert' : `${alerts.length} alerts`} of ${integration.name}.`,
    words.length === 0 && labels && `Labels: ${labels}`,
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
  // Never past a hold on resolving (e.g. a fix not yet verified): nobody is here to give a reason.
  const resolves =
    n.resolved > 0 &&
    open === 0 &&
    n.autoResolve &&
    resolvable &&
    row.owner_id === null &&
    (await listHolds(tx, incidentId, 'resolved')).length === 0;
  if (resolves) {
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
  if (patch.status) await requestPagingEnd(tx, incidentId, patch.status, now);
}
