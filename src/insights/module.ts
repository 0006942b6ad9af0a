/** Insights as the app registers them: the read-only routes; no jobs, no start work. */
import type { DomainModule } from '../http/module.ts';
import { insightsRoutes } from './routes.ts';

export const insightsModule: DomainModule = {
  name: 'insights',
  routes: [insightsRoutes],
};
