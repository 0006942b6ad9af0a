/**
 * Post-mortems as the app registers them: the routes, the check each minute that creates the
 * post-mortems the rule asks for and reminds owners of due action items (`postmortem-sweep`), the
 * email of each invitation, publication and reminder (`postmortem-email`), and the first check at start.
 */
import type { DomainModule } from '../http/module.ts';
import { actionRoutes } from './action-routes.ts';
import { EMAIL_JOB, runEmail } from './mail.ts';
import { postmortemRoutes } from './routes.ts';
import { runSweep, scheduleSweep, SWEEP_JOB } from './sweep.ts';

export const postmortemsModule: DomainModule = {
  name: 'postmortems',
  routes: [postmortemRoutes, actionRoutes],
  jobs: (ctx) => ({
    [SWEEP_JOB]: (job) => runSweep(ctx, job),
    [EMAIL_JOB]: (job) => runEmail(ctx, job),
  }),
  start: (ctx) => scheduleSweep(ctx.pool, ctx.clock.now()),
};
