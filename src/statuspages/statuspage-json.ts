/**
 * The Statuspage-compatible public JSON (`/api/v2/summary.json`, `status.json`, `components.json`,
 * `incidents.json`, `incidents/unresolved.json`, `scheduled-maintenances.json`,
 * `scheduled-maintenances/upcoming.json` and `/active.json`) with Statuspage's documented field
 * names, so tools that read Statuspage pages read ours.
 */
import type { ComponentView, IncidentView, MaintenanceView, PageView } from './view.ts';

const iso = (t: string | Date) => new Date(t).toISOString();

function pageOf(v: PageView) {
  return {
    id: v.page.id,
    name: v.page.name,
    url: v.url,
    time_zone: 'Etc/UTC',
    updated_at: iso(v.updatedAt),
  };
}

function componentOf(v: PageView, c: ComponentView) {
  return {
    id: c.id,
    name: c.name,
    status: c.state,
    created_at: iso(c.created_at),
    updated_at: iso(c.updated_at),
    position: c.position,
    description: c.description || null,
    showcase: true,
    start_date: c.created_at.toISOString().slice(0, 10),
    group_id: c.group_id,
    page_id: v.page.id,
    group: false,
    only_show_if_degraded: false,
  };
}

/** The components, with each group as a component of its own listing its members (as Statuspage does). */
function components(v: PageView) {
  const groups = v.groups.map((g) => {
    const members = v.components.filter((c) => c.group_id === g.id);
    const first = members[0];
    return {
      id: g.id,
      name: g.name,
      status: members.reduce((s, c) => (rank(c.state) > rank(s) ? c.state : s), 'operational' as string),
      created_at: iso(first?.created_at ?? v.page.created_at),
      updated_at: iso(first?.updated_at ?? v.page.updated_at),
      position: g.position,
      description: null,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: v.page.id,
      group: true,
      only_show_if_degraded: false,
      components: members.map((c) => c.id),
    };
  });
  return [...v.components.map((c) => componentOf(v, c)), ...groups];
}

const order = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];
const rank = (s: string) => order.indexOf(s);

function affected(v: PageView, ids: string[]) {
  return v.components.filter((c) => ids.includes(c.id)).map((c) => componentOf(v, c));
}

function incidentOf(v: PageView, i: IncidentView) {
  const shown = affected(v, i.componentIds);
  return {
    id: i.id,
    name: i.title,
    status: i.status,
    created_at: iso(i.updates[0]!.published_at),
    updated_at: iso(i.updatedAt),
    monitoring_at: i.monitoringAt && iso(i.monitoringAt),
    resolved_at: i.resolvedAt && iso(i.resolvedAt),
    impact: i.impact,
    shortlink: `${v.url}#incident-${i.id}`,
    started_at: iso(i.created_at),
    page_id: v.page.id,
    incident_updates: [...i.updates].reverse().map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      incident_id: i.id,
      created_at: iso(u.published_at),
      updated_at: iso(u.published_at),
      display_at: iso(u.published_at),
      affected_components: shown.map((c) => ({
        code: c.id,
        name: c.name,
        old_status: c.status,
        new_status: c.status,
      })),
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: shown,
  };
}

function maintenanceOf(v: PageView, m: MaintenanceView) {
  const at = iso(m.created_at);
  return {
    id: m.id,
    name: m.title,
    status: m.status,
    created_at: at,
    updated_at: at,
    monitoring_at: null,
    resolved_at: m.status === 'completed' ? iso(m.ends_at) : null,
    impact: 'maintenance',
    shortlink: `${v.url}#maintenance-${m.id}`,
    started_at: iso(m.starts_at),
    page_id: v.page.id,
    incident_updates: [
      {
        id: m.id,
        status: 'scheduled',
        body: m.body || m.title,
        incident_id: m.id,
        created_at: at,
        updated_at: at,
        display_at: at,
        affected_components: null,
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      },
    ],
    components: affected(v, m.component_ids),
    scheduled_for: iso(m.starts_at),
    scheduled_until: iso(m.ends_at),
  };
}

/** The documents by file name under /api/v2/; undefined for an unknown name. */
export function statuspageJson(v: PageView, file: string): unknown {
  const page = pageOf(v);
  const unresolved = () => v.incidents.filter((i) => i.status !== 'resolved').map((i) => incidentOf(v, i));
  const maint = (keep: (m: MaintenanceView) => boolean) =>
    v.maintenances.filter(keep).map((m) => maintenanceOf(v, m));
  switch (file) {
    case 'summary.json':
      return {
        page,
        components: components(v),
        incidents: unresolved(),
        scheduled_maintenances: maint((m) => m.status !== 'completed'),
        status: v.overall,
      };
    case 'status.json':
      return { page, status: v.overall };
    case 'components.json':
      return { page, components: components(v) };
    case 'incidents.json':
      return { page, incidents: v.incidents.map((i) => incidentOf(v, i)) };
    case 'incidents/unresolved.json':
      return { page, incidents: unresolved() };
    case 'scheduled-maintenances.json':
      return { page, scheduled_maintenances: maint(() => true) };
    case 'scheduled-maintenances/upcoming.json':
      return { page, scheduled_maintenances: maint((m) => m.status === 'scheduled') };
    case 'scheduled-maintenances/active.json':
      return { page, scheduled_maintenances: maint((m) => m.status === 'in_progress') };
    default:
      return undefined;
  }
}

/** The file names served under /api/v2/. */
export const statuspageFiles = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
];
