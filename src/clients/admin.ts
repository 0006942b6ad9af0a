/** Changes to coverage tiers and clients by whoever manages paging; each one audited. */
import type { z } from 'zod';
import { audited } from '../audit/audited.ts';
import type { User } from '../auth/schema.ts';
import { AppError, invalidField } from '../errors.ts';
import type { FlowDeps } from '../incidents/change.ts';
import type { Client, clientBody } from './schema.ts';
import type { Tier } from './sla.ts';
import { listTiers, replaceTiers, saveClient } from './store.ts';

/** Replaces the whole ordered list of tiers; 409 when it drops a tier that clients use. */
export async function setTiers(deps: FlowDeps, actor: User, items: Tier[]): Promise<Tier[]> {
  const names = items.map((t) => t.name);
  if (new Set(names).size !== names.length) throw invalidField('body.items', 'tier names must be unique');
  await audited(
    deps.pool,
    (tx) =>
      replaceTiers(tx, items).catch((err: { code?: string }) => {
        if (err.code === '23503') throw new AppError('conflict', 'A tier that clients use cannot be removed');
        throw err;
      }),
    { at: deps.clock.now(), actorId: actor.id, action: 'client-tiers.update', data: { items } },
  );
  return listTiers(deps.pool);
}

/** Adds (id null) or changes a client; 400 for an unknown tier, 409 for a name in use. */
export async function putClient(
  deps: FlowDeps,
  actor: User,
  id: string | null,
  b: z.output<typeof clientBody>,
): Promise<Client> {
  if (!(await listTiers(deps.pool)).some((t) => t.name === b.tier))
    throw invalidField('body.tier', 'no such tier');
  const now = deps.clock.now();
  return audited(
    deps.pool,
    (tx) =>
      saveClient(tx, id, b, now).catch((err: { code?: string }) => {
        if (err.code === '23505') throw new AppError('conflict', `A client named ${b.name} exists already`);
        throw err;
      }),
    (saved) => ({
      at: now,
      actorId: actor.id,
      action: id ? 'client.update' : 'client.create',
      target: `client:${saved.id}`,
      data: b,
    }),
  );
}
