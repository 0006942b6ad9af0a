/**
 * Where the CLI talks to and with which token: the login stored by `expedite login` (a JSON file
 * readable only by its owner), overridden by EXPEDITE_URL and EXPEDITE_TOKEN for scripts.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError, exitCodes, usageError } from './errors.ts';

/** The server Expedite listens on by default (`expedite serve`). */
export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** What `expedite login` stores. */
export interface StoredLogin {
  url: string;
  token: string;
}

/** A server address and, when signed in, the bearer token to send it. */
export interface Connection {
  url: string;
  token?: string;
}

/** The config file: $EXPEDITE_CONFIG, else ${XDG_CONFIG_HOME:-~/.config}/expedite/config.json. */
export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.EXPEDITE_CONFIG) return path.resolve(env.EXPEDITE_CONFIG);
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'expedite', 'config.json');
}

/** Checks a server address given by a person and drops trailing slashes, so addresses compare equal. */
export function normalizeUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`${source} "${raw}" is not a URL; expected e.g. ${DEFAULT_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usageError(`${source} "${raw}" must start with http:// or https://`);
  return url.toString().replace(/\/+$/, '');
}

/** The stored login, or undefined when there is none; a damaged file is an error naming it. */
export function readLogin(env: NodeJS.ProcessEnv): StoredLogin | undefined {
  const file = configPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<StoredLogin>;
    if (typeof parsed.url === 'string' && typeof parsed.token === 'string')
      return { url: parsed.url, token: parsed.token };
  } catch {
    /* reported below */
  }
  throw new CliError(`${file} is not a login saved by "expedite login"; delete it and sign in again`);
}

/** Saves the login with mode 0600 (written aside, then renamed, so a crash never leaves half a file). */
export function saveLogin(env: NodeJS.ProcessEnv, login: StoredLogin): string {
  const file = configPath(env);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  return file;
}

/** Deletes the stored login; false when there was none. */
export function forgetLogin(env: NodeJS.ProcessEnv): boolean {
  const file = configPath(env);
  try {
    rmSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliError(`Cannot delete ${file}: ${(err as Error).message}`);
  }
}

/**
 * The server and token for API commands. EXPEDITE_URL and EXPEDITE_TOKEN win over the stored
 * login; the stored token is only sent to the server it was issued by, never to another URL.
 */
export function resolveConnection(env: NodeJS.ProcessEnv): Connection {
  const stored = readLogin(env);
  const url = env.EXPEDITE_URL
    ? normalizeUrl(env.EXPEDITE_URL, 'EXPEDITE_URL')
    : stored
      ? stored.url
      : DEFAULT_URL;
  const token = env.EXPEDITE_TOKEN || (stored && stored.url === url ? stored.token : undefined);
  return { url, token };
}

/** The connection, or exit 3 with how to sign in when there is no token for that server. */
export function requireToken(conn: Connection): Required<Connection> {
  if (!conn.token)
    throw new CliError(
      `Not signed in to ${conn.url}: run "expedite login" or set EXPEDITE_TOKEN`,
      exitCodes.auth,
    );
  return { url: conn.url, token: conn.token };
}
