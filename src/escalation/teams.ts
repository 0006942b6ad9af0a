/** Teams: who answers for which incident areas, and with which escalation policy. */
import { audited } from '../audit/audited.ts';
import type { User } from '../auth/schema.ts';
import type { Queryable } from '../db/pool.ts';
import { AppError, notFound } from '../errors.ts';
import type { FlowDeps } from '../incidents/change.ts';
import type { teamBody, teamSchema } from './schema.ts';
import type { z } from 'zod';

type Team = z.infer<typeof teamSchema>;

/** Every team with its members. */
export async function listTeams(db: Queryable, id?: string): Promise<Team[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    areas: Team['areas'];
    escalation_policy_id: string | null;
    members: Team['members'] | null;
  }>(
    `SELECT t.id, t.name, t.areas, t.escalation_policy_id,
            (SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email) ORDER BY u.name)
               FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id) AS members
       FROM teams t WHERE $1::uuid IS NULL OR t.id = $1 ORDER BY t.name`,
    [id ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    areas: r.areas,
    members: r.members ?? [],
    escalationPolicyId: r.escalation_policy_id,
  }));
}

/** Creates (id null) or replaces a team with its members; audited. */
export async function saveTeam(
  deps: FlowDeps,
  actor: User,
  id: string | null,
  b: z.output<typeof teamBody>,
): Promise<Team> {
  const now = deps.clock.now();
  const teamId = await audited(
    deps.pool,
    async (tx) => {
      const { rows } = await tx
        .query<{ id: string }>(
          id
            ? 'UPDATE teams SET name = $2, areas = $3, escalation_policy_id = $4 WHERE id = $1 RETURNING id'
            : 'INSERT INTO teams (name, areas, escalation_policy_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
          id ? [id, b.name, b.areas, b.escalationPolicyId] : [b.name, b.areas, b.escalationPolicyId, now],
        )
        .catch((err: { code?: string }) => {
          if (err.code === '23505') throw new AppError('conflict', `A team named ${b.name} exists already`);
          throw err;
        });
      if (!rows[0]) throw notFound('team', id ?? '');
      const tid = rows[0].id;
      await tx.query('DELETE FROM team_members WHERE team_id = $1', [tid]);
      if (b.members.length)
        await tx.query('INSERT INTO team_members (team_id, user_id) SELECT $1, unnest($2::uuid[])', [
          tid,
          b.members,
        ]);
      return tid;
    },
    (tid) => ({
      at: now,
      actorId: actor.id,
      action: id ? 'team.update' : 'team.create',
      target: `team:${tid}`,
      data: b,
    }),
  );
  return (await listTeams(deps.pool, teamId))[0]!;
}
