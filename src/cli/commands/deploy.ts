/**
 * `expedite deploy`: a CI step records a deployment (`--service --version [--environment]
 * [--status] [--url] [--commit] [--id]`), rolls one back (`rollback <id> | --service <s>` `--to
 * <version>`), or lists recent ones (`list`). Works with EXPEDITE_URL and EXPEDITE_TOKEN.
 */
import type { CommandSpec, Input } from '../args.ts';
import type { Context } from '../context.ts';
import { CliError, exitCodes, usageError } from '../errors.ts';
import { table, tsv, when } from '../format.ts';

interface Deployment {
  id: string;
  service: { id: string; name: string };
  version: string;
  environment: string;
  status: string;
  url: string | null;
  by: string | null;
  startedAt: string;
  rolledBackTo: string | null;
}

const str = (input: Input, name: string): string | undefined => {
  const v = input.values[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** One line for a deployment: "api v4.2.2 → production: finished". */
function line(d: Deployment): string {
  const back = d.rolledBackTo ? ` to ${d.rolledBackTo}` : '';
  return `${d.service.name} ${d.version} → ${d.environment}: ${d.status}${back} (${d.id})`;
}

async function record(ctx: Context, input: Input) {
  const service = str(input, 'service');
  const version = str(input, 'version');
  if (!service || !version) throw usageError('--service and --version are required', 'deploy');
  const body: Record<string, string> = { service, version };
  for (const [option, field] of [
    ['environment', 'environment'],
    ['status', 'status'],
    ['url', 'url'],
    ['commit', 'commit'],
    ['id', 'externalId'],
  ] as const) {
    const v = str(input, option);
    if (v !== undefined) body[field] = v;
  }
  const d = await ctx.api<Deployment>('POST', '/deployments', { body });
  if (ctx.json) return ctx.printJson(d);
  ctx.out(`Recorded ${line(d)}`);
}

async function rollback(ctx: Context, input: Input, id: string | undefined) {
  const to = str(input, 'to');
  if (!to) throw usageError('--to <version> is required: the version now running', 'deploy');
  const service = str(input, 'service');
  if (!id === !service) throw usageError('give a deployment id or --service, not both', 'deploy');
  let target = id;
  if (!target) {
    const params = new URLSearchParams({ service: service!, status: 'finished', limit: '1' });
    const environment = str(input, 'environment');
    if (environment) params.set('environment', environment);
    const { deployments } = await ctx.api<{ deployments: Deployment[] }>(
      'GET',
      `/deployments?${params.toString()}`,
    );
    if (!deployments[0])
      throw new CliError(
        `No finished deployment of ${service}${environment ? ` in ${environment}` : ''} to roll back`,
        exitCodes.notFound,
      );
    target = deployments[0].id;
  }
  const d = await ctx.api<Deployment>('PATCH', `/deployments/${encodeURIComponent(target)}`, {
    body: { status: 'rolled-back', rolledBackTo: to },
  });
  if (ctx.json) return ctx.printJson(d);
  ctx.out(`Rolled back ${line(d)}`);
}

async function list(ctx: Context, input: Input) {
  const params = new URLSearchParams({ limit: '50' });
  for (const name of ['service', 'environment', 'status']) {
    const v = str(input, name);
    if (v) params.set(name, v);
  }
  const res = await ctx.api<{ deployments: Deployment[] }>('GET', `/deployments?${params.toString()}`);
  if (ctx.json) return ctx.printJson(res);
  if (!res.deployments.length) return ctx.note('No deployments recorded.');
  const rows = res.deployments.map((d) => [
    when(d.startedAt),
    d.service.name,
    d.environment,
    d.version,
    d.rolledBackTo ? `${d.status} to ${d.rolledBackTo}` : d.status,
    d.by ?? '-',
    d.id,
  ]);
  if (!ctx.tty) return ctx.out(...tsv(rows));
  const columns = ['STARTED', 'SERVICE', 'ENVIRONMENT', 'VERSION', 'STATUS', 'BY', 'ID'].map((header) => ({
    header,
  }));
  ctx.out(...table(columns, rows, ctx.style, ctx.width));
}

export const deployCommand: CommandSpec = {
  name: 'deploy',
  args: '[rollback [id] | list]',
  summary: 'Record a deployment (a CI step), roll one back, or list recent ones',
  description:
    'Without an action, records a deployment of --service at --version (status finished unless\n' +
    '--status says started or failed); it is noted on the timeline of the service’s open incidents.\n' +
    'With --id (your pipeline’s id), a later call updates the same deployment. rollback marks a\n' +
    'deployment (by id, or the latest finished one of --service) rolled back --to a version.',
  examples: [
    'expedite deploy --service api --version v4.2.2 --environment production',
    'expedite deploy --service api --version v4.2.2 --status started --id "$CI_PIPELINE_ID"',
    'expedite deploy rollback --service api --to v4.2.1',
    'expedite deploy list --service api',
  ],
  options: {
    service: { type: 'string', value: 'name', help: 'The service deployed (name or id)' },
    version: { type: 'string', value: 'version', help: 'What was deployed: a tag, version or commit' },
    environment: { type: 'string', value: 'name', help: 'Where (default production)' },
    status: { type: 'string', value: 'status', help: 'finished (default), started or failed' },
    url: { type: 'string', value: 'url', help: 'A link: the pipeline run, the release' },
    commit: { type: 'string', value: 'sha', help: 'The commit deployed' },
    id: { type: 'string', value: 'id', help: 'Your pipeline’s id for this deployment' },
    to: { type: 'string', value: 'version', help: 'With rollback: the version now running' },
  },
  min: 0,
  max: 2,
  async run(ctx, input) {
    const [action, arg] = input.positionals;
    if (action === undefined) return record(ctx, input);
    if (action === 'rollback') return rollback(ctx, input, arg);
    if (action === 'list') {
      if (arg !== undefined) throw usageError(`unexpected argument "${arg}"`, 'deploy');
      return list(ctx, input);
    }
    throw usageError(`unknown action "${action}"; expected rollback or list (or none to record)`, 'deploy');
  },
};
