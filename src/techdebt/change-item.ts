/**
 * Changing a tech-debt item: its status (open → in-progress → done, or dropped with a reason),
 * wording, budget, owner or due day. Each change is on the incident's timeline.
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import { changeIncident, resolvePerson, type FlowDeps } from '../incidents/change.ts';
import type { DebtItem, debtPatchBody } from './schema.ts';
import { dayOf, getItem, updateItem } from './store.ts';

/** Changes item `id`; a done or dropped item is finished (409). */
export async function changeItem(
  deps: FlowDeps,
  id: string,
  actor: User,
  body: z.output<typeof debtPatchBody>,
): Promise<DebtItem> {
  const found = await getItem(deps.pool, id, deps.clock.now());
  if (!found) throw notFound('Tech-debt item', id);
  await changeIncident(deps, found.incident.id, actor, async (c) => {
    const before = (await getItem(c.tx, id, c.now))!;
    if (before.status === 'done' || before.status === 'dropped')
      throw new AppError('conflict', `This tech-debt item is ${before.status}; it no longer changes`);
    if (body.status === 'dropped' && !body.dropReason)
      throw invalidField('body.dropReason', 'say why the item is dropped');
    if (body.dropReason && body.status !== 'dropped')
      throw invalidField('body.dropReason', 'only with status dropped');
    if (Object.values(body).every((v) => v === undefined))
      throw invalidField('body', 'say what to change: status, title, details, budgetHours, owner or dueOn');
    if (body.dueOn && body.dueOn < dayOf(c.now)) throw invalidField('body.dueOn', 'must be today or later');
    const owner = body.owner ? await resolvePerson(c.tx, body.owner, 'body.owner') : undefined;
    await updateItem(c.tx, id, {
      status: body.status,
      dropReason: body.status ? (body.dropReason ?? null) : undefined,
      title: body.title,
      details: body.details,
      budgetHours: body.budgetHours,
      ownerId: owner?.id,
      dueOn: body.dueOn,
      at: c.now,
    });
    const after = (await getItem(c.tx, id, c.now))!;
    await c.record('tech-debt-changed', { itemId: id, title: after.title, status: after.status });
  });
  return (await getItem(deps.pool, id, deps.clock.now()))!;
}
