/**
 * Setting trackers up (admins, audited, secrets never echoed nor audited) and asking for an
 * incident's ticket by hand ("Hand to tracker" in the room, `expedite handoff 12`).
 */
import type pg from 'pg';
import type { z } from 'zod';
import { audited } from '../audit/audited.ts';
import type { User } from '../auth/schema.ts';
import type { Clock } from '../clock.ts';
import { withTransaction } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import { lockIncident } from '../incidents/store.ts';
import { requestHandoff } from './hand-off.ts';
import { hasHandoff } from './handoff-store.ts';
import { kindProblems, type createTrackerBody, type Tracker, type updateTrackerBody } from './schema.ts';
import {
  deleteTracker,
  getTracker,
  insertTracker,
  resolveNamed,
  setOverrides,
  trackerForIncident,
  trackerRow,
  updateTracker,
  type TrackerFields,
} from './store.ts';

interface Deps {
  pool: pg.Pool;
  clock: Clock;
}

function check(t: Parameters<typeof kindProblems>[0]): void {
  const problems = kindProblems(t);
  if (problems.length)
    throw new AppError(
      'invalid_request',
      problems.map((p) => `body.${p.field}: ${p.message}`).join('; '),
      problems.map((p) => ({ field: `body.${p.field}`, message: p.message })),
    );
}

async function overrides(tx: pg.PoolClient, id: string, b: { teams?: string[]; services?: string[] }) {
  await setOverrides(tx, id, {
    teamIds: b.teams && (await resolveNamed(tx, 'teams', b.teams, 'body.teams')),
    serviceIds: b.services && (await resolveNamed(tx, 'services', b.services, 'body.services')),
  });
}

async function nameFree(tx: pg.PoolClient, name: string, id: string | null): Promise<void> {
  const { rows } = await tx.query(
    'SELECT 1 FROM trackers WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2',
    [name, id],
  );
  if (rows.length) throw new AppError('conflict', `A tracker is already named "${name}"`);
}

/** Adds a tracker; answers it as shown. */
export async function addTracker(
  deps: Deps,
  actor: User,
  b: z.output<typeof createTrackerBody>,
): Promise<Tracker> {
  check(b);
  const at = deps.clock.now();
  const fields: TrackerFields = {
    name: b.name,
    kind: b.kind,
    base_url: b.baseUrl,
    project: b.project,
    email: b.email ?? null,
    secret: b.secret,
    issue_type: b.issueType ?? null,
    labels: b.labels,
    is_default: b.isDefault,
  };
  const id = await audited(
    deps.pool,
    async (tx) => {
      await nameFree(tx, b.name, null);
      const id = await insertTracker(tx, fields, at);
      await overrides(tx, id, b);
      return id;
    },
    (id) => ({
      at,
      actorId: actor.id,
      action: 'tracker.add',
      target: id,
      data: { name: b.name, kind: b.kind },
    }),
  );
  return getTracker(deps.pool, id);
}

/** Changes a tracker; a secret left out stays as stored. */
export async function changeTracker(
  deps: Deps,
  actor: User,
  id: string,
  b: z.output<typeof updateTrackerBody>,
): Promise<Tracker> {
  const at = deps.clock.now();
  await audited(
    deps.pool,
    async (tx) => {
      const old = await trackerRow(tx, id, true);
      const next: TrackerFields = {
        name: b.name ?? old.name,
        kind: old.kind,
        base_url: b.baseUrl ?? old.base_url,
        project: b.project ?? old.project,
        email: b.email === undefined ? old.email : b.email,
        secret: b.secret ?? old.secret,
        issue_type: b.issueType === undefined ? old.issue_type : b.issueType,
        labels: b.labels ?? old.labels,
        is_default: b.isDefault ?? old.is_default,
      };
      check({ ...next, issueType: next.issue_type, secret: b.secret });
      if (b.name) await nameFree(tx, b.name, id);
      await updateTracker(tx, id, next, at);
      await overrides(tx, id, b);
    },
    {
      at,
      actorId: actor.id,
      action: 'tracker.change',
      target: id,
      data: { changed: Object.keys(b).filter((k) => k !== 'secret'), secretChanged: b.secret !== undefined },
    },
  );
  return getTracker(deps.pool, id);
}

/** Removes a tracker (its tickets stay on their incidents). */
export async function removeTracker(deps: Deps, actor: User, id: string): Promise<void> {
  const at = deps.clock.now();
  await audited(deps.pool, (tx) => deleteTracker(tx, id), {
    at,
    actorId: actor.id,
    action: 'tracker.remove',
    target: id,
  });
}

/**
 * A responder asks for the incident's ticket: 409 when it has one or no tracker is set up for it.
 * The job is armed again if an earlier attempt gave up. Answers the incident's id.
 */
export async function askForTicket(deps: Deps, actor: User, ref: string): Promise<string> {
  return withTransaction(deps.pool, async (tx) => {
    const row = await lockIncident(tx, ref);
    if (await hasHandoff(tx, row.id))
      throw new AppError('conflict', `Incident #${row.number} is already in its tracker`);
    if (!(await trackerForIncident(tx, row.id)))
      throw new AppError(
        'conflict',
        `No tracker is set up for incident #${row.number}: an admin adds one under Trackers`,
      );
    await requestHandoff(tx, row.id, deps.clock.now(), { by: actor.id, again: true });
    return row.id;
  });
}
