/**
 * Trackers as the app registers them: the routes, the jobs that hand an incident (`tracker-handoff`)
 * or a post-mortem action item (`action-handoff`) to the team's tracker, the sweep that finds
 * backlogged incidents still waiting (`tracker-sweep`) and the refresh of tickets' states
 * (`tracker-refresh`); the start work plans both and listens for incidents entering the Backlog.
 */
import type { DomainModule } from '../http/module.ts';
import { runSweep, scheduleSweep, startBacklogWatch, stopBacklogWatch, SWEEP_JOB } from './backlog-watch.ts';
import { ACTION_HANDOFF_JOB, HANDOFF_JOB, runActionHandoff, runHandoff } from './hand-off.ts';
import { REFRESH_JOB, runRefresh, scheduleRefresh } from './refresh.ts';
import { trackerRoutes } from './routes.ts';

export const trackersModule: DomainModule = {
  name: 'trackers',
  routes: [
    trackerRoutes,
    async (app) => {
      app.addHook('onClose', () => stopBacklogWatch(app.deps.pool));
    },
  ],
  jobs: (ctx) => ({
    [HANDOFF_JOB]: (job) => runHandoff(ctx, job),
    [ACTION_HANDOFF_JOB]: (job) => runActionHandoff(ctx, job),
    [SWEEP_JOB]: (job) => runSweep(ctx, job),
    [REFRESH_JOB]: (job) => runRefresh(ctx, job),
  }),
  start: async (ctx) => {
    const now = ctx.clock.now();
    await scheduleSweep(ctx.pool, now);
    await scheduleRefresh(ctx.pool, now);
    await startBacklogWatch(ctx);
  },
};
