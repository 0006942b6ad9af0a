/**
 * The signals domain as the app registers it: integrations, hooks, routing, silences, and the
 * signal tables' upkeep, a job every minute that each run schedules again.
 */
import type { DomainModule } from '../http/module.ts';
import { signalRoutes } from './routes.ts';
import { runUpkeep, scheduleUpkeep, UPKEEP_JOB } from './upkeep.ts';

export const signalsModule: DomainModule = {
  name: 'signals',
  routes: [signalRoutes],
  jobs: (ctx) => ({
    [UPKEEP_JOB]: async (job) => {
      await runUpkeep({ pool: ctx.pool, clock: ctx.clock, days: ctx.config.signalRetentionDays }, job.runAt);
    },
  }),
  start: (ctx) => scheduleUpkeep(ctx.pool, ctx.clock.now()),
};
