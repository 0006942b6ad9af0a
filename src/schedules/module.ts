/** On-call schedules as the app registers them: schedules, and each person's calendar feed. */
import type { DomainModule } from '../http/module.ts';
import { feedRoutes } from './feed-routes.ts';
import { scheduleRoutes } from './routes.ts';

export const schedulesModule: DomainModule = { name: 'schedules', routes: [scheduleRoutes, feedRoutes] };
