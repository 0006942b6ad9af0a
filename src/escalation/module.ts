/**
 * Paging as the app registers it: escalation policies, teams and services' chains, contact
 * methods, acknowledgement (web and Twilio), and the jobs that page (`page`), escalate a level
 * (`escalation-step`), send one person one message (`notify`), reshape one for a new urgency, and stop paging (`paging-owned`,
 * `paging-ended`).
 */
import type { FastifyInstance } from 'fastify';
import type { DomainContext, DomainModule } from '../http/module.ts';
import { runNotify } from './deliver.ts';
import { runPage, runStep } from './flow.ts';
import { jobKinds } from './steps.ts';
import { ENDED_JOB, OWNED_JOB, RESHAPE_JOB } from '../incidents/page-request.ts';
import { runReshape } from './running.ts';
import { stopEnded, stopOwned } from './owned.ts';
import { meRoutes } from './me-routes.ts';
import { escalationRoutes } from './routes.ts';
import { twilioRoutes } from './twilio-routes.ts';

/** The paging routes; only they take form posts (the acknowledgement page and Twilio send forms). */
async function pagingRoutes(app: FastifyInstance, ctx: DomainContext) {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  await app.register(escalationRoutes, ctx);
  await app.register(twilioRoutes, ctx);
  await app.register(meRoutes, ctx);
}

export const escalationModule: DomainModule = {
  name: 'escalation',
  routes: [pagingRoutes],
  jobs: (ctx) => ({
    [jobKinds.page]: (job) => runPage(ctx, job),
    [jobKinds.step]: (job) => runStep(ctx, job),
    [jobKinds.notify]: (job) => runNotify(ctx, job),
    [OWNED_JOB]: (job) => stopOwned(ctx, job),
    [ENDED_JOB]: (job) => stopEnded(ctx, job),
    [RESHAPE_JOB]: (job) => runReshape(ctx, job),
  }),
};
