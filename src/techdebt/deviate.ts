/**
 * "We are breaking process": a deviation records why (speed, complexity, lack of resources,
 * temporary fix), what is skipped and the justification, and is paid back by a budgeted tech-debt
 * item. Until its item exists, a firm hold `deviation:<id>` keeps the incident from closing.
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import { changeIncident, resolvePerson, type ChangeContext, type FlowDeps } from '../incidents/change.ts';
import { placeHold, releaseHold } from '../incidents/holds.ts';
import type { debtBody, debtFields, deviationBody, DebtItem, Deviation } from './schema.ts';
import { dayOf, getDeviation, getItem, insertDeviation, insertItem, linkDeviation } from './store.ts';

/** The key of the hold a deviation without its item places. */
export const holdKey = (deviationId: string) => `deviation:${deviationId}`;

/** Creates an item in a change, links it to the deviation (releasing its hold) and records it. */
async function createItem(
  c: ChangeContext,
  actor: User,
  fields: z.output<typeof debtFields>,
  field: string,
  deviationId: string | null,
): Promise<string> {
  if (fields.dueOn < dayOf(c.now)) throw invalidField(`${field}.dueOn`, 'must be today or later');
  const owner = await resolvePerson(c.tx, fields.owner, `${field}.owner`);
  const itemId = await insertItem(c.tx, {
    incidentId: c.row.id,
    title: fields.title,
    details: fields.details,
    budgetHours: fields.budgetHours,
    ownerId: owner.id,
    dueOn: fields.dueOn,
    by: actor.id,
    at: c.now,
  });
  if (deviationId) {
    await linkDeviation(c.tx, deviationId, itemId);
    await releaseHold(c.tx, c.row.id, holdKey(deviationId));
  }
  await c.record('tech-debt-created', {
    itemId,
    title: fields.title,
    budgetHours: fields.budgetHours,
    owner: { id: owner.id, name: owner.name },
    dueOn: fields.dueOn,
  });
  return itemId;
}

/** Records a deviation, with its tech-debt item when given, else a hold on closing. */
export async function recordDeviation(
  deps: FlowDeps,
  ref: string,
  actor: User,
  body: z.output<typeof deviationBody>,
): Promise<Deviation> {
  return changeIncident(deps, ref, actor, async (c) => {
    const reasons = [...new Set(body.reasons)];
    const skipped = [...new Set(body.skipped)];
    const id = await insertDeviation(c.tx, {
      incidentId: c.row.id,
      reasons,
      skipped,
      justification: body.justification,
      by: actor.id,
      at: c.now,
    });
    await c.record('deviation-recorded', {
      deviationId: id,
      reasons,
      skipped,
      justification: body.justification,
    });
    if (body.debt) await createItem(c, actor, body.debt, 'body.debt', id);
    else
      await placeHold(c.tx, {
        incidentId: c.row.id,
        key: holdKey(id),
        blocks: ['closed'],
        message: `deviation "skipped ${skipped.join(', ')}" has no tech-debt item`,
        at: c.now,
      });
    return (await getDeviation(c.tx, c.row.id, id))!;
  });
}

/** Creates a tech-debt item on an incident, paying back one of its deviations when named. */
export async function addDebtItem(
  deps: FlowDeps,
  ref: string,
  actor: User,
  body: z.output<typeof debtBody>,
): Promise<DebtItem> {
  const itemId = await changeIncident(deps, ref, actor, async (c) => {
    if (body.deviationId) {
      const deviation = await getDeviation(c.tx, c.row.id, body.deviationId);
      if (!deviation) throw invalidField('body.deviationId', 'no deviation of this incident with this id');
      if (deviation.techDebtId)
        throw new AppError('conflict', 'This deviation already has its tech-debt item', [
          { field: 'body.deviationId', message: 'already has a tech-debt item' },
        ]);
    }
    return createItem(c, actor, body, 'body', body.deviationId ?? null);
  });
  const item = await getItem(deps.pool, itemId, deps.clock.now());
  if (!item) throw notFound('Tech-debt item', itemId);
  return item;
}
