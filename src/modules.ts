/**
 * The domains of the app, in the order their routes are registered. The one list the app is
 * composed from: `buildApp` registers each domain's routes and collects every domain's job
 * handlers into the one worker; the server runs each domain's start work.
 */
import { authModule } from './auth/module.ts';
import { chatModule } from './chat/module.ts';
import { clientsModule } from './clients/module.ts';
import { decisionsModule } from './decisions/module.ts';
import { deploymentsModule } from './deployments/module.ts';
import { escalationModule } from './escalation/module.ts';
import type { DomainContext, DomainModule, JobHandler } from './http/module.ts';
import { incidentsModule } from './incidents/module.ts';
import { knowledgeModule } from './knowledge/module.ts';
import { insightsModule } from './insights/module.ts';
import { outboundAdminModule } from './outbound-admin/module.ts';
import { policyModule } from './policy/module.ts';
import { postmortemsModule } from './postmortems/module.ts';
import { reportsModule } from './reports/module.ts';
import { resolutionsModule } from './resolutions/module.ts';
import { schedulesModule } from './schedules/module.ts';
import { signalsModule } from './signals/module.ts';
import { statuspagesModule } from './statuspages/module.ts';
import { updatesModule } from './updates/module.ts';
import { trackersModule } from './trackers/module.ts';
import { usersModule } from './users/module.ts';
import { techDebtModule } from './techdebt/module.ts';
import { hotfixesModule } from './hotfixes/module.ts';
import { verificationModule } from './verification/module.ts';

export const domains: readonly DomainModule[] = [
  authModule,
  usersModule,
  outboundAdminModule,
  policyModule,
  incidentsModule,
  signalsModule,
  reportsModule,
  escalationModule,
  schedulesModule,
  clientsModule,
  decisionsModule,
  chatModule,
  statuspagesModule,
  updatesModule,
  techDebtModule,
  hotfixesModule,
  deploymentsModule,
  verificationModule,
  trackersModule,
  resolutionsModule,
  postmortemsModule,
  knowledgeModule,
  insightsModule,
];

/** Every domain's job handlers by kind; a kind claimed by two domains is a programming error. */
export function jobHandlers(
  ctx: DomainContext,
  from: readonly DomainModule[] = domains,
): Record<string, JobHandler> {
  const handlers: Record<string, JobHandler> = {};
  const owner: Record<string, string> = {};
  for (const domain of from) {
    for (const [kind, handler] of Object.entries(domain.jobs?.(ctx) ?? {})) {
      if (owner[kind]) throw new Error(`job kind "${kind}" is claimed by ${owner[kind]} and ${domain.name}`);
      owner[kind] = domain.name;
      handlers[kind] = handler;
    }
  }
  return handlers;
}
