/**
 * On-call schedules over HTTP: admins create and change them (layers, overrides, business hours);
 * everyone signed in sees who is on call now or at any time and the shifts of a period; each person
 * has an iCalendar feed of their shifts (a signed address, for calendar apps that cannot sign in).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import { getUser } from '../auth/store.ts';
import { invalidField, notFound } from '../errors.ts';
import { signValue, verifyValue } from '../signing/links.ts';
import { errors } from '../http/schemas.ts';
import { icalFeed } from './ical.ts';
import { onCallAt, shifts } from './on-call.ts';
import { scheduleSchema } from './schema.ts';
import { getSchedule, listSchedules, saveSchedule, type ScheduleRow } from './store.ts';

const idParams = z.object({ id: z.uuid() });
const MAX_RANGE_DAYS = 366;

const scheduleView = z
  .object({ id: z.uuid(), name: z.string(), definition: scheduleSchema, updatedAt: z.iso.datetime() })
  .meta({ id: 'Schedule' });
const scheduleBody = z.object({ name: z.string().trim().min(1).max(200), definition: scheduleSchema });
const shiftView = z.object({
  userId: z.string(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  layerId: z.string(),
});

const toView = (r: ScheduleRow) => ({
  id: r.id,
  name: r.name,
  definition: r.definition,
  updatedAt: r.updated_at.toISOString(),
});

export async function scheduleRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock, config } = app.deps;

  r.get(
    '/api/v1/schedules',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'List schedules with who is on call now',
        response: {
          200: z.object({ items: z.array(scheduleView.extend({ onCallNow: z.array(z.string()) })) }),
          ...errors(401, 403),
        },
      },
    },
    async () => {
      const rows = await listSchedules(pool);
      const now = clock.now();
      return { items: rows.map((x) => ({ ...toView(x), onCallNow: onCallAt(x.definition, now).userIds })) };
    },
  );

  for (const method of ['post', 'put'] as const) {
    const url = method === 'post' ? '/api/v1/schedules' : '/api/v1/schedules/:id';
    r[method](
      url,
      {
        config: { permission: 'paging:manage' },
        schema: {
          tags: ['paging'],
          summary: method === 'post' ? 'Create a schedule' : 'Change a schedule',
          description:
            'Layers rotate people daily, weekly or every N hours, handing off at a local time in the schedule’s time zone ' +
            '(correct across daylight-saving changes); later layers win where they have someone; overrides win over layers.',
          ...(method === 'put' ? { params: idParams } : {}),
          body: scheduleBody,
          response: { [method === 'post' ? 201 : 200]: scheduleView, ...errors(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const actor = currentUser(req);
        const id = (req.params as { id?: string }).id;
        const now = clock.now();
        const row = await audited(
          pool,
          (tx) => saveSchedule(tx, id, req.body, now),
          (saved) => ({
            at: now,
            actorId: actor.id,
            action: id ? 'schedule.update' : 'schedule.create',
            target: `schedule:${saved.id}`,
            data: req.body,
          }),
        );
        return reply.code(id ? 200 : 201).send(toView(row));
      },
    );
  }

  r.get(
    '/api/v1/schedules/:id/shifts',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'Shifts of a period, and who is on call at a time',
        params: idParams,
        querystring: z.object({
          from: z.iso.datetime({ offset: true }).optional().describe('Default: now'),
          to: z.iso
            .datetime({ offset: true })
            .optional()
            .describe(`Default: from + 7 days; at most ${MAX_RANGE_DAYS} days`),
          at: z.iso
            .datetime({ offset: true })
            .optional()
            .describe('Who is on call at this time (default: now)'),
        }),
        response: {
          200: z.object({ onCall: z.array(z.string()), shifts: z.array(shiftView) }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const s = await getSchedule(pool, req.params.id);
      const from = req.query.from ? new Date(req.query.from) : clock.now();
      const to = req.query.to ? new Date(req.query.to) : new Date(from.getTime() + 7 * 86_400_000);
      if (to <= from) throw invalidField('querystring.to', 'must be after from');
      if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
        throw invalidField('querystring.to', `at most ${MAX_RANGE_DAYS} days after from`);
      const at = req.query.at ? new Date(req.query.at) : clock.now();
      return {
        onCall: onCallAt(s.definition, at).userIds,
        shifts: shifts(s.definition, from, to).map((x) => ({
          ...x,
          start: x.start.toISOString(),
          end: x.end.toISOString(),
        })),
      };
    },
  );

  r.get(
    '/api/v1/me/on-call-feed',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'The address of my iCalendar feed of on-call shifts',
        description: 'A signed address for calendar apps (30 days back, 90 ahead, every schedule).',
        response: { 200: z.object({ url: z.string() }), ...errors(401, 403) },
      },
    },
    async (req) => {
      const me = currentUser(req);
      return { url: `${config.publicUrl}/ical/${me.id}/${await signValue(pool, `ical.${me.id}`)}.ics` };
    },
  );

  app.get(
    '/ical/:userId/:file',
    {
      config: { permission: 'public' },
      schema: { hide: true, params: z.object({ userId: z.uuid(), file: z.string().max(100) }) },
    },
    async (req, reply) => {
      const { userId, file } = req.params as { userId: string; file: string };
      const sig = file.replace(/\.ics$/, '');
      const user = await getUser(pool, userId);
      // A disabled person's feed ends with their access.
      if (!user || user.disabled || !(await verifyValue(pool, `ical.${userId}`, sig)))
        throw notFound('feed', userId);
      const now = clock.now();
      const rows = await listSchedules(pool);
      const from = new Date(now.getTime() - 30 * 86_400_000);
      const to = new Date(now.getTime() + 90 * 86_400_000);
      const mine = rows.flatMap((s) =>
        shifts(s.definition, from, to)
          .filter((x) => x.userId === userId)
          .map((x) => ({ ...x, scheduleId: s.id, scheduleName: s.name })),
      );
      const body = icalFeed(user.name, mine, {
        prodId: '-//Expedite//On-call//EN',
        calendarName: `${user.name} on call`,
        now,
        scheduleId: 'all',
      });
      return reply.type('text/calendar; charset=utf-8').send(body);
    },
  );
}
