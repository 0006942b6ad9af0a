/**
 * Applying an answer to "expedite, backlog or decline?", from the product owner's link or from a
 * responder in the app: recorded on the timeline and acted on in one transaction. Expedite sets the
 * decision and asks for a page; backlog moves the incident to the Backlog; decline closes it with
 * the reason. The pending question, if any, is marked answered.
 */
import type { User } from '../auth/schema.ts';
import { AppError } from '../errors.ts';
import { changeIncident, type FlowDeps } from '../incidents/change.ts';
import { requestPage, requestPagingEnd } from '../incidents/page-request.ts';
import type { Status } from '../incidents/schema.ts';
import { updateIncident } from '../incidents/store.ts';
import { transitions } from '../incidents/transitions.ts';
import type { Answer } from './schema.ts';
import { answerPending } from './store.ts';

/** Statuses in which a decision may still be taken (before work started, or from the backlog). */
const undecided: readonly Status[] = ['triage', 'investigating', 'backlogged'];

/** The status an answer moves an incident to from `from`. */
function statusAfter(answer: Answer, from: Status): Status {
  if (answer === 'backlog') return 'backlogged';
  if (answer === 'decline') return 'closed';
  return from === 'backlogged' ? 'triage' : from;
}

/** Records and applies `answer` with `reason` by `actor` (`via` says where from); returns the incident id. */
export async function applyAnswer(
  deps: FlowDeps,
  ref: string,
  actor: User,
  body: { answer: Answer; reason: string },
  via: 'link' | 'app' | 'cli',
): Promise<string> {
  return changeIncident(deps, ref, actor, async (c) => {
    const from = c.row.status;
    const to = statusAfter(body.answer, from);
    const allowed =
      body.answer === 'backlog' ? transitions[from].includes('backlogged') : undecided.includes(from);
    if (!allowed || (body.answer === 'backlog' && from === 'backlogged'))
      throw new AppError(
        'conflict',
        `Incident #${c.row.number} is ${from}: it cannot be answered "${body.answer}"`,
        {
          status: from,
        },
      );
    await updateIncident(c.tx, c.row.id, {
      ...(to !== from ? { status: to } : {}),
      ...(body.answer === 'expedite' ? { decision: 'expedite' } : {}),
      ...(body.answer === 'decline' ? { resolution_summary: `Declined: ${body.reason}` } : {}),
    });
    if (to !== from) await requestPagingEnd(c.tx, c.row.id, to, c.now);
    await answerPending(c.tx, c.row.id, { ...body, by: actor.id, at: c.now });
    await c.record('decision-answered', {
      answer: body.answer,
      reason: body.reason,
      via,
      from,
      to,
      previousDecision: c.row.decision,
    });
    if (body.answer === 'expedite')
      await requestPage(
        c.tx,
        c.row.id,
        `Expedited by ${actor.name}: ${body.reason}`,
        `page:decision:${c.row.id}:${c.now.getTime()}`,
        c.now,
        // A person's explicit expedite pages now: it overrides a P3/P4's business-hours hold.
        { anyHour: true },
      );
    return c.row.id;
  });
}
