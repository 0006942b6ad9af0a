/**
 * Verifying a fix on the original metric: `expedite watch` chooses the PromQL query (and threshold
 * and window) that verifies it, `expedite verification` shows where it stands.
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

/** `expedite watch <ref> --query Q --above N | --below N [--window M] | --window M | --stop`. */
export const watchCommand: CommandSpec = {
  name: 'watch',
  args: '<ref>',
  summary: 'Choose the metric that verifies the fix (a PromQL query and its threshold)',
  description:
    `${refHelp}\nWhile monitoring, the query is read from the configured Prometheus every 30 s;\n` +
    'the fix is verified when it stays good for the window (default 15 min). Without a query, an\n' +
    "alert-opened incident's own alerts verify it. --window alone changes the window; --stop removes the query.",
  examples: [
    "expedite watch 12 --query 'rate(http_errors_total[1m])' --above 0.05 --window 15",
    'expedite watch 12 --window 30',
    'expedite watch 12 --stop',
  ],
  options: {
    query: { type: 'string', value: 'promql', help: 'The PromQL query to watch' },
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
    if (input.values.stop) {
      const v = await ctx.api<VerificationView>('DELETE', `${path}/watched-metric`);
      return printVerification(ctx, v, 'No query watched any more.');
    }
    if (query === undefined) {
      if (window === undefined)
        throw usageError('give --query with --above or --below, or --window', 'watch');
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
