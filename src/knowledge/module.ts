/** The knowledge base as the app registers it: its routes (it runs no jobs). */
import type { DomainModule } from '../http/module.ts';
import { knowledgeRoutes } from './routes.ts';

export const knowledgeModule: DomainModule = {
  name: 'knowledge',
  routes: [knowledgeRoutes],
};
