/** Declaring, finding and classifying incidents: `declare`, `list`, `classify`, `urgency`. */
import type { Incident } from '../../incidents/schema.ts';
import { opt, positiveInt, required, text, type CommandSpec, type Input, type OptionSpec } from '../args.ts';
import { refPath, type Query } from '../client.ts';
import { usageError } from '../errors.ts';
import { age, statusStyle, table, tsv, urgencyStyle } from '../format.ts';
import { printIncident } from '../present.ts';

const classification: Record<string, OptionSpec> = {
  scope: {
    type: 'string',
    value: 'scope',
    help: 'Who is affected: ALL, ALL-USERS, ALL-ADMINS, USERS, ADMINS, S-USER, S-ADMIN',
  },
  criticality: {
    type: 'string',
    value: 'code',
    help: 'ALLBLOCK (app blocked), FBLOCK (feature blocked), FBEHAV (misbehaves)',
  },
  area: { type: 'string', value: 'area', help: 'FE, BE, FEBE (both) or DEVOPS' },
  conversion: { type: 'string', value: 'level', help: 'Impact on conversion: none, low, medium, high' },
  experience: {
    type: 'string',
    value: 'level',
    help: 'Impact on customer experience: none, low, medium, high',
  },
  revenue: { type: 'string', value: 'level', help: 'Impact on revenue: none, low, medium, high' },
};

const upper = (v: string | undefined) => v?.trim().toUpperCase();
const lower = (v: string | undefined) => v?.trim().toLowerCase();

/** The classification flags as the API's body; with `unknown`, "unknown" becomes null (forget it). */
function classificationBody(input: Input, unknown: boolean) {
  const code = (v: string | undefined) => (unknown && v === 'UNKNOWN' ? null : v);
  const level = (v: string | undefined) => (unknown && v === 'unknown' ? null : v);
  const impact = {
    conversion: level(lower(opt(input, 'conversion'))),
    experience: level(lower(opt(input, 'experience'))),
    revenue: level(lower(opt(input, 'revenue'))),
  };
  const given = Object.values(impact).some((v) => v !== undefined);
  return {
    scope: code(upper(opt(input, 'scope'))),
    criticality: code(upper(opt(input, 'criticality'))),
    area: code(upper(opt(input, 'area'))),
    impact: given ? impact : undefined,
  };
}

/** `expedite declare <title>`: opens an incident and shows its tagline, urgency and decision. */
export const declareCommand: CommandSpec = {
  name: 'declare',
  args: '<title>',
  summary: 'Declare an incident',
  description:
    'Only the title is needed; the classification can be completed later with "expedite classify".\n' +
    'Codes are case-insensitive. --urgency sets urgency by hand and needs --reason.\n' +
    "An expedite incident pages its service's chain, else its area's team, else the default policy;\n" +
    '--no-page <reason> declares it without paging (the reason goes on the timeline).',
  examples: [
    'expedite declare "Clicking on user details gives an error" --scope ADMINS --criticality FBLOCK --area FE',
    'expedite declare "Payments fail" --service Checkout --scope ALL --criticality ALLBLOCK --mine',
    'expedite declare "Export does nothing" --steps "1. Open Reports 2. Click Export" --urgency P4 --reason cosmetic',
  ],
  options: {
    description: { type: 'string', value: 'text', help: 'What happens, in more words' },
    steps: { type: 'string', value: 'text', help: 'Steps to reproduce (carried to the ticket)' },
    ...classification,
    urgency: { type: 'string', value: 'P1..P4', help: 'Set urgency by hand instead of the policy' },
    reason: { type: 'string', value: 'text', help: 'Why urgency is set by hand (required with --urgency)' },
    service: {
      type: 'string',
      value: 'name',
      help: 'The affected service (name or id); paging follows its chain',
    },
    'no-page': { type: 'string', value: 'reason', help: 'Do not page even if expedite, and say why' },
    mine: { type: 'boolean', help: "I'm on it: become the owner" },
  },
  min: 1,
  max: Infinity,
  async run(ctx, input) {
    const urgency = upper(opt(input, 'urgency'));
    const urgencyReason = urgency ? required(input, 'reason', 'declare') : undefined;
    if (!urgency && opt(input, 'reason') !== undefined)
      throw usageError('--reason goes with --urgency', 'declare');
    const incident = await ctx.api<Incident>('POST', '/incidents', {
      body: {
        title: text(input, 0),
        description: opt(input, 'description'),
        stepsToReproduce: opt(input, 'steps'),
        ...classificationBody(input, false),
        urgency,
        urgencyReason,
        service: opt(input, 'service'),
        ...(opt(input, 'no-page') !== undefined ? { page: false, noPageReason: opt(input, 'no-page') } : {}),
        ...(input.values.mine ? { takeOwnership: true } : {}),
      },
    });
    printIncident(ctx, incident, 'Declared');
    if (!ctx.json && incident.service) ctx.out(`Service ${incident.service.name}`);
  },
};

interface Page {
  items: Incident[];
  nextCursor: string | null;
}

/** `expedite list`: incidents, newest first, as a table (or tab-separated lines when piped). */
export const listCommand: CommandSpec = {
  name: 'list',
  args: '',
  summary: 'Find incidents, newest first',
  description:
    'On a terminal: a table. Piped: tab-separated lines (number, urgency, status, owner email, age,\n' +
    'tagline) without a header. The next page cursor is printed on stderr.',
  examples: [
    'expedite list --status open --urgency P1,P2',
    'expedite list --owner me --all',
    'expedite list --service checkout --search "connection pool"',
  ],
  options: {
    status: { type: 'string', value: 'list', help: 'Comma-separated statuses, or "open"' },
    urgency: { type: 'string', value: 'list', help: 'Comma-separated urgencies, e.g. P1,P2' },
    owner: { type: 'string', value: 'who', help: '"me", "none", or an email' },
    scope: { type: 'string', value: 'scope', help: 'Only this scope' },
    criticality: { type: 'string', value: 'code', help: 'Only this criticality' },
    area: { type: 'string', value: 'area', help: 'Only this area' },
    service: { type: 'string', value: 'name', help: 'Only incidents of this service (name or id)' },
    client: { type: 'string', value: 'name', help: 'Only incidents for this client (name or id)' },
    search: {
      type: 'string',
      value: 'words',
      help: 'Full-text search over tagline, title, description, resolution summary and notes',
    },
    limit: { type: 'string', value: 'n', help: 'Incidents per page (1-200, default 50)' },
    cursor: { type: 'string', value: 'cursor', help: 'Start at this cursor from a previous page' },
    all: { type: 'boolean', help: 'Follow the cursor through every page' },
  },
  min: 0,
  max: 0,
  async run(ctx, input) {
    const query: Query = {
      status: lower(opt(input, 'status')),
      urgency: upper(opt(input, 'urgency')),
      owner: opt(input, 'owner'),
      scope: upper(opt(input, 'scope')),
      criticality: upper(opt(input, 'criticality')),
      area: upper(opt(input, 'area')),
      service: opt(input, 'service'),
      client: opt(input, 'client'),
      q: opt(input, 'search'),
      limit: positiveInt(input, 'limit', 'list'),
      cursor: opt(input, 'cursor'),
    };
    let page = await ctx.api<Page>('GET', '/incidents', { query });
    const items = [...page.items];
    while (input.values.all && page.nextCursor) {
      page = await ctx.api<Page>('GET', '/incidents', { query: { ...query, cursor: page.nextCursor } });
      items.push(...page.items);
    }
    if (ctx.json) return ctx.printJson({ items, nextCursor: page.nextCursor });
    if (!items.length) ctx.note('No incidents match.');
    const rows = items.map((i) => [
      ctx.tty ? `#${i.number}` : String(i.number),
      i.urgency ?? '-',
      i.status,
      (ctx.tty ? i.owner?.name : i.owner?.email) ?? '-',
      age(i.createdAt),
      i.tagline,
    ]);
    if (!ctx.tty) ctx.out(...tsv(rows));
    else if (rows.length) {
      const columns = [
        { header: '#' },
        { header: 'URGENCY', style: (v: string) => urgencyStyle(v) },
        { header: 'STATUS', style: (v: string) => statusStyle(v) },
        { header: 'OWNER' },
        { header: 'AGE' },
        { header: 'TAGLINE' },
      ];
      ctx.out(...table(columns, rows, ctx.style, ctx.width));
    }
    if (page.nextCursor) ctx.note(`Next page: expedite list --cursor ${page.nextCursor} (or --all)`);
  },
};

/** `expedite classify <ref>`: changes the classification; the policy recomputes urgency and decision. */
export const classifyCommand: CommandSpec = {
  name: 'classify',
  args: '<ref>',
  summary: 'Change scope, criticality, area or business impact',
  description:
    'ref is the incident number (12 or #12) or id. "unknown" forgets a value. The tagline, urgency\n' +
    'and decision are recomputed with the urgency policy.',
  examples: ['expedite classify 12 --criticality ALLBLOCK --reason "Now every admin is blocked"'],
  options: {
    ...classification,
    service: { type: 'string', value: 'name', help: 'Change the service (needs --reason); "none" clears it' },
    reason: { type: 'string', value: 'text', help: 'Why it is reclassified (goes on the timeline)' },
  },
  min: 1,
  max: 1,
  async run(ctx, input) {
    const service = opt(input, 'service');
    const changes = {
      ...classificationBody(input, true),
      ...(service === undefined ? {} : { service: service.toLowerCase() === 'none' ? null : service }),
    };
    if (Object.values(changes).every((v) => v === undefined))
      throw usageError(
        'nothing to change: give --scope, --criticality, --area, --service or an impact',
        'classify',
      );
    const incident = await ctx.api<Incident>('PATCH', `${refPath(input.positionals[0]!)}/classification`, {
      body: { ...changes, reason: opt(input, 'reason') },
    });
    printIncident(ctx, incident, 'Classified');
  },
};

/** `expedite urgency <ref> <P1..P4|policy> --reason R`: overrides the policy, or returns to it. */
export const urgencyCommand: CommandSpec = {
  name: 'urgency',
  args: '<ref> <P1..P4|policy>',
  summary: 'Set urgency by hand, or return it to the policy',
  examples: [
    'expedite urgency 12 P1 --reason "Black Friday traffic"',
    'expedite urgency 12 policy --reason "Over"',
  ],
  options: { reason: { type: 'string', value: 'text', help: 'Why (required)' } },
  min: 2,
  max: 2,
  async run(ctx, input) {
    const [ref, raw] = input.positionals as [string, string];
    const urgency = raw.toLowerCase() === 'policy' ? null : raw.toUpperCase();
    if (urgency !== null && !/^P[1-4]$/.test(urgency))
      throw usageError(`urgency must be P1, P2, P3, P4 or "policy", got "${raw}"`, 'urgency');
    const reason = required(input, 'reason', 'urgency');
    const incident = await ctx.api<Incident>('PUT', `${refPath(ref)}/urgency`, { body: { urgency, reason } });
    printIncident(ctx, incident, urgency ? `Urgency set to ${urgency} on` : 'Urgency follows the policy on');
  },
};
