/**
 * Paging over HTTP, one plugin per resource: escalation policies and teams (admins), a service's
 * chain of command, business hours, reachability and setup, paging on an incident, and the acknowledgement link.
 */
import type { FastifyInstance } from 'fastify';
import type { DomainContext } from '../http/module.ts';
import { ackRoutes } from './ack-routes.ts';
import { businessHoursRoutes } from './business-hours-routes.ts';
import { incidentPagingRoutes } from './incident-paging-routes.ts';
import { policyRoutes } from './policy-routes.ts';
import { reachabilityRoutes } from './reachability-routes.ts';
import { routingRoutes } from './routing-routes.ts';
import { serviceChainRoutes } from './service-chain-routes.ts';
import { teamRoutes } from './team-routes.ts';

/** Registers every paging route; `twilioAuthToken` checks the key presses of calls on the acknowledgement link. */
export async function escalationRoutes(app: FastifyInstance, opts: DomainContext) {
  await app.register(policyRoutes);
  await app.register(teamRoutes);
  await app.register(serviceChainRoutes);
  await app.register(businessHoursRoutes);
  await app.register(incidentPagingRoutes, opts);
  await app.register(reachabilityRoutes, opts);
  await app.register(routingRoutes);
  await app.register(ackRoutes, { twilioAuthToken: opts.twilioAuthToken });
}
