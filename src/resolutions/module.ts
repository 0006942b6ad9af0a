/**
 * Resolution reports as the app registers them: the routes only. Sharing goes through the jobs of
 * updates (emails, chat, client contacts, status pages), so this domain runs no job of its own.
 */
import type { DomainModule } from '../http/module.ts';
import { resolutionRoutes } from './routes.ts';

export const resolutionsModule: DomainModule = {
  name: 'resolutions',
  routes: [resolutionRoutes],
};
