/**
 * What every route can reach: the app's dependencies on the Fastify instance. The signed-in person
 * on the request and the permission each route declares are the auth plugin's (`src/auth/plugin.ts`).
 */
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';

/** The app's dependencies, given to buildApp and reachable as `app.deps`. */
export interface Deps {
  pool: pg.Pool;
  clock: Clock;
  config: Config;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
    metricsRegistry: Registry;
  }
}
