/**
 * The status lifecycle: triage → investigating → fixing → monitoring → resolved → closed, with
 * backlogged and declined as exits from the main path. Only the moves in transitions.ts are allowed;
 * resolving requires a resolution summary.
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { AppError, invalidField } from '../errors.ts';
import { changeIncident, type FlowDeps } from './change.ts';
import type { Queryable } from '../db/pool.ts';
import { listHolds } from './holds.ts';
import { requestPagingEnd } from './page-request.ts';
import type { Status, statusBody } from './schema.ts';
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
    const overridden = await checkHolds(c.tx, c.row.number, c.row.id, to, body.overrideReason);
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
      ...(overridden.length ? { overridden, overrideReason: body.overrideReason } : {}),
    });
    return c.row.id;
  });
}

/**
 * The holds blocking a move to `to`: a firm one refuses it (409 naming what is missing); overridable
 * ones need a reason (400 naming `body.overrideReason`). Returns the overridden holds to record.
 */
async function checkHolds(db: Queryable, number: number, incidentId: string, to: Status, reason?: string) {
  const holds = await listHolds(db, incidentId, to);
  const firm = holds.filter((h) => !h.overridable);
  if (firm.length)
    throw new AppError(
      'conflict',
      `Cannot move #${number} to ${to}: ${firm.map((h) => h.message).join('; ')}`,
      {
        holds: firm.map((h) => ({ key: h.key, message: h.message })),
      },
    );
  const soft = holds.map((h) => ({ key: h.key, message: h.message }));
  if (soft.length && !reason)
    throw invalidField(
      'body.overrideReason',
      `${soft.map((h) => h.message).join('; ')}: give a reason to ${to} anyway`,
    );
  return soft;
}
