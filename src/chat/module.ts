/**
 * The chat domain as the app registers it: settings and incident chat routes, the Slack app's
 * endpoints, the jobs (sync the broadcast message, reconcile, incident channel setup, deployments, posted updates, updates for stakeholders' channels), and the
 * start work: listen for timeline entries and schedule the reconcile (ADR 0034).
 */
import type { DomainModule } from '../http/module.ts';
import { CHANNEL_SETUP_JOB, runChannelSetup } from './channel.ts';
import { DEPLOYMENTS_JOB, runDeployments } from './deployments.ts';
import { startListening, stopListening } from './listen.ts';
import { POST_STAKEHOLDERS_JOB, runPostStakeholders } from './post-stakeholders.ts';
import { POST_UPDATE_JOB, runPostUpdate } from './post-update.ts';
import { chatRoutes } from './routes.ts';
import { slackRoutes } from './slack-routes.ts';
import { reconcile, RECONCILE_JOB, scheduleReconcile, syncIncident, SYNC_JOB } from './sync.ts';

export const chatModule: DomainModule = {
  name: 'chat',
  routes: [
    chatRoutes,
    slackRoutes,
    async (app) => {
      app.addHook('onClose', () => stopListening(app.deps.pool));
    },
  ],
  jobs: (ctx) => ({
    [SYNC_JOB]: (job) => syncIncident(ctx, (job.payload as { incidentId: string }).incidentId),
    [RECONCILE_JOB]: async () => void (await reconcile(ctx)),
    [CHANNEL_SETUP_JOB]: (job) => runChannelSetup(ctx, job),
    [DEPLOYMENTS_JOB]: (job) => runDeployments(ctx, job),
    [POST_UPDATE_JOB]: (job) => runPostUpdate(ctx, job),
    [POST_STAKEHOLDERS_JOB]: (job) => runPostStakeholders(ctx, job),
  }),
  start: async (ctx) => {
    await scheduleReconcile(ctx.pool, ctx.clock.now());
    await startListening(ctx);
  },
};
