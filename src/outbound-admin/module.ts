/** The outbound allow-list as the app registers it: admins read and change it over HTTP. */
import type { DomainModule } from '../http/module.ts';
import { outboundAllowRoutes } from './routes.ts';

export const outboundAdminModule: DomainModule = { name: 'outbound-admin', routes: [outboundAllowRoutes] };
