/** The incidents domain as the app registers it: incidents, their work, and their live changes. */
import type { DomainModule } from '../http/module.ts';
import { eventRoutes } from './event-routes.ts';
import { incidentRoutes } from './routes.ts';
import { workRoutes } from './work-routes.ts';

export const incidentsModule: DomainModule = {
  name: 'incidents',
  routes: [incidentRoutes, workRoutes, eventRoutes],
};
