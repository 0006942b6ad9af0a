/** The cached reading of status pages, by slug or by custom host (one cache per instance). */
import type { FastifyRequest } from 'fastify';
import type { DomainContext } from '../http/module.ts';
import type { Cached, StatusCache } from './cache.ts';
import { statusPageHtml } from './html.ts';
import { accessKeys } from './access-store.ts';
import { customHosts, pageBySlug } from './store.ts';
import { loadView, type PageView } from './view.ts';

export interface Rendered {
  view: PageView;
  /** Encoded once: every answer sends the same bytes. */
  html: Buffer;
  docs: Map<string, Buffer>;
}

/** Reads pages through the cache, by slug or by custom host. */
export interface PageSource {
  page(slug: string, base: string): Promise<Cached<Rendered> | undefined>;
  slugOfHost(host: string): Promise<string | undefined>;
  /** The access key of a private page; undefined for a public page or none. */
  keyOf(slug: string): Promise<string | undefined>;
}

export function makeSource(ctx: DomainContext, cache: StatusCache<unknown>): PageSource {
  return {
    async page(slug, base) {
      const key = `page\n${slug}\n${base}`;
      const got = (await cache.get(key, async () => {
        const page = await pageBySlug(ctx.pool, slug);
        if (!page) return null;
        const view = await loadView(ctx.pool, page, ctx.publicUrl, ctx.clock.now());
        return { view, html: Buffer.from(statusPageHtml(view, base)), docs: new Map() } satisfies Rendered;
      })) as Cached<Rendered | null>;
      if (got.value === null) {
        cache.delete(key);
        return undefined;
      }
      return got as Cached<Rendered>;
    },
    async slugOfHost(host) {
      const got = (await cache.get('hosts', () => customHosts(ctx.pool))) as Cached<Map<string, string>>;
      return got.value.get(host);
    },
    async keyOf(slug) {
      const got = (await cache.get('keys', () => accessKeys(ctx.pool))) as Cached<Map<string, string>>;
      return got.value.get(slug);
    },
  };
}

/** The host a request was made to, without port, lowercased. */
export function hostOf(req: FastifyRequest): string {
  return req.hostname.toLowerCase().replace(/:\d+$/, '');
}
