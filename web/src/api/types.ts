// The API's types, taken from the server's own zod schemas (type-only imports: nothing of the
// server is bundled). One source of truth: a schema change is a compile error here.
import type { z } from 'zod';
import type { User, ApiToken, Session } from '../../../src/auth/schema.ts';
import type {
  Incident,
  Task,
  TimeEntry,
  TimelineEntry,
  Status,
  IncidentRole,
} from '../../../src/incidents/schema.ts';
import type { declareBody, classifyBody, listQuery } from '../../../src/incidents/schema.ts';
import type { PolicyVersion } from '../../../src/policy/store.ts';
import type { AuditEntry } from '../../../src/audit/store.ts';
import type {
  alertSchema,
  createIntegrationBody,
  createSilenceBody,
  deliverySchema,
  incidentSignalsSchema,
  integrationKeySchema,
  integrationSchema,
  ruleSchema,
  silenceSchema,
  updateIntegrationBody,
} from '../../../src/signals/schema.ts';
import type {
  createReportBody,
  createReportResponse,
  checklistSchema,
  reportSchema,
  uploadSchema,
} from '../../../src/reports/schema.ts';
import type { HarRequestLine, HarSummary } from '../../../src/reports/har.ts';
import type {
  contactMethodBody,
  contactMethodSchema,
  escalationSchema,
  policyBody,
  policySchema,
  ruleSchema as notificationRuleSchema,
  targetSchema,
  teamBody,
  teamSchema,
} from '../../../src/escalation/schema.ts';
import type {
  clientBody,
  clientSchema,
  clockSchema,
  incidentSlaSchema,
  tierSchema,
} from '../../../src/clients/schema.ts';
import type { Schedule as ScheduleDefinition } from '../../../src/schedules/schema.ts';

export type {
  User,
  ApiToken,
  Session,
  Incident,
  Task,
  TimeEntry,
  TimelineEntry,
  Status,
  IncidentRole,
  PolicyVersion,
  AuditEntry,
};
export type { Origin } from '../../../src/incidents/schema.ts';
export type { IntegrationType, Severity } from '../../../src/signals/integrations/types.ts';
export type { HarRequestLine, HarSummary };
export type { Role } from '../../../src/auth/permissions.ts';
export type { UrgencyPolicy, Classification } from '../../../src/classification/policy.ts';
export type DeclareBody = z.input<typeof declareBody>;
export type ClassifyBody = z.input<typeof classifyBody>;
export type ListQuery = Partial<z.input<typeof listQuery>>;

// Signals: integrations, their alerts and deliveries, silences, an incident's signals.
export type Integration = z.output<typeof integrationSchema>;
export type IntegrationKey = z.output<typeof integrationKeySchema>;
export type RoutingRule = z.output<typeof ruleSchema>;
export type Alert = z.output<typeof alertSchema>;
export type Delivery = z.output<typeof deliverySchema>;
export type Silence = z.output<typeof silenceSchema>;
export type IncidentSignals = z.output<typeof incidentSignalsSchema>;
export type CreateIntegrationBody = z.input<typeof createIntegrationBody>;
export type UpdateIntegrationBody = z.input<typeof updateIntegrationBody>;
export type CreateSilenceBody = z.input<typeof createSilenceBody>;

// Support reports and their evidence.
export type Upload = z.output<typeof uploadSchema>;
export type Report = z.output<typeof reportSchema>;
export type SupportChecklist = z.output<typeof checklistSchema>;
export type CreateReportBody = z.input<typeof createReportBody>;
export type ReportFiled = z.output<typeof createReportResponse>;

// Paging: escalation policies, teams, business hours, a person's contact methods and rules.
export type EscalationTarget = z.output<typeof targetSchema>;
export type EscalationPolicy = z.output<typeof policySchema>;
export type EscalationPolicyBody = z.input<typeof policyBody>;
export type Escalation = z.output<typeof escalationSchema>;
export type Team = z.output<typeof teamSchema>;
export type TeamBody = z.input<typeof teamBody>;
export type ContactMethod = z.output<typeof contactMethodSchema>;
export type ContactMethodBody = z.input<typeof contactMethodBody>;
export type NotificationRule = z.output<typeof notificationRuleSchema>;
export type { ContactKind } from '../../../src/escalation/schema.ts';
export type { BusinessHours } from '../../../src/escalation/business-hours.ts';

// On-call schedules: the definition (layers, overrides) and what the API answers around it.
export type { ScheduleDefinition };
export type { Layer, Override, Rotation } from '../../../src/schedules/schema.ts';
/** A schedule as listed, with who is on call now (user ids). */
export interface ScheduleView {
  id: string;
  name: string;
  definition: ScheduleDefinition;
  updatedAt: string;
  onCallNow: string[];
}
/** One piece of the final on-call timeline; `layerId` is 'override' when an override decided it. */
export interface ShiftView {
  userId: string;
  start: string;
  end: string;
  layerId: string;
}

// Clients, coverage tiers and SLA clocks.
export type ClientTier = z.output<typeof tierSchema>;
export type Client = z.output<typeof clientSchema>;
export type ClientBody = z.input<typeof clientBody>;
export type IncidentSla = z.output<typeof incidentSlaSchema>;
export type SlaClock = z.output<typeof clockSchema>;
export type { ChainRole } from '../../../src/clients/schema.ts';
/** One client's line of the SLA compliance report. */
export interface SlaReportLine {
  client: string;
  tier: string;
  incidents: number;
  clocks: Record<string, { met: number; breached: number; running: number }>;
  compliance: number | null;
}

/** A page of incidents. */
export interface IncidentPage {
  items: Incident[];
  nextCursor: string | null;
}

/** The API's one error shape. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

// Trackers and the tickets incidents are handed off as.
export type { Handoff, Tracker, TrackerKind, CreateTrackerInput } from '../../../src/trackers/schema.ts';
/** A backlogged incident's ticket, for the Backlog view. */
export interface BacklogTicket {
  incidentId: string;
  number: number;
  tracker: string;
  ref: string;
  url: string | null;
  state: 'open' | 'closed' | null;
}
