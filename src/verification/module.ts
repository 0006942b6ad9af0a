/**
 * Verification as the app registers it: the routes, the jobs (a fix deployed or rolled back, the
 * check every 30 seconds, telling the owner) and the first check at start.
 */
import type { DomainModule } from '../http/module.ts';
import { CHECK_JOB, runCheck, scheduleCheck } from './check.ts';
import {
  FIX_DEPLOYED_JOB,
  FIX_ROLLED_BACK_JOB,
  runFixDeployed,
  runFixRolledBack,
  TELL_JOB,
} from './monitor.ts';
import { verificationRoutes } from './routes.ts';
import { runTell } from './tell.ts';

export const verificationModule: DomainModule = {
  name: 'verification',
  routes: [verificationRoutes],
  jobs: (ctx) => ({
    [FIX_DEPLOYED_JOB]: (job) => runFixDeployed(ctx, job),
    [FIX_ROLLED_BACK_JOB]: (job) => runFixRolledBack(ctx, job),
    [CHECK_JOB]: (job) => runCheck(ctx, job),
    [TELL_JOB]: (job) => runTell(ctx, job),
  }),
  start: (ctx) => scheduleCheck(ctx.pool, ctx.clock.now()),
};
