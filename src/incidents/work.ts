/** Notes, tasks and time entries: the everyday work on an incident, each recorded on the timeline. */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { invalidField, notFound } from '../errors.ts';
import { changeIncident, resolvePerson, type FlowDeps } from './change.ts';
import type { noteBody, taskBody, taskPatchBody, timeBody } from './work-schema.ts';
import { getTask, insertTask, insertTimeEntry, isIncidentDebt, updateTask } from './work-store.ts';

/** Adds a note; notes are timeline entries. */
export async function addNote(deps: FlowDeps, ref: string, actor: User, body: z.output<typeof noteBody>) {
  return changeIncident(deps, ref, actor, async (c) => {
    await c.record('note', { text: body.text });
    return c.row.id;
  });
}

/** Adds a task, optionally assigned. */
export async function addTask(deps: FlowDeps, ref: string, actor: User, body: z.output<typeof taskBody>) {
  return changeIncident(deps, ref, actor, async (c) => {
    const assignee = body.assignee ? await resolvePerson(c.tx, body.assignee, 'body.assignee') : null;
    const id = await insertTask(c.tx, {
      incidentId: c.row.id,
      text: body.text,
      assigneeId: assignee?.id ?? null,
      createdBy: actor.id,
      at: c.now,
    });
    await c.record('task-added', {
      taskId: id,
      text: body.text,
      assignee: assignee && { id: assignee.id, name: assignee.name },
    });
    return (await getTask(c.tx, c.row.id, id))!;
  });
}

/** Changes a task: text, done, assignee. */
export async function changeTask(
  deps: FlowDeps,
  ref: string,
  actor: User,
  taskId: string,
  body: z.output<typeof taskPatchBody>,
) {
  return changeIncident(deps, ref, actor, async (c) => {
    const before = await getTask(c.tx, c.row.id, taskId);
    if (!before) throw notFound('Task', taskId);
    const assignee =
      body.assignee === undefined
        ? undefined
        : body.assignee === null
          ? null
          : await resolvePerson(c.tx, body.assignee, 'body.assignee');
    await updateTask(c.tx, taskId, {
      text: body.text,
      done: body.done,
      assigneeId: assignee === undefined ? undefined : (assignee?.id ?? null),
      at: c.now,
    });
    const after = (await getTask(c.tx, c.row.id, taskId))!;
    await c.record(after.done && !before.done ? 'task-done' : 'task-updated', {
      taskId,
      text: after.text,
      done: after.done,
      assignee: after.assignee && { id: after.assignee.id, name: after.assignee.name },
    });
    return after;
  });
}

/**
 * Logs hours spent, by the caller or on behalf of someone, so reports can state hours spent; linked
 * to a tech-debt item of the incident, they count towards its budget.
 */
export async function logTime(deps: FlowDeps, ref: string, actor: User, body: z.output<typeof timeBody>) {
  return changeIncident(deps, ref, actor, async (c) => {
    const person = body.person ? await resolvePerson(c.tx, body.person, 'body.person') : actor;
    if (body.techDebtId && !(await isIncidentDebt(c.tx, c.row.id, body.techDebtId)))
      throw invalidField('body.techDebtId', 'no tech-debt item of this incident with this id');
    await insertTimeEntry(c.tx, {
      incidentId: c.row.id,
      userId: person.id,
      hours: body.hours,
      description: body.description,
      techDebtId: body.techDebtId ?? null,
      at: c.now,
    });
    await c.record('time-logged', {
      person: { id: person.id, name: person.name },
      hours: body.hours,
      description: body.description,
      ...(body.techDebtId ? { techDebtId: body.techDebtId } : {}),
    });
    return c.row.id;
  });
}
