/** Types and validation of the insights: the query (period, buckets, grouping, filters) and the figures. */
import { z } from 'zod';
import { areas, criticalities, scopes, urgencies } from '../classification/codes.ts';

/** How the figures over time are cut. */
export const buckets = ['day', 'week', 'month'] as const;
/** What the figures can be grouped by. */
export const groupings = ['team', 'service', 'client', 'scope', 'criticality', 'area', 'urgency'] as const;
export type Grouping = (typeof groupings)[number];

/** The longest period one query covers: two years of daily buckets stays a readable chart. */
export const MAX_DAYS = 732;

export const insightsQuery = z.object({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Start of the period (incidents declared at or after it); default 30 days before `to`')
    .meta({ example: '2026-11-01T00:00:00Z' }),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('End of the period (declared before it); default now')
    .meta({ example: '2026-12-01T00:00:00Z' }),
  bucket: z.enum(buckets).default('week').describe('Length of each step of the figures over time (UTC)'),
  groupBy: z.enum(groupings).optional().describe('Also give the figures per team, service, client or class'),
  team: z.uuid().optional().describe("Only incidents of this team's services"),
  service: z.uuid().optional().describe('Only incidents of this service'),
  client: z.uuid().optional().describe('Only incidents of this client'),
  scope: z.enum(scopes).optional(),
  criticality: z.enum(criticalities).optional(),
  area: z.enum(areas).optional(),
  urgency: z.enum(urgencies).optional(),
  format: z.enum(['json', 'csv']).default('json').describe('csv: the figures table as CSV'),
});
export type InsightsQuery = z.output<typeof insightsQuery>;

/** A duration's spread, in minutes; null figures when nothing was measured. */
export const statSchema = z
  .object({
    count: z.int().describe('How many incidents were measured'),
    mean: z.number().nullable(),
    median: z.number().nullable(),
    p90: z.number().nullable().describe('90th percentile'),
  })
  .meta({ id: 'InsightStat', example: { count: 4, mean: 12.5, median: 10, p90: 22 } });
export type Stat = z.infer<typeof statSchema>;
/** The same, under the name the web app reads it by. */
export type InsightStat = Stat;

/** The figures of a set of incidents (the whole period, one step of time, or one group). */
export const figuresSchema = z.object({
  incidents: z.int(),
  resolved: z.int(),
  mtta: statSchema.describe('Declared → first acknowledgement or ownership, minutes'),
  mttr: statSchema.describe('Declared → resolved, minutes'),
  verification: statSchema.describe('Monitoring started → fix verified, minutes'),
  hours: z.number().describe('Hours logged on these incidents'),
  deviations: z.int().describe('Deviations from process recorded'),
});
export type Figures = z.infer<typeof figuresSchema>;

const slaCounts = z.object({ met: z.int(), breached: z.int(), running: z.int() });

export const insightsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    bucket: z.enum(buckets),
    groupBy: z.enum(groupings).nullable(),
    total: figuresSchema,
    overTime: z.array(figuresSchema.extend({ start: z.string().describe('Start of the step') })),
    groups: z.array(
      figuresSchema.extend({
        key: z.string().nullable().describe('Id or class code; null for incidents without one'),
        label: z.string(),
      }),
    ),
    statuses: z
      .array(statSchema.extend({ status: z.string() }))
      .describe('Time spent in each working status, per incident that was in it'),
    sla: z.object({
      clients: z.array(
        z.object({
          client: z.string(),
          tier: z.string(),
          incidents: z.int(),
          clocks: z.record(z.string(), slaCounts),
          compliance: z.number().nullable().describe('Met ÷ (met + breached) over every clock'),
        }),
      ),
      tiers: z.array(
        slaCounts.extend({ tier: z.string(), incidents: z.int(), compliance: z.number().nullable() }),
      ),
    }),
    pages: z.object({
      total: z.int().describe('Pages sent in the period'),
      outOfHours: z.int().describe("Of which outside the organisation's business hours"),
      people: z
        .array(
          z.object({
            userId: z.string(),
            name: z.string(),
            pages: z.int(),
            outOfHours: z.int(),
            incidents: z.int(),
          }),
        )
        .nullable()
        .describe('Per person; null for a caller who may not read the people list (users:read)'),
    }),
    deviations: z.object({
      count: z.int(),
      byReason: z.array(z.object({ reason: z.string(), count: z.int() })),
    }),
    techDebt: z.object({
      created: z.int(),
      open: z.int(),
      overdue: z.int(),
      openBudgetHours: z.number(),
    }),
    actions: z.object({ open: z.int(), overdue: z.int() }).describe('Post-mortem action items'),
    hours: z.object({ total: z.number(), onTechDebt: z.number() }),
  })
  .meta({ id: 'Insights' });
export type Insights = z.infer<typeof insightsSchema>;
