/**
 * The decision acts as the app registers them: the question to the product owner and its answer
 * (API and signed answer page), product owners of teams and services, and the jobs that act on a
 * decision whenever it changes (`decision-act`) and follow an unanswered question up (`decision-follow-up`).
 */
import type { DomainModule } from '../http/module.ts';
import { DECISION_ACT_JOB } from '../incidents/decision-request.ts';
import { FOLLOW_UP_JOB, runDecisionAct, runFollowUp } from './ask.ts';
import { answerPageRoutes, decisionRoutes } from './routes.ts';

export const decisionsModule: DomainModule = {
  name: 'decisions',
  routes: [decisionRoutes, answerPageRoutes],
  jobs: (ctx) => ({
    [DECISION_ACT_JOB]: (job) => runDecisionAct(ctx, job),
    [FOLLOW_UP_JOB]: (job) => runFollowUp(ctx, job),
  }),
};
