/**
 * Adding and changing the repositories hotfixes are checked in, audited (a token only as set or
 * removed, never its value).
 */
import type { User } from '../auth/schema.ts';
import { audited } from '../audit/audited.ts';
import { AppError, invalidField } from '../errors.ts';
import type { FlowDeps } from '../incidents/change.ts';
import type { RepositoryBody, RepositoryPatch } from './schema.ts';
import { findRepository, insertRepository, saveRepository, type RepositoryRow } from './store.ts';

/** Adds repository `b`; 409 when its name is taken. */
export async function addRepository(deps: FlowDeps, actor: User, b: RepositoryBody): Promise<RepositoryRow> {
  const now = deps.clock.now();
  return audited(
    deps.pool,
    async (tx) => {
      const row = await insertRepository(
        tx,
        {
          name: b.name,
          clone_url: b.cloneUrl,
          provider: b.provider,
          api_project: b.apiProject ?? null,
          api_url: b.apiUrl ?? null,
          token: b.token ?? null,
          branches: [...new Set(b.branches)],
        },
        now,
      );
      if (!row) throw new AppError('conflict', `a repository is already named "${b.name}"`);
      return row;
    },
    (row) => ({
      at: now,
      actorId: actor.id,
      action: 'repository.create',
      target: `repository:${row.id}`,
      data: { name: b.name, provider: b.provider, branches: row.branches, token: b.token ? 'set' : 'none' },
    }),
  );
}

/** Changes the fields of repository `idOrName` present in `p`. */
export async function changeRepository(
  deps: FlowDeps,
  actor: User,
  idOrName: string,
  p: RepositoryPatch,
): Promise<RepositoryRow> {
  const now = deps.clock.now();
  return audited(
    deps.pool,
    async (tx) => {
      const was = await findRepository(tx, idOrName);
      if (!was) throw new AppError('not_found', `no repository "${idOrName}"`);
      const row: RepositoryRow = {
        ...was,
        clone_url: p.cloneUrl ?? was.clone_url,
        provider: p.provider ?? was.provider,
        api_project: p.apiProject === undefined ? was.api_project : p.apiProject,
        api_url: p.apiUrl === undefined ? was.api_url : p.apiUrl,
        token: p.token === undefined ? was.token : p.token,
        branches: p.branches ? [...new Set(p.branches)] : was.branches,
      };
      if (row.provider !== 'git' && !row.api_project)
        throw invalidField('body.apiProject', `a ${row.provider} repository needs its API project`);
      await saveRepository(tx, row);
      return row;
    },
    (row) => ({
      at: now,
      actorId: actor.id,
      action: 'repository.change',
      target: `repository:${row.id}`,
      data: {
        name: row.name,
        fields: Object.keys(p),
        ...(p.token !== undefined ? { token: p.token === null ? 'removed' : 'set' } : {}),
      },
    }),
  );
}
