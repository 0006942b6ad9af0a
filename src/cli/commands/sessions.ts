/** `expedite sessions`: where you are signed in, and signing other sessions out. */
import type { Session } from '../../auth/schema.ts';
import type { CommandSpec } from '../args.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { table, tsv, when } from '../format.ts';

async function list(ctx: Context) {
  const res = await ctx.api<{ items: Session[] }>('GET', '/auth/sessions');
  if (ctx.json) return ctx.printJson(res);
  if (!res.items.length) return ctx.note('No sessions (signed in with an API token?).');
  const rows = res.items.map((s) => [
    s.current ? `${s.id} *` : s.id,
    s.userAgent ?? '-',
    s.sourceIp ?? '-',
    when(s.createdAt),
    s.lastUsedAt ? when(s.lastUsedAt) : 'never',
  ]);
  if (!ctx.tty) return ctx.out(...tsv(rows));
  const columns = ['ID', 'PROGRAM', 'FROM', 'SIGNED IN', 'LAST USED'].map((header) => ({ header }));
  ctx.out(...table(columns, rows, ctx.style, ctx.width));
  ctx.note('* this session');
}

/** `expedite sessions list | end <id> | end-others`. */
export const sessionsCommand: CommandSpec = {
  name: 'sessions',
  args: '<list|end|end-others> [id]',
  summary: 'List your sessions, or sign one or all others out',
  description:
    'Sessions are the sign-ins of browsers and of "expedite login"; the one in use is marked *.\n' +
    '"end-others" signs out everywhere but here and keeps API tokens. Changing your password\n' +
    '(web app, or POST /api/v1/auth/password) ends your other sessions too.',
  examples: [
    'expedite sessions list',
    'expedite sessions end 0b9d7c4e-8f1a-4c55-9a53-2f0f3c1b7d11',
    'expedite sessions end-others',
  ],
  min: 0,
  max: 2,
  async run(ctx, input) {
    const [action = 'list', arg] = input.positionals;
    if (action !== 'end' && arg !== undefined) throw usageError(`unexpected argument "${arg}"`, 'sessions');
    if (action === 'list') return list(ctx);
    if (action === 'end') {
      if (!arg) throw usageError('missing <id> (see "expedite sessions list")', 'sessions');
      const res = await ctx.api<{ ok: true; ended: number }>(
        'DELETE',
        `/auth/sessions/${encodeURIComponent(arg)}`,
      );
      if (ctx.json) return ctx.printJson(res);
      return ctx.out(`Signed out session ${arg}.`);
    }
    if (action === 'end-others') {
      const res = await ctx.api<{ ok: true; ended: number }>('DELETE', '/auth/sessions');
      if (ctx.json) return ctx.printJson(res);
      return ctx.out(`Signed out ${res.ended} other session${res.ended === 1 ? '' : 's'}.`);
    }
    throw usageError(`unknown action "${action}"; expected list, end or end-others`, 'sessions');
  },
};
