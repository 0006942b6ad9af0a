/** `expedite task <ref> add|done|list`: the to-do list of an incident. */
import type { Task } from '../../incidents/work-schema.ts';
import { opt, text, type CommandSpec } from '../args.ts';
import { refPath } from '../client.ts';
import type { Context } from '../context.ts';
import { CliError, exitCodes, usageError } from '../errors.ts';
import { table, tsv } from '../format.ts';
import { refLabel } from '../present.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function listTasks(ctx: Context, ref: string): Promise<Task[]> {
  return (await ctx.api<{ items: Task[] }>('GET', `${refPath(ref)}/tasks`)).items;
}

/** The task whose id is `idOrPrefix` or starts with it (as `task list` shows 8 characters). */
async function findTask(ctx: Context, ref: string, idOrPrefix: string): Promise<string> {
  if (UUID.test(idOrPrefix)) return idOrPrefix;
  if (idOrPrefix.length < 4) throw usageError('give at least 4 characters of the task id', 'task');
  const matches = (await listTasks(ctx, ref)).filter((t) => t.id.startsWith(idOrPrefix.toLowerCase()));
  if (matches.length === 1) return matches[0]!.id;
  if (!matches.length) throw new CliError(`No task ${idOrPrefix} on ${refLabel(ref)}`, exitCodes.notFound);
  throw usageError(`${matches.length} tasks start with ${idOrPrefix}; give more of the id`, 'task');
}

async function list(ctx: Context, ref: string) {
  const tasks = await listTasks(ctx, ref);
  if (ctx.json) return ctx.printJson({ items: tasks });
  if (!tasks.length) return ctx.note(`No tasks on ${refLabel(ref)}.`);
  if (!ctx.tty)
    return ctx.out(
      ...tsv(tasks.map((t) => [t.id, t.done ? 'done' : 'open', t.assignee?.email ?? '-', t.text])),
    );
  const rows = tasks.map((t) => [
    t.id.slice(0, 8),
    t.done ? 'done' : 'open',
    t.assignee?.name ?? '-',
    t.text,
  ]);
  const columns = [
    { header: 'ID' },
    { header: 'STATE', style: (v: string) => (v === 'done' ? ('dim' as const) : undefined) },
    { header: 'ASSIGNEE' },
    { header: 'TASK' },
  ];
  ctx.out(...table(columns, rows, ctx.style, ctx.width));
}

/** `expedite task`. */
export const taskCommand: CommandSpec = {
  name: 'task',
  args: '<ref> <add|done|list> [text|task-id]',
  summary: 'Add, complete or list the tasks of an incident',
  description:
    'ref is the incident number (12 or #12) or its id. done takes the task id or its first\n' +
    'characters, as shown by "expedite task <ref> list".',
  examples: [
    'expedite task 12 add "Roll back release 4.2.1" --assignee grace@example.com',
    'expedite task 12 done 3f2a9c1b',
    'expedite task 12 list',
  ],
  options: { assignee: { type: 'string', value: 'email', help: 'With add: who does it' } },
  min: 1,
  max: Infinity,
  async run(ctx, input) {
    const [ref, action = 'list', arg] = input.positionals as [string, string?, string?];
    if (action === 'list') {
      if (arg !== undefined) throw usageError(`unexpected argument "${arg}"`, 'task');
      return list(ctx, ref);
    }
    if (action === 'add') {
      const body = { text: text(input, 2), assignee: opt(input, 'assignee') };
      if (!body.text) throw usageError('missing <text> of the task', 'task');
      const task = await ctx.api<Task>('POST', `${refPath(ref)}/tasks`, { body });
      if (ctx.json) return ctx.printJson(task);
      const who = task.assignee ? ` for ${task.assignee.name}` : '';
      ctx.out(`Added task ${task.id.slice(0, 8)} on ${refLabel(ref)}${who}: ${task.text}`);
      return;
    }
    if (action === 'done') {
      if (!arg) throw usageError('missing <task-id>', 'task');
      if (input.positionals.length > 3)
        throw usageError(`unexpected argument "${input.positionals[3]}"`, 'task');
      const id = await findTask(ctx, ref, arg);
      const task = await ctx.api<Task>('PATCH', `${refPath(ref)}/tasks/${id}`, { body: { done: true } });
      if (ctx.json) return ctx.printJson(task);
      ctx.out(`Done: ${task.text}`);
      return;
    }
    throw usageError(`unknown action "${action}"; expected add, done or list`, 'task');
  },
};
