// Where to go after signing in: only a path on this site, so a crafted link cannot send people
// elsewhere (no "//host", no "/\host", no absolute URLs), and never back to sign-in or setup.

/** The same-origin path in `raw`, or "/" when it is missing or unsafe. */
export function safeNext(raw: string | null, origin: string = window.location.origin): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  // Control characters and backslashes are never part of the app's own paths.
  if ([...raw].some((ch) => ch < ' ' || ch === '\u007f' || ch === '\\')) return '/';
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin) return '/';
  if (url.pathname === '/signin' || url.pathname === '/setup') return '/';
  return url.pathname + url.search + url.hash;
}
