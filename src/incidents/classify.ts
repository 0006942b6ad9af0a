/**
 * Reclassifying, overriding urgency by hand, and editing the title: each recomputes tagline,
 * urgency and decision with the policy in force and records who, what changed and why.
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { assess } from '../classification/policy.ts';
import { currentPolicy } from '../policy/store.ts';
import { changeIncident, type ChangeContext, type FlowDeps } from './change.ts';
import { serviceNamed } from './declare.ts';
import { requestDecisionAct } from './decision-request.ts';
import { pageOnExpedite, requestReshape } from './page-request.ts';
import type { classifyBody, editBody, urgencyBody } from './schema.ts';
import { classificationOf, updateIncident, type IncidentRow } from './store.ts';

type Changes = Record<string, { from: unknown; to: unknown }>;

// Timeline entries speak the API's field names, not the columns'.
const apiNames: Partial<Record<keyof IncidentRow, string>> = {
  impact_conversion: 'impact.conversion',
  impact_experience: 'impact.experience',
  impact_revenue: 'impact.revenue',
  lifespan_started_at: 'lifespan.startedAt',
  lifespan_expected: 'lifespan.expected',
  urgency_override_reason: 'urgencyOverride',
  service_id: 'service',
  steps_to_reproduce: 'stepsToReproduce',
};

function diff(before: IncidentRow, after: Partial<IncidentRow>): Changes {
  const changes: Changes = {};
  for (const [k, v] of Object.entries(after) as [keyof IncidentRow, unknown][]) {
    const old = before[k] instanceof Date ? (before[k] as Date).toISOString() : before[k];
    const neu = v instanceof Date ? v.toISOString() : v;
    if (old !== neu) changes[apiNames[k] ?? k] = { from: old, to: neu };
  }
  return changes;
}

/** Applies `patch` and the policy's verdict on the result; records `kind` if anything changed. */
async function reassess(
  c: ChangeContext,
  patch: Partial<IncidentRow>,
  kind: string,
  extra: Record<string, unknown>,
) {
  const next = { ...c.row, ...patch };
  const { policy, version } = await currentPolicy(c.tx);
  const override = next.urgency_override_reason !== null ? next.urgency : null;
  const a = assess(policy, classificationOf(next), next.title, override);
  const full = { ...patch, tagline: a.tagline, urgency: a.urgency, decision: a.decision };
  const changes = diff(c.row, full);
  if (Object.keys(changes).length === 0) return false;
  await updateIncident(c.tx, c.row.id, full);
  await c.record(kind, { changes, policyVersion: version, ...extra });
  await actOnChange(c, a);
  return true;
}

/**
 * What a reassessment sets in motion, once for this change: raised to expedite, the incident is
 * routed (back from the Backlog first); changed to backlog or "ask the product owner", that acts;
 * a new urgency reshapes a running escalation (the paging domain decides what that means).
 */
async function actOnChange(
  c: ChangeContext,
  a: { urgency: string | null; decision: IncidentRow['decision'] },
) {
  if (c.row.urgency !== a.urgency)
    await requestReshape(c.tx, c.row.id, { from: c.row.urgency, to: a.urgency }, c.now);
  if (c.row.decision === a.decision) return;
  if (a.decision !== 'expedite') {
    await requestDecisionAct(c.tx, c.row.id, { from: c.row.decision, to: a.decision }, c.now);
    return;
  }
  if (c.row.status === 'backlogged') {
    await updateIncident(c.tx, c.row.id, { status: 'triage' });
    await c.record('status-changed', { from: 'backlogged', to: 'triage', note: 'Raised to expedite' });
  }
  const reason = `Raised to expedite (${c.row.urgency ?? 'unknown'} → ${a.urgency})`;
  await pageOnExpedite(c.tx, c.row.id, reason, c.now);
  await c.record('page-requested', { reason, automatic: true });
}

/** Changes any part of the classification (null = back to unknown). */
export async function reclassify(
  deps: FlowDeps,
  ref: string,
  actor: User,
  body: z.output<typeof classifyBody>,
) {
  return changeIncident(deps, ref, actor, async (c) => {
    const patch: Partial<IncidentRow> = {};
    if (body.scope !== undefined) patch.scope = body.scope;
    if (body.criticality !== undefined) patch.criticality = body.criticality;
    if (body.area !== undefined) patch.area = body.area;
    if (body.impact?.conversion !== undefined) patch.impact_conversion = body.impact.conversion;
    if (body.impact?.experience !== undefined) patch.impact_experience = body.impact.experience;
    if (body.impact?.revenue !== undefined) patch.impact_revenue = body.impact.revenue;
    if (body.lifespan?.startedAt !== undefined) {
      patch.lifespan_started_at = body.lifespan.startedAt === null ? null : new Date(body.lifespan.startedAt);
    }
    if (body.lifespan?.expected !== undefined) patch.lifespan_expected = body.lifespan.expected;
    let service: { id: string; name: string } | null | undefined;
    if (body.service !== undefined) {
      service = await serviceNamed(c.tx, body.service, 'body.service');
      patch.service_id = service?.id ?? null;
    }
    const extra: Record<string, unknown> = body.reason ? { reason: body.reason } : {};
    if (service !== undefined && patch.service_id !== c.row.service_id) extra.service = service?.name ?? null;
    await reassess(c, patch, 'classified', extra);
    return c.row.id;
  });
}

/** Sets urgency by hand (with a reason), or returns it to the policy with `urgency: null`. */
export async function overrideUrgency(
  deps: FlowDeps,
  ref: string,
  actor: User,
  body: z.output<typeof urgencyBody>,
) {
  return changeIncident(deps, ref, actor, async (c) => {
    const patch: Partial<IncidentRow> =
      body.urgency === null
        ? { urgency_override_reason: null }
        : { urgency: body.urgency, urgency_override_reason: body.reason };
    const changed = await reassess(
      c,
      patch,
      body.urgency === null ? 'urgency-override-cleared' : 'urgency-overridden',
      {
        reason: body.reason,
      },
    );
    if (!changed)
      await c.record(body.urgency === null ? 'urgency-override-cleared' : 'urgency-overridden', {
        reason: body.reason,
        changes: {},
      });
    return c.row.id;
  });
}

/** Edits title and/or description; the tagline follows the title. */
export async function editIncident(
  deps: FlowDeps,
  ref: string,
  actor: User,
  body: z.output<typeof editBody>,
) {
  return changeIncident(deps, ref, actor, async (c) => {
    const patch: Partial<IncidentRow> = {};
    if (body.title !== undefined) patch.title = body.title;
    if (body.description !== undefined) patch.description = body.description;
    if (body.stepsToReproduce !== undefined) patch.steps_to_reproduce = body.stepsToReproduce || null;
    await reassess(c, patch, 'edited', {});
    return c.row.id;
  });
}
