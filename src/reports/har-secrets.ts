/**
 * What counts as a secret in a HAR: the header, field and parameter names whose values are
 * credentials, and values that look like credentials whatever their name (see har-redact.ts).
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
