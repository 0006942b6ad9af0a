/**
 * Ownership and the team. "First contact takes ownership" and follows through or hands over with
 * a note; other people join in roles (comms lead, developer, reviewer, …).
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { AppError, invalidField } from '../errors.ts';
import { changeIncident, resolvePerson, type FlowDeps } from './change.ts';
import type { handoverBody, IncidentRole, roleBody } from './schema.ts';
import { requestOwnedStop } from './page-request.ts';
import { updateIncident } from './store.ts';
import { addRole, removeRole } from './work-store.ts';

/** The caller becomes owner if there is none; taking an owned incident needs a handover. */
export async function takeOwnership(deps: FlowDeps, ref: string, actor: User) {
  return changeIncident(deps, ref, actor, async (c) => {
    if (c.row.owner_id === actor.id) return c.row.id;
    if (c.row.owner_id !== null) {
      throw new AppError(
        'conflict',
        `Incident #${c.row.number} already has an owner; ask them to hand it over`,
      );
    }
    await updateIncident(c.tx, c.row.id, { owner_id: actor.id });
    await c.record('ownership-taken', { owner: { id: actor.id, name: actor.name } });
    // The owner is on it: paging for the incident stops.
    await requestOwnedStop(c.tx, c.row.id, actor.id, c.now);
    return c.row.id;
  });
}

/** Hands ownership to another person with a note; by the owner, or by an admin. */
export async function handOver(
  deps: FlowDeps,
  ref: string,
  actor: User,
  body: z.output<typeof handoverBody>,
) {
  return changeIncident(deps, ref, actor, async (c) => {
    if (c.row.owner_id !== actor.id && actor.role !== 'admin') {
      throw new AppError('forbidden', 'Only the owner (or an admin) can hand over an incident');
    }
    const to = await resolvePerson(c.tx, body.to, 'body.to');
    if (to.id === c.row.owner_id) throw invalidField('body.to', `${to.email} already owns this incident`);
    if (to.role === 'stakeholder' || to.role === 'support') {
      throw invalidField('body.to', `${to.email} is ${to.role} and cannot own incidents`);
    }
    await updateIncident(c.tx, c.row.id, { owner_id: to.id });
    await c.record('handed-over', {
      from: c.row.owner_id,
      to: { id: to.id, name: to.name },
      note: body.note,
    });
    return c.row.id;
  });
}

/** Gives a person a role on the incident. */
export async function assignRole(deps: FlowDeps, ref: string, actor: User, body: z.output<typeof roleBody>) {
  return changeIncident(deps, ref, actor, async (c) => {
    const person = await resolvePerson(c.tx, body.person, 'body.person');
    if (await addRole(c.tx, c.row.id, person.id, body.role, c.now)) {
      await c.record('role-assigned', { role: body.role, person: { id: person.id, name: person.name } });
    }
    return c.row.id;
  });
}

/** Takes a role away from a person. */
export async function unassignRole(
  deps: FlowDeps,
  ref: string,
  actor: User,
  personRef: string,
  role: IncidentRole,
) {
  return changeIncident(deps, ref, actor, async (c) => {
    const person = await resolvePerson(c.tx, personRef, 'params.person');
    if (!(await removeRole(c.tx, c.row.id, person.id, role))) {
      throw new AppError('not_found', `${person.email} does not have the role ${role} on #${c.row.number}`);
    }
    await c.record('role-removed', { role, person: { id: person.id, name: person.name } });
    return c.row.id;
  });
}
