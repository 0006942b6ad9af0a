/** The people domain as the app registers it. */
import type { DomainModule } from '../http/module.ts';
import { userRoutes } from './routes.ts';

export const usersModule: DomainModule = { name: 'users', routes: [userRoutes] };
