/**
 * Private pages: a page with an access key is served only under `/status/<slug>/k/<key>` (HTML,
 * JSON, feeds and subscription alike); without the key it answers 404, as if there were no page.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new access key: 24 random bytes, URL-safe. */
export const newAccessKey = () => randomBytes(24).toString('base64url');

const hash = (s: string) => createHash('sha256').update(s).digest();

/** Whether `given` is the page's key, compared in constant time. */
export function sameKey(given: string | undefined, key: string | null): boolean {
  return given !== undefined && key !== null && timingSafeEqual(hash(given), hash(key));
}

/** The path of a page's public side: under its key when private. */
export function pagePath(page: { slug: string; access_key: string | null }): string {
  return page.access_key ? `/status/${page.slug}/k/${page.access_key}` : `/status/${page.slug}`;
}
