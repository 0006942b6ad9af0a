/**
 * Recording a hotfix on an incident (repository, branch, commits, pull requests) with its
 * `hotfix-recorded` timeline entry, and a check of its repository right after, as a job.
 */
import type { User } from '../auth/schema.ts';
import { enqueue } from '../engine/jobs.ts';
import { invalidField } from '../errors.ts';
import { changeIncident, type FlowDeps } from '../incidents/change.ts';
import type { HotfixBody } from './schema.ts';
import { findRepository, insertHotfix } from './store.ts';

/** The job that checks one repository now (`payload.repositoryId`). */
export const CHECK_REPOSITORY_JOB = 'hotfix-check-repository';

/** Records hotfix `body` on incident `ref` by `actor`; returns the hotfix's id. */
export async function recordHotfix(
  deps: FlowDeps,
  ref: string,
  actor: User,
  body: HotfixBody,
): Promise<string> {
  return changeIncident(deps, ref, actor, async (c) => {
    const repo = await findRepository(c.tx, body.repository);
    if (!repo)
      throw invalidField('body.repository', `no repository "${body.repository}"; an admin adds it first`);
    const commits = [...new Set(body.commits)];
    const links = [...new Set(body.links)];
    const hotfixId = await insertHotfix(c.tx, {
      incidentId: c.row.id,
      repositoryId: repo.id,
      branch: body.branch,
      commits,
      links,
      by: actor.id,
      at: c.now,
    });
    await c.record('hotfix-recorded', {
      hotfixId,
      repository: repo.name,
      branch: body.branch,
      commits,
      links,
    });
    await enqueue(c.tx, [
      {
        kind: CHECK_REPOSITORY_JOB,
        key: `${CHECK_REPOSITORY_JOB}:${repo.id}:${hotfixId}`,
        runAt: c.now,
        payload: { repositoryId: repo.id },
      },
    ]);
    return hotfixId;
  });
}
