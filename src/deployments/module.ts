/**
 * Deployments as the app registers them: the API and the admin's hooks, the hooks' deliveries (raw
 * bodies, in their own context), and the job recording a PagerDuty change event as a deployment.
 */
import type { DomainModule } from '../http/module.ts';
import { CHANGE_DEPLOYMENT_JOB } from '../signals/changes.ts';
import { deliveryRoutes } from './delivery-routes.ts';
import { runChangeDeployment } from './from-change.ts';
import { deploymentRoutes } from './routes.ts';

export const deploymentsModule: DomainModule = {
  name: 'deployments',
  routes: [deploymentRoutes, deliveryRoutes],
  jobs: (ctx) => ({
    [CHANGE_DEPLOYMENT_JOB]: (job) => runChangeDeployment(ctx, job),
  }),
};
