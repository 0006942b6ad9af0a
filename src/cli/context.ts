/**
 * What a command runs with: where output goes (and whether it is a terminal), colour, the --json
 * switch, and `api()`, which sends an authenticated request to the configured server.
 */
import { request, type RequestOptions } from './client.ts';
import { requireToken, resolveConnection, type Connection } from './config.ts';
import { makeStyler, type Styler } from './format.ts';

/** Everything a command needs from its surroundings. */
export interface Context {
  env: NodeJS.ProcessEnv;
  /** --json was given: print the API's JSON and nothing else on stdout. */
  json: boolean;
  /** stdout is a terminal: tables for people; otherwise tab-separated lines. */
  tty: boolean;
  /** Terminal width in columns, 0 when unknown. */
  width: number;
  style: Styler;
  /** Lines to stdout. */
  out(...lines: string[]): void;
  /** One line to stderr, for notes that must not mix with output meant for scripts. */
  note(line: string): void;
  /** Prints a value as indented JSON on stdout. */
  printJson(value: unknown): void;
  /** The server and token from the environment or the stored login. */
  connection(): Connection;
  /** An authenticated API call; exit 3 before any request when not signed in. */
  api<T>(method: string, path: string, opts?: RequestOptions): Promise<T>;
}

/** The context of a real invocation, on process.stdout and process.stderr. */
export function createContext(env: NodeJS.ProcessEnv, json: boolean): Context {
  const tty = process.stdout.isTTY === true;
  let conn: Connection | undefined;
  const connection = () => (conn ??= resolveConnection(env));
  return {
    env,
    json,
    tty,
    width: tty ? process.stdout.columns || Number(env.COLUMNS) || 0 : 0,
    style: makeStyler(tty && !env.NO_COLOR),
    out: (...lines) => {
      if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    },
    note: (line) => {
      process.stderr.write(`${line}\n`);
    },
    printJson: (value) => {
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    connection,
    api: (method, path, opts) => request(requireToken(connection()), method, path, opts),
  };
}
