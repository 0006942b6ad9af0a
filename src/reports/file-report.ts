/**
 * Filing a support report: it attaches to an open incident, or opens one with the reporter as its
 * origin, and is written down on the timeline, in one transaction with its attachments.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { assess, type Classification } from '../classification/policy.ts';
import { withTransaction } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import type { FlowDeps } from '../incidents/change.ts';
import { serviceNamed, triageRow } from '../incidents/declare.ts';
import { pageOnExpedite } from '../incidents/page-request.ts';
import {
  getIncident,
  insertIncident,
  lockIncident,
  openStatuses,
  updateIncident,
} from '../incidents/store.ts';
import { appendTimeline } from '../incidents/timeline.ts';
import { currentPolicy } from '../policy/store.ts';
import type { createReportBody, Report } from './schema.ts';
import type { Incident } from '../incidents/schema.ts';
import { attachUploads, insertReport, listReports } from './store.ts';

/** A title from what the customer sees: its first line, cut at a word near 120 characters. */
export function titleFrom(text: string): string {
  const line = text.split('\n')[0]!.trim();
  if (line.length <= 120) return line;
  const cut = line.slice(0, 120);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 60 ? cut.lastIndexOf(' ') : 120)}…`;
}

/** Files a report by `actor`; returns it with its incident and whether the incident is new. */
export async function fileReport(
  deps: FlowDeps,
  actor: User,
  body: z.output<typeof createReportBody>,
): Promise<{ report: Report; incident: Incident; opened: boolean }> {
  const reportId = randomUUID();
  const now = deps.clock.now();
  const incidentId = await withTransaction(deps.pool, async (tx) => {
    let id: string;
    if (body.incident) {
      const row = await lockIncident(tx, body.incident);
      if (!openStatuses.includes(row.status))
        throw new AppError(
          'conflict',
          `Incident #${row.number} is ${row.status}; report a new incident instead`,
        );
      id = row.id;
      await updateIncident(tx, id, { updated_at: now });
    } else {
      const c: Classification = {
        scope: body.classification.scope ?? null,
        criticality: body.classification.criticality ?? null,
        area: body.classification.area ?? null,
        impact: { conversion: null, experience: null, revenue: null },
      };
      const title = body.title ?? titleFrom(body.whatHappens);
      const service = await serviceNamed(tx, body.service, 'body.service');
      const { policy, version } = await currentPolicy(tx);
      const a = assess(policy, c, title);
      const reporter = { id: actor.id, name: actor.name, email: actor.email };
      const row = await insertIncident(
        tx,
        triageRow({
          title,
          description: [body.whatHappens, body.steps && `Steps to reproduce:\n${body.steps}`]
            .filter(Boolean)
            .join('\n\n'),
          classification: c,
          assessment: a,
          urgencyReason: null,
          createdBy: actor.id,
          now,
          origin: { kind: 'report', reportId, reporter },
          serviceId: service?.id ?? null,
          stepsToReproduce: body.steps,
        }),
        {
          actorId: actor.id,
          kind: 'declared',
          data: {
            title,
            tagline: a.tagline,
            urgency: a.urgency,
            decision: a.decision,
            policyVersion: version,
            source: { report: reportId },
            ...(service ? { service: service.name } : {}),
          },
        },
      );
      id = row.id;
      // A report that opens an expedite incident is routed like an alert: its service's chain first.
      if (a.decision === 'expedite') {
        const reason = 'Opened by a support report with decision expedite';
        await pageOnExpedite(tx, id, reason, now);
        await appendTimeline(tx, {
          incidentId: id,
          at: now,
          actorId: actor.id,
          kind: 'page-requested',
          data: { reason, automatic: true },
        });
      }
    }
    await insertReport(tx, {
      id: reportId,
      incidentId: id,
      reporterId: actor.id,
      affectedUsers: body.affectedUsers,
      whatHappens: body.whatHappens,
      steps: body.steps,
      checklist: body.checklist,
      recordingUrl: body.recordingUrl ?? null,
      at: now,
    });
    await attachUploads(tx, reportId, body.attachments, actor.id);
    await appendTimeline(tx, {
      incidentId: id,
      at: now,
      actorId: actor.id,
      kind: 'report',
      data: {
        reportId,
        reporter: actor.name,
        whatHappens: body.whatHappens.slice(0, 300),
        affectedUsers: body.affectedUsers.length,
        attachments: body.attachments.length,
      },
    });
    return id;
  });
  const [report] = await listReports(deps.pool, { reportId });
  return { report: report!, incident: await getIncident(deps.pool, incidentId), opened: !body.incident };
}
