/** Who a level's targets mean at a given time: people, whoever a schedule has on call, a team, the service owner. */
import type { Queryable } from '../db/pool.ts';
import { onCallAt } from '../schedules/on-call.ts';
import type { Schedule } from '../schedules/schema.ts';
import type { Target } from './schema.ts';
import type { TargetContext } from './route-store.ts';
import { teamMembers } from './store.ts';

/** The distinct active people the targets name at `at`, in target order. */
export async function resolveTargets(
  db: Queryable,
  targets: Target[],
  ctx: TargetContext & { at: Date },
): Promise<string[]> {
  const ids: string[] = [];
  for (const t of targets) {
    if (t.type === 'user') ids.push(t.id);
    else if (t.type === 'service-owner') {
      if (ctx.serviceOwnerId) ids.push(ctx.serviceOwnerId);
    } else if (t.type === 'client-role') {
      const id = ctx.clientChain[t.role];
      if (id) ids.push(id);
    } else if (t.type === 'team') ids.push(...(await teamMembers(db, t.id)));
    else {
      const { rows } = await db.query<{ definition: Schedule }>(
        'SELECT definition FROM schedules WHERE id = $1',
        [t.id],
      );
      if (rows[0]) ids.push(...onCallAt(rows[0].definition, ctx.at).userIds);
    }
  }
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM users WHERE id = ANY($1) AND disabled_at IS NULL',
    [unique],
  );
  const active = new Set(rows.map((r) => r.id));
  return unique.filter((id) => active.has(id));
}
