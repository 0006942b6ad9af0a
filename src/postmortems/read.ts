/**
 * Reading a post-mortem: the stored one with its meeting, reviewers and action items, and the
 * blameless check run on its document against the names of the team (a warning beside each
 * sentence, computed afresh so a new colleague's name counts too).
 */
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import { getIncident } from '../incidents/store.ts';
import { checkDocument } from './blameless.ts';
import type { Postmortem } from './schema.ts';
import { dayOf, postmortemOfIncident, teamNames } from './store.ts';

/** The post-mortem of incident `ref` with its findings, or 404. */
export async function readPostmortem(db: Queryable, ref: string, now: Date): Promise<Postmortem> {
  const incident = await getIncident(db, ref);
  const pm = await postmortemOfIncident(db, incident.id, dayOf(now));
  if (!pm) throw notFound('Post-mortem of incident', `#${incident.number}`);
  return { ...pm, findings: checkDocument(pm.document, await teamNames(db)) };
}
