/**
 * The status lifecycle: triage → investigating → fixing → monitoring → resolved → closed, with
 * backlogged and declined as exits from the main path. Only the moves in transitions.ts are allowed;
 * resolving requires a resolution summary.
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { AppError, invalidField } from '../errors.ts';
import { changeIncident, type FlowDeps } from './change.ts';
import { requestPagingEnd } from './page-request.ts';
import type { statusBody } from './schema.ts';
import { updateIncident } from './store.ts';
import { transitions } from './transitions.ts';

/** Moves an incident to `body.status` if the transition is allowed. */
export async function changeStatus(
  deps: FlowDeps,
  ref: string,
  actor: User,
  body: z.output<typeof statusBody>,
) {
  return changeIncident(deps, ref, actor, async (c) => {
    const from = c.row.status;
    const to = body.status;
    if (from === to) throw new AppError('conflict', `Incident #${c.row.number} is already ${to}`);
    if (!transitions[from].includes(to)) {
      const allowed = transitions[from];
      throw new AppError(
        'conflict',
        `Cannot move #${c.row.number} from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none (closed)'}`,
        { from, to, allowed },
      );
    }
    if (to === 'resolved' && !body.summary)
      throw invalidField('body.summary', 'a resolution summary is required to resolve');
    await updateIncident(c.tx, c.row.id, {
      status: to,
      ...(to === 'resolved' ? { resolved_at: c.now, resolution_summary: body.summary } : {}),
      ...(from === 'resolved' && to === 'investigating' ? { resolved_at: null } : {}),
    });
    await requestPagingEnd(c.tx, c.row.id, to, c.now);
    await c.record(to === 'resolved' ? 'resolved' : 'status-changed', {
      from,
      to,
      ...(body.note ? { note: body.note } : {}),
      ...(to === 'resolved' ? { summary: body.summary } : {}),
    });
    return c.row.id;
  });
}
