/**
 * Changes to integrations by an admin: create one, change it, rotate its key. Each change and its
 * audit entry commit together; the routes only validate, authorize and answer.
 */
import type { z } from 'zod';
import { audited } from '../audit/audited.ts';
import type { User } from '../auth/schema.ts';
import { hashSecret } from '../auth/secrets.ts';
import type { FlowDeps } from '../incidents/change.ts';
import type { createIntegrationBody, updateIntegrationBody } from './schema.ts';
import {
  ensureService,
  getIntegration,
  insertIntegration,
  integrationFields,
  keyHint,
  updateIntegration,
} from './store.ts';

const DEFAULT_RATE_PER_MINUTE = 6000;

/** Creates an integration with `key` (its service created if new); answers its id. Audited. */
export async function createIntegration(
  deps: FlowDeps,
  actor: User,
  b: z.output<typeof createIntegrationBody>,
  key: string,
): Promise<string> {
  const now = deps.clock.now();
  return audited(
    deps.pool,
    async (tx) => {
      const serviceId = b.service ? await ensureService(tx, b.service, now) : null;
      return insertIntegration(tx, {
        name: b.name,
        type: b.type,
        serviceId,
        key,
        signingSecret: b.signingSecret ?? null,
        mapping: b.mapping ?? null,
        rules: b.rules ?? [],
        rateLimitPerMinute: b.rateLimitPerMinute ?? DEFAULT_RATE_PER_MINUTE,
        by: actor.id,
        at: now,
      });
    },
    (id) => ({
      at: now,
      actorId: actor.id,
      action: 'integration.create',
      target: `integration:${id}`,
      data: { name: b.name, type: b.type, service: b.service ?? null },
    }),
  );
}

/**
 * Changes the fields of integration `id` present in `b`. Audited with what it was before; a
 * signing secret is logged only as changed or removed.
 */
export async function changeIntegration(
  deps: FlowDeps,
  actor: User,
  id: string,
  b: z.output<typeof updateIntegrationBody>,
): Promise<void> {
  const now = deps.clock.now();
  const { signingSecret, ...visible } = b;
  await audited(
    deps.pool,
    async (tx) => {
      const before = await getIntegration(tx, id);
      await updateIntegration(tx, before.id, now, {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.service !== undefined
          ? { service_id: b.service === null ? null : await ensureService(tx, b.service, now) }
          : {}),
        ...(b.signingSecret !== undefined ? { signing_secret: b.signingSecret } : {}),
        ...(b.mapping !== undefined
          ? { mapping: b.mapping === null ? null : JSON.stringify(b.mapping) }
          : {}),
        ...(b.rules !== undefined ? { rules: JSON.stringify(b.rules) } : {}),
        ...(b.rateLimitPerMinute !== undefined ? { rate_limit_per_minute: b.rateLimitPerMinute } : {}),
        ...(b.disabled !== undefined ? { disabled_at: b.disabled ? now : null } : {}),
      });
      return before;
    },
    (before) => ({
      at: now,
      actorId: actor.id,
      action: 'integration.update',
      target: `integration:${before.id}`,
      data: {
        ...visible,
        ...(signingSecret !== undefined ? { signingSecret: signingSecret ? 'changed' : 'removed' } : {}),
        before: { ...integrationFields(before), rules: before.rules },
      },
    }),
  );
}

/** Replaces the key of integration `id` with `key` (the old one stops working at once). Audited by hint. */
export async function rotateIntegrationKey(
  deps: FlowDeps,
  actor: User,
  id: string,
  key: string,
): Promise<void> {
  const now = deps.clock.now();
  await audited(
    deps.pool,
    async (tx) => {
      const before = await getIntegration(tx, id);
      await updateIntegration(tx, before.id, now, {
        key_hash: hashSecret(key),
        key_hint: keyHint(key),
        key_rotated_at: now,
      });
      return before;
    },
    (before) => ({
      at: now,
      actorId: actor.id,
      action: 'integration.rotate-key',
      target: `integration:${before.id}`,
      data: { before: before.keyHint, after: keyHint(key) },
    }),
  );
}
