/**
 * Deviations and tech debt as the app registers them: the routes, the hourly check of items due
 * (`tech-debt-check`) and the owner's reminder (`tech-debt-remind`), and the first check at start.
 */
import type { DomainModule } from '../http/module.ts';
import { CHECK_JOB, REMIND_JOB, runCheck, runRemind, scheduleCheck } from './remind.ts';
import { techDebtRoutes } from './routes.ts';

export const techDebtModule: DomainModule = {
  name: 'techdebt',
  routes: [techDebtRoutes],
  jobs: (ctx) => ({
    [CHECK_JOB]: (job) => runCheck(ctx, job),
    [REMIND_JOB]: (job) => runRemind(ctx, job),
  }),
  start: (ctx) => scheduleCheck(ctx.pool, ctx.clock.now()),
};
