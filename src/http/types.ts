/**
 * What every route can reach: the app's dependencies on the Fastify instance, the signed-in person
 * on the request, and the permission each route declares in its config.
 */
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Permission } from '../auth/permissions.ts';
import type { User } from '../auth/schema.ts';

/** The app's dependencies, given to buildApp and reachable as `app.deps`. */
export interface Deps {
  pool: pg.Pool;
  clock: Clock;
  config: Config;
}

/** One registered route and the permission it declares (walked by the permission test). */
export interface RouteEntry {
  method: string;
  url: string;
  permission: Permission;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
    routeTable: RouteEntry[];
    metricsRegistry: Registry;
  }
  interface FastifyRequest {
    user: User | null;
    tokenId: string | null;
  }
  interface FastifyContextConfig {
    permission?: Permission;
  }
}
