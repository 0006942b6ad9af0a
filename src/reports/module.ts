/** Support reports as the app registers them. */
import type { DomainModule } from '../http/module.ts';
import { reportRoutes } from './routes.ts';

export const reportsModule: DomainModule = { name: 'reports', routes: [reportRoutes] };
