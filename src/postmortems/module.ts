/**
 * Post-mortems as the app registers them: the routes, the check each minute that creates the
 * post-mortems the rule asks for and reminds owners of due action items (`postmortem-sweep`), the
 * email of each invitation, publication and reminder (`postmortem-email`), and at start the first
 * check and a look back over the last 30 days (`postmortem-catch-up`).
 */
import type { DomainModule } from '../http/module.ts';
import { actionRoutes } from './action-routes.ts';
import { EMAIL_JOB, runEmail } from './mail.ts';
import { postmortemRoutes } from './routes.ts';
import { CATCH_UP_JOB, runCatchUp, runSweep, scheduleCatchUp, scheduleSweep, SWEEP_JOB } from './sweep.ts';

export const postmortemsModule: DomainModule = {
  name: 'postmortems',
  routes: [postmortemRoutes, actionRoutes],
  jobs: (ctx) => ({
    [SWEEP_JOB]: (job) => runSweep(ctx, job),
    [EMAIL_JOB]: (job) => runEmail(ctx, job),
    [CATCH_UP_JOB]: () => runCatchUp(ctx),
  }),
  start: async (ctx) => {
    await scheduleCatchUp(ctx.pool, ctx.clock.now());
    await scheduleSweep(ctx.pool, ctx.clock.now());
  },
};
