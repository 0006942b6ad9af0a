/**
 * Reading a resolution report: the saved one (as people edited it) or, until saved, the one
 * generated from the incident now; a fresh draft from the incident with what people add; saving
 * both versions as edited. The plain version is checked for jargon each time.
 */
import { incidentClient } from '../clients/store.ts';
import type { Queryable } from '../db/pool.ts';
import type { DomainContext } from '../http/module.ts';
import type { Incident } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { listLinks } from '../updates/conclusion-store.ts';
import { plainReport, technicalReport, type FullFacts, type Source } from './compose.ts';
import { findJargon } from './jargon.ts';
import type { Draft, Facts, Report } from './schema.ts';
import { affectedUsers, fixEntries, getReport, hoursByPerson, latestSections, saveReport } from './store.ts';

type Ctx = Pick<DomainContext, 'pool' | 'clock' | 'publicUrl'>;

/** True when the incident is resolved (or closed): its report can be shared. */
export const isResolved = (i: Incident) => i.status === 'resolved' || i.status === 'closed';

/** Expedite's own public links (incidents, status pages) are no jargon in the plain version. */
export const jargonIn = (ctx: Pick<Ctx, 'publicUrl'>, plain: string) =>
  findJargon(plain, [new URL(ctx.publicUrl).origin]);

async function sourceOf(ctx: Ctx, db: Queryable, incident: Incident): Promise<Source> {
  return {
    incident,
    client: (await incidentClient(db, incident.id))?.client.name ?? null,
    affected: await affectedUsers(db, incident.id),
    fixes: await fixEntries(db, incident.id),
    links: await listLinks(db, incident.id),
    hours: await hoursByPerson(db, incident.id),
    publicUrl: ctx.publicUrl,
    now: ctx.clock.now(),
  };
}

/** The facts to start from: what was given, else outstanding issues and data loss from the updates. */
async function factsOf(db: Queryable, incidentId: string, given: Facts = {}): Promise<FullFacts> {
  const latest = await latestSections(db, incidentId);
  const pick = (v: string | null | undefined, fallback: string | null) =>
    v === undefined ? fallback : v || null;
  return {
    sideEffects: pick(given.sideEffects, null),
    outstanding: pick(given.outstanding, latest.outstanding),
    dataLoss: pick(given.dataLoss, latest.dataLoss),
    readerAction: pick(given.readerAction, null),
  };
}

/** Both versions generated from the incident now, with `given` facts. */
export async function generate(
  ctx: Ctx,
  db: Queryable,
  incident: Incident,
  given?: Facts,
): Promise<{ technical: string; plain: string; facts: FullFacts }> {
  const source = await sourceOf(ctx, db, incident);
  const facts = await factsOf(db, incident.id, given);
  return { technical: technicalReport(source, facts), plain: plainReport(source, facts), facts };
}

/** A fresh draft from the incident (nothing saved): to start again, or after adding facts. */
export async function draftReport(ctx: Ctx, ref: string, given: Facts): Promise<Draft> {
  const incident = await getIncident(ctx.pool, ref);
  const g = await generate(ctx, ctx.pool, incident, given);
  return { technical: g.technical, plain: g.plain, warnings: jargonIn(ctx, g.plain) };
}

/** The report as saved, or generated when none is. */
export async function reportOf(ctx: Ctx, ref: string): Promise<Report & { incident: Incident }> {
  const incident = await getIncident(ctx.pool, ref);
  const saved = await getReport(ctx.pool, incident.id);
  const g = await generate(ctx, ctx.pool, incident);
  const technical = saved?.technical ?? g.technical;
  const plain = saved?.plain ?? g.plain;
  return {
    incident,
    technical,
    plain,
    saved: !!saved,
    editedBy: saved?.editedBy ?? null,
    updatedAt: saved?.updatedAt.toISOString() ?? null,
    sharedAt: saved?.sharedAt?.toISOString() ?? null,
    resolved: isResolved(incident),
    facts: g.facts,
    warnings: jargonIn(ctx, plain),
  };
}

/** Saves both versions as edited by `userId`; kept from then on (generation no longer replaces them). */
export async function saveEdits(
  ctx: Ctx,
  ref: string,
  userId: string,
  body: { technical: string; plain: string },
): Promise<void> {
  const incident = await getIncident(ctx.pool, ref);
  await saveReport(ctx.pool, { incidentId: incident.id, ...body, by: userId, at: ctx.clock.now() });
}
