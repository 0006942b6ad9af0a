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
  // Trackers. An incident's ticket and the Backlog's tickets sit under 'incidents': live changes refresh them.
  handoff: (ref: string) => ['incidents', 'handoff', ref] as const,
  backlogTickets: ['incidents', 'backlog-tickets'] as const,
  trackers: ['trackers'] as const,
};
