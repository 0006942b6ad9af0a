/** `expedite schedule`: who is on call, the shifts ahead, and your calendar feed's address. */
import type { CommandSpec } from '../args.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { table, tsv, when } from '../format.ts';

interface ScheduleItem {
  id: string;
  name: string;
  onCallNow: string[];
}
interface ShiftItem {
  userId: string;
  start: string;
  end: string;
  layerId: string;
}

async function list(ctx: Context) {
  const res = await ctx.api<{ items: ScheduleItem[] }>('GET', '/schedules');
  if (ctx.json) return ctx.printJson(res);
  if (!res.items.length) return ctx.note('No schedules.');
  const rows = res.items.map((s) => [s.id, s.name, s.onCallNow.join(', ') || 'nobody']);
  if (!ctx.tty) return ctx.out(...tsv(rows));
  const columns = ['ID', 'NAME', 'ON CALL NOW'].map((header) => ({ header }));
  ctx.out(...table(columns, rows, ctx.style, ctx.width));
}

async function shifts(ctx: Context, id: string) {
  const res = await ctx.api<{ onCall: string[]; shifts: ShiftItem[] }>(
    'GET',
    `/schedules/${encodeURIComponent(id)}/shifts`,
  );
  if (ctx.json) return ctx.printJson(res);
  const rows = res.shifts.map((s) => [when(s.start), when(s.end), s.userId, s.layerId]);
  if (!ctx.tty) return ctx.out(...tsv(rows));
  const columns = ['FROM', 'UNTIL', 'PERSON', 'LAYER'].map((header) => ({ header }));
  ctx.out(...table(columns, rows, ctx.style, ctx.width));
}

/** `expedite schedule list | shifts <id> | feed | feed-reset`. */
export const scheduleCommand: CommandSpec = {
  name: 'schedule',
  args: '<list|shifts|feed|feed-reset> [id]',
  summary: 'Schedules, their shifts, and your on-call calendar feed',
  description:
    '"shifts" lists the next 7 days of a schedule. "feed" prints the address of your calendar feed;\n' +
    '"feed-reset" gives it a new address and the old one stops working (use it if the address leaked).',
  examples: [
    'expedite schedule list',
    'expedite schedule shifts 0b9d7c4e-8f1a-4c55-9a53-2f0f3c1b7d11',
    'expedite schedule feed-reset',
  ],
  min: 0,
  max: 2,
  async run(ctx, input) {
    const [action = 'list', arg] = input.positionals;
    if (action !== 'shifts' && arg !== undefined)
      throw usageError(`unexpected argument "${arg}"`, 'schedule');
    if (action === 'list') return list(ctx);
    if (action === 'shifts') {
      if (!arg) throw usageError('missing <id> (see "expedite schedule list")', 'schedule');
      return shifts(ctx, arg);
    }
    if (action === 'feed' || action === 'feed-reset') {
      const res = await ctx.api<{ url: string }>(
        action === 'feed' ? 'GET' : 'POST',
        action === 'feed' ? '/me/on-call-feed' : '/me/on-call-feed/reset',
      );
      if (ctx.json) return ctx.printJson(res);
      ctx.out(res.url);
      if (action === 'feed-reset')
        ctx.note('The old address no longer works: subscribe again with this one.');
      return;
    }
    throw usageError(`unknown action "${action}"; expected list, shifts, feed or feed-reset`, 'schedule');
  },
};
