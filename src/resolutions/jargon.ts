/**
 * Finds internal jargon in the plain version of a resolution report, so the editor can warn before
 * it reaches stakeholders and clients: classification codes and taglines (ADMINS-FBLOCK-FE, P1),
 * hostnames and web addresses other than Expedite's own public links (incident, status page), IP
 * addresses, and commit SHAs. A warning, never a refusal: people decide.
 */
import { areas, criticalities, scopes } from '../classification/codes.ts';

/** One piece of jargon found: what kind, the words as written, and what to do about it. */
export interface Jargon {
  kind: 'code' | 'host' | 'sha';
  text: string;
  message: string;
}

const codes = new Set<string>([...scopes, ...criticalities, ...areas]);
// Codes that are never ordinary words, even alone (FE, BE, ALL and USERS are, in capitals).
const distinct = new Set<string>([
  ...criticalities,
  ...scopes.filter((s) => s.includes('-')),
  'FEBE',
  'DEVOPS',
]);

/** True when every hyphen part of `token` is a classification code (scopes may hold a hyphen). */
function allCodes(token: string): boolean {
  const parts = token.split('-');
  for (let i = 0; i < parts.length; i++) {
    if (i + 1 < parts.length && codes.has(`${parts[i]}-${parts[i + 1]}`)) i++;
    else if (!codes.has(parts[i]!)) return false;
  }
  return true;
}

const URL_RE = /\bhttps?:\/\/[^\s<>()"'`\]]+/gi;
const HOST_RE = /(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}\b(?![@\w-]|\.\w)/gi;
const HOST_DASH_RE = /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{1,3}\b/g;
const IP_RE = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const SHA_RE = /\b[0-9a-f]{7,40}\b/gi;
const CODE_RE = /\b[A-Z]+(?:-[A-Z]+)*\b/g;
const URGENCY_RE = /\bP[1-4]\b/g;
// File-like endings that are no hostnames ("report.pdf", "Node.js").
const NOT_HOSTS = /\.(?:pdf|png|jpe?g|gif|csv|txt|md|html?|js|ts|json|docx?|xlsx?)$/i;

/** The jargon in `text`; links starting with one of `allowed` (Expedite's public links) pass. */
export function findJargon(text: string, allowed: readonly string[] = []): Jargon[] {
  const found = new Map<string, Jargon>();
  const add = (kind: Jargon['kind'], t: string, message: string) => {
    if (!found.has(`${kind}:${t}`)) found.set(`${kind}:${t}`, { kind, text: t, message });
  };
  const origins = allowed.map((a) => a.replace(/\/+$/, '').toLowerCase());
  const isAllowed = (url: string) =>
    origins.some((o) => url.toLowerCase() === o || url.toLowerCase().startsWith(`${o}/`));
  // Addresses first; what they hold is not looked at again.
  let rest = text.replace(URL_RE, (url) => {
    const clean = url.replace(/[.,;:!?]+$/, '');
    if (!isAllowed(clean)) add('host', clean, 'A web address readers may not reach: describe it in words.');
    return ' ';
  });
  rest = rest.replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ');
  for (const m of rest.matchAll(IP_RE)) add('host', m[0], 'An IP address: name what it is instead.');
  rest = rest.replace(IP_RE, ' ');
  for (const m of rest.matchAll(HOST_RE))
    if (!NOT_HOSTS.test(m[0]) && !/^\d+(\.\d+)+$/.test(m[0]))
      add('host', m[0], 'A hostname: name the service or feature instead.');
  for (const m of rest.matchAll(HOST_DASH_RE))
    if (/\d$/.test(m[0]) && m[0].includes('-'))
      add('host', m[0], 'Looks like a server name: name the service or feature instead.');
  for (const m of rest.matchAll(SHA_RE))
    if (/[0-9]/.test(m[0]) && /[a-f]/i.test(m[0]))
      add('sha', m[0], 'A commit id: say what was changed instead.');
  for (const m of rest.matchAll(CODE_RE)) {
    const t = m[0];
    if ((t.includes('-') && allCodes(t)) || distinct.has(t))
      add('code', t, 'A classification code: use plain words (who is affected, what is blocked).');
  }
  for (const m of rest.matchAll(URGENCY_RE))
    add('code', m[0], 'An urgency code: say how urgent in words (critical, high, medium, low).');
  return [...found.values()];
}
