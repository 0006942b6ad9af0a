/** The RSS 2.0 and Atom feeds of a page: one entry per published incident, its updates as content. */
import { escapeHtml as esc } from '../decisions/page.ts';
import type { IncidentView, PageView } from './view.ts';

const iso = (t: string | Date) => new Date(t).toISOString();

function content(i: IncidentView): string {
  return [...i.updates]
    .reverse()
    .map(
      (u) => `<p><small>${iso(u.published_at)}</small><br><strong>${u.status}</strong> - ${esc(u.body)}</p>`,
    )
    .join('');
}

export function rssFeed(v: PageView): string {
  const items = v.incidents
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title><link>${esc(`${v.url}#incident-${i.id}`)}</link>` +
        `<guid isPermaLink="false">${i.id}</guid><pubDate>${new Date(i.updatedAt).toUTCString()}</pubDate>` +
        `<description>${esc(content(i))}</description></item>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>' +
    `<title>${esc(v.page.name)} status - incident history</title><link>${esc(v.url)}</link>` +
    `<description>${esc(v.page.name)} status - incident history</description>` +
    `<pubDate>${v.updatedAt.toUTCString()}</pubDate>${items}</channel></rss>`
  );
}

export function atomFeed(v: PageView): string {
  const entries = v.incidents
    .map(
      (i) =>
        `<entry><id>urn:uuid:${i.id}</id><title>${esc(i.title)}</title>` +
        `<published>${iso(i.updates[0]!.published_at)}</published><updated>${iso(i.updatedAt)}</updated>` +
        `<link rel="alternate" type="text/html" href="${esc(`${v.url}#incident-${i.id}`)}"/>` +
        `<content type="html">${esc(content(i))}</content></entry>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">' +
    `<id>urn:uuid:${v.page.id}</id><title>${esc(v.page.name)} status - incident history</title>` +
    `<link rel="alternate" type="text/html" href="${esc(v.url)}"/>` +
    `<updated>${iso(v.updatedAt)}</updated><author><name>${esc(v.page.name)}</name></author>${entries}</feed>`
  );
}
