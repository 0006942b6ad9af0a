/**
 * On-call schedules over HTTP: admins create and change them (layers, overrides, business hours);
 * everyone signed in sees who is on call now or at any time and the shifts of a period. A change
 * to the layers applies from a chosen moment (default: the next handoff), keeping past shifts; a
 * preview shows its effect before it is saved.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import { invalidField } from '../errors.ts';
import { errors } from '../http/schemas.ts';
import { onCallAt, shifts } from './on-call.ts';
import { type Schedule, scheduleSchema } from './schema.ts';
import { getSchedule, listSchedules, saveSchedule } from './store.ts';
import { editFor, previewOf, previewView } from './edit.ts';

const idParams = z.object({ id: z.uuid() });
const MAX_RANGE_DAYS = 366;

const scheduleView = z
  .object({ id: z.uuid(), name: z.string(), definition: scheduleSchema, updatedAt: z.iso.datetime() })
  .meta({ id: 'Schedule' });
const scheduleBody = z.object({
  name: z.string().trim().min(1).max(200),
  definition: scheduleSchema,
  applyFrom: z
    .union([z.enum(['next-handoff', 'now']), z.iso.datetime({ offset: true })])
    .optional()
    .describe(
      'When a change to the layers takes effect: the next handoff (default), now, or an instant not in the past. ' +
        'Shifts before it stay as they were',
    ),
});
const shiftView = z.object({
  userId: z.string(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  layerId: z.string(),
});

const toView = (r: { id: string; name: string; definition: Schedule; updated_at: Date }) => ({
  id: r.id,
  name: r.name,
  definition: r.definition,
  updatedAt: r.updated_at.toISOString(),
});

export async function scheduleRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = app.deps;

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
          response: {
            [method === 'post' ? 201 : 200]: scheduleView.extend({
              appliesFrom: z.iso.datetime().nullable().describe('When the new layers took or take effect'),
            }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (req, reply) => {
        const actor = currentUser(req);
        const id = (req.params as { id?: string }).id;
        const now = clock.now();
        let appliesFrom: Date | null = null;
        const row = await audited(
          pool,
          async (tx) => {
            const prev = id ? await getSchedule(tx, id, { lock: true }) : undefined;
            const edit = editFor(prev?.definition, req.body.definition, req.body.applyFrom, now);
            appliesFrom = edit.appliesFrom;
            return saveSchedule(tx, id, { name: req.body.name, definition: edit.definition }, now);
          },
          (saved) => ({
            at: now,
            actorId: actor.id,
            action: id ? 'schedule.update' : 'schedule.create',
            target: `schedule:${saved.id}`,
            data: { ...req.body, appliesFrom },
          }),
        );
        const from = appliesFrom as Date | null;
        return reply.code(id ? 200 : 201).send({ ...toView(row), appliesFrom: from?.toISOString() ?? null });
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

  r.post(
    '/api/v1/schedules/:id/preview',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'The effect of a change, before saving it',
        description:
          'Who is on call now and the shifts of the next 14 days, as they are and as they would be after the change ' +
          '(same body as changing the schedule). Nothing is saved.',
        params: idParams,
        body: scheduleBody,
        response: { 200: previewView, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const prev = await getSchedule(pool, req.params.id);
      return previewOf(prev.definition, req.body.definition, req.body.applyFrom, clock.now());
    },
  );
}
