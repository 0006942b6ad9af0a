/** The work on an incident over HTTP: ownership, handover, roles, notes, tasks, time. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { errors } from '../http/schemas.ts';
import { assignRole, handOver, takeOwnership, unassignRole } from './ownership.ts';
import { handoverBody, incidentRoles, incidentSchema, refParams, roleBody } from './schema.ts';
import { noteBody, taskBody, taskPatchBody, taskSchema, timeBody, timeEntrySchema } from './work-schema.ts';
import { getIncident } from './store.ts';
import { addNote, addTask, changeTask, logTime } from './work.ts';
import { listTasks, listTimeEntries } from './work-store.ts';

const incidentResponse = { 200: incidentSchema, ...errors(400, 401, 403, 404, 409) };
const work = { permission: 'incidents:work' as const };

export async function workRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool } = deps;

  r.post(
    '/api/v1/incidents/:ref/ownership',
    {
      config: work,
      schema: {
        tags: ['work'],
        summary: 'Take ownership',
        description:
          'The first responder becomes owner. 409 if someone else owns it: they hand over instead.',
        params: refParams,
        response: incidentResponse,
      },
    },
    async (req) => getIncident(pool, await takeOwnership(deps, req.params.ref, currentUser(req))),
  );

  r.post(
    '/api/v1/incidents/:ref/handover',
    {
      config: work,
      schema: {
        tags: ['work'],
        summary: 'Hand over to another person',
        description: 'By the owner or an admin, with a note.',
        params: refParams,
        body: handoverBody,
        response: incidentResponse,
      },
    },
    async (req) => getIncident(pool, await handOver(deps, req.params.ref, currentUser(req), req.body)),
  );

  r.post(
    '/api/v1/incidents/:ref/roles',
    {
      config: work,
      schema: {
        tags: ['work'],
        summary: 'Assign a role',
        description: `Roles: ${incidentRoles.join(', ')}. The owner is set by ownership and handover.`,
        params: refParams,
        body: roleBody,
        response: incidentResponse,
      },
    },
    async (req) => getIncident(pool, await assignRole(deps, req.params.ref, currentUser(req), req.body)),
  );

  r.delete(
    '/api/v1/incidents/:ref/roles/:role/:person',
    {
      config: work,
      schema: {
        tags: ['work'],
        summary: 'Remove a role',
        params: refParams.extend({
          role: z.enum(incidentRoles),
          person: z.string().min(1).describe('Id or email'),
        }),
        response: incidentResponse,
      },
    },
    async (req) =>
      getIncident(
        pool,
        await unassignRole(deps, req.params.ref, currentUser(req), req.params.person, req.params.role),
      ),
  );

  r.post(
    '/api/v1/incidents/:ref/notes',
    {
      config: work,
      schema: {
        tags: ['work'],
        summary: 'Add a note',
        description: 'Notes are timeline entries: never edited; correct with a new note.',
        params: refParams,
        body: noteBody,
        response: { 201: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await addNote(deps, req.params.ref, currentUser(req), req.body);
      return reply.code(201).send({ ok: true as const });
    },
  );

  r.get(
    '/api/v1/incidents/:ref/tasks',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['work'],
        summary: 'List tasks',
        params: refParams,
        response: { 200: z.object({ items: z.array(taskSchema) }), ...errors(401, 403, 404) },
      },
    },
    async (req) => ({ items: await listTasks(pool, (await getIncident(pool, req.params.ref)).id) }),
  );

  r.post(
    '/api/v1/incidents/:ref/tasks',
    {
      config: work,
      schema: {
        tags: ['work'],
        summary: 'Add a task',
        params: refParams,
        body: taskBody,
        response: { 201: taskSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addTask(deps, req.params.ref, currentUser(req), req.body)),
  );

  r.patch(
    '/api/v1/incidents/:ref/tasks/:taskId',
    {
      config: work,
      schema: {
        tags: ['work'],
        summary: 'Change a task',
        description: 'Mark done or not, reassign (null unassigns), or reword.',
        params: refParams.extend({ taskId: z.uuid() }),
        body: taskPatchBody,
        response: { 200: taskSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => changeTask(deps, req.params.ref, currentUser(req), req.params.taskId, req.body),
  );

  r.get(
    '/api/v1/incidents/:ref/time',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['work'],
        summary: 'Time entries',
        description: 'Hours spent, with the total, for resolution reports.',
        params: refParams,
        response: {
          200: z.object({ items: z.array(timeEntrySchema), totalHours: z.number() }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (req) => {
      const items = await listTimeEntries(pool, (await getIncident(pool, req.params.ref)).id);
      return { items, totalHours: Math.round(items.reduce((s, e) => s + e.hours, 0) * 100) / 100 };
    },
  );

  r.post(
    '/api/v1/incidents/:ref/time',
    {
      config: work,
      schema: {
        tags: ['work'],
        summary: 'Log time spent',
        params: refParams,
        body: timeBody,
        response: { 201: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await logTime(deps, req.params.ref, currentUser(req), req.body);
      return reply.code(201).send({ ok: true as const });
    },
  );
}
