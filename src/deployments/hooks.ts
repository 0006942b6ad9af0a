/**
 * Deployment hooks: an admin configures one per CI/CD source (its format, its secret, which
 * service its deliveries are for); a delivery is verified with the secret before anything is read,
 * then recorded as a deployment of the service its repository and environment map to.
 */
import { audited } from '../audit/audited.ts';
import type { User } from '../auth/schema.ts';
import type { Queryable } from '../db/pool.ts';
import { AppError, invalidField } from '../errors.ts';
import { findService } from '../incidents/store.ts';
import { recordDeployment, type RecordDeps } from './record.ts';
import type { Hook, HookBody } from './schema.ts';
import { deleteHook, getHookRow, insertHook, listHookRows, serviceNames, type HookRow } from './store.ts';
import {
  eventName,
  HookError,
  readGeneric,
  readGitHub,
  readGitLab,
  verifyDelivery,
  type HookEvent,
} from './webhooks.ts';

/** Where a hook's deliveries are sent, under the API. */
export const hookPath = (id: string) => `/api/v1/deployment-hooks/${id}/deliveries`;

/** The API form of hooks (never the secret). */
export async function presentHooks(db: Queryable, rows: HookRow[], publicUrl: string): Promise<Hook[]> {
  const ids = rows.flatMap((r) => [
    ...(r.service_id ? [r.service_id] : []),
    ...r.service_map.map((m) => m.serviceId),
  ]);
  const names = await serviceNames(db, [...new Set(ids)]);
  const svc = (id: string) => ({ id, name: names.get(id) ?? id });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    url: `${publicUrl.replace(/\/$/, '')}${hookPath(r.id)}`,
    service: r.service_id ? svc(r.service_id) : null,
    serviceMap: r.service_map.map((m) => ({
      repository: m.repository ?? null,
      environment: m.environment ?? null,
      service: svc(m.serviceId),
    })),
    createdAt: r.created_at.toISOString(),
  }));
}

/** Every hook as the API shows it. */
export async function listHooks(db: Queryable, publicUrl: string): Promise<Hook[]> {
  return presentHooks(db, await listHookRows(db), publicUrl);
}

async function serviceId(db: Queryable, ref: string, field: string): Promise<string> {
  const service = await findService(db, ref);
  if (!service) throw invalidField(field, `no service "${ref}"`);
  return service.id;
}

/** Adds a hook (audited); services are named by id or name, each checked. */
export async function createHook(
  deps: RecordDeps,
  body: HookBody,
  actor: User,
  publicUrl: string,
): Promise<Hook> {
  const fixed = body.service ? await serviceId(deps.pool, body.service, 'body.service') : null;
  const map: HookRow['service_map'] = [];
  for (const [i, rule] of body.serviceMap.entries())
    map.push({
      repository: rule.repository ?? null,
      environment: rule.environment ?? null,
      serviceId: await serviceId(deps.pool, rule.service, `body.serviceMap.${i}.service`),
    });
  const at = deps.clock.now();
  const id = await audited(
    deps.pool,
    (tx) =>
      insertHook(tx, {
        name: body.name,
        kind: body.kind,
        secret: body.secret,
        service_id: fixed,
        service_map: map,
        at,
        createdBy: actor.id,
      }),
    (hookId) => ({
      at,
      actorId: actor.id,
      action: 'deployment-hook.create',
      target: `deployment-hook:${hookId}`,
      data: { name: body.name, kind: body.kind, serviceId: fixed, serviceMap: map },
    }),
  );
  return (await presentHooks(deps.pool, [(await getHookRow(deps.pool, id))!], publicUrl))[0]!;
}

/** Removes a hook (audited); its deliveries are refused from then on. */
export async function removeHook(deps: RecordDeps, id: string, actor: User): Promise<void> {
  const at = deps.clock.now();
  const removed = await audited(
    deps.pool,
    (tx) => deleteHook(tx, id),
    (done) =>
      done
        ? { at, actorId: actor.id, action: 'deployment-hook.delete', target: `deployment-hook:${id}` }
        : null,
  );
  if (!removed) throw new AppError('not_found', `No deployment hook ${id}`);
}

/** What a delivery came to. */
export interface Receipt {
  status: 'recorded' | 'ignored' | 'pong';
  deploymentId: string | null;
  reason: string | null;
}

const ignored = (reason: string): Receipt => ({ status: 'ignored', deploymentId: null, reason });

/** The service a delivery is for: the delivery's own (generic), the first matching rule, the fixed one. */
async function serviceFor(db: Queryable, hook: HookRow, e: HookEvent): Promise<string | null> {
  if (e.service) return (await findService(db, e.service))?.id ?? null;
  const eq = (a: string | null | undefined, b: string | null) =>
    !a || (b !== null && a.toLowerCase() === b.toLowerCase());
  const rule = hook.service_map.find(
    (m) => eq(m.repository, e.repository) && eq(m.environment, e.environment),
  );
  return rule?.serviceId ?? hook.service_id;
}

/**
 * Receives one delivery for hook `id`: 404 for no such hook, 401 (HookError) when the signature
 * or token is wrong or missing, 400 when the body is not the format; nothing is recorded then.
 */
export async function receiveDelivery(
  deps: RecordDeps,
  id: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  body: () => unknown,
): Promise<Receipt> {
  const hook = await getHookRow(deps.pool, id);
  if (!hook) throw new AppError('not_found', 'No deployment hook has this id');
  verifyDelivery(hook.kind, hook.secret, headers, rawBody);
  const event = eventName(hook.kind, headers);
  if (hook.kind === 'github' && event === 'ping') return { status: 'pong', deploymentId: null, reason: null };
  if (hook.kind === 'github' && event !== 'deployment_status')
    return ignored(`GitHub event "${event}" records nothing; send deployment_status`);
  if (hook.kind === 'gitlab' && event !== 'Deployment Hook')
    return ignored(`GitLab event "${event}" records nothing; send deployment events`);
  const parsed = body();
  const e =
    hook.kind === 'github'
      ? readGitHub(parsed)
      : hook.kind === 'gitlab'
        ? readGitLab(parsed)
        : readGeneric(parsed);
  if (!e.status) return ignored(e.reason ?? 'nothing to record');
  const service = await serviceFor(deps.pool, hook, e);
  if (!service)
    return ignored(
      e.service
        ? `no service "${e.service}"`
        : `no service for repository ${e.repository ?? '-'} and environment ${e.environment}`,
    );
  const recorded = await recordDeployment(deps, {
    serviceId: service,
    version: e.version,
    environment: e.environment,
    status: e.status,
    url: e.url,
    commit: e.commit,
    by: e.by,
    actorId: null,
    source: hook.kind,
    externalId: e.externalId,
    hookId: hook.id,
    rolledBackTo: e.rolledBackTo ?? null,
  }).catch((err: unknown) => {
    // A rollback of a deployment never recorded is the sender's mistake, not ours.
    if (err instanceof AppError && err.code === 'conflict') throw new HookError('invalid', err.message);
    throw err;
  });
  return {
    status: recorded.changed ? 'recorded' : 'ignored',
    deploymentId: recorded.deployment.id,
    reason: recorded.changed ? null : `the deployment is already ${recorded.deployment.status}`,
  };
}

export { HookError };
