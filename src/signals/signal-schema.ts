/** Types and validation for what integrations receive: alerts, deliveries, changes, silences, services. */
import { z } from 'zod';
import { matchersSchema, ruleSchema, rulesSchema, severity } from './rule-schema.ts';

/** A name as people type it (integrations, services). */
export const nameField = z.string().trim().min(1).max(200);
const name = nameField;

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
