/**
 * The public side of status pages, needing no sign-in: the HTML page at `/status/<slug>`, its
 * Statuspage JSON under `/status/<slug>/api/v2/`, RSS and Atom feeds, and the subscribe, confirm
 * and unsubscribe links; a private page has them all under `/status/<slug>/k/<key>`. A public page
 * with a custom host is served at that host too: `/` by a hook (the
 * web app owns `/` elsewhere) and the same paths at the root. Reads come from the instance's cache.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { pageHeaders } from '../http/page-headers.ts';
import { sameKey } from './access.ts';
import type { DomainContext } from '../http/module.ts';
import { StatusCache, type Cached } from './cache.ts';
import { hostOf, makeSource, type PageSource } from './source.ts';
import { atomFeed, rssFeed } from './feeds.ts';
import { STATUS_PAGE_POLICY } from './html.ts';
import { statuspageFiles, statuspageJson } from './statuspage-json.ts';
import { subscriptionRoutes } from './subscribe-routes.ts';

function cacheHeaders(reply: FastifyReply, got: Cached<unknown>): FastifyReply {
  reply.header('cache-control', 'no-cache');
  if (got.ageSeconds > 0) reply.header('age', String(got.ageSeconds));
  return reply;
}

/** Answers `rest` (the path after the page's base) of page `slug`; false when there is no such thing. */
async function answer(
  source: PageSource,
  reply: FastifyReply,
  slug: string,
  base: string,
  rest: string,
): Promise<boolean> {
  const feed = rest === 'history.rss' ? 'rss' : rest === 'history.atom' ? 'atom' : undefined;
  const file = rest.startsWith('api/v2/') ? rest.slice('api/v2/'.length) : undefined;
  if (rest !== '' && !feed && !(file && statuspageFiles.includes(file))) return false;
  const got = await source.page(slug, base);
  if (!got) return false;
  const r = got.value;
  cacheHeaders(reply, got);
  if (rest === '') {
    await pageHeaders(reply, STATUS_PAGE_POLICY).type('text/html; charset=utf-8').send(r.html);
    return true;
  }
  const kind = feed ?? file!;
  let body = r.docs.get(kind);
  if (body === undefined) {
    const text =
      feed === 'rss'
        ? rssFeed(r.view)
        : feed === 'atom'
          ? atomFeed(r.view)
          : JSON.stringify(statuspageJson(r.view, file!));
    body = Buffer.from(text);
    r.docs.set(kind, body);
  }
  if (feed) reply.type(feed === 'rss' ? 'application/rss+xml' : 'application/atom+xml');
  else reply.type('application/json; charset=utf-8').header('access-control-allow-origin', '*');
  await reply.send(body);
  return true;
}

const notFoundPage = (reply: FastifyReply) =>
  reply.code(404).send({ error: { code: 'not_found', message: 'No such status page' } });

async function publicStatusPlugin(app: FastifyInstance, ctx: DomainContext) {
  const cache = new StatusCache<unknown>(ctx.pool);
  const source = makeSource(ctx, cache);
  app.addHook('onClose', async () => cache.stop());

  // `/` on a page's custom host is the page; on any other host the request goes on as before.
  app.addHook('onRequest', async (req, reply) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.url !== '/' && !req.url.startsWith('/?')))
      return;
    const slug = await source.slugOfHost(hostOf(req)).catch(() => undefined);
    if (slug && (await answer(source, reply, slug, '', ''))) return reply;
  });

  const slugOf = (req: FastifyRequest) => (req.params as { slug: string }).slug;
  const opts = () => ({ config: { permission: 'public' as const }, schema: { hide: true } });

  // A private page is served only under its key (`k/<key>/…`): any other path is 404, as for no page.
  const byPath = async (req: FastifyRequest, reply: FastifyReply, path: string) => {
    const slug = slugOf(req);
    if (slug.length > 100) return notFoundPage(reply);
    const key = await source.keyOf(slug);
    const keyed = /^k\/([^/]{1,100})(?:\/(.*))?$/.exec(path);
    if (key && !sameKey(keyed?.[1], key)) return notFoundPage(reply);
    const [base, rest] = key ? [`/status/${slug}/k/${key}`, keyed![2] ?? ''] : [`/status/${slug}`, path];
    if (!(await answer(source, reply, slug, base, rest))) return notFoundPage(reply);
    return reply;
  };
  app.get('/status/:slug', opts(), (req, reply) => byPath(req, reply, ''));
  app.get('/status/:slug/*', opts(), (req, reply) =>
    byPath(req, reply, (req.params as { '*': string })['*']),
  );
  // The same paths at the root of a custom host.
  for (const path of ['/api/v2/*', '/history.rss', '/history.atom'])
    app.get(path, opts(), async (req, reply) => {
      const slug = await source.slugOfHost(hostOf(req));
      const rest = req.url.slice(1).split('?')[0]!;
      if (!slug || !(await answer(source, reply, slug, '', rest))) return notFoundPage(reply);
      return reply;
    });

  await app.register(subscriptionRoutes, { ctx, source });
}

/** Not encapsulated, so that its hook sees requests for `/` on a custom host. */
export const publicStatusRoutes = fp(publicStatusPlugin, { name: 'expedite-status-pages' });
