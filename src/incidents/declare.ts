/** Declaring an incident: classify what is known, apply the urgency policy, record it. */
import type { User } from '../auth/schema.ts';
import { assess, type Classification } from '../classification/policy.ts';
import { currentPolicy } from '../policy/store.ts';
import type { FlowDeps } from './change.ts';
import type { declareBody, Incident } from './schema.ts';
import { insertIncident, newIncident } from './store.ts';
import type { z } from 'zod';

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
  const { policy, version } = await currentPolicy(deps.pool);
  const a = assess(policy, c, body.title, body.urgency);
  const now = deps.clock.now();
  const row = await insertIncident(
    deps.pool,
    {
      title: body.title,
      description: body.description,
      scope: c.scope,
      criticality: c.criticality,
      area: c.area,
      impact_conversion: c.impact.conversion,
      impact_experience: c.impact.experience,
      impact_revenue: c.impact.revenue,
      lifespan_started_at: body.lifespan?.startedAt ? new Date(body.lifespan.startedAt) : null,
      lifespan_expected: body.lifespan?.expected ?? null,
      tagline: a.tagline,
      urgency: a.urgency,
      urgency_override_reason: body.urgency ? (body.urgencyReason ?? null) : null,
      decision: a.decision,
      status: 'triage',
      owner_id: null,
      resolution_summary: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      resolved_at: null,
      origin: null,
    },
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
  return newIncident(row);
}
