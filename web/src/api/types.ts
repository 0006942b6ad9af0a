// The API's types, taken from the server's own zod schemas (type-only imports: nothing of the
// server is bundled). One source of truth: a schema change is a compile error here.
import type { z } from 'zod';
import type { User, ApiToken, Session } from '../../../src/auth/schema.ts';
import type { Incident, TimelineEntry, Status, IncidentRole } from '../../../src/incidents/schema.ts';
import type { declareBody, classifyBody, listQuery } from '../../../src/incidents/schema.ts';
import type { Task, TimeEntry } from '../../../src/incidents/work-schema.ts';
import type { PolicyVersion } from '../../../src/policy/store.ts';
import type { AuditEntry } from '../../../src/audit/store.ts';
import type {
  deploymentSchema,
  hookBody as deploymentHookBody,
  hookSchema as deploymentHookSchema,
  incidentDeploymentsSchema,
} from '../../../src/deployments/schema.ts';
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
  seriesSchema,
  verificationSchema,
  watchedMetricBody,
} from '../../../src/verification/schema.ts';
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

// The knowledge base: past incidents with what fixed them.
export type { PastIncident } from '../../../src/knowledge/schema.ts';

/** A page of incidents. */
export interface IncidentPage {
  items: Incident[];
  nextCursor: string | null;
}

/** The API's one error shape. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

// Resolution reports.
import type {
  draftSchema as resolutionDraftSchema,
  factsBody as resolutionFactsBody,
  reportSchema as resolutionReportSchema,
} from '../../../src/resolutions/schema.ts';
export type ResolutionReport = z.output<typeof resolutionReportSchema>;
export type ResolutionDraft = z.output<typeof resolutionDraftSchema>;
export type ResolutionFacts = z.input<typeof resolutionFactsBody>;
export type { ShareAudience, Version as ReportVersion } from '../../../src/resolutions/schema.ts';
// Insights: the figures of a period (MTTA, MTTR, SLA, pages, follow-ups).
export type { Insights, InsightStat } from '../../../src/insights/schema.ts';
// Deviations from process and the tech debt they create.
import type { debtBody, deviationBody, incidentDebtSchema } from '../../../src/techdebt/schema.ts';
export type { DebtItem, DebtFilter, Deviation, DebtStatus } from '../../../src/techdebt/schema.ts';
export type DeviationBody = z.input<typeof deviationBody>;
export type DebtBody = z.input<typeof debtBody>;
export type IncidentDeviations = z.output<typeof incidentDebtSchema>;
// Hotfixes and their merge back into every long-lived branch.
import type { hotfixBody, repositoryBody } from '../../../src/hotfixes/schema.ts';
export type { Hotfix, Repository as HotfixRepository } from '../../../src/hotfixes/schema.ts';
export type HotfixBody = z.input<typeof hotfixBody>;
export type HotfixRepositoryBody = z.input<typeof repositoryBody>;
// Verification of a fix on its metric, and the holds that keep an incident out of a status.
export type Verification = z.output<typeof verificationSchema>;
export type VerificationSeries = z.output<typeof seriesSchema>;
export type WatchedMetricBody = z.input<typeof watchedMetricBody>;
export type { Hold } from '../../../src/incidents/holds.ts';
// Deployments and rollbacks.
export type Deployment = z.output<typeof deploymentSchema>;
export type IncidentDeployments = z.output<typeof incidentDeploymentsSchema>;
export type DeploymentHook = z.output<typeof deploymentHookSchema>;
export type DeploymentHookBody = z.input<typeof deploymentHookBody>;
// Post-mortems and the action items agreed in them.
export type {
  Postmortem,
  PostmortemSummary,
  Action as PostmortemAction,
} from '../../../src/postmortems/schema.ts';
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
// What verifies a fix may be an integration's alert rate; the Prometheus setting and its test.
import type {
  prometheusSchema,
  prometheusTestSchema,
  watchableIntegrationsSchema,
} from '../../../src/verification/schema.ts';
export type WatchableIntegrations = z.output<typeof watchableIntegrationsSchema>;
export type PrometheusSetting = z.output<typeof prometheusSchema>;
export type PrometheusTest = z.output<typeof prometheusTestSchema>;
