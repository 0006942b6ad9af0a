/**
 * Updates with audiences as the app registers them: the routes, the jobs that email an update
 * (`update-email`), check the cadence each minute (`update-cadence`) and remind the comms lead
 * (`update-remind`), email a part of the conclusion (`conclusion-email`), and the first cadence
 * check at start.
 */
import type { DomainModule } from '../http/module.ts';
import { CADENCE_JOB, REMIND_JOB, runCadence, runRemind, scheduleCadence } from './cadence.ts';
import { CONCLUSION_EMAIL_JOB, runConclusionEmail } from './conclusion.ts';
import { conclusionRoutes } from './conclusion-routes.ts';
import { updateRoutes } from './routes.ts';
import { runUpdateEmail, UPDATE_EMAIL_JOB } from './send.ts';

export const updatesModule: DomainModule = {
  name: 'updates',
  routes: [updateRoutes, conclusionRoutes],
  jobs: (ctx) => ({
    [UPDATE_EMAIL_JOB]: (job) => runUpdateEmail(ctx, job),
    [CADENCE_JOB]: (job) => runCadence(ctx, job),
    [REMIND_JOB]: (job) => runRemind(ctx, job),
    [CONCLUSION_EMAIL_JOB]: (job) => runConclusionEmail(ctx, job),
  }),
  start: (ctx) => scheduleCadence(ctx.pool, ctx.clock.now()),
};
