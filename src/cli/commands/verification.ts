/**
 * Verifying a fix on the original metric: `expedite watch` chooses the PromQL query or the
 * integration's alert rate (and threshold and window) that verifies it, `expedite verification` shows where it stands.
 */
import type { VerificationView } from '../../verification/schema.ts';
import { opt, positiveInt, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { when } from '../format.ts';

const refHelp = 'ref is the incident number (12 or #12) or its id.';

const stateWords: Record<string, string> = {
  waiting: 'waiting for the metric to be good',
  good: 'good, counting the window',
  verified: 'verified',
  failed: 'failed: bad again within the window',
  stopped: 'stopped',
};

/** Prints a verification for people (or its JSON). */
function printVerification(ctx: Context, v: VerificationView, head?: string) {
  if (ctx.json) return ctx.printJson(v);
  if (head) ctx.out(head);
  ctx.out(`Metric:   ${v.metric.description}`, `Window:   ${v.windowMinutes} min`);
  const r = v.run;
  if (!r)
    return ctx.out(
      'State:    not monitored yet (it starts when a fix is deployed or the status is monitoring)',
    );
  ctx.out(
    `State:    ${stateWords[r.state] ?? r.state}${r.state === 'good' ? ` (${Math.round(r.progress * 100)}%)` : ''}`,
  );
  ctx.out(`Started:  ${when(r.startedAt)}${r.deploymentId ? ' (after a deployment)' : ''}`);
  if (r.verifiesAt) ctx.out(`Verified: at ${when(r.verifiesAt)} if it stays good`);
  if (r.detail) ctx.out(`Last:     ${r.detail}${r.lastCheckedAt ? ` (${when(r.lastCheckedAt)})` : ''}`);
  if (r.state === 'verified') ctx.out('The fix is verified: resolve it with "expedite resolve".');
}

/** The id of the integration named (or with the id) `idOrName`, from the watchable list. */
async function integrationId(ctx: Context, idOrName: string): Promise<string> {
  const { items } = await ctx.api<{ items: { id: string; name: string }[] }>(
    'GET',
    '/verification/integrations',
  );
  const found =
    items.find((i) => i.id === idOrName) ??
    items.find((i) => i.name.toLowerCase() === idOrName.toLowerCase());
  if (!found) throw usageError(`no integration "${idOrName}" (give its id or its name)`, 'watch');
  return found.id;
}

/**
 * `expedite watch <ref> --query Q --above N | --below N [--window M] | --integration I --above N
 * [--window M] | --window M | --stop`.
 */
export const watchCommand: CommandSpec = {
  name: 'watch',
  args: '<ref>',
  summary: "Choose the metric that verifies the fix (a PromQL query or an integration's alert rate)",
  description:
    `${refHelp}\nWhile monitoring, the query is read from the configured Prometheus every 30 s (or the\n` +
    "integration's signals per minute over the last 5 minutes are counted); the fix is verified when\n" +
    "it stays good for the window (default 15 min). Without either, an alert-opened incident's own\n" +
    'alerts verify it. --window alone changes the window; --stop removes the query or integration.',
  examples: [
    "expedite watch 12 --query 'rate(http_errors_total[1m])' --above 0.05 --window 15",
    'expedite watch 12 --integration Payments --above 5 --window 15',
    'expedite watch 12 --window 30',
    'expedite watch 12 --stop',
  ],
  options: {
    query: { type: 'string', value: 'promql', help: 'The PromQL query to watch' },
    integration: {
      type: 'string',
      value: 'id|name',
      help: "Watch this integration's alert rate (signals per minute) instead",
    },
    above: { type: 'string', value: 'n', help: 'Bad when the value is above n' },
    below: { type: 'string', value: 'n', help: 'Bad when the value is below n' },
    window: { type: 'string', value: 'minutes', help: 'How long the metric must stay good' },
    stop: { type: 'boolean', help: 'Stop watching the query' },
  },
  min: 1,
  max: 1,
  async run(ctx, input) {
    const path = refPath(input.positionals[0]!);
    const window = positiveInt(input, 'window', 'watch');
    const query = opt(input, 'query');
    const integration = opt(input, 'integration');
    if (input.values.stop) {
      const v = await ctx.api<VerificationView>('DELETE', `${path}/watched-metric`);
      return printVerification(ctx, v, 'Nothing chosen is watched any more.');
    }
    if (query !== undefined && integration !== undefined)
      throw usageError('give --query or --integration, not both', 'watch');
    if (integration !== undefined) {
      if (opt(input, 'below') !== undefined)
        throw usageError("an integration's alert rate is bad --above a number", 'watch');
      const above = Number(opt(input, 'above'));
      if (opt(input, 'above') === undefined || !Number.isFinite(above))
        throw usageError('give --above n (signals per minute) with --integration', 'watch');
      const v = await ctx.api<VerificationView>('PUT', `${path}/watched-metric`, {
        body: {
          integrationId: await integrationId(ctx, integration),
          threshold: above,
          ...(window !== undefined ? { windowMinutes: window } : {}),
        },
      });
      return printVerification(ctx, v, 'Watching:');
    }
    if (query === undefined) {
      if (window === undefined)
        throw usageError(
          'give --query with --above or --below, --integration with --above, or --window',
          'watch',
        );
      const v = await ctx.api<VerificationView>('PUT', `${path}/verification/window`, {
        body: { windowMinutes: window },
      });
      return printVerification(ctx, v, `Window: ${window} min.`);
    }
    const above = opt(input, 'above');
    const below = opt(input, 'below');
    if ((above === undefined) === (below === undefined))
      throw usageError('give one of --above or --below with --query', 'watch');
    const limit = Number(above ?? below);
    if (!Number.isFinite(limit))
      throw usageError(`--${above !== undefined ? 'above' : 'below'} must be a number`, 'watch');
    const v = await ctx.api<VerificationView>('PUT', `${path}/watched-metric`, {
      body: {
        query,
        comparison: above !== undefined ? 'above' : 'below',
        threshold: limit,
        ...(window !== undefined ? { windowMinutes: window } : {}),
      },
    });
    printVerification(ctx, v, 'Watching:');
  },
};

/** `expedite verification <ref>`: the metric, the window and where the fix stands. */
export const verificationCommand: CommandSpec = {
  name: 'verification',
  args: '<ref>',
  summary: 'Show whether the fix is verified on its metric',
  description: refHelp,
  examples: ['expedite verification 12', 'expedite verification 12 --json'],
  min: 1,
  max: 1,
  async run(ctx, input) {
    const v = await ctx.api<VerificationView>('GET', `${refPath(input.positionals[0]!)}/verification`);
    printVerification(ctx, v);
  },
};
