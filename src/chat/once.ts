/**
 * Posting once per job: a job that posts to several targets (Slack channels, Teams, Mattermost)
 * records each target it reached under its job key, so a retry after a partial failure posts
 * only to the targets still missing.
 */
import type { Queryable } from '../db/pool.ts';
import type { Clock } from '../clock.ts';
import { markPosted, postedTargets } from './store.ts';
import type { Post } from './webhooks.ts';

/** Sends the posts not yet sent for `jobKey`; throws the first failure once all were tried. */
export async function postOnce(deps: { pool: Queryable; clock: Clock }, jobKey: string, posts: Post[]) {
  const done = await postedTargets(deps.pool, jobKey);
  const errors: unknown[] = [];
  for (const p of posts) {
    if (done.has(p.target)) continue;
    try {
      await p.send();
      await markPosted(deps.pool, jobKey, p.target, deps.clock.now());
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length) throw errors[0];
}
