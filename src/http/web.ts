/**
 * Serves the built web app (web/dist): hashed assets with long-lived caching, other files at the
 * root (favicon), and index.html for every other GET outside the API, so that deep links such as
 * /incidents/42 load the app. API paths keep their JSON 404.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { pageHeaders, WEB_APP_POLICY } from './page-headers.ts';

const API_PREFIXES = ['/api/', '/healthz', '/metrics'];

/** True when `dir` holds a built app. */
export function hasWebBuild(dir: string | undefined): dir is string {
  return dir !== undefined && dir !== '' && existsSync(path.join(dir, 'index.html'));
}

export async function webRoutes(app: FastifyInstance, opts: { root: string }) {
  // Assets are compressed at build time (.br, .gz); the best one the browser accepts is sent.
  await app.register(fastifyStatic, { root: opts.root, serve: false, preCompressed: true });

  app.get('/assets/*', { config: { permission: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const file = (req.params as { '*': string })['*'];
    return reply.sendFile(file, path.join(opts.root, 'assets'), { immutable: true, maxAge: '365d' });
  });

  app.get('/*', { config: { permission: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const url = req.url.split('?')[0]!;
    if (API_PREFIXES.some((p) => url.startsWith(p))) throw new AppError('not_found', `No route GET ${url}`);
    const name = decodeURIComponent(url.slice(1));
    const candidate = path.join(opts.root, name);
    if (
      name &&
      !name.includes('/') &&
      candidate.startsWith(opts.root) &&
      existsSync(candidate) &&
      statSync(candidate).isFile()
    ) {
      return reply.sendFile(name, { maxAge: '1h' });
    }
    // The app shell: never cached, so a new release is picked up at once.
    pageHeaders(reply, WEB_APP_POLICY).header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { maxAge: 0, cacheControl: false });
  });
}
