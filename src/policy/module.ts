/** The urgency policy as the app registers it. */
import type { DomainModule } from '../http/module.ts';
import { policyRoutes } from './routes.ts';

export const policyModule: DomainModule = { name: 'policy', routes: [policyRoutes] };
