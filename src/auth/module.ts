/** The auth domain as the app registers it: sign-in, sessions, setup and API tokens. */
import type { DomainModule } from '../http/module.ts';
import { authRoutes } from './routes.ts';
import { sessionRoutes } from './session-routes.ts';

export const authModule: DomainModule = { name: 'auth', routes: [authRoutes, sessionRoutes] };
