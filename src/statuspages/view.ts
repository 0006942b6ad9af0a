/**
 * Everything one status page shows, read in one go: its components with their state and 90-day
 * history, its published incidents with their updates, and its maintenance. The HTML, the
 * Statuspage JSON and the feeds are all drawn from this one view, which the cache keeps.
 */
import { pagePath } from './access.ts';
import type { Queryable } from '../db/pool.ts';
import type { ComponentState, PublicStatus } from './schema.ts';
import { componentState, history, impactOfUrgency, overallStatus, type HistoryDay } from './state.ts';
import {
  listComponents,
  listGroups,
  listMaintenances,
  type ComponentRow,
  type GroupRow,
  type MaintenanceRow,
  type PageRow,
} from './store.ts';
import { openUrgencies, outages, publishedIncidents, type PublishedIncident } from './view-store.ts';

export interface ComponentView extends ComponentRow {
  state: ComponentState;
  days: HistoryDay[];
  uptime: number;
}

export interface IncidentView extends PublishedIncident {
  status: PublicStatus;
  impact: 'critical' | 'major' | 'minor';
  updatedAt: string;
  resolvedAt: string | null;
  monitoringAt: string | null;
  componentIds: string[];
}

export interface MaintenanceView extends MaintenanceRow {
  status: 'scheduled' | 'in_progress' | 'completed';
}

export interface PageView {
  page: PageRow;
  url: string;
  builtAt: Date;
  groups: GroupRow[];
  components: ComponentView[];
  incidents: IncidentView[];
  maintenances: MaintenanceView[];
  overall: ReturnType<typeof overallStatus>;
  updatedAt: Date;
}

const DAY = 86_400_000;

/** The address a page is read at: its custom host when it has one and is public, else its path. */
export function pageUrl(
  page: Pick<PageRow, 'slug' | 'custom_host' | 'access_key'>,
  publicUrl: string,
): string {
  return page.custom_host && !page.access_key
    ? `https://${page.custom_host}`
    : `${publicUrl}${pagePath(page)}`;
}

/** Reads the view of `page` at `now`. */
export async function loadView(
  db: Queryable,
  page: PageRow,
  publicUrl: string,
  now: Date,
): Promise<PageView> {
  const since = new Date(now.getTime() - 90 * DAY);
  const [groups, rows, maint] = await Promise.all([
    listGroups(db, page.id),
    listComponents(db, page.id),
    listMaintenances(db, page.id, since),
  ]);
  const serviceIds = [...new Set(rows.flatMap((c) => (c.service_id ? [c.service_id] : [])))];
  const [urgencies, spans, published] = await Promise.all([
    openUrgencies(db, serviceIds),
    outages(db, serviceIds, since, now),
    publishedIncidents(
      db,
      { serviceIds, isPublic: page.client_id === null, clientId: page.client_id },
      since,
    ),
  ]);
  const maintenances: MaintenanceView[] = maint.map((m) => ({
    ...m,
    status: now < m.starts_at ? 'scheduled' : now < m.ends_at ? 'in_progress' : 'completed',
  }));
  const inMaintenance = new Set(
    maintenances.filter((m) => m.status === 'in_progress').flatMap((m) => m.component_ids),
  );
  const components: ComponentView[] = rows.map((c) => ({
    ...c,
    state: componentState(
      c.manual_state,
      c.service_id ? urgencies.get(c.service_id) : undefined,
      inMaintenance.has(c.id),
    ),
    ...history(
      spans.filter((s) => s.service_id === c.service_id),
      now,
    ),
  }));
  const incidents: IncidentView[] = published.map((i) => {
    const last = i.updates[i.updates.length - 1]!;
    const at = (s: PublicStatus) => i.updates.findLast((u) => u.status === s)?.published_at ?? null;
    return {
      ...i,
      status: last.status,
      impact: impactOfUrgency(i.urgency),
      updatedAt: last.published_at,
      resolvedAt: last.status === 'resolved' ? last.published_at : null,
      monitoringAt: at('monitoring'),
      componentIds: rows.filter((c) => c.service_id && c.service_id === i.service_id).map((c) => c.id),
    };
  });
  const times = [
    page.updated_at.getTime(),
    ...rows.map((c) => c.updated_at.getTime()),
    ...incidents.map((i) => Date.parse(i.updatedAt)),
    ...maint.map((m) => m.created_at.getTime()),
  ];
  return {
    page,
    url: pageUrl(page, publicUrl),
    builtAt: now,
    groups,
    components,
    incidents,
    maintenances,
    overall: overallStatus(components.map((c) => c.state)),
    updatedAt: new Date(Math.max(...times)),
  };
}
