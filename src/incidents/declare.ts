/** Declaring an incident: classify what is known, apply the urgency policy, record it. */
import type { User } from '../auth/schema.ts';
import type { Lifespan } from '../classification/codes.ts';
import { assess, type Assessment, type Classification } from '../classification/policy.ts';
import { policyInForce } from '../policy/store.ts';
import type { FlowDeps } from './change.ts';
import type { declareBody, Incident, Origin } from './schema.ts';
import { withTransaction, type Queryable } from '../db/pool.ts';
import { invalidField } from '../errors.ts';
import { pageOnExpedite } from './page-request.ts';
import { findService, insertIncident, newIncident, type IncidentRow } from './store.ts';
import { appendTimeline } from './timeline.ts';
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
  serviceId?: string | null;
  stepsToReproduce?: string | null;
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
    service_id: i.serviceId ?? null,
    steps_to_reproduce: i.stepsToReproduce || null,
  };
}

/** The service a body names (id or name), or null; 400 naming `field` when there is no such service. */
export async function serviceNamed(
  db: Queryable,
  ref: string | null | undefined,
  field: string,
): Promise<{ id: string; name: string; ownerId: string | null } | null> {
  if (!ref) return null;
  const s = await findService(db, ref);
  if (!s) throw invalidField(field, `no service "${ref}"`);
  return s;
}

/** Who may own an incident on declaring it ("I'm on it"). */
const canOwn = (u: User) => u.role === 'responder' || u.role === 'admin';

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
  const service = await serviceNamed(deps.pool, body.service, 'body.service');
  const own = body.takeOwnership && canOwn(actor);
  // Read the policy in force, then insert the incident, its timeline and its page atomically.
  const { policy, version } = await policyInForce(deps.pool);
  const a = assess(policy, c, body.title, body.urgency);
  const now = deps.clock.now();
  const row = await withTransaction(deps.pool, async (tx) => {
    const r = await insertIncident(
      tx,
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
        now,
        origin: null,
        serviceId: service?.id ?? null,
        stepsToReproduce: body.stepsToReproduce ?? null,
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
          ...(service ? { service: service.name } : {}),
          ...(body.urgency ? { urgencyOverride: body.urgencyReason } : {}),
        },
      },
    );
    const entry = (kind: string, data: Record<string, unknown>) =>
      appendTimeline(tx, { incidentId: r.id, at: now, actorId: actor.id, kind, data });
    if (own) {
      await tx.query('UPDATE incidents SET owner_id = $2 WHERE id = $1', [r.id, actor.id]);
      await entry('ownership-taken', { owner: { id: actor.id, name: actor.name } });
    }
    await routeDeclared(tx, r.id, a.decision, body, now, entry);
    return own ? { ...r, owner_id: actor.id } : r;
  });
  const incident = newIncident(row, service?.name ?? null);
  return own ? { ...incident, owner: { id: actor.id, name: actor.name, email: actor.email } } : incident;
}

/** An expedite declaration pages its chain, unless the declarer chose not to (with a reason). */
async function routeDeclared(
  tx: Queryable,
  incidentId: string,
  decision: Assessment['decision'],
  body: { page: boolean; noPageReason?: string | undefined },
  now: Date,
  entry: (kind: string, data: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  if (decision !== 'expedite') return;
  if (!body.page) {
    await entry('page-skipped', { reason: body.noPageReason ?? '' });
    return;
  }
  const reason = 'Declared with decision expedite';
  await pageOnExpedite(tx, incidentId, reason, now);
  await entry('page-requested', { reason, automatic: true });
}
