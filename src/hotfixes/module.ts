/**
 * Hotfixes as the app registers them: the routes, the round of checks every five minutes
 * (`hotfix-checks`), the check of one repository (`hotfix-check-repository`), the owner's daily
 * reminder (`hotfix-remind`), and the first round at start.
 */
import type { DomainModule } from '../http/module.ts';
import { CHECK_REPOSITORY_JOB } from './record.ts';
import { hotfixRoutes } from './routes.ts';
import {
  CHECKS_JOB,
  REMIND_JOB,
  runCheckRepository,
  runChecks,
  runRemind,
  scheduleChecks,
} from './schedule.ts';

export const hotfixesModule: DomainModule = {
  name: 'hotfixes',
  routes: [hotfixRoutes],
  jobs: (ctx) => ({
    [CHECKS_JOB]: (job) => runChecks(ctx, job),
    [CHECK_REPOSITORY_JOB]: (job) => runCheckRepository(ctx, job),
    [REMIND_JOB]: (job) => runRemind(ctx, job),
  }),
  start: (ctx) => scheduleChecks(ctx.pool, ctx.clock.now()),
};
