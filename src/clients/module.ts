/** Clients as the app registers them: tiers, contacts, SLA clocks and notices to contacts. */
import type { DomainModule } from '../http/module.ts';
import { CLIENT_NOTIFY_JOB, runClientNotify } from './notify.ts';
import { clientRoutes } from './routes.ts';
import { runSlaCheck, SLA_JOB } from './sla-jobs.ts';

export const clientsModule: DomainModule = {
  name: 'clients',
  routes: [clientRoutes],
  jobs: (ctx) => ({
    [SLA_JOB]: (job) => runSlaCheck(ctx, job),
    [CLIENT_NOTIFY_JOB]: (job) => runClientNotify(ctx, job),
  }),
};
