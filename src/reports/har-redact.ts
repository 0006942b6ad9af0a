/**
 * Takes the secrets out of a parsed HAR before anything is stored or shown. HAR files are full of
 * live credentials (cookies, bearer tokens, OAuth codes, passwords in login bodies), and support
 * agents attach them to reports as they are, so every rule here errs on the side of redacting.
 *
 * Rules, applied in this order (each replaced value counts as one redaction):
 * 1. Headers (request and response): the value of Cookie, Set-Cookie, Authorization,
 *    Proxy-Authorization, X-Api-Key, X-Auth-Token, X-CSRF-Token and of any header whose name
 *    contains token, secret, session, auth, key, password, cookie, csrf, xsrf, credential or
 *    signature (case-insensitive; the HTTP/2 pseudo-header `:authority` is the host and is kept).
 * 2. Cookies arrays: every cookie value, whatever its name.
 * 3. Query parameters (`queryString`) and form parameters (`postData.params`) with a secret name
 *    (see `isSecretParamName`) or a secret-looking value (see `looksSecret`).
 * 4. JSON bodies (request `postData.text`, response `content.text`, WebSocket message data): every
 *    string or number under a secret field name (see `isSecretFieldName`), including everything
 *    nested below it (`"tokens": {"access": …}`).
 * 5. Response bodies whose mimeType is not text/*, JSON, JavaScript, HTML or XML are dropped
 *    (binary evidence is not needed and cannot be checked); base64 text bodies are decoded first.
 *    Dropped bodies are not counted as redactions: they are not known to hold secrets.
 * 6. Every string anywhere in the HAR (URLs, Referer/Location/:path headers, page titles, bodies,
 *    initiator stacks, comments) goes through `redactText`: JWTs, `Bearer <token>`, `Basic <base64
 *    of user:password>`, the `user:password@` of any URL, URL path segments that look like a
 *    token (see `looksSecret`; `/reset/3f9a…`, `/s/AbC…`), `name=value`
 *    pairs after `?`, `&`, `#`, `;` or at the start of the string (so URLs, fragments and form
 *    bodies) with a secret name or secret-looking value, `"name": "value"` / `name: 'value'` pairs
 *    with a secret field name (JSON/JS in non-JSON text), multipart fields with a secret name, and
 *    the value of `<input>`/`<meta>` tags whose name is secret (CSRF tokens in HTML).
 */

/** What every redacted value is replaced with. */
export const REDACTED = '[redacted]';

/** Counts the values redacted so far. */
export interface RedactCounter {
  count: number;
}

type Rec = Record<string, unknown>;

/** A plain JSON object (not an array, not null). */
export function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const norm = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const hasPart = (n: string, parts: readonly string[]) => parts.some((p) => n.includes(p));

// Stryker disable next-line StringLiteral,ArrayDeclaration: equivalent, each of these names also holds one of the parts below; they are listed as the well-known ones
const headerNames = new Set(['cookie', 'setcookie', 'authorization', 'proxyauthorization', 'xapikey']);
const headerParts = [
  'token',
  'secret',
  'session',
  'auth',
  'key',
  'password',
  'cookie',
  'csrf',
  'xsrf',
].concat(['credential', 'signature']);

/** A header whose value is always a credential. */
export function isSecretHeaderName(name: string): boolean {
  if (name.trim().toLowerCase() === ':authority') return false;
  const n = norm(name);
  return headerNames.has(n) || hasPart(n, headerParts);
}

const fieldParts = [
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'session',
  'apikey',
  'credential',
  'privatekey',
];
const fieldNames = new Set(
  [
    'jwt',
    'pwd',
    'pass',
    'pin',
    'pincode',
    'otp',
    'auth',
    'authorization',
    'cookie',
    'sig',
    'signature',
    'sid',
  ].concat(['samlresponse', 'samlrequest', 'xamzsignature', 'xgoogsignature', 'clientsecret']),
);
const paramNames = new Set(['code', 'key', 'xamzcredential', 'xgoogcredential']);

// AWS settings by their usual spellings: aws_secret_access_key, AWS-Session-Token, awsAccessKeyId.
const awsPattern = /^aws(?:[_.-]|[A-Z])/i;

/** A JSON field name whose value is a secret (password, passphrase, pin, apiKey, aws_*, …). */
export function isSecretFieldName(name: string): boolean {
  const n = norm(name);
  return hasPart(n, fieldParts) || fieldNames.has(n) || awsPattern.test(name.trim());
}

/** A URL query or form parameter name whose value is a secret: the field names plus code, key, … */
export function isSecretParamName(name: string): boolean {
  return isSecretFieldName(name) || paramNames.has(norm(name));
}

// `user:password@` (or a bare token as user) in any URL with a scheme.
const userinfoPattern = /\b([A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/)([^\s/?#@"'<>\\[\]]{1,512})@/g;
// HTTP Basic credentials: base64 of `user:password`, wherever they appear.
const basicPattern = /\bBasic\s+([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/gi;
// A URL path segment: after a slash, up to the next slash, query, fragment, quote or space.
const segmentPattern = /(?<=[^/]\/)([A-Za-z0-9+=_-]{32,})(?=[/?#;"'\s\\]|$)/g;
const jwtPattern = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const bearerPattern = /\bBearer\s+(?!\[redacted\])[A-Za-z0-9._~+/-]{16,}=*/gi;
// Stryker disable next-line Regex: equivalent, a UUID never has the run of 20 alphanumerics looksSecret wants; the check states the intent
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A value that looks like a credential whatever its name: a JWT, `Bearer …`, or a long random
 * token (≥ 32 chars of base64/hex alphabet with letters and digits and an unbroken run of ≥ 20
 * alphanumerics, so word slugs like `report-2024-final-version` and UUIDs are kept).
 */
export function looksSecret(value: string): boolean {
  if (value === REDACTED) return false;
  if (/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./.test(value) || /^Bearer\s+\S/i.test(value)) return true;
  if (value.length < 32 || !/^[A-Za-z0-9+/=_-]+$/.test(value) || uuidPattern.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return /[A-Za-z0-9]{20,}/.test(value);
}

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

/** Redacts secrets in free text (URLs, headers, bodies, messages); see rule 6 above. */
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

/** True when `value` nests deeper than `limit` (checked without recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

/** Redacts secret fields of a parsed JSON value in place; see rule 4 above. */
function redactJsonValue(root: unknown, c: RedactCounter): void {
  const stack: [unknown, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [node, secret] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const keys = Array.isArray(node) ? node.keys() : Object.keys(node);
    const holder = node as Rec;
    for (const key of keys) {
      const v = holder[key];
      const s = secret || (typeof key === 'string' && isSecretFieldName(key));
      if (typeof v === 'object' && v !== null) stack.push([v, s]);
      else if (s && ((typeof v === 'string' && v !== '' && v !== REDACTED) || typeof v === 'number')) {
        holder[key] = REDACTED;
        c.count++;
      }
    }
  }
}

/** Redacts a JSON text by field names; leaves text that is not JSON to `redactText`. */
export function redactJsonText(text: string, c: RedactCounter): string {
  if (!/^\s*[[{]/.test(text)) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (nestsDeeperThan(parsed, 200)) return text;
  const before = c.count;
  redactJsonValue(parsed, c);
  return c.count === before ? text : JSON.stringify(parsed);
}

function redactValues(list: unknown, c: RedactCounter, secret: (item: Rec) => boolean): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (!isRecord(item) || !('value' in item) || item.value === '' || item.value === REDACTED) continue;
    if (item.value === null || item.value === undefined || !secret(item)) continue;
    item.value = REDACTED;
    c.count++;
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const headerSecret = (h: Rec) => isSecretHeaderName(str(h.name));
const paramSecret = (p: Rec) =>
  isSecretParamName(str(p.name)) || (typeof p.value === 'string' && looksSecret(p.value));

/** Whether a response body of this mimeType is kept (text, JSON, JavaScript, HTML, XML). */
export function isTextualMime(mime: string): boolean {
  const m = mime.toLowerCase();
  return /^text\//.test(m) || /json|javascript|ecmascript|html|xml/.test(m);
}

function redactContent(content: Rec, c: RedactCounter): void {
  if (!('text' in content)) return;
  const mime = str(content.mimeType);
  let text = typeof content.text === 'string' && isTextualMime(mime) ? content.text : '';
  if (text && str(content.encoding).toLowerCase() === 'base64') {
    text = Buffer.from(text, 'base64').toString('utf8');
    if (text.includes('\uFFFD')) text = '';
  }
  delete content.encoding;
  if (text) content.text = redactJsonText(text, c);
  else delete content.text;
}

/** Applies rules 1–5 to one HAR entry, in place. */
export function redactEntry(entry: Rec, c: RedactCounter): void {
  const req = isRecord(entry.request) ? entry.request : undefined;
  const res = isRecord(entry.response) ? entry.response : undefined;
  for (const part of [req, res]) {
    if (!part) continue;
    redactValues(part.headers, c, headerSecret);
    redactValues(part.cookies, c, () => true);
  }
  if (req) {
    redactValues(req.queryString, c, paramSecret);
    const post = req.postData;
    if (isRecord(post)) {
      redactValues(post.params, c, paramSecret);
      if (typeof post.text === 'string') post.text = redactJsonText(post.text, c);
    }
  }
  if (res && isRecord(res.content)) redactContent(res.content, c);
  if (Array.isArray(entry._webSocketMessages)) {
    for (const m of entry._webSocketMessages)
      if (isRecord(m) && typeof m.data === 'string') m.data = redactJsonText(m.data, c);
  }
}

/** Applies rule 6 to every string in `root`, in place (iteratively, so depth cannot overflow). */
export function redactAllStrings(root: unknown, c: RedactCounter): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const holder = node as Rec;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      const v = holder[key];
      if (typeof v === 'string') {
        const r = redactText(v, c);
        if (r !== v) holder[key] = r;
      } else if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
}
