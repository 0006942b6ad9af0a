/**
 * Sharing a resolution report through the paths updates already take (`sendUpdate`, a resolved
 * update): the technical version to the team (email to each person on the incident, the incident
 * and broadcast chat channels), the plain one to stakeholders' lists, the client's contacts and the
 * public status pages. Saved as shared (`shared_at`) and on the timeline
 * (`resolution-report-shared`) in the same transaction. Only once the incident is resolved.
 */
import { AppError } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import type { Audience } from '../updates/schema.ts';
import { sendUpdate } from '../updates/send.ts';
import { reportOf } from './read-report.ts';
import type { ShareAudience } from './schema.ts';
import { markShared, saveReport } from './store.ts';

type Ctx = Pick<DomainContext, 'pool' | 'clock' | 'publicUrl'>;

const paths: Record<ShareAudience, Audience> = {
  team: 'internal',
  stakeholders: 'stakeholders',
  clients: 'clients',
  public: 'public',
};

/** Shares the report (as saved, or as generated) with `audiences`; 409 before resolving or when one cannot be reached. */
export async function shareReport(
  ctx: Ctx,
  ref: string,
  userId: string,
  audiences: readonly ShareAudience[],
): Promise<void> {
  const report = await reportOf(ctx, ref);
  const { incident } = report;
  if (!report.resolved)
    throw new AppError('conflict', 'Resolve the incident before sharing its resolution report.');
  const chosen = [...new Set(audiences)];
  await sendUpdate(
    ctx,
    incident.id,
    userId,
    {
      stage: 'resolved',
      technical: report.technical,
      plain: report.plain,
      audiences: chosen.map((a) => paths[a]),
    },
    async (tx) => {
      const now = ctx.clock.now();
      if (!report.saved)
        await saveReport(tx, {
          incidentId: incident.id,
          technical: report.technical,
          plain: report.plain,
          by: null,
          at: now,
        });
      await markShared(tx, incident.id, now);
      await appendTimeline(tx, {
        incidentId: incident.id,
        at: now,
        actorId: userId,
        kind: 'resolution-report-shared',
        data: { audiences: chosen },
      });
    },
  );
}
