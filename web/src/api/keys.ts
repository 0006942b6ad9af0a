// Query keys in one place, so live updates invalidate exactly what a change touches.
import type { ListQuery } from './types.ts';

export const keys = {
  me: ['me'] as const,
  setup: ['setup'] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
  outboundAllow: ['outbound', 'allow'] as const,
  policy: ['policy'] as const,
  incidents: ['incidents'] as const,
  incidentList: (q: ListQuery) => ['incidents', 'list', q] as const,
  incident: (ref: string) => ['incidents', 'one', ref] as const,
  timeline: (ref: string) => ['incidents', 'timeline', ref] as const,
  tasks: (ref: string) => ['incidents', 'tasks', ref] as const,
  time: (ref: string) => ['incidents', 'time', ref] as const,
  // Outside 'incidents': not refetched on every live change, only when one of the incident's
  // timeline entries says signals or reports changed (`version` is that entry's id).
  signals: (ref: string, version: number) => ['signals', 'incident', ref, version] as const,
  reports: (ref: string, version: number) => ['reports', 'incident', ref, version] as const,
  similar: (text: string) => ['reports', 'similar', text] as const,
  // The knowledge base changes when incidents do: under 'incidents', so live changes refresh it.
  knowledge: (q: string) => ['incidents', 'knowledge', q] as const,
  seenBefore: (text: string, service: string) => ['incidents', 'seen-before', text, service] as const,
  seenBeforeIncident: (ref: string) => ['incidents', 'seen-before-incident', ref] as const,
  integrations: ['integrations'] as const,
  integration: (id: string) => ['integrations', 'one', id] as const,
  deliveries: (id: string) => ['integrations', 'deliveries', id] as const,
  integrationAlerts: (id: string) => ['integrations', 'alerts', id] as const,
  silences: ['silences'] as const,
  // Paging. An incident's escalations and SLA clocks sit under 'incidents': live changes refresh them.
  escalations: (ref: string) => ['incidents', 'escalations', ref] as const,
  sla: (ref: string) => ['incidents', 'sla', ref] as const,
  schedules: ['paging', 'schedules'] as const,
  shifts: (id: string, from: string, to: string) => ['paging', 'shifts', id, from, to] as const,
  escalationPolicies: ['paging', 'policies'] as const,
  teams: ['paging', 'teams'] as const,
  businessHours: ['paging', 'business-hours'] as const,
  contactMethods: ['my', 'contact-methods'] as const,
  notificationRules: ['my', 'notification-rules'] as const,
  onCallFeed: ['my', 'on-call-feed'] as const,
  mySessions: ['my', 'sessions'] as const,
  clients: ['clients'] as const,
  clientTiers: ['clients', 'tiers'] as const,
  slaReport: (from: string, to: string) => ['clients', 'sla-report', from, to] as const,
  // Under 'incidents': a change on the incident (time logged, resolved, shared) regenerates it.
  resolutionReport: (ref: string) => ['incidents', 'resolution-report', ref] as const,
  // Outside 'incidents': a period's figures are not refetched on every live change.
  insights: (query: string) => ['insights', query] as const,
  // Under 'incidents': every live change of an incident refreshes its deviations and the lists.
  deviations: (ref: string) => ['incidents', 'deviations', ref] as const,
  techDebt: (filter: string) => ['incidents', 'tech-debt', filter] as const,
  // Hotfixes sit under 'incidents': a merge found (a timeline entry) refreshes them live.
  hotfixes: (ref: string) => ['incidents', 'hotfixes', ref] as const,
  hotfixList: ['incidents', 'hotfixes-all'] as const,
  hotfixRepositories: ['hotfix-repositories'] as const,
  // Verification and holds sit under 'incidents': live changes of the incident refresh them.
  verification: (ref: string) => ['incidents', 'verification', ref] as const,
  verificationSeries: (ref: string) => ['incidents', 'verification-series', ref] as const,
  holds: (ref: string) => ['incidents', 'holds', ref] as const,
  // An incident's deployments sit under 'incidents': a deployment noted on its timeline refreshes them.
  incidentDeployments: (ref: string) => ['incidents', 'deployments', ref] as const,
  deployments: ['deployments'] as const,
  deploymentHooks: ['deployments', 'hooks'] as const,
  // Post-mortems under 'incidents': a published or started one (a timeline entry) refreshes them.
  postmortem: (ref: string) => ['incidents', 'postmortem', ref] as const,
  postmortems: ['incidents', 'postmortems'] as const,
  actions: (mine: boolean) => ['incidents', 'actions', mine] as const,
  // Trackers. An incident's ticket and the Backlog's tickets sit under 'incidents': live changes refresh them.
  handoff: (ref: string) => ['incidents', 'handoff', ref] as const,
  backlogTickets: ['incidents', 'backlog-tickets'] as const,
  trackers: ['trackers'] as const,
  // The integrations whose alert rate may verify a fix; the Prometheus setting.
  watchableIntegrations: ['verification-integrations'] as const,
  prometheus: ['settings', 'prometheus'] as const,
};
