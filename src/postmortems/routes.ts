/**
 * A post-mortem over HTTP, under its incident: read it (with the blameless check's findings),
 * create one by hand, save its document, delegate it, invite to its meeting, add action items,
 * ask for review, approve, publish. The list of all post-mortems and the settings.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { createPostmortem } from './create.ts';
import { addAction, patchPostmortem, saveDocument } from './edit.ts';
import { invite } from './meeting.ts';
import { approvePostmortem, publish, requestReview } from './publish.ts';
import { readPostmortem } from './read.ts';
import {
  actionBody,
  actionSchema,
  createBody,
  documentBody,
  inviteBody,
  listQuery,
  patchBody,
  postmortemSchema,
  publishBody,
  reviewBody,
  settingsSchema,
  summarySchema,
} from './schema.ts';
import { dayOf, dueWorkingDays, listPostmortems, setDueWorkingDays } from './store.ts';
import { resolvePerson } from '../incidents/change.ts';
import { AppError } from '../errors.ts';

const tags = ['postmortems'];

export async function postmortemRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = ctx;
  const one = { 200: postmortemSchema, ...errors(400, 401, 403, 404, 409) };
  const read = (ref: string) => readPostmortem(pool, ref, clock.now());

  r.get(
    '/api/v1/postmortems',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags,
        summary: 'Post-mortems: the ones to write first, then the published',
        description: "With `incident`, that incident's only (an empty list when it has none).",
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(summarySchema) }), ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const incidentId = req.query.incident ? (await getIncident(pool, req.query.incident)).id : undefined;
      const q = {
        ...(req.query.status ? { status: req.query.status } : {}),
        ...(incidentId ? { incidentId } : {}),
      };
      return { items: await listPostmortems(pool, q, dayOf(clock.now())) };
    },
  );

  r.get(
    '/api/v1/postmortems/settings',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags,
        summary: 'Post-mortem settings',
        response: { 200: settingsSchema, ...errors(401, 403) },
      },
    },
    async () => ({ dueWorkingDays: await dueWorkingDays(pool) }),
  );

  r.put(
    '/api/v1/postmortems/settings',
    {
      config: { permission: 'policy:write' },
      schema: {
        tags,
        summary: 'Change how many working days after resolution a post-mortem is due',
        body: settingsSchema,
        response: { 200: settingsSchema, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      await setDueWorkingDays(pool, req.body.dueWorkingDays);
      return { dueWorkingDays: await dueWorkingDays(pool) };
    },
  );

  r.get(
    '/api/v1/incidents/:ref/postmortem',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags,
        summary: "An incident's post-mortem, with sentences that may attribute blame",
        description:
          'findings: sentences naming a person with words of blame, each with neutral wording. 404 when there is none.',
        params: refParams,
        response: one,
      },
    },
    async (req) => read(req.params.ref),
  );

  r.post(
    '/api/v1/incidents/:ref/postmortem',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Start a post-mortem by hand',
        description:
          'Resolved P1/P2 incidents, data loss and deviations get one by themselves once resolved. The draft is ' +
          'filled in from the incident and its timeline. 409 when the incident has one.',
        params: refParams,
        body: createBody,
        response: { 201: postmortemSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const actor = currentUser(req);
      const owner = req.body.owner ? await resolvePerson(pool, req.body.owner, 'body.owner') : null;
      const id = await createPostmortem(ctx, req.params.ref, {
        requiredBy: 'by-hand',
        actor,
        ...(owner ? { ownerId: owner.id } : {}),
        ...(req.body.dueOn ? { dueOn: req.body.dueOn } : {}),
      });
      if (!id) throw new AppError('conflict', 'The incident has a post-mortem already');
      return reply.code(201).send(await read(req.params.ref));
    },
  );

  r.patch(
    '/api/v1/incidents/:ref/postmortem',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Delegate a post-mortem, or change its due date',
        params: refParams,
        body: patchBody,
        response: one,
      },
    },
    async (req) => patchPostmortem(ctx, req.params.ref, req.body, currentUser(req)),
  );

  r.put(
    '/api/v1/incidents/:ref/postmortem/document',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Save sections of the document',
        description:
          'Answers with the blameless findings: a warning, the text is saved anyway. 409 once published.',
        params: refParams,
        body: documentBody,
        response: one,
      },
    },
    async (req) => saveDocument(ctx, req.params.ref, req.body),
  );

  r.post(
    '/api/v1/incidents/:ref/postmortem/invite',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Invite to the post-mortem meeting',
        description:
          'Each participant is emailed an iCalendar invitation (METHOD:REQUEST) from the owner. Inviting again moves ' +
          'the same event (its SEQUENCE grows).',
        params: refParams,
        body: inviteBody,
        response: one,
      },
    },
    async (req) => invite(ctx, req.params.ref, req.body, currentUser(req)),
  );

  r.post(
    '/api/v1/incidents/:ref/postmortem/actions',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Add an action item agreed in the discussion',
        description: 'kind: technical (a new or different solution), training (of staff) or policy.',
        params: refParams,
        body: actionBody,
        response: { 201: actionSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await addAction(ctx, req.params.ref, req.body)),
  );

  r.post(
    '/api/v1/incidents/:ref/postmortem/review',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Name the reviewers and put the post-mortem in review',
        params: refParams,
        body: reviewBody,
        response: one,
      },
    },
    async (req) => requestReview(ctx, req.params.ref, req.body),
  );

  r.post(
    '/api/v1/incidents/:ref/postmortem/approve',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Approve a post-mortem in review (named reviewers only)',
        params: refParams,
        response: one,
      },
    },
    async (req) => approvePostmortem(ctx, req.params.ref, currentUser(req)),
  );

  r.post(
    '/api/v1/incidents/:ref/postmortem/publish',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags,
        summary: 'Publish a post-mortem every reviewer approved',
        description:
          'Each person of the audience is emailed a link; on the timeline. 409 while approvals are missing.',
        params: refParams,
        body: publishBody,
        response: one,
      },
    },
    async (req) => publish(ctx, req.params.ref, req.body, currentUser(req)),
  );
}
