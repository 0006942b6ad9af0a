/**
 * Authentication and authorisation for every route. A route must declare `config.permission`
 * (registration fails otherwise); each request is identified from its bearer token or session
 * cookie and checked against that permission: 401 when nobody is signed in, 403 when the role
 * lacks the permission.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { allows, type Permission } from './permissions.ts';
import type { User } from './schema.ts';
import { userForSecret } from './store.ts';

/** One registered route and the permission it declares (walked by the permission test). */
export interface RouteEntry {
  method: string;
  url: string;
  permission: Permission;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
  interface FastifyRequest {
    user: User | null;
    tokenId: string | null;
  }
  interface FastifyContextConfig {
    permission?: Permission;
  }
}

/** Name of the HttpOnly session cookie set at sign-in. */
export const SESSION_COOKIE = 'expedite_session';

// Routes added by third-party plugins (the API docs UI) are public by nature.
const PUBLIC_PREFIXES = ['/api/docs'];

/** The bearer secret of a request: `Authorization: Bearer …` first, then the session cookie. */
export function secretOf(req: FastifyRequest): string | undefined {
  return credentialOf(req)?.secret;
}

function credentialOf(req: FastifyRequest): { secret: string; viaCookie: boolean } | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const secret = header.slice(7).trim();
    return secret ? { secret, viaCookie: false } : undefined;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  return cookie ? { secret: cookie, viaCookie: true } : undefined;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a request comes from this server's own pages: its `Origin` (else the origin of its
 * `Referer`) is the public address's or that of the Host it was sent to. Browsers send `Origin` on
 * every POST, PUT, PATCH and DELETE, and a page of another site cannot forge it.
 */
export function fromOwnOrigin(req: FastifyRequest, publicUrl: string): boolean {
  let claimed = req.headers.origin;
  if (!claimed || claimed === 'null') {
    const referer = req.headers.referer;
    if (!referer) return false;
    claimed = referer;
  }
  const origin = originOf(claimed);
  if (!origin) return false;
  return origin === originOf(publicUrl) || origin === originOf(`${req.protocol}://${req.host}`);
}

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

async function authPlugin(app: FastifyInstance) {
  app.decorateRequest('user', null);
  app.decorateRequest('tokenId', null);
  app.decorate('routeTable', []);

  app.addHook('onRoute', (route) => {
    const config = (route.config ??= {}) as { permission?: Permission; url?: string };
    if (!config.permission && PUBLIC_PREFIXES.some((p) => route.url.startsWith(p)))
      config.permission = 'public';
    if (!config.permission)
      throw new Error(`Route ${String(route.method)} ${route.url} declares no permission`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.routeTable.push({ method, url: route.url, permission: config.permission });
    }
  });

  app.addHook('onRequest', async (req) => {
    const permission = req.routeOptions.config.permission;
    if (!permission || permission === 'public') return;
    const credential = credentialOf(req);
    const { publicUrl } = app.deps.config;
    // SameSite=Lax still sends the cookie from sibling sites: a change made with it must come from
    // this server's own pages. Bearer tokens are never sent by a browser on its own.
    if (credential?.viaCookie && UNSAFE_METHODS.has(req.method) && !fromOwnOrigin(req, publicUrl))
      throw new AppError(
        'forbidden',
        `Cross-site request refused: a change signed in by the session cookie must come from ${originOf(publicUrl) ?? publicUrl} (its Origin or Referer header does not match); scripts use a bearer token`,
      );
    const found = credential
      ? await userForSecret(app.deps.pool, credential.secret, app.deps.clock.now())
      : undefined;
    if (!found)
      throw new AppError(
        'unauthorized',
        'Sign in first (a bearer token or the session cookie is missing, expired or revoked)',
      );
    req.user = found.user;
    req.tokenId = found.tokenId;
    if (!allows(found.user.role, permission)) {
      throw new AppError('forbidden', `Your role (${found.user.role}) does not allow this (${permission})`);
    }
  });
}

/** Registers authentication globally (not encapsulated). */
export const auth = fp(authPlugin, { name: 'expedite-auth', dependencies: ['@fastify/cookie'] });

/** The signed-in user of a route that requires one. */
export function currentUser(req: FastifyRequest) {
  if (!req.user) throw new AppError('unauthorized', 'Sign in first');
  return req.user;
}
