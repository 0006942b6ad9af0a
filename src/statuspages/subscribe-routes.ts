/**
 * Subscribing from the public page (a form: an email address, or a webhook URL, and a choice of
 * components), confirming by the mailed link, and leaving by the signed link: opening it
 * unsubscribes at once (one click), and mail programs POST to it (List-Unsubscribe-Post, RFC 8058).
 * Each path also exists under a private page's key, and at the root for a public page's custom host.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../http/module.ts';
import { pageHeaders } from '../http/page-headers.ts';
import { pagePath, sameKey } from './access.ts';
import { STATUS_PAGE_POLICY, statusMessageHtml } from './html.ts';
import { hostOf, type PageSource } from './source.ts';
import { listComponents, pageBySlug, type PageRow } from './store.ts';
import { addSubscriber, confirmSubscriber, getSubscriber, unsubscribe } from './subscriber-store.ts';
import { newSigningSecret, queueConfirmation, readSubscriberToken } from './subscribers.ts';

const emailAddress = /^[^\s@<>",;]{1,64}@[^\s@<>",;]{1,190}\.[^\s@<>",;]{2,}$/;

export async function subscriptionRoutes(
  app: FastifyInstance,
  opts: { ctx: DomainContext; source: PageSource },
) {
  const { ctx, source } = opts;
  const { pool, clock } = ctx;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, new URLSearchParams(String(body))),
  );
  const route = () => ({ config: { permission: 'public' as const }, schema: { hide: true } });

  /**
   * The page and the base of its links for a request: by slug, else by custom host. A private page
   * only under its key, a public one only without; a signed link (`signed`) needs no key, as its
   * token names a subscriber of the page (so a new key does not break links already mailed).
   */
  async function pageOf(
    req: FastifyRequest,
    signed = false,
  ): Promise<{ page: PageRow; base: string } | undefined> {
    const { slug, key } = req.params as { slug?: string; key?: string };
    if (slug !== undefined) {
      const page = slug.length <= 100 ? await pageBySlug(pool, slug) : undefined;
      const keyed = page?.access_key ? signed || sameKey(key, page.access_key) : key === undefined;
      return page && keyed ? { page, base: pagePath(page) } : undefined;
    }
    const bySlug = await source.slugOfHost(hostOf(req));
    const page = bySlug ? await pageBySlug(pool, bySlug) : undefined;
    return page && { page, base: '' };
  }

  const html = (reply: FastifyReply, status: number, title: string, text: string, back: string) =>
    pageHeaders(reply, STATUS_PAGE_POLICY)
      .code(status)
      .type('text/html; charset=utf-8')
      .send(statusMessageHtml(title, text, back));

  const subscribe = async (req: FastifyRequest, reply: FastifyReply) => {
    const found = await pageOf(req);
    if (!found) return html(reply, 404, 'Not found', 'There is no such status page.', '/');
    const form = req.body instanceof URLSearchParams ? req.body : new URLSearchParams();
    const email = (form.get('email') ?? '').trim();
    const webhook = (form.get('webhook') ?? '').trim();
    const known = new Set((await listComponents(pool, found.page.id)).map((c) => c.id));
    const chosen = form.getAll('component');
    const back = found.base || '/';
    if (chosen.some((id) => !known.has(id)) || chosen.length > 200)
      return html(reply, 400, 'Not subscribed', 'A chosen component is not on this page.', back);
    if (webhook) {
      if (webhook.length > 2000 || !/^https?:\/\/[^\s]+$/.test(webhook))
        return html(reply, 400, 'Not subscribed', 'Give the webhook as an http(s) address.', back);
      const s = await addSubscriber(
        pool,
        {
          pageId: found.page.id,
          kind: 'webhook',
          address: webhook,
          componentIds: chosen,
          confirmed: true,
          signingSecret: newSigningSecret(),
        },
        clock.now(),
      );
      // The secret is shown to whoever subscribed the webhook, once: subscribing it again shows none.
      return html(
        reply,
        200,
        'Subscribed',
        s.created
          ? `The webhook will get every public update of this page, signed as Standard Webhooks ` +
              `(webhook-id, webhook-timestamp and webhook-signature headers) with this secret, ` +
              `shown only now: ${s.signing_secret}`
          : 'This webhook was already subscribed: its choice of components is saved, and it keeps ' +
              'the signing secret shown when it first subscribed.',
        back,
      );
    }
    if (!emailAddress.test(email) || email.length > 254)
      return html(reply, 400, 'Not subscribed', 'Give an email address such as ann@example.com.', back);
    const s = await addSubscriber(
      pool,
      { pageId: found.page.id, kind: 'email', address: email, componentIds: chosen, confirmed: false },
      clock.now(),
    );
    if (!s.confirmed_at) await queueConfirmation(pool, s, clock.now());
    return html(
      reply,
      200,
      'Check your email',
      s.confirmed_at
        ? 'You are subscribed; your choice of components is saved.'
        : `We sent a link to ${email}: open it to confirm your subscription.`,
      back,
    );
  };

  /** Where a refused link leads back to: never a private page's key. */
  const backOf = (found: { page: PageRow; base: string } | undefined) =>
    (!found?.page.access_key && found?.base) || '/';

  const confirm = async (req: FastifyRequest, reply: FastifyReply) => {
    const found = await pageOf(req, true);
    const id = await readSubscriberToken(pool, 'confirm', (req.params as { token: string }).token);
    const s = id && (await getSubscriber(pool, id));
    if (!found || !s || s.page_id !== found.page.id || s.unsubscribed_at)
      return html(reply, 404, 'Link not valid', 'This confirmation link is not valid.', backOf(found));
    await confirmSubscriber(pool, s.id, clock.now());
    return html(reply, 200, 'Subscribed', `You will get updates of ${found.page.name}.`, found.base || '/');
  };

  const leave = async (req: FastifyRequest, reply: FastifyReply) => {
    const found = await pageOf(req, true);
    const id = await readSubscriberToken(pool, 'unsubscribe', (req.params as { token: string }).token);
    const s = id && (await getSubscriber(pool, id));
    if (!found || !s || s.page_id !== found.page.id)
      return html(reply, 404, 'Link not valid', 'This unsubscribe link is not valid.', backOf(found));
    await unsubscribe(pool, s.id, clock.now());
    return html(
      reply,
      200,
      'Unsubscribed',
      `You will get no more updates of ${found.page.name}.`,
      found.base || '/',
    );
  };

  for (const base of ['/status/:slug/k/:key', '/status/:slug', '']) {
    app.post(`${base}/subscribe`, route(), subscribe);
    app.get(`${base}/confirm/:token`, route(), confirm);
    app.get(`${base}/unsubscribe/:token`, route(), leave);
    app.post(`${base}/unsubscribe/:token`, route(), leave);
  }
}
