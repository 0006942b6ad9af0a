/** Routing rules: which signals a rule takes and what it does with them. */
import { z } from 'zod';
import { areas, criticalities, scopes, urgencies } from '../classification/codes.ts';
import { severities } from './integrations/types.ts';

export const severity = z.enum(severities);

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
