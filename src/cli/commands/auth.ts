/** Signing in and out: `login` stores a session token for the server, `logout` revokes and forgets it. */
import type { User } from '../../auth/schema.ts';
import { opt, type CommandSpec } from '../args.ts';
import { request } from '../client.ts';
import { DEFAULT_URL, forgetLogin, normalizeUrl, readLogin, saveLogin } from '../config.ts';
import { CliError, exitCodes, usageError } from '../errors.ts';
import { ask, askSecret, readFirstLine, stdinIsTerminal } from '../prompt.ts';

interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

/** `expedite login`: signs in with email and password and stores the session token (mode 0600). */
export const loginCommand: CommandSpec = {
  name: 'login',
  args: '',
  summary: 'Sign in and remember the server and token',
  description:
    'The password is asked for on a terminal (not echoed); when stdin is not a terminal its first line\n' +
    'is the password. The server is --url, else EXPEDITE_URL, else the last one signed in to, else\n' +
    `${DEFAULT_URL}. The token is stored in $EXPEDITE_CONFIG or ~/.config/expedite/config.json.`,
  examples: [
    'expedite login --url https://expedite.example.com --email ada@example.com',
    'printf "%s\\n" "$PASSWORD" | expedite login --email ada@example.com',
  ],
  options: {
    url: { type: 'string', value: 'url', help: 'Server address, e.g. https://expedite.example.com' },
    email: { type: 'string', value: 'email', help: 'Your email (asked for when not given)' },
    password: {
      type: 'string',
      value: 'password',
      help: 'Your password (prefer the prompt or stdin: arguments are visible to others)',
    },
  },
  min: 0,
  max: 0,
  async run(ctx, input) {
    const given = opt(input, 'url') ?? ctx.env.EXPEDITE_URL;
    const url = given
      ? normalizeUrl(given, given === opt(input, 'url') ? '--url' : 'EXPEDITE_URL')
      : undefined;
    const target = url ?? readLogin(ctx.env)?.url ?? DEFAULT_URL;
    const terminal = stdinIsTerminal();
    let email = opt(input, 'email');
    if (!email) {
      if (!terminal) throw usageError('--email is required when stdin is not a terminal', 'login');
      email = await ask(`Email for ${target}: `);
    }
    let password = opt(input, 'password');
    if (password === undefined) password = terminal ? await askSecret('Password: ') : await readFirstLine();
    if (!email || !password)
      throw usageError(terminal ? 'email and password are required' : 'no password on stdin', 'login');

    const session = await request<Session>({ url: target }, 'POST', '/auth/login', {
      body: { email, password },
    });
    const file = saveLogin(ctx.env, { url: target, token: session.token });
    if (ctx.json) {
      ctx.printJson({ url: target, expiresAt: session.expiresAt, user: session.user });
      return;
    }
    const { user } = session;
    ctx.out(`Signed in to ${target} as ${user.name} <${user.email}> (${user.role}).`);
    ctx.note(`Token saved in ${file}; it expires ${session.expiresAt}.`);
    if (ctx.env.EXPEDITE_TOKEN) ctx.note('Note: EXPEDITE_TOKEN is set and is used instead of this login.');
  },
};

/** `expedite logout`: revokes the stored token on its server and deletes the stored login. */
export const logoutCommand: CommandSpec = {
  name: 'logout',
  args: '',
  summary: 'Revoke the stored token and forget it',
  description: 'EXPEDITE_TOKEN, if set, is not touched: revoke API tokens with "expedite tokens revoke".',
  examples: ['expedite logout'],
  min: 0,
  max: 0,
  async run(ctx) {
    const stored = readLogin(ctx.env);
    if (!stored) {
      if (ctx.json) ctx.printJson({ ok: true, signedIn: false });
      else ctx.out('Not signed in; nothing to forget.');
      return;
    }
    let failure: CliError | undefined;
    try {
      await request(stored, 'POST', '/auth/logout');
    } catch (err) {
      // A token the server no longer accepts is as good as revoked.
      if (!(err instanceof CliError)) failure = new CliError(String(err));
      else if (err.exitCode !== exitCodes.auth) failure = err;
    }
    forgetLogin(ctx.env);
    if (failure) {
      throw new CliError(
        `Forgot the stored login, but the token was not revoked on ${stored.url}: ${failure.message}`,
        failure.exitCode,
      );
    }
    if (ctx.json) ctx.printJson({ ok: true, signedIn: false, url: stored.url });
    else ctx.out(`Signed out of ${stored.url}.`);
  },
};

/** `expedite whoami`: who the token belongs to, and on which server. */
export const whoamiCommand: CommandSpec = {
  name: 'whoami',
  args: '',
  summary: 'Show who is signed in, and where',
  examples: ['expedite whoami', 'EXPEDITE_TOKEN=exp_… expedite whoami --json'],
  min: 0,
  max: 0,
  async run(ctx) {
    const me = await ctx.api<User>('GET', '/auth/me');
    if (ctx.json) return ctx.printJson(me);
    ctx.out(`${me.name} <${me.email}> (${me.role}) at ${ctx.connection().url}`);
  },
};
