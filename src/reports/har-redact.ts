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
import {
  REDACTED,
  isRecord,
  isSecretFieldName,
  isSecretHeaderName,
  isSecretParamName,
  looksSecret,
} from './har-secrets.ts';
import type { RedactCounter } from './har-secrets.ts';
import { redactText } from './har-redact-text.ts';

export {
  REDACTED,
  isRecord,
  isSecretFieldName,
  isSecretHeaderName,
  isSecretParamName,
  looksSecret,
  type RedactCounter,
} from './har-secrets.ts';
export { redactText } from './har-redact-text.ts';

type Rec = Record<string, unknown>;

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
