/**
 * Working on a post-mortem: its document (saved section by section, with the blameless check's
 * findings in the answer), its owner and due date (delegating it), and the action items agreed in
 * the discussion: added with an owner and a due date, changed, marked done, handed to the team's
 * tracker (an `action-handoff` job the trackers domain runs).
 */
import type { z } from 'zod';
import { withTransaction, type Queryable } from '../db/pool.ts';
import { enqueue } from '../engine/jobs.ts';
import { AppError, notFound } from '../errors.ts';
import type { User } from '../auth/schema.ts';
import { changeIncident, resolvePerson, type FlowDeps } from '../incidents/change.ts';
import { getIncident } from '../incidents/store.ts';
import { readPostmortem } from './read.ts';
import type { Action, actionBody, actionPatchBody, documentBody, patchBody, Postmortem } from './schema.ts';
import { insertAction, listActions, updateAction } from './action-store.ts';
import { dayOf, lockPostmortem, updatePostmortem } from './store.ts';

/** The job kind the trackers domain handles: create the issue, set the action's tracker URL. */
export const HANDOFF_JOB = 'action-handoff';

/** Locks the post-mortem of incident `ref` in `tx`, or 404. */
export async function lockOf(tx: Queryable, ref: string) {
  const incident = await getIncident(tx, ref);
  const pm = await lockPostmortem(tx, incident.id);
  if (!pm) throw notFound('Post-mortem of incident', `#${incident.number}`);
  return { incident, pm };
}

/** Saves sections of the document (refused once published); answers the post-mortem with its findings. */
export async function saveDocument(
  deps: FlowDeps,
  ref: string,
  body: z.output<typeof documentBody>,
): Promise<Postmortem> {
  await withTransaction(deps.pool, async (tx) => {
    const { pm } = await lockOf(tx, ref);
    if (pm.status === 'published')
      throw new AppError('conflict', 'The post-mortem is published: it no longer changes');
    const document = { ...pm.document };
    for (const [k, v] of Object.entries(body.document))
      if (v !== undefined) document[k as keyof typeof document] = v;
    await updatePostmortem(tx, pm.id, { document }, deps.clock.now());
  });
  return readPostmortem(deps.pool, ref, deps.clock.now());
}

/**
 * Changes the owner (a delegate) or due date; what changed goes on the timeline
 * (`postmortem-changed`), nothing when the values are the ones it has.
 */
export async function patchPostmortem(
  deps: FlowDeps,
  ref: string,
  body: z.output<typeof patchBody>,
  actor: User,
) {
  await changeIncident(deps, ref, actor, async (c) => {
    const pm = await lockPostmortem(c.tx, c.row.id);
    if (!pm) throw notFound('Post-mortem of incident', `#${c.row.number}`);
    const owner = body.owner ? await resolvePerson(c.tx, body.owner, 'body.owner') : null;
    const newOwner = owner && owner.id !== pm.ownerId ? owner : null;
    const newDue = body.dueOn && body.dueOn !== pm.dueOn ? body.dueOn : undefined;
    if (!newOwner && !newDue) return;
    await updatePostmortem(c.tx, pm.id, { owner_id: newOwner?.id, due_on: newDue }, c.now);
    await c.record('postmortem-changed', {
      postmortemId: pm.id,
      ...(newOwner ? { owner: { id: newOwner.id, name: newOwner.name } } : {}),
      ...(newDue ? { dueOn: newDue } : {}),
    });
  });
  return readPostmortem(deps.pool, ref, deps.clock.now());
}

/** Adds an action item agreed in the discussion. */
export async function addAction(
  deps: FlowDeps,
  ref: string,
  body: z.output<typeof actionBody>,
): Promise<Action> {
  const id = await withTransaction(deps.pool, async (tx) => {
    const { pm } = await lockOf(tx, ref);
    const owner = await resolvePerson(tx, body.owner, 'body.owner');
    return insertAction(tx, {
      postmortemId: pm.id,
      kind: body.kind,
      title: body.title,
      ownerId: owner.id,
      dueOn: body.dueOn,
      at: deps.clock.now(),
    });
  });
  return actionById(deps.pool, id, deps.clock.now());
}

/** One action item, or 404. */
export async function actionById(db: Queryable, id: string, now: Date): Promise<Action> {
  const [a] = await listActions(db, { id, status: 'all' }, dayOf(now));
  if (!a) throw notFound('Action item', id);
  return a;
}

/** Changes an action item: done or open again, its title, owner or due date. */
export async function changeAction(
  deps: FlowDeps,
  id: string,
  body: z.output<typeof actionPatchBody>,
): Promise<Action> {
  const owner = body.owner ? await resolvePerson(deps.pool, body.owner, 'body.owner') : null;
  const found = await updateAction(
    deps.pool,
    id,
    {
      ...(body.status ? { status: body.status } : {}),
      ...(body.title ? { title: body.title } : {}),
      ...(owner ? { ownerId: owner.id } : {}),
      ...(body.dueOn ? { dueOn: body.dueOn } : {}),
    },
    deps.clock.now(),
  );
  if (!found) throw notFound('Action item', id);
  return actionById(deps.pool, id, deps.clock.now());
}

/** Asks for the action item to be handed to the team's tracker (once per item). */
export async function handOff(deps: FlowDeps, id: string): Promise<{ queued: boolean }> {
  const action = await actionById(deps.pool, id, deps.clock.now());
  if (action.trackerUrl) throw new AppError('conflict', `Already in the tracker: ${action.trackerUrl}`);
  const n = await enqueue(deps.pool, [
    { kind: HANDOFF_JOB, key: `${HANDOFF_JOB}:${id}`, runAt: deps.clock.now(), payload: { actionId: id } },
  ]);
  return { queued: n > 0 };
}
