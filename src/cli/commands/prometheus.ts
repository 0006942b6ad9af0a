/** `expedite prometheus`: the Prometheus watched queries are read from (admins): show, set, clear, test. */
import type { CommandSpec } from '../args.ts';
import { CliError, usageError } from '../errors.ts';

/** `expedite prometheus show | set <url> | clear | test`. */
export const prometheusCommand: CommandSpec = {
  name: 'prometheus',
  args: '<show|set|clear|test> [url]',
  summary: 'Show, set, clear or test the Prometheus watched queries are read from (admins)',
  description:
    'The base URL of the Prometheus HTTP API. It is reached through the outbound policy: an internal\n' +
    'address (loopback, private) must be allowed first with "expedite outbound allow host:port".\n' +
    'test asks it for vector(1) and says whether it answered.',
  examples: [
    'expedite prometheus show',
    'expedite prometheus set http://prometheus.internal:9090',
    'expedite prometheus test',
    'expedite prometheus clear',
  ],
  min: 0,
  max: 2,
  async run(ctx, input) {
    const [action = 'show', arg] = input.positionals;
    if (action !== 'set' && arg !== undefined) throw usageError(`unexpected argument "${arg}"`, 'prometheus');
    if (action === 'show') {
      const s = await ctx.api<{ baseUrl: string | null }>('GET', '/settings/prometheus');
      if (ctx.json) return ctx.printJson(s);
      return ctx.out(s.baseUrl ? `Prometheus: ${s.baseUrl}` : 'No Prometheus is configured.');
    }
    if (action === 'set' || action === 'clear') {
      if (action === 'set' && !arg)
        throw usageError('missing <url>, e.g. http://prometheus.internal:9090', 'prometheus');
      const s = await ctx.api<{ baseUrl: string | null }>('PUT', '/settings/prometheus', {
        body: { baseUrl: action === 'set' ? arg : null },
      });
      if (ctx.json) return ctx.printJson(s);
      return ctx.out(s.baseUrl ? `Prometheus: ${s.baseUrl}` : 'No Prometheus is configured now.');
    }
    if (action === 'test') {
      const r = await ctx.api<{ ok: boolean; detail: string }>('POST', '/settings/prometheus/test');
      if (ctx.json) ctx.printJson(r);
      else if (r.ok) ctx.out(`OK: ${r.detail}`);
      // A failed test ends with exit 1, so that a script can tell.
      if (!r.ok) throw new CliError(`Prometheus test failed: ${r.detail}`);
      return;
    }
    throw usageError(`unknown action "${action}"; expected show, set, clear or test`, 'prometheus');
  },
};
