/**
 * Public status pages as the app registers them: the admin API, the public pages (HTML, Statuspage
 * JSON, feeds, subscriptions), and the jobs that publish a public update (`statuspage-publish`),
 * find its subscribers (`statuspage-notify`) and send each one message (`statuspage-deliver`), and
 * announce scheduled maintenance (`statuspage-maintenance`, `statuspage-maintenance-deliver`).
 */
import type { DomainModule } from '../http/module.ts';
import { moreStatusPageRoutes } from './admin-routes.ts';
import {
  MAINTENANCE_DELIVER_JOB,
  MAINTENANCE_JOB,
  runMaintenanceDeliver,
  runMaintenanceNotice,
} from './maintenance-notice.ts';
import { PUBLISH_JOB, runPublish } from './publish.ts';
import { publicStatusRoutes } from './public-routes.ts';
import { statusPageRoutes } from './routes.ts';
import { DELIVER_JOB, NOTIFY_JOB, runDeliver, runNotify } from './subscribers.ts';

export const statuspagesModule: DomainModule = {
  name: 'statuspages',
  routes: [statusPageRoutes, moreStatusPageRoutes, publicStatusRoutes],
  jobs: (ctx) => ({
    [PUBLISH_JOB]: (job) => runPublish(ctx, job),
    [NOTIFY_JOB]: (job) => runNotify(ctx, job),
    [DELIVER_JOB]: (job) => runDeliver(ctx, job),
    [MAINTENANCE_JOB]: (job) => runMaintenanceNotice(ctx, job),
    [MAINTENANCE_DELIVER_JOB]: (job) => runMaintenanceDeliver(ctx, job),
  }),
};
