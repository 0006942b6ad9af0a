/** On-call schedules as the app registers them. */
import type { DomainModule } from '../http/module.ts';
import { scheduleRoutes } from './routes.ts';

export const schedulesModule: DomainModule = { name: 'schedules', routes: [scheduleRoutes] };
