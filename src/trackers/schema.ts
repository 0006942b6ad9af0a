/** Types and validation for trackers (where non-expedited work goes) and the tickets handed to them. */
import { z } from 'zod';

export const trackerKinds = ['github', 'gitlab', 'jira', 'webhook'] as const;
export type TrackerKind = (typeof trackerKinds)[number];

const kind = z
  .enum(trackerKinds)
  .describe('github (Issues), gitlab (Issues), jira (Cloud REST v3) or webhook (generic JSON, signed)');

const overrideSchema = z.object({
  teams: z.array(z.object({ id: z.uuid(), name: z.string() })),
  services: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

/** A tracker as shown: never its secret. */
export const trackerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind,
    baseUrl: z.string().describe('The API base, or the webhook URL'),
    project: z.string().describe('owner/repo (GitHub), project id or path (GitLab), project key (Jira)'),
    email: z.string().nullable().describe('Jira: the account the API token belongs to'),
    issueType: z.string().nullable().describe('Jira: the issue type, e.g. Task or Bug'),
    labels: z.array(z.string()),
    isDefault: z.boolean().describe('Incidents with no team or service override go here'),
    usedBy: overrideSchema.describe('Teams and services whose incidents go here instead of the default'),
    secretSet: z.literal(true).describe('The credential is stored; it is never shown again'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Tracker' });
export type Tracker = z.infer<typeof trackerSchema>;

const name = z.string().trim().min(1).max(100);
const label = z.string().trim().min(1).max(100);
const refs = z.array(z.string().trim().min(1).max(200)).max(200).describe('Teams or services by id or name');

const trackerFields = {
  name,
  kind,
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('https://api.github.com, https://gitlab.com, https://acme.atlassian.net, or the webhook URL'),
  project: z.string().trim().max(300).default(''),
  email: z.string().trim().max(300).nullish(),
  secret: z
    .string()
    .min(1)
    .max(4000)
    .describe("GitHub/GitLab token, Jira API token, or the webhook's whsec_ secret. Write-only"),
  issueType: z.string().trim().min(1).max(100).nullish(),
  labels: z.array(label).max(20).default([]),
  isDefault: z.boolean().default(false),
  teams: refs.default([]),
  services: refs.default([]),
};

/** The checks every kind needs, on the merged values of a create or a change. */
export function kindProblems(t: {
  kind: TrackerKind;
  project: string;
  email?: string | null | undefined;
  issueType?: string | null | undefined;
  secret?: string | undefined;
}): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (t.kind === 'github' && !/^[\w.-]+\/[\w.-]+$/.test(t.project))
    out.push({ field: 'project', message: 'must be owner/repository' });
  if (t.kind === 'gitlab' && !t.project) out.push({ field: 'project', message: 'is required (id or path)' });
  if (t.kind === 'jira') {
    if (!/^[A-Z][A-Z0-9_]{0,49}$/.test(t.project))
      out.push({ field: 'project', message: 'must be a Jira project key like OPS' });
    if (!t.email) out.push({ field: 'email', message: 'is required for Jira' });
    if (!t.issueType) out.push({ field: 'issueType', message: 'is required for Jira (e.g. Task)' });
  }
  if (t.kind === 'webhook' && t.secret !== undefined && !/^(whsec_)?[A-Za-z0-9+/]{16,}={0,2}$/.test(t.secret))
    out.push({ field: 'secret', message: 'must be a base64 signing secret (whsec_…)' });
  return out;
}

export const createTrackerBody = z.object(trackerFields).meta({
  id: 'CreateTracker',
  example: {
    name: 'Web backlog',
    kind: 'github',
    baseUrl: 'https://api.github.com',
    project: 'acme/web',
    secret: 'github_pat_…',
    labels: ['incident'],
    isDefault: true,
  },
});

/** What a client sends to add a tracker (defaults not yet applied). */
export type CreateTrackerInput = z.input<typeof createTrackerBody>;

export const updateTrackerBody = z
  .object({
    name: name.optional(),
    baseUrl: trackerFields.baseUrl.optional(),
    project: z.string().trim().max(300).optional(),
    email: z.string().trim().max(300).nullable().optional(),
    secret: trackerFields.secret.optional().describe('A new credential; omitted keeps the stored one'),
    issueType: z.string().trim().min(1).max(100).nullable().optional(),
    labels: z.array(label).max(20).optional(),
    isDefault: z.boolean().optional(),
    teams: refs.optional(),
    services: refs.optional(),
  })
  .meta({ id: 'UpdateTracker', example: { labels: ['incident', 'backlog'], teams: ['Payments'] } });

export const trackerParams = z.object({ id: z.uuid() });

/** An incident's ticket in its tracker, or where its hand-off stands. */
export const handoffSchema = z
  .object({
    ticket: z
      .object({
        tracker: z.string().describe("The tracker's name"),
        kind,
        ref: z.string().describe('#12, OPS-7, or the webhook delivery id'),
        url: z.string().nullable(),
        state: z
          .enum(['open', 'closed'])
          .nullable()
          .describe('As last read from the tracker; null: not known'),
        stateCheckedAt: z.iso.datetime().nullable(),
        handedAt: z.iso.datetime(),
      })
      .nullable()
      .describe('null: not handed off yet'),
    pending: z
      .object({ attempts: z.number().int(), lastError: z.string().nullable(), done: z.boolean() })
      .nullable()
      .describe('The hand-off job while it runs or after it gave up; null when none'),
    tracker: z
      .object({ id: z.uuid(), name: z.string(), kind })
      .nullable()
      .describe('The tracker this incident goes to (override or default); null: none set up'),
  })
  .meta({ id: 'IncidentHandoff' });
export type Handoff = z.infer<typeof handoffSchema>;
