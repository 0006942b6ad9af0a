/** `expedite tokens`: API tokens for scripts and integrations (EXPEDITE_TOKEN). */
import type { ApiToken } from '../../auth/schema.ts';
import { positiveInt, type CommandSpec } from '../args.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { table, tsv, when } from '../format.ts';

async function list(ctx: Context) {
  const res = await ctx.api<{ items: ApiToken[] }>('GET', '/tokens');
  if (ctx.json) return ctx.printJson(res);
  if (!res.items.length) return ctx.note('No tokens.');
  const rows = res.items.map((t) => [
    t.id,
    t.name ?? '-',
    when(t.createdAt),
    t.lastUsedAt ? when(t.lastUsedAt) : 'never',
    t.expiresAt ? when(t.expiresAt) : 'never',
  ]);
  if (!ctx.tty) return ctx.out(...tsv(rows));
  const columns = ['ID', 'NAME', 'CREATED', 'LAST USED', 'EXPIRES'].map((header) => ({ header }));
  ctx.out(...table(columns, rows, ctx.style, ctx.width));
}

/** `expedite tokens list | create <name> | revoke <id>`. */
export const tokensCommand: CommandSpec = {
  name: 'tokens',
  args: '<list|create|revoke> [name|id]',
  summary: 'List, create or revoke your API tokens',
  description:
    'A new token is printed once, alone on stdout, so that scripts can capture it; it is stored\n' +
    'only as a hash. Use it as EXPEDITE_TOKEN. Sessions from "expedite login" are not listed.',
  examples: [
    'expedite tokens list',
    'expedite tokens create deploy-script --expires-in-days 90',
    'expedite tokens revoke 0b9d7c4e-8f1a-4c55-9a53-2f0f3c1b7d11',
  ],
  options: {
    'expires-in-days': {
      type: 'string',
      value: 'n',
      help: 'With create: expire after n days (default never)',
    },
  },
  min: 0,
  max: 2,
  async run(ctx, input) {
    const [action = 'list', arg] = input.positionals;
    if (action === 'list') {
      if (arg !== undefined) throw usageError(`unexpected argument "${arg}"`, 'tokens');
      return list(ctx);
    }
    if (action === 'create') {
      if (!arg) throw usageError('missing <name>: what the token is for, e.g. deploy-script', 'tokens');
      const expiresInDays = positiveInt(input, 'expires-in-days', 'tokens');
      const created = await ctx.api<ApiToken & { token: string }>('POST', '/tokens', {
        body: { name: arg, expiresInDays },
      });
      if (ctx.json) return ctx.printJson(created);
      ctx.out(created.token);
      ctx.note(
        `Created token "${created.name}" (${created.id}), expires ${created.expiresAt ? when(created.expiresAt) : 'never'}. ` +
          'It is shown only this once.',
      );
      return;
    }
    if (action === 'revoke') {
      if (!arg) throw usageError('missing <id> (see "expedite tokens list")', 'tokens');
      const res = await ctx.api<{ ok: true }>('DELETE', `/tokens/${encodeURIComponent(arg)}`);
      if (ctx.json) return ctx.printJson(res);
      ctx.out(`Revoked token ${arg}.`);
      return;
    }
    throw usageError(`unknown action "${action}"; expected list, create or revoke`, 'tokens');
  },
};
