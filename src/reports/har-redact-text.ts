/** Redaction of secrets in free text: rule 6 of har-redact.ts. */
import {
  REDACTED,
  isSecretFieldName,
  isSecretParamName,
  looksSecret,
  type RedactCounter,
} from './har-secrets.ts';

// `user:password@` (or a bare token as user) in any URL with a scheme.
const userinfoPattern = /\b([A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/)([^\s/?#@"'<>\\[\]]{1,512})@/g;
// HTTP Basic credentials: base64 of `user:password`, wherever they appear.
const basicPattern = /\bBasic\s+([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/gi;
// A URL path segment: after a slash, up to the next slash, query, fragment, quote or space.
const segmentPattern = /(?<=[^/]\/)([A-Za-z0-9+=_-]{32,})(?=[/?#;"'\s\\]|$)/g;
const jwtPattern = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const bearerPattern = /\bBearer\s+(?!\[redacted\])[A-Za-z0-9._~+/-]{16,}=*/gi;

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** A query/form value to redact: secret name, secret-looking value, or a secret inside its decoding. */
function secretPair(name: string, value: string, depth: number): boolean {
  if (value === '' || value === REDACTED) return false;
  const decoded = decode(value);
  if (isSecretParamName(decode(name)) || looksSecret(value) || looksSecret(decoded)) return true;
  return depth < 3 && decoded !== value && redactText(decoded, { count: 0 }, depth + 1) !== decoded;
}

const pairPattern = /(^|[?&#;])([^=&#?;\s"'<>\\]{1,100})=([^&#?;\s"'<>\\]*)/g;
const jsPairPattern =
  /(["']?)(?<![\w$.-])([A-Za-z_$][\w$.-]{0,63})\1(\s*:\s*)(["'])((?:(?!\4)[^\\\r\n]|\\.){1,4096})\4/g;
const multipartPattern =
  /(\bname="([^"\r\n]{1,128})"[^\r\n]{0,256}\r?\n(?:[^\r\n]{1,256}\r?\n){0,8}\r?\n)([^\r\n]{1,4096})/g;
const tagPattern = /<(?:input|meta)\b[^<>]{0,2048}>/gi;

/** Redacts secrets in free text (URLs, headers, bodies, messages); see rule 6 in har-redact.ts. */
export function redactText(text: string, c: RedactCounter, depth = 0): string {
  if (text.length < 3 || text === REDACTED) return text;
  const hit = () => (c.count++, REDACTED);
  let out = text.replace(jwtPattern, hit).replace(bearerPattern, () => (c.count++, `Bearer ${REDACTED}`));
  if (/basic/i.test(out))
    out = out.replace(basicPattern, (m, b64: string) => (isBasic(b64) ? `Basic ${hit()}` : m));
  if (out.includes('@') && out.includes('://'))
    out = out.replace(userinfoPattern, (_m, scheme: string) => `${scheme}${hit()}@`);
  if (out.includes('/')) out = out.replace(segmentPattern, (m) => (looksSecret(m) ? hit() : m));
  if (out.includes('=')) {
    out = out.replace(pairPattern, (m, sep: string, name: string, value: string) =>
      secretPair(name, value, depth) ? `${sep}${name}=${hit()}` : m,
    );
  }
  if (out.includes(':')) {
    out = out.replace(jsPairPattern, (m, q: string, name: string, colon: string, quote: string, v: string) =>
      v !== REDACTED && isSecretFieldName(name) ? `${q}${name}${q}${colon}${quote}${hit()}${quote}` : m,
    );
  }
  if (out.includes('name="')) {
    out = out.replace(multipartPattern, (m, head: string, name: string, v: string) =>
      v !== REDACTED && isSecretParamName(name) ? `${head}${hit()}` : m,
    );
  }
  if (out.includes('<')) out = out.replace(tagPattern, (tag) => redactTag(tag, c));
  return out;
}

/** Base64 that decodes to `user:password` (so prose like "Basic plan" is kept). */
function isBasic(b64: string): boolean {
  return Buffer.from(b64, 'base64').toString('latin1').includes(':');
}

function redactTag(tag: string, c: RedactCounter): string {
  const name = /\b(?:name|property|id)\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
  if (name === undefined || !isSecretParamName(name)) return tag;
  return tag.replace(
    /\b(value|content)(\s*=\s*)(["'])([^"']*)\3/i,
    (m, attr: string, eq: string, q: string, v: string) =>
      v === '' || v === REDACTED ? m : (c.count++, `${attr}${eq}${q}${REDACTED}${q}`),
  );
}
