/** Types and validation for integrations, routing rules, silences, alerts and deliveries. */
import { z } from 'zod';
import { areas, criticalities, scopes, urgencies } from '../classification/codes.ts';
import { integrationTypes, severities } from './integrations/types.ts';

const severity = z.enum(severities);

/** A label matcher: an exact value, or a regular expression written `/…/`. */
const matcherValue = z
  .string()
  .min(1)
  .max(500)
  .refine((v) => !(v.startsWith('/') && v.endsWith('/') && v.length > 1) || isRegex(v.slice(1, -1)), {
    message: 'not a valid regular expression',
  });

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** Label name → matcher; every one must match. */
export const matchersSchema = z
  .record(z.string().min(1).max(100), matcherValue)
  .describe('Label name → exact value, or /regular expression/; all must match')
  .meta({ example: { service: 'checkout', env: '/prod|production/' } });

/**
 * A routing rule: which signals it takes, how they are grouped, when they open an incident and
 * with which classification and urgency. Rules are tried in order; the first match wins.
 */
export const ruleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
      .describe('Stable id (lower-case letters, digits, dashes); groups are kept per rule id'),
    name: z.string().min(1).max(200),
    match: z
      .object({
        labels: matchersSchema.optional(),
        severity: z.array(severity).min(1).optional().describe('Any of these severities'),
        title: matcherValue.optional().describe('Exact title or /regular expression/'),
      })
      .default({}),
    action: z
      .enum(['open', 'drop'])
      .default('open')
      .describe('open: group and open incidents; drop: store the signals, open nothing'),
    classification: z
      .object({
        scope: z.enum(scopes).optional(),
        criticality: z.enum(criticalities).optional(),
        area: z.enum(areas).optional(),
      })
      .default({}),
    urgency: z
      .union([z.enum(urgencies), z.literal('from-severity'), z.literal('from-policy')])
      .default('from-severity')
      .describe(
        'P1–P4; from-severity (critical P1, error P2, warning P3, info P4); or from-policy (the urgency policy on the classification)',
      ),
    threshold: z
      .object({
        count: z.int().min(1).max(100_000),
        windowMinutes: z.int().min(1).max(1440),
      })
      .default({ count: 1, windowMinutes: 5 })
      .describe(
        '"Confirmed with a metric": open an incident when ≥ count trigger events arrive within the window',
      ),
    groupBy: z
      .array(z.string().min(1).max(100))
      .max(10)
      .nullable()
      .default(null)
      .describe('Label names whose values form the group; null: the source group key (one group if none)'),
    repeatIntervalMinutes: z
      .int()
      .min(1)
      .max(10_080)
      .default(240)
      .describe('Page again for a group at most this often, and only for new alerts'),
    autoResolve: z
      .boolean()
      .default(true)
      .describe('Resolve the incident when every alert has resolved at the source and nobody owns it'),
  })
  .meta({
    id: 'RoutingRule',
    example: {
      id: 'checkout-errors',
      name: 'Checkout errors',
      match: { labels: { service: 'checkout' }, severity: ['critical', 'error'] },
      classification: { scope: 'ALL-USERS', criticality: 'FBLOCK', area: 'BE' },
      urgency: 'from-severity',
      threshold: { count: 5, windowMinutes: 2 },
      groupBy: ['alertname'],
    },
  });
export type Rule = z.output<typeof ruleSchema>;

export const rulesSchema = z
  .array(ruleSchema)
  .max(100)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, {
    message: 'rule ids must be unique',
  });

/** The generic webhook's mapping (JSON paths); checked further by the generic adapter. */
export const mappingSchema = z
  .object({
    items: z.string().max(200).optional(),
    title: z.string().min(1).max(200),
    dedupKey: z.string().min(1).max(200),
    severity: z.string().max(200).optional(),
    status: z.string().max(200).optional(),
    resolvedValues: z.array(z.string().max(100)).max(20).optional(),
    acknowledgedValues: z.array(z.string().max(100)).max(20).optional(),
    groupKey: z.string().max(200).optional(),
    labels: z.string().max(200).optional(),
    link: z.string().max(200).optional(),
    deliveryId: z.string().max(200).optional(),
  })
  .meta({
    id: 'GenericMapping',
    example: {
      title: '$.title',
      dedupKey: '$.id',
      severity: '$.level',
      status: '$.state',
      resolvedValues: ['ok'],
    },
  });

const serviceRef = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'ServiceRef' });

/** An integration as the API shows it (never its key, only the key's last characters). */
export const integrationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(integrationTypes),
    service: serviceRef.nullable(),
    keyHint: z.string().describe('The last characters of the key, to tell keys apart'),
    signed: z.boolean().describe('Whether deliveries must carry a valid signature'),
    mapping: mappingSchema.nullable(),
    rules: z.array(ruleSchema),
    rateLimitPerMinute: z.int(),
    createdAt: z.iso.datetime(),
    keyRotatedAt: z.iso.datetime().nullable(),
    disabled: z.boolean(),
  })
  .meta({ id: 'Integration' });
export type IntegrationView = z.infer<typeof integrationSchema>;

const name = z.string().trim().min(1).max(200);

export const createIntegrationBody = z
  .object({
    name,
    type: z.enum(integrationTypes),
    service: name.optional().describe('Service name; created if new'),
    signingSecret: z
      .string()
      .min(8)
      .max(500)
      .optional()
      .describe(
        'Sentry client secret, Grafana HMAC secret, or a Standard Webhooks secret (whsec_…) for generic ' +
          'webhooks; other types cannot check signatures (400). Once set, every delivery must be signed: ' +
          'the unsigned PagerDuty Events API paths refuse the integration.',
      ),
    mapping: mappingSchema.optional(),
    rules: rulesSchema.optional(),
    rateLimitPerMinute: z
      .int()
      .min(1)
      .max(10_000_000)
      .optional()
      .describe('Requests per minute (default 6000)'),
  })
  .meta({
    example: { name: 'Production Prometheus', type: 'alertmanager', service: 'Checkout' },
  });

export const updateIntegrationBody = z.object({
  name: name.optional(),
  service: name.nullable().optional(),
  signingSecret: z.string().min(8).max(500).nullable().optional(),
  mapping: mappingSchema.nullable().optional(),
  rules: rulesSchema.optional(),
  rateLimitPerMinute: z.int().min(1).max(10_000_000).optional(),
  disabled: z.boolean().optional(),
});

/** The answer to creating an integration or rotating its key: the key is shown this once. */
export const integrationKeySchema = z
  .object({
    integration: integrationSchema,
    key: z.string().describe('The integration key: shown once, stored only as a hash'),
    url: z.string().describe('Where the source sends its webhooks'),
    pagerDutyUrl: z
      .string()
      .describe('The PagerDuty Events API v2–compatible endpoint; use the key as routing_key'),
  })
  .meta({ id: 'IntegrationKey' });

export const alertSchema = z
  .object({
    id: z.uuid(),
    integrationId: z.uuid(),
    dedupKey: z.string(),
    status: z.enum(['firing', 'acknowledged', 'resolved']),
    title: z.string(),
    severity: severity.nullable(),
    labels: z.record(z.string(), z.string()),
    links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
    suppressedBy: z
      .string()
      .nullable()
      .describe('silence:<id>, maintenance:<id> or rule:<id> when nothing was opened'),
    eventCount: z.int(),
    incidentId: z.uuid().nullable(),
    firstSeenAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    resolvedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof alertSchema>;

export const deliverySchema = z
  .object({
    id: z.uuid(),
    receivedAt: z.iso.datetime(),
    externalId: z.string().nullable(),
    outcome: z.enum(['accepted', 'rejected', 'unauthorized']),
    signalCount: z.int(),
    error: z.string().nullable(),
    body: z.string().nullable().describe('Kept for refused deliveries only (first 64 KB)'),
  })
  .meta({ id: 'Delivery' });

export const silenceSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['silence', 'maintenance']),
    integrationId: z.uuid().nullable(),
    serviceId: z.uuid().nullable(),
    matchers: z.record(z.string(), z.string()),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    reason: z.string(),
    createdBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    cancelled: z.boolean(),
  })
  .meta({ id: 'Silence' });
export type Silence = z.infer<typeof silenceSchema>;

export const createSilenceBody = z
  .object({
    kind: z.enum(['silence', 'maintenance']).default('silence'),
    integrationId: z.uuid().optional(),
    service: name.optional().describe('Service name (a maintenance window usually covers a service)'),
    matchers: matchersSchema.default({}),
    startsAt: z.iso.datetime({ offset: true }).optional().describe('Default: now'),
    endsAt: z.iso.datetime({ offset: true }),
    reason: z.string().trim().min(1).max(2000),
  })
  .meta({
    example: {
      kind: 'maintenance',
      service: 'Checkout',
      endsAt: '2026-12-02T06:00:00Z',
      reason: 'Database upgrade',
    },
  });

/** An incident's signals: the rate that confirmed it and the alerts behind it. */
export const incidentSignalsSchema = z
  .object({
    rate: z
      .array(z.object({ minute: z.iso.datetime(), count: z.int() }))
      .describe(
        'Signals per minute over the incident (the metric that confirmed it), oldest first: its last ' +
          '1,440 minutes with any. Minutes past the signal retention keep their counts.',
      ),
    alerts: z.array(alertSchema.extend({ integrationName: z.string() })),
    alertsTotal: z.int(),
    truncatedAlerts: z
      .int()
      .describe(
        'Alerts of the group the sender left out of its latest delivery (Alertmanager and Grafana ' +
          "`truncatedAlerts`, set by the receiver's max_alerts): it has that many more than received",
      ),
  })
  .meta({ id: 'IncidentSignals' });

export const serviceSchema = z
  .object({ id: z.uuid(), name: z.string(), description: z.string(), rules: z.array(ruleSchema) })
  .meta({ id: 'Service' });

export const serviceBody = z.object({
  name,
  description: z.string().max(2000).default(''),
  rules: rulesSchema.default([]),
});

/** A change event (deploy, configuration change) received for a service. */
export const serviceChangeSchema = z
  .object({
    id: z.uuid(),
    integrationId: z.uuid(),
    receivedAt: z.iso.datetime(),
    occurredAt: z.iso.datetime().nullable().describe('When the sender says the change happened'),
    summary: z.string(),
    source: z.string().nullable(),
    links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
    customDetails: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'ServiceChange' });
