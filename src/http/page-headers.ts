/**
 * Security headers of the HTML pages Expedite serves (the web app, /setup, /ack/…, /api/docs and
 * later pages): a Content-Security-Policy allowing only what the page needs, no framing by other
 * sites (clickjacking of the acknowledge button), no MIME sniffing, and no Referer carrying the
 * tokens in page URLs to other sites. Pages call `pageHeaders`; `securityHeaders` gives every
 * other HTML answer the strictest policy and every answer `nosniff`.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

/** CSP directives by name, e.g. `{ 'script-src': ["'self'"] }`. */
export type CspDirectives = Record<string, string[]>;

/** What every page gets unless it asks for more: nothing loads, no plugins, no framing. */
const BASE: CspDirectives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The policy text for `directives` on top of BASE (a directive given replaces BASE's). */
export function contentSecurityPolicy(directives: CspDirectives = {}): string {
  return Object.entries({ ...BASE, ...directives })
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The CSP source for an inline `<script>` or `<style>` of exactly this text. */
export function inlineHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/**
 * Small server-rendered pages (acknowledgement, messages): inline style attributes and a form
 * posting to the same origin, nothing else.
 */
export const SIMPLE_PAGE_POLICY = contentSecurityPolicy({ 'style-src': ["'unsafe-inline'"] });

/**
 * The built web app (web/dist): its scripts and styles are files of its own origin; Mantine adds
 * its theme as `<style>` elements at run time, hence inline styles; images and media come from the
 * API (uploads) or are inlined by the build (data:), or previewed before upload (blob:).
 */
export const WEB_APP_POLICY = contentSecurityPolicy({
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
});

/** Sets the security headers of an HTML page with `policy` (default: SIMPLE_PAGE_POLICY). */
export function pageHeaders(reply: FastifyReply, policy: string = SIMPLE_PAGE_POLICY): FastifyReply {
  return reply.headers({
    'content-security-policy': policy,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
}

async function securityHeadersPlugin(app: FastifyInstance) {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    const type = reply.getHeader('content-type');
    if (
      typeof type === 'string' &&
      type.startsWith('text/html') &&
      !reply.hasHeader('content-security-policy')
    )
      pageHeaders(reply);
    return payload;
  });
}

/** `nosniff` on every answer, and the page headers on any HTML answer that set none. */
export const securityHeaders = fp(securityHeadersPlugin, { name: 'expedite-security-headers' });
