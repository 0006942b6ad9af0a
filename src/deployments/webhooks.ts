/**
 * The deployment events CI/CD tools already send, read into one shape, and how each is verified.
 *
 * GitHub `deployment_status` (header `X-GitHub-Event: deployment_status`, signed
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`), abridged:
 *   { "action": "created",
 *     "deployment_status": { "state": "success", "environment": "production", "target_url": "",
 *                            "environment_url": "https://…", "creator": { "login": "Codertocat" } },
 *     "deployment": { "id": 145988746, "sha": "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
 *                     "ref": "master", "environment": "production", "payload": {} },
 *     "repository": { "full_name": "Codertocat/Hello-World", "default_branch": "master" },
 *     "sender": { "login": "Codertocat" } }
 * GitLab deployment events (header `X-Gitlab-Event: Deployment Hook`, `X-Gitlab-Token: <secret>`):
 *   { "object_kind": "deployment", "status": "success", "deployment_id": 15,
 *     "deployable_url": "http://…/-/jobs/796", "environment": "staging",
 *     "project": { "path_with_namespace": "root/test-deployment-webhooks" }, "short_sha": "279484c0",
 *     "user": { "username": "root" }, "commit_url": "http://…/-/commit/279484c0…" }
 * The generic form is `genericBody` below, with `Authorization: Bearer <secret>`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { DeploymentStatus, HookKind } from './schema.ts';

/** A delivery read: what to record (status null: nothing to record, with the reason). */
export interface HookEvent {
  repository: string | null;
  environment: string;
  version: string;
  status: DeploymentStatus | null;
  reason?: string;
  url: string | null;
  commit: string | null;
  by: string | null;
  externalId: string | null;
  /** Generic deliveries may name the service themselves. */
  service?: string | null;
  rolledBackTo?: string | null;
}

/** Why a delivery is refused: its signature (401) or its body (400). */
export class HookError extends Error {
  readonly kind: 'unauthorized' | 'invalid';
  constructor(kind: 'unauthorized' | 'invalid', message: string) {
    super(message);
    this.kind = kind;
  }
}

const same = (a: string, b: string) =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

/** Checks a delivery was sent by whoever holds the hook's secret; throws HookError (401) if not. */
export function verifyDelivery(
  kind: HookKind,
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
): void {
  if (kind === 'github') {
    const got = header(headers, 'x-hub-signature-256');
    if (!got) throw new HookError('unauthorized', 'X-Hub-Signature-256 is missing');
    const want = `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
    if (!same(got.toLowerCase(), want))
      throw new HookError('unauthorized', 'X-Hub-Signature-256 does not match');
    return;
  }
  if (kind === 'gitlab') {
    const got = header(headers, 'x-gitlab-token');
    if (!got) throw new HookError('unauthorized', 'X-Gitlab-Token is missing');
    if (!same(got, secret)) throw new HookError('unauthorized', 'X-Gitlab-Token is not the secret token');
    return;
  }
  const got = /^Bearer\s+(\S+)$/i.exec(header(headers, 'authorization'))?.[1];
  if (!got) throw new HookError('unauthorized', 'Authorization: Bearer <secret> is missing');
  if (!same(got, secret)) throw new HookError('unauthorized', 'The bearer secret is not this hook’s');
}

/** The event a delivery's header names ("deployment_status", "Deployment Hook", …). */
export function eventName(kind: HookKind, headers: Record<string, string | string[] | undefined>): string {
  if (kind === 'github') return header(headers, 'x-github-event');
  if (kind === 'gitlab') return header(headers, 'x-gitlab-event');
  return 'deployment';
}

const str = z.string().max(2000);
const opt = str.nullish();
const id = z.union([z.number().int(), z.string().min(1).max(200)]).transform(String);
const link = (v: string | null | undefined) => (v && /^https?:\/\//i.test(v) ? v.slice(0, 2000) : null);
const clip = (v: string, n: number, fallback: string) => v.trim().slice(0, n) || fallback;

const githubBody = z.object({
  deployment_status: z.object({
    state: str,
    environment: opt,
    target_url: opt,
    environment_url: opt,
    log_url: opt,
    creator: z.object({ login: opt }).nullish(),
  }),
  deployment: z.object({
    id,
    sha: opt,
    ref: opt,
    environment: opt,
    payload: z.unknown().optional(),
    creator: z.object({ login: opt }).nullish(),
  }),
  repository: z.object({ full_name: str, default_branch: opt }),
  sender: z.object({ login: opt }).nullish(),
});

const githubStates: Record<string, DeploymentStatus> = {
  queued: 'started',
  pending: 'started',
  in_progress: 'started',
  success: 'finished',
  failure: 'failed',
  error: 'failed',
};

/** Reads a GitHub `deployment_status` event. */
export function readGitHub(body: unknown): HookEvent {
  const b = parse(githubBody, body);
  const s = b.deployment_status;
  const d = b.deployment;
  const payload = (d.payload ?? {}) as { version?: unknown };
  const sha = d.sha ?? null;
  const ref = d.ref ?? null;
  const version =
    typeof payload.version === 'string' && payload.version.trim()
      ? payload.version
      : ref && ref !== b.repository.default_branch && ref !== sha
        ? ref
        : (sha?.slice(0, 7) ?? ref ?? 'unknown');
  const status = githubStates[s.state] ?? null;
  return {
    repository: b.repository.full_name,
    environment: clip(s.environment || d.environment || '', 100, 'production'),
    version: clip(version, 200, 'unknown'),
    status,
    reason: status ? undefined : `state ${s.state} records nothing`,
    url: link(s.target_url) ?? link(s.log_url) ?? link(s.environment_url),
    commit: sha && /^[0-9a-f]{4,64}$/i.test(sha) ? sha : null,
    by: d.creator?.login ?? b.sender?.login ?? s.creator?.login ?? null,
    externalId: d.id,
  };
}

const gitlabBody = z.object({
  object_kind: z.literal('deployment'),
  status: str,
  deployment_id: id,
  deployable_url: opt,
  environment: str,
  environment_external_url: opt,
  project: z.object({ path_with_namespace: str, web_url: opt }),
  short_sha: opt,
  ref: opt,
  user: z.object({ username: opt, name: opt }).nullish(),
  commit_url: opt,
});

const gitlabStates: Record<string, DeploymentStatus> = {
  created: 'started',
  running: 'started',
  success: 'finished',
  failed: 'failed',
  canceled: 'failed',
};

/** Reads a GitLab deployment event. */
export function readGitLab(body: unknown): HookEvent {
  const b = parse(gitlabBody, body);
  const status = gitlabStates[b.status] ?? null;
  const commit = /\/commit\/([0-9a-f]{7,64})$/i.exec(b.commit_url ?? '')?.[1] ?? b.short_sha ?? null;
  return {
    repository: b.project.path_with_namespace,
    environment: clip(b.environment, 100, 'production'),
    version: clip(b.short_sha || b.ref || '', 200, 'unknown'),
    status,
    reason: status ? undefined : `status ${b.status} records nothing`,
    url: link(b.deployable_url) ?? link(b.commit_url),
    commit: commit && /^[0-9a-f]{4,64}$/i.test(commit) ? commit : null,
    by: b.user?.username ?? b.user?.name ?? null,
    externalId: b.deployment_id,
  };
}

/** The generic form: the API's deployment body, with a repository and rollbacks. */
export const genericBody = z.object({
  service: z.string().trim().min(1).max(200).nullish(),
  repository: z.string().trim().min(1).max(300).nullish(),
  version: z.string().trim().min(1).max(200),
  environment: z.string().trim().min(1).max(100).default('production'),
  status: z.enum(['started', 'finished', 'failed', 'rolled-back']).default('finished'),
  rolledBackTo: z.string().trim().min(1).max(200).nullish(),
  url: z.string().max(2000).nullish(),
  commit: z.string().trim().max(64).nullish(),
  by: z.string().trim().min(1).max(200).nullish(),
  id: z.string().trim().min(1).max(200).nullish(),
});

/** Reads a generic deployment delivery. */
export function readGeneric(body: unknown): HookEvent {
  const b = parse(genericBody, body);
  if (b.status === 'rolled-back' && !b.rolledBackTo)
    throw new HookError('invalid', 'body.rolledBackTo: is required when rolling back');
  return {
    repository: b.repository ?? null,
    environment: b.environment,
    version: b.version,
    status: b.status,
    url: link(b.url),
    commit: b.commit && /^[0-9a-f]{4,64}$/i.test(b.commit) ? b.commit : null,
    by: b.by ?? null,
    externalId: b.id ?? null,
    service: b.service ?? null,
    rolledBackTo: b.rolledBackTo ?? null,
  };
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new HookError('invalid', `body.${issue.path.join('.')}: ${issue.message}`);
}
