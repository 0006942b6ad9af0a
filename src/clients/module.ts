/** Clients as the app registers them: tiers, contacts, SLA clocks and notices to contacts. */
import type { DomainModule } from '../http/module.ts';
import { CLIENT_NOTIFY_JOB, runClientNotify } from './notify.ts';
import { clientRoutes } from './routes.ts';
import { runSlaCheck, SLA_JOB } from './sla-jobs.ts';

export const clientsModule: DomainModule = {
  name: 'clients',
  routes: [clientRoutes],
  jobs: (ctx) => {
    const paging = {
      pool: ctx.pool,
      clock: ctx.clock,
      channels: ctx.channels,
      publicUrl: ctx.config.publicUrl,
    };
    return {
      [SLA_JOB]: (job) => runSlaCheck(paging, job),
      [CLIENT_NOTIFY_JOB]: (job) => runClientNotify(paging, job),
    };
  },
};
