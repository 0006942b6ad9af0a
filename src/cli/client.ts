/**
 * The one HTTP call every API command goes through: JSON in and out, bearer auth, a timeout, and
 * the API's `{ error: { code, message } }` or a network failure turned into a CliError whose exit
 * code says what went wrong (3 for 401/403, 4 for 404, 1 otherwise).
 */
import type { Connection } from './config.ts';
import { CliError, exitCodes } from './errors.ts';

/** Query values; undefined ones are left out. */
export type Query = Record<string, string | number | undefined>;

/** What a request may carry besides method and path. */
export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Milliseconds before giving up; 30 s by default. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

const networkReasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

/** Encodes an incident reference (42, #42 or an id) for a path segment. */
export function refPath(ref: string): string {
  return `/incidents/${encodeURIComponent(ref.trim())}`;
}

/** Why fetch failed, in words, from the error's cause. */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code && networkReasons[cause.code]) return networkReasons[cause.code]!;
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function exitCodeFor(status: number): number {
  if (status === 401 || status === 403) return exitCodes.auth;
  if (status === 404) return exitCodes.notFound;
  return exitCodes.failed;
}

/** Calls `method /api/v1{path}` on the connection's server; resolves with the parsed JSON body. */
export async function request<T>(
  conn: Connection,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  const url = new URL(`${conn.url}/api/v1${path}`);
  for (const [key, value] of Object.entries(opts.query ?? {}))
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'expedite-cli' };
  if (conn.token) headers.authorization = `Bearer ${conn.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    if ((err as Error).name === 'TimeoutError')
      throw new CliError(`No answer from Expedite at ${conn.url} within ${timeoutMs / 1000} s`);
    throw new CliError(`Cannot reach Expedite at ${conn.url} (${networkReason(err)})`);
  }

  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      if (res.ok)
        throw new CliError(`${conn.url} answered ${method} ${url.pathname} with something not JSON`);
    }
  }
  if (res.ok) return body as T;

  const apiMessage = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  let message =
    typeof apiMessage === 'string'
      ? oneLine(apiMessage)
      : `${conn.url} answered ${res.status} ${res.statusText}`.trim();
  if (res.status === 401 && conn.token)
    message = `The token was refused by ${conn.url} (expired or revoked): run "expedite login" or set EXPEDITE_TOKEN`;
  throw new CliError(message, exitCodeFor(res.status));
}
