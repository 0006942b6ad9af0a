/**
 * Asking for sign-in details: on a terminal, a prompt (the password without echo); otherwise the
 * first line of stdin, so that `printf '%s\n' "$PW" | expedite login` works in scripts.
 */
import { createInterface } from 'node:readline/promises';
import { CliError, exitCodes } from './errors.ts';

/** True when stdin is a terminal a person can type into. */
export function stdinIsTerminal(): boolean {
  return process.stdin.isTTY === true;
}

/** The first line of a non-terminal stdin, without its line ending ('' when stdin is empty). */
export async function readFirstLine(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
    if (input === process.stdin) process.stdin.destroy();
  }
}

/** Asks a question on the terminal, with echo (for the email). */
export async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const aborted = new AbortController();
  rl.on('SIGINT', () => aborted.abort());
  try {
    return (await rl.question(question, { signal: aborted.signal })).trim();
  } catch {
    throw new CliError('Cancelled', exitCodes.interrupted);
  } finally {
    rl.close();
  }
}

/** Asks for a secret on the terminal without echoing it; Ctrl-C cancels (exit 130). */
export async function askSecret(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    function onData(chunk: string) {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || (ch === '\u0004' && value)) {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new CliError('Cancelled', exitCodes.interrupted));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    }
    input.on('data', onData);
  });
}
