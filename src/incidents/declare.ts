/** Declaring an incident: classify what is known, apply the urgency policy, record it. */
import type { User } from '../auth/schema.ts';
import type { Lifespan } from '../classification/codes.ts';
import { assess, type Assessment, type Classification } from '../classification/policy.ts';
import { policyInForce } from '../policy/store.ts';
import type { FlowDeps } from './change.ts';
import { requestDecisionAct } from './decision-request.ts';
import type { declareBody, Incident, Origin } from './schema.ts';
import { insertIncident, newIncident, type IncidentRow } from './store.ts';
import type { z } from 'zod';

/** The row of a new incident in triage: classification, assessment, who and where from. */
export function triageRow(i: {
  title: string;
  description: string;
  classification: Classification;
  assessment: Assessment;
  urgencyReason: string | null;
  lifespan?: { startedAt: Date | null; expected: Lifespan | null };
  createdBy: string | null;
  now: Date;
  origin: Origin | null;
}): Omit<IncidentRow, 'id' | 'number'> {
  const c = i.classification;
  return {
    title: i.title,
    description: i.description,
    scope: c.scope,
    criticality: c.criticality,
    area: c.area,
    impact_conversion: c.impact.conversion,
    impact_experience: c.impact.experience,
    impact_revenue: c.impact.revenue,
    lifespan_started_at: i.lifespan?.startedAt ?? null,
    lifespan_expected: i.lifespan?.expected ?? null,
    tagline: i.assessment.tagline,
    urgency: i.assessment.urgency,
    urgency_override_reason: i.urgencyReason,
    decision: i.assessment.decision,
    status: 'triage',
    owner_id: null,
    resolution_summary: null,
    created_by: i.createdBy,
    created_at: i.now,
    updated_at: i.now,
    resolved_at: null,
    origin: i.origin,
  };
}

/** Declares an incident in triage; returns it. Any classification may still be unknown. */
export async function declareIncident(
  deps: FlowDeps,
  actor: User,
  body: z.output<typeof declareBody>,
): Promise<Incident> {
  const c: Classification = {
    scope: body.scope ?? null,
    criticality: body.criticality ?? null,
    area: body.area ?? null,
    impact: {
      conversion: body.impact?.conversion ?? null,
      experience: body.impact?.experience ?? null,
      revenue: body.impact?.revenue ?? null,
    },
  };
  // Read the policy in force, then insert the incident with its first timeline entry atomically.
  const { policy, version } = await policyInForce(deps.pool);
  const a = assess(policy, c, body.title, body.urgency);
  const row = await insertIncident(
    deps.pool,
    triageRow({
      title: body.title,
      description: body.description,
      classification: c,
      assessment: a,
      urgencyReason: body.urgency ? (body.urgencyReason ?? null) : null,
      lifespan: {
        startedAt: body.lifespan?.startedAt ? new Date(body.lifespan.startedAt) : null,
        expected: body.lifespan?.expected ?? null,
      },
      createdBy: actor.id,
      now: deps.clock.now(),
      origin: null,
    }),
    {
      actorId: actor.id,
      kind: 'declared',
      data: {
        title: body.title,
        tagline: a.tagline,
        urgency: a.urgency,
        decision: a.decision,
        policyVersion: version,
        ...(body.urgency ? { urgencyOverride: body.urgencyReason } : {}),
      },
    },
  );
  await requestDecisionAct(deps.pool, row.id, a.decision, row.created_at);
  return newIncident(row);
}
