/**
 * Types and validation for integrations. The rule, alert, silence and service schemas live in
 * rule-schema.ts and signal-schema.ts; they are exported from here too for the web app's types.
 */
import { z } from 'zod';
import { integrationTypes } from './integrations/types.ts';
import { rulesSchema, ruleSchema } from './rule-schema.ts';
import { nameField } from './signal-schema.ts';

export * from './rule-schema.ts';
export * from './signal-schema.ts';

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
    webhookUrl: z
      .string()
      .describe(
        'Where the source sends its webhooks with the key in a header (`Authorization: Bearer <key>` or ' +
          '`X-Expedite-Key`); the URL itself is no secret',
      ),
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

const name = nameField;

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
    url: z
      .string()
      .describe('The webhook URL with the key in it, for senders that cannot set headers (Sentry, Bugsnag)'),
    pagerDutyUrl: z
      .string()
      .describe('The PagerDuty Events API v2–compatible endpoint; use the key as routing_key'),
  })
  .meta({ id: 'IntegrationKey' });
