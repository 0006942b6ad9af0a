/**
 * `expedite statuspage`: status pages (public or private), their components and the state set by
 * hand, and a private page's new access key (admins).
 */
import type { CommandSpec } from '../args.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { table, tsv } from '../format.ts';

interface Page {
  id: string;
  name: string;
  slug: string;
  url: string;
  private: boolean;
  subscribers: number;
}
interface Component {
  id: string;
  name: string;
  state: string;
  manualState: string | null;
}
interface Detail extends Page {
  components: Component[];
  maintenances: { title: string; startsAt: string; endsAt: string }[];
}

const states = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];

async function pageNamed(ctx: Context, ref: string): Promise<Detail> {
  const { items } = await ctx.api<{ items: Page[] }>('GET', '/status-pages');
  const page = items.find((p) => p.slug === ref || p.id === ref);
  if (!page) throw usageError(`no status page "${ref}" (see "expedite statuspage list")`, 'statuspage');
  return ctx.api<Detail>('GET', `/status-pages/${page.id}`);
}

function print(ctx: Context, rows: string[][], headers: string[]) {
  if (!ctx.tty) return ctx.out(...tsv(rows));
  ctx.out(
    ...table(
      headers.map((header) => ({ header })),
      rows,
      ctx.style,
      ctx.width,
    ),
  );
}

/** `expedite statuspage list | show <page> | create <slug> --name <name> [--host <host>] [--private] | state <page> <component> <state|auto> | key <page>`. */
export const statuspageCommand: CommandSpec = {
  name: 'statuspage',
  args: '<list|show|create|state|key> [page] [component] [state]',
  summary: 'List, show or create status pages; set a component’s state by hand; a new access key (admins)',
  description:
    'A page is named by its slug or id. A component follows its service’s open incidents unless its\n' +
    `state is set by hand (${states.join(', ')}); "auto" returns it to following them.\n` +
    'A private page is served only at its address with its access key; "key" gives it a new one\n' +
    '(the old address answers 404 at once).',
  examples: [
    'expedite statuspage list',
    'expedite statuspage create acme --name "Acme status" --host status.acme.example',
    'expedite statuspage show acme',
    'expedite statuspage state acme Checkout degraded_performance',
    'expedite statuspage state acme Checkout auto',
    'expedite statuspage create globex --name "Globex status" --private',
    'expedite statuspage key globex',
  ],
  options: {
    name: { type: 'string', value: 'text', help: 'With create: the page’s name' },
    host: { type: 'string', value: 'host', help: 'With create: a custom host the page is served at' },
    private: { type: 'boolean', help: 'With create: served only at its address with an access key' },
  },
  min: 0,
  max: 4,
  async run(ctx, input) {
    const [action = 'list', ref, component, state] = input.positionals;
    if (action === 'list') {
      const { items } = await ctx.api<{ items: Page[] }>('GET', '/status-pages');
      if (ctx.json) return ctx.printJson({ items });
      if (!items.length)
        return ctx.note('No status pages yet: "expedite statuspage create <slug> --name <name>".');
      return print(
        ctx,
        items.map((p) => [p.slug, p.name, p.url, String(p.subscribers)]),
        ['SLUG', 'NAME', 'URL', 'SUBSCRIBERS'],
      );
    }
    if (!ref) throw usageError('missing <page> (a slug or id)', 'statuspage');
    if (action === 'create') {
      const name = typeof input.values.name === 'string' ? input.values.name : '';
      if (!name) throw usageError('missing --name', 'statuspage');
      const host = typeof input.values.host === 'string' ? input.values.host : undefined;
      const made = await ctx.api<Detail>('POST', '/status-pages', {
        body: {
          name,
          slug: ref,
          ...(host ? { customHost: host } : {}),
          private: input.values.private === true,
        },
      });
      if (ctx.json) return ctx.printJson(made);
      return ctx.out(`Created ${made.name}: ${made.url}`);
    }
    const page = await pageNamed(ctx, ref);
    if (action === 'show') {
      if (ctx.json) return ctx.printJson(page);
      ctx.out(
        `${page.name}  ${page.url}  (${page.private ? 'private, ' : ''}${page.subscribers} subscribers)`,
      );
      print(
        ctx,
        page.components.map((c) => [c.name, c.state, c.manualState ? 'by hand' : 'from incidents']),
        ['COMPONENT', 'STATE', 'SET'],
      );
      for (const m of page.maintenances) ctx.out(`Maintenance: ${m.title}, ${m.startsAt} to ${m.endsAt}`);
      return;
    }
    if (action === 'state') {
      const c = page.components.find((x) => x.name === component || x.id === component);
      if (!c) throw usageError(`no component "${component ?? ''}" on ${page.slug}`, 'statuspage');
      if (!state || (state !== 'auto' && !states.includes(state)))
        throw usageError(`give a state: ${states.join(', ')} or auto`, 'statuspage');
      const out = await ctx.api<Detail>('PATCH', `/status-pages/${page.id}/components/${c.id}`, {
        body: { state: state === 'auto' ? null : state },
      });
      const now = out.components.find((x) => x.id === c.id)!;
      if (ctx.json) return ctx.printJson(now);
      return ctx.out(`${now.name}: ${now.state}${now.manualState ? ' (set by hand)' : ' (from incidents)'}`);
    }
    if (action === 'key') {
      const out = await ctx.api<Detail>('POST', `/status-pages/${page.id}/access-key`);
      if (ctx.json) return ctx.printJson(out);
      return ctx.out(`${out.name} is private, now only at ${out.url}`);
    }
    throw usageError(`unknown action "${action}"; expected list, show, create, state or key`, 'statuspage');
  },
};
