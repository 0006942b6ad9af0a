/**
 * Whom an incident is routed to and why, in words a declarer reads before submitting ("Pages
 * Checkout on-call: one person, by phone and SMS") and the incident room shows afterwards
 * ("routed to Checkout's chain because service = Checkout").
 */
import { findUser } from '../auth/store.ts';
import type { Queryable } from '../db/pool.ts';
import { notificationPlan } from './flow.ts';
import type { ContactKind } from './schema.ts';
import { routeOf, type RouteVia } from './route-store.ts';
import { methodsOf } from './store.ts';
import { resolveTargets } from './targets.ts';

/** A route in words: the policies, who their first level reaches now, and why. */
export interface RoutePreview {
  via: RouteVia | null;
  because: string;
  policies: {
    id: string;
    name: string;
    summary: string;
    people: { id: string; name: string; by: string[] }[];
  }[];
  summary: string;
}

const kindWords: Record<ContactKind, string> = {
  voice: 'phone',
  sms: 'SMS',
  slack: 'Slack',
  teams: 'Teams',
  email: 'email',
  webhook: 'webhook',
};
const counts = ['nobody reachable', 'one person', 'two people', 'three people'];

/** "a", "a and b", "a, b and c". */
const list = (xs: string[]) =>
  xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

/** Why a route was taken, e.g. "routed to Checkout's chain because service = Checkout". */
export function because(
  via: RouteVia | null,
  who: string[],
  service: string | null,
  area: string | null,
): string {
  const whose = list(who);
  if (via === 'service') return `routed to ${whose}'s chain because service = ${service}`;
  if (via === 'service-team')
    return `routed to ${whose}'s chain (the team of ${service}) because service = ${service}`;
  if (via === 'area')
    return `routed to ${whose}'s chain because area = ${area}${service ? '' : ' and no service'}`;
  if (via === 'default')
    return 'routed to the default policy because neither a service nor an area names a chain';
  return 'nobody is paged: no service, team or default policy has an escalation policy';
}

/** Previews the route of a service (id) and area at `at`: the first level of each policy. */
export async function previewRoute(
  db: Queryable,
  s: { serviceId: string | null; serviceName: string | null; ownerId: string | null; area: string | null },
  at: Date,
): Promise<RoutePreview> {
  const route = await routeOf(db, s.serviceId, s.area);
  const policies: RoutePreview['policies'] = [];
  for (const p of route.policies) {
    const ids = await resolveTargets(db, p.levels[0]?.targets ?? [], {
      serviceOwnerId: s.ownerId,
      clientChain: {},
      at,
    });
    const people = [];
    for (const id of ids) {
      const methods = new Map((await methodsOf(db, id)).map((m) => [m.id, m.kind]));
      const plan = await notificationPlan(db, id);
      const by = [...new Set(plan.map((x) => kindWords[methods.get(x.methodId) ?? 'email']))];
      people.push({ id, name: (await findUser(db, id))?.name ?? '', by });
    }
    const reachable = people.filter((x) => x.by.length > 0);
    const n = counts[reachable.length] ?? `${reachable.length} people`;
    const by = [...new Set(reachable.flatMap((x) => x.by))];
    policies.push({
      id: p.id,
      name: p.name,
      people,
      summary: `Pages ${p.name}: ${n}${by.length ? `, by ${list(by)}` : ''}`,
    });
  }
  return {
    via: route.via,
    because: because(route.via, route.who, s.serviceName, s.area),
    policies,
    summary: policies.length
      ? policies.map((p) => p.summary).join('; ')
      : 'Pages nobody: no escalation policy covers it',
  };
}
