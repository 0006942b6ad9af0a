/**
 * The paging engine of one app instance: the channels, the worker with its job handlers (page,
 * escalation step, notify, SLA check, and the signal tables' upkeep), and the paging routes. The
 * server starts the worker once the database is ready (`app.worker.start()`); tests run due jobs
 * with `app.worker.runDue()` after moving the clock.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { closeChannels, createChannels, notifyConfigFromEnv } from '../notify/index.ts';
import { Worker } from '../engine/worker.ts';
import { runNotify, type Channels } from './deliver.ts';
import { jobKinds, runPage, runStep } from './flow.ts';
import { meRoutes } from './me-routes.ts';
import { escalationRoutes } from './routes.ts';
import { twilioRoutes } from './twilio-routes.ts';
import { clientRoutes } from '../clients/routes.ts';
import { runSlaCheck, SLA_JOB } from '../clients/sla-jobs.ts';
import { CLIENT_NOTIFY_JOB, runClientNotify } from '../clients/notify.ts';
import { scheduleRoutes } from '../schedules/routes.ts';
import { runUpkeep, UPKEEP_JOB } from '../signals/upkeep.ts';

declare module 'fastify' {
  interface FastifyInstance {
    worker: Worker;
  }
}

/** Options: channels to use (tests point them at local stand-ins); default from the environment. */
export interface PagingOptions {
  channels?: Channels;
  /** Twilio's auth token, to check what Twilio posts back (default from the environment). */
  twilioAuthToken?: string | null;
}

async function pagingPlugin(app: FastifyInstance, opts: PagingOptions) {
  const deps = app.deps;
  const notify = opts.channels ? undefined : notifyConfigFromEnv(process.env);
  const channels = opts.channels ?? createChannels(notify!);
  const twilioAuthToken = opts.twilioAuthToken ?? notify?.twilio?.authToken ?? null;
  // Browsers (the acknowledgement page) and Twilio post forms.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  const ctx = { pool: deps.pool, clock: deps.clock, channels, publicUrl: deps.config.publicUrl };
  const worker = new Worker(deps.pool, deps.clock, {
    handlers: {
      [jobKinds.page]: (job) => runPage(ctx, job),
      [jobKinds.step]: (job) => runStep(ctx, job),
      [jobKinds.notify]: (job) => runNotify(ctx, job),
      [SLA_JOB]: (job) => runSlaCheck(ctx, job),
      [CLIENT_NOTIFY_JOB]: (job) => runClientNotify(ctx, job),
      [UPKEEP_JOB]: async (job) => {
        const upkeep = { pool: deps.pool, clock: deps.clock, days: deps.config.signalRetentionDays };
        await runUpkeep(upkeep, job.runAt);
      },
    },
    onError: (err) => app.log.error({ err }, 'job worker error'),
  });
  app.decorate('worker', worker);
  app.addHook('preClose', async () => worker.stop());
  app.addHook('onClose', async () => {
    if (!opts.channels) await closeChannels(channels);
  });
  await app.register(escalationRoutes, { twilioAuthToken });
  await app.register(twilioRoutes, { authToken: twilioAuthToken });
  await app.register(meRoutes, { channels });
  await app.register(scheduleRoutes);
  await app.register(clientRoutes);
}

/** Registers the engine (not encapsulated: `app.worker` is the server's) and the paging routes. */
export const paging = fp(pagingPlugin, { name: 'expedite-paging' });
