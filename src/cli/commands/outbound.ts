/** `expedite outbound`: the hosts outbound requests may reach although they are internal (admins). */
import type { CommandSpec } from '../args.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { table, tsv, when } from '../format.ts';

interface AllowEntry {
  entry: string;
  note: string;
  addedAt: string;
}

async function list(ctx: Context) {
  const res = await ctx.api<{ items: AllowEntry[]; fromConfig: string[] }>('GET', '/outbound/allow');
  if (ctx.json) return ctx.printJson(res);
  const rows = [
    ...res.items.map((e) => [e.entry, 'admin', when(e.addedAt), e.note || '-']),
    ...res.fromConfig.map((entry) => [entry, 'EXPEDITE_OUTBOUND_ALLOW', '-', '-']),
  ];
  if (!rows.length) return ctx.note('No hosts allowed: outbound requests reach public addresses only.');
  if (!ctx.tty) return ctx.out(...tsv(rows));
  const columns = ['HOST', 'FROM', 'ADDED', 'NOTE'].map((header) => ({ header }));
  ctx.out(...table(columns, rows, ctx.style, ctx.width));
}

/** `expedite outbound list | allow <host[:port]> [--note text] | disallow <host[:port]>`. */
export const outboundCommand: CommandSpec = {
  name: 'outbound',
  args: '<list|allow|disallow> [host[:port]]',
  summary: 'List, allow or disallow internal hosts for outbound requests (admins)',
  description:
    'Contact methods and webhooks never reach loopback, private, link-local or metadata addresses,\n' +
    'unless the host is allowed here (or in EXPEDITE_OUTBOUND_ALLOW). Without a port, every port.',
  examples: [
    'expedite outbound list',
    'expedite outbound allow hooks.internal.example:8443 --note "chat relay"',
    'expedite outbound disallow hooks.internal.example:8443',
  ],
  options: {
    note: { type: 'string', value: 'text', help: 'With allow: why the host is allowed' },
  },
  min: 0,
  max: 2,
  async run(ctx, input) {
    const [action = 'list', arg] = input.positionals;
    if (action === 'list') {
      if (arg !== undefined) throw usageError(`unexpected argument "${arg}"`, 'outbound');
      return list(ctx);
    }
    if (action === 'allow') {
      if (!arg) throw usageError('missing <host[:port]>, e.g. hooks.internal.example:8443', 'outbound');
      const note = typeof input.values.note === 'string' ? input.values.note : '';
      const added = await ctx.api<AllowEntry>('POST', '/outbound/allow', { body: { entry: arg, note } });
      if (ctx.json) return ctx.printJson(added);
      ctx.out(`Allowed ${added.entry}.`);
      return;
    }
    if (action === 'disallow') {
      if (!arg) throw usageError('missing <host[:port]> (see "expedite outbound list")', 'outbound');
      const res = await ctx.api<{ ok: true }>('DELETE', `/outbound/allow/${encodeURIComponent(arg)}`);
      if (ctx.json) return ctx.printJson(res);
      ctx.out(`No longer allowed: ${arg}.`);
      return;
    }
    throw usageError(`unknown action "${action}"; expected list, allow or disallow`, 'outbound');
  },
};
