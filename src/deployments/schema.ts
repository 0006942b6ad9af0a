/** Types and validation of deployments, their rollbacks and the webhooks CI/CD tools send them by. */
import { z } from 'zod';

/** A deployment's statuses: started, then finished or failed; a finished one may be rolled back. */
export const deploymentStatuses = ['started', 'finished', 'failed', 'rolled-back'] as const;
export type DeploymentStatus = (typeof deploymentStatuses)[number];

/** Where deployments come from. */
export const deploymentSources = ['api', 'github', 'gitlab', 'pagerduty', 'generic'] as const;

/** The formats a deployment hook reads. */
export const hookKinds = ['github', 'gitlab', 'generic'] as const;
export type HookKind = (typeof hookKinds)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('An http(s) link: the pipeline run, the release, the change');

export const deploymentSchema = z
  .object({
    id: z.uuid(),
    service: z.object({ id: z.uuid(), name: z.string() }),
    version: z.string(),
    environment: z.string(),
    status: z.enum(deploymentStatuses),
    url: z.string().nullable(),
    commit: z.string().nullable(),
    by: z.string().nullable().describe('Who deployed, as the source names them'),
    source: z.string().describe('api, github, gitlab, pagerduty or generic'),
    externalId: z.string().nullable().describe("The source's own id: repeated events update this deployment"),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    rolledBackAt: z.string().nullable(),
    rolledBackTo: z.string().nullable().describe('The version it was rolled back to'),
    updatedAt: z.string(),
  })
  .meta({
    id: 'Deployment',
    example: {
      id: '0b9f2a8e-4c1d-4e57-9b1a-2f0c7d7e6a10',
      service: { id: '5d1c6a0e-8f3b-4b2e-9d7a-1c2b3d4e5f60', name: 'api' },
      version: 'v4.2.2',
      environment: 'production',
      status: 'rolled-back',
      url: 'https://ci.example.com/runs/812',
      commit: '9fceb02',
      by: 'dana',
      source: 'api',
      externalId: null,
      startedAt: '2026-12-07T14:05:00.000Z',
      finishedAt: '2026-12-07T14:10:00.000Z',
      failedAt: null,
      rolledBackAt: '2026-12-07T14:18:00.000Z',
      rolledBackTo: 'v4.2.1',
      updatedAt: '2026-12-07T14:18:00.000Z',
    },
  });
export type Deployment = z.infer<typeof deploymentSchema>;

/** A deployment as a CI step or a person records it (also the generic webhook's body). */
export const deploymentBody = z
  .object({
    service: text(200).describe('The service, by id or name'),
    version: text(200).describe('What was deployed: a tag, a version, a short commit'),
    environment: text(100).default('production').describe('Where: production, staging, …'),
    status: z
      .enum(['started', 'finished', 'failed'])
      .default('finished')
      .describe('started, finished (the default) or failed'),
    url: httpUrl.nullish(),
    commit: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{4,64}$/, 'is not a commit hash')
      .nullish()
      .describe('The commit deployed'),
    by: text(200).nullish().describe('Who deployed; the caller when left out'),
    externalId: text(200)
      .nullish()
      .describe("Your pipeline's id for this deployment: sending it again updates the same deployment"),
  })
  .meta({
    id: 'DeploymentBody',
    example: {
      service: 'api',
      version: 'v4.2.2',
      environment: 'production',
      status: 'finished',
      url: 'https://ci.example.com/runs/812',
      commit: '9fceb02',
    },
  });
export type DeploymentBody = z.output<typeof deploymentBody>;

/** A change of status: finished or failed, or rolled back to an earlier version. */
export const deploymentPatch = z
  .object({
    status: z.enum(['finished', 'failed', 'rolled-back']).describe('finished, failed or rolled-back'),
    rolledBackTo: text(200).nullish().describe('With rolled-back: the version now running'),
    url: httpUrl.nullish(),
  })
  .refine((b) => b.status !== 'rolled-back' || !!b.rolledBackTo, {
    path: ['rolledBackTo'],
    message: 'is required when rolling back',
  })
  .meta({ id: 'DeploymentPatch', example: { status: 'rolled-back', rolledBackTo: 'v4.2.1' } });
export type DeploymentPatch = z.output<typeof deploymentPatch>;

export const deploymentParams = z.object({ id: z.uuid().describe('Deployment id') });

export const deploymentListQuery = z.object({
  service: z.string().trim().min(1).max(200).optional().describe('Only this service (id or name)'),
  environment: z.string().trim().min(1).max(100).optional().describe('Only this environment'),
  status: z.enum(deploymentStatuses).optional().describe('Only deployments in this status'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const deploymentListSchema = z
  .object({ deployments: z.array(deploymentSchema) })
  .meta({ id: 'DeploymentList' });

/** What the room shows: the service's deployments while the incident was open, and the flag. */
export const incidentDeploymentsSchema = z
  .object({
    service: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    affectsDeployments: z.boolean().describe('"Affects deployments": hold deployments until lifted'),
    deployments: z.array(deploymentSchema),
  })
  .meta({ id: 'IncidentDeployments' });

const mapRule = z.object({
  repository: text(300).nullish().describe('A repository (GitHub owner/name) or project path (GitLab)'),
  environment: text(100).nullish().describe('An environment name'),
  service: text(200).describe('The service (id or name) a delivery matching this rule is for'),
});

export const hookBody = z
  .object({
    name: text(200),
    kind: z.enum(hookKinds).describe('github (deployment_status), gitlab (Deployment Hook) or generic'),
    secret: z
      .string()
      .min(16)
      .max(200)
      .describe('The webhook secret (GitHub), secret token (GitLab) or bearer secret (generic)'),
    service: text(200).nullish().describe('The service every delivery is for, unless a rule says otherwise'),
    serviceMap: z.array(mapRule).max(100).default([]).describe('Rules tried in order; the first match wins'),
  })
  .refine((b) => !!b.service || b.serviceMap.length > 0, {
    path: ['service'],
    message: 'is required when there are no rules',
  })
  .meta({
    id: 'DeploymentHookBody',
    example: {
      name: 'GitHub: shop',
      kind: 'github',
      secret: 'a-long-random-secret-1234',
      service: null,
      serviceMap: [{ repository: 'acme/shop-api', service: 'api' }],
    },
  });
export type HookBody = z.output<typeof hookBody>;

export const hookSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(hookKinds),
    url: z.string().describe('Where the tool sends its events'),
    service: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    serviceMap: z.array(
      z.object({
        repository: z.string().nullable(),
        environment: z.string().nullable(),
        service: z.object({ id: z.uuid(), name: z.string() }),
      }),
    ),
    createdAt: z.string(),
  })
  .meta({ id: 'DeploymentHook' });
export type Hook = z.infer<typeof hookSchema>;

export const hookListSchema = z.object({ hooks: z.array(hookSchema) }).meta({ id: 'DeploymentHookList' });

export const hookReceipt = z
  .object({
    status: z.enum(['recorded', 'ignored', 'pong']),
    deploymentId: z.uuid().nullable(),
    reason: z.string().nullable().describe('Why nothing was recorded, when so'),
  })
  .meta({ id: 'DeploymentHookReceipt' });
