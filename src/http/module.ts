/**
 * What a domain gives the app: its routes, the kinds of job it runs and what it does once at start.
 * The composition root (`src/modules.ts`, `src/app.ts`) collects these from every domain, so no
 * domain registers another's routes or jobs.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Job } from '../engine/jobs.ts';
import type { Channels } from '../notify/index.ts';
import type { Outbound } from '../outbound/index.ts';
import type { Deps } from './types.ts';

/** What routes and jobs of a domain are given: the app's dependencies and the outgoing channels. */
export interface DomainContext extends Deps {
  channels: Channels;
  /** Twilio's auth token, to check what Twilio posts back; null when Twilio is not configured. */
  twilioAuthToken: string | null;
  /** The base of links in messages (`config.publicUrl`). */
  publicUrl: string;
  /** The outbound URL policy: the one way to make an HTTP request to a URL the server was given. */
  outbound: Outbound;
}

/** A job handler: runs one job of its kind; a throw retries it with backoff. */
export type JobHandler = (job: Job) => Promise<void>;

/** One domain as the app registers it. */
export interface DomainModule {
  name: string;
  /** Route plugins, registered in order with the context as their options. */
  routes?: FastifyPluginAsync<DomainContext>[];
  /** Handlers by job kind. */
  jobs?: (ctx: DomainContext) => Record<string, JobHandler>;
  /** Work once the database is migrated, before the worker starts (e.g. adding a recurring job). */
  start?: (ctx: DomainContext) => Promise<void>;
}
