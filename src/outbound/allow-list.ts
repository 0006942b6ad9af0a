/**
 * Allow-list entries: a host (`hooks.example.com`, `127.0.0.1`, `[::1]`) or a host and port
 * (`127.0.0.1:8025`). A URL whose host (and port, when the entry names one) matches an entry may
 * be reached whatever it resolves to, and over plain http; every other URL must be https to a host
 * that resolves to public addresses only.
 */

/** One parsed entry; `port` undefined matches any port. */
export interface AllowEntry {
  host: string;
  port?: number;
}

const entryShape = /^(\[[0-9a-fA-F:.]+\]|[^\s:/?#@[\]]+)(?::(\d{1,5}))?$/;

/** A host as URLs spell it: lower case, IPv4 shorthand expanded, no trailing dot. */
export function canonicalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

/**
 * The canonical spelling of an entry (`Hooks.Example.com.` → `hooks.example.com`, `127.1:80` →
 * `127.0.0.1:80`), or null when it is not a host or host:port.
 */
export function normalizeEntry(raw: string): string | null {
  const m = entryShape.exec(raw.trim());
  if (!m) return null;
  let host: string;
  try {
    host = canonicalHost(new URL(`http://${m[1]}/`).hostname);
  } catch {
    return null;
  }
  if (!host) return null;
  if (m[2] === undefined) return host;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? `${host}:${port}` : null;
}

/** Parses canonical entries; a bad one is skipped (they are checked when saved). */
export function parseEntries(entries: readonly string[]): AllowEntry[] {
  const out: AllowEntry[] = [];
  for (const raw of entries) {
    const canonical = normalizeEntry(raw);
    if (!canonical) continue;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(canonical)!;
    out.push(m[2] === undefined ? { host: m[1]! } : { host: m[1]!, port: Number(m[2]) });
  }
  return out;
}

/** The port a URL connects to. */
export function urlPort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** True when an entry names the URL's host (and port). */
export function matches(entries: readonly AllowEntry[], url: URL): boolean {
  const host = canonicalHost(url.hostname);
  const port = urlPort(url);
  return entries.some((e) => e.host === host && (e.port === undefined || e.port === port));
}
