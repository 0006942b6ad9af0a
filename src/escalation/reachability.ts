/**
 * Who would be paged, and whether they can be reached: the people a policy's levels (or any
 * targets) name now, each with the verified contact methods the server can actually send through.
 * Used to flag unreachable policies, teams and schedules, to show a service's "on call now", and to
 * preview a page before it is sent.
 */
import type { Queryable } from '../db/pool.ts';
import type { Channels } from '../notify/index.ts';
import type { Schedule } from '../schedules/schema.ts';
import type { ContactKind, Policy, Target } from './schema.ts';
import { clientChainPolicies } from './client-chain.ts';
import { policiesFor, targetContextOf, type TargetContext } from './route-store.ts';
import { teamMembers } from './store.ts';
import { resolveTargets } from './targets.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One person as a page would reach them: their verified methods on configured channels. */
export interface PersonReach {
  id: string;
  name: string;
  methods: { kind: ContactKind; label: string }[];
  reachable: boolean;
}

/** The channel kinds this server can send through (no SMTP → no email, no Twilio → no SMS/voice…). */
export function configuredKinds(channels: Channels): ContactKind[] {
  return (Object.keys(channels) as ContactKind[]).filter((k) => channels[k] !== null);
}

/** Each person with their verified, sendable methods, in the order given. */
export async function peopleReach(
  db: Queryable,
  userIds: string[],
  kinds: readonly ContactKind[],
): Promise<PersonReach[]> {
  if (userIds.length === 0) return [];
  const { rows } = await db.query<{
    id: string;
    name: string;
    kind: ContactKind | null;
    label: string | null;
  }>(
    `SELECT u.id, u.name, m.kind, m.label FROM users u
       LEFT JOIN contact_methods m ON m.user_id = u.id AND m.disabled_at IS NULL
            AND m.verified_at IS NOT NULL AND m.kind = ANY($2)
      WHERE u.id = ANY($1) AND u.disabled_at IS NULL ORDER BY m.created_at`,
    [userIds, kinds],
  );
  const byId = new Map<string, PersonReach>();
  for (const r of rows) {
    const p = byId.get(r.id) ?? { id: r.id, name: r.name, methods: [], reachable: false };
    if (r.kind) p.methods.push({ kind: r.kind, label: r.label ?? '' });
    p.reachable = p.methods.length > 0;
    byId.set(r.id, p);
  }
  return userIds.flatMap((id) => byId.get(id) ?? []);
}

/** Everyone a target could page (not only now): a schedule's every participant, a team's members. */
export async function everyoneOf(db: Queryable, targets: Target[]): Promise<string[]> {
  const ids: string[] = [];
  for (const t of targets) {
    if (t.type === 'user') ids.push(t.id);
    else if (t.type === 'team') {
      ids.push(...(await teamMembers(db, t.id)));
    } else if (t.type === 'schedule') {
      // Every person named in the schedule's layers and overrides.
      const { rows } = await db.query<{ definition: Schedule }>(
        'SELECT definition FROM schedules WHERE id = $1',
        [t.id],
      );
      const d = rows[0]?.definition;
      if (d) ids.push(...d.layers.flatMap((l) => l.users), ...d.overrides.map((o) => o.userId));
    }
  }
  return [...new Set(ids)].filter((id) => UUID.test(id));
}

/** One level of a policy as it would page now. */
export interface LevelReach {
  level: number;
  timeoutMinutes: number;
  people: PersonReach[];
  /** Targets that depend on the incident (its service owner, its client's chain) and name nobody here. */
  contextual: number;
}

/** The people each level of `policy` would page at `ctx.at`, with how they are reached. */
export async function policyReachNow(
  db: Queryable,
  policy: Pick<Policy, 'levels'>,
  ctx: TargetContext & { at: Date },
  kinds: readonly ContactKind[],
): Promise<LevelReach[]> {
  const out: LevelReach[] = [];
  for (const [i, level] of policy.levels.entries()) {
    const ids = await resolveTargets(db, level.targets, ctx);
    const contextual = level.targets.filter(
      (t) =>
        (t.type === 'service-owner' && !ctx.serviceOwnerId) ||
        (t.type === 'client-role' && !ctx.clientChain[t.role]),
    ).length;
    out.push({
      level: i + 1,
      timeoutMinutes: level.timeoutMinutes,
      people: await peopleReach(db, ids, kinds),
      contextual,
    });
  }
  return out;
}

/** Everyone the targets could page, and those whom no verified, sendable method reaches. */
export async function unreachableOf(
  db: Queryable,
  targets: Target[],
  kinds: readonly ContactKind[],
): Promise<{ people: number; unreachable: PersonReach[] }> {
  const all = await peopleReach(db, await everyoneOf(db, targets), kinds);
  return { people: all.length, unreachable: all.filter((p) => !p.reachable) };
}

/** Whom paging an incident would reach now: its client's chain, then its route's policies, level by level. */
export async function incidentReachNow(
  db: Queryable,
  incidentId: string,
  at: Date,
  kinds: readonly ContactKind[],
): Promise<{ id: string; name: string; levels: LevelReach[] }[]> {
  const context = { ...(await targetContextOf(db, incidentId)), at };
  const out = [];
  for (const p of [...(await clientChainPolicies(db, incidentId)), ...(await policiesFor(db, incidentId))])
    out.push({ id: p.id, name: p.name, levels: await policyReachNow(db, p, context, kinds) });
  return out;
}

/** Why a page of an incident would reach nobody now (in words naming who), or null when someone is reached. */
export function nobodyReached(policies: { levels: LevelReach[] }[]): string | null {
  if (policies.length === 0) return 'no escalation policy covers its service or area';
  const people = [
    ...new Map(policies.flatMap((p) => p.levels.flatMap((l) => l.people)).map((x) => [x.id, x])).values(),
  ];
  if (people.some((x) => x.reachable)) return null;
  if (people.length === 0) return 'nobody is on call there now';
  const names = people.map((x) => x.name);
  const list = names.length < 2 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `${list} ${names.length === 1 ? 'has' : 'have'} no verified contact method`;
}
