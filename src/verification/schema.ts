/**
 * Verification of a fix on the original metric: what is watched (a PromQL query with a threshold,
 * or the rate of the incident's alerts), the spells of monitoring and their states, and the
 * Prometheus setting. Zod types for validation and the OpenAPI document.
 */
import { z } from 'zod';

/** How a value compares with the threshold when it is bad. */
export const comparisons = ['above', 'below'] as const;
export type Comparison = (typeof comparisons)[number];

/** The states of a spell of monitoring. */
export const runStates = ['waiting', 'good', 'verified', 'failed', 'stopped'] as const;
export type RunState = (typeof runStates)[number];

/** Minutes the metric must stay good after a fix when nobody said otherwise. */
export const DEFAULT_WINDOW_MINUTES = 15;

const windowMinutes = z
  .number()
  .int()
  .min(1)
  .max(1440)
  .describe('Minutes the metric must stay good for the fix to count as verified')
  .meta({ example: 15 });

/** Body of `PUT /incidents/{ref}/watched-metric`: a query or an integration, not both. */
export const watchedMetricBody = z
  .object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .describe('PromQL query, evaluated against the configured Prometheus (or give integrationId)')
      .meta({ example: 'sum(rate(http_errors_total[1m]))' }),
    integrationId: z
      .uuid()
      .optional()
      .describe('An integration whose alert rate (signals per minute) is watched instead of a query'),
    comparison: z
      .enum(comparisons)
      .optional()
      .describe(
        'The metric is bad when its value is above (or below) the threshold; required with a query, ' +
          'only `above` with an integration (its default)',
      ),
    threshold: z.number().finite().describe('The limit of a good value').meta({ example: 0.05 }),
    windowMinutes: windowMinutes.optional(),
  })
  .meta({ id: 'WatchedMetricInput' });

/** Body of `PUT /incidents/{ref}/verification/window`. */
export const windowBody = z.object({ windowMinutes }).meta({ id: 'VerificationWindowInput' });

const run = z
  .object({
    id: z.uuid(),
    state: z
      .enum(runStates)
      .describe('waiting for the metric to be good, good since a moment, or how it ended'),
    metric: z.string().describe('The metric in plain words'),
    windowMinutes: z.number().int(),
    deploymentId: z.string().nullable().describe('The deployment that started it; null when started by hand'),
    startedAt: z.iso.datetime({ offset: true }),
    goodSince: z.iso.datetime({ offset: true }).nullable(),
    verifiesAt: z.iso.datetime({ offset: true }).nullable().describe('When it is verified if it stays good'),
    progress: z.number().min(0).max(1).describe('Share of the window the metric has been good'),
    lastValue: z.number().nullable(),
    lastCheckedAt: z.iso.datetime({ offset: true }).nullable(),
    detail: z.string().nullable().describe('The last check in plain words'),
    endedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'VerificationRun' });
export type RunView = z.infer<typeof run>;

/** What `GET /incidents/{ref}/verification` answers. */
export const verificationSchema = z
  .object({
    metric: z
      .object({
        kind: z
          .enum(['query', 'integration', 'alerts', 'none'])
          .describe("A watched query, an integration's alert rate, the rate of its alerts, or nothing"),
        description: z.string(),
        query: z.string().nullable(),
        integrationId: z.uuid().nullable().describe('The integration whose alert rate is watched'),
        integrationName: z.string().nullable(),
        comparison: z.enum(comparisons).nullable(),
        threshold: z.number().nullable(),
      })
      .describe('What is watched'),
    windowMinutes: z.number().int(),
    run: run.nullable().describe('The latest spell of monitoring'),
    verified: z.boolean().describe('The latest fix was verified on the metric'),
  })
  .meta({ id: 'Verification' });
export type VerificationView = z.infer<typeof verificationSchema>;

/** What `GET /incidents/{ref}/verification/series` answers: the chart's points. */
export const seriesSchema = z
  .object({
    unit: z.enum(['value', 'signals-per-minute']),
    points: z.array(z.object({ at: z.iso.datetime({ offset: true }), value: z.number() })),
    deployedAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .describe('When monitoring started (the fix deployed)'),
    threshold: z.number().nullable(),
    error: z.string().nullable().describe('Why there are no points, in plain words'),
  })
  .meta({ id: 'VerificationSeries' });
export type Series = z.infer<typeof seriesSchema>;

/** The Prometheus setting (`/settings/prometheus`). */
export const prometheusSchema = z
  .object({
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable()
      .describe('Base URL of the Prometheus HTTP API; null: none (watched queries cannot be checked)')
      .meta({ example: 'http://prometheus.internal:9090' }),
  })
  .meta({ id: 'PrometheusSetting' });

/** What `POST /settings/prometheus/test` answers: whether `vector(1)` was read, in plain words. */
export const prometheusTestSchema = z
  .object({
    ok: z.boolean().describe('Prometheus answered the query vector(1) with 1'),
    detail: z.string().describe('What happened, in plain words').meta({ example: 'Prometheus answered 1' }),
  })
  .meta({ id: 'PrometheusTest' });

/** What `GET /verification/integrations` answers: the integrations whose alert rate may be watched. */
export const watchableIntegrationsSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        name: z.string().meta({ example: 'Payments' }),
        type: z.string().meta({ example: 'pagerduty' }),
        disabled: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'WatchableIntegrations' });
