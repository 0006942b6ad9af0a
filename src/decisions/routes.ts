/**
 * The decision acts over HTTP: the question of an incident and the answer a responder records
 * (`/api/v1/incidents/{ref}/decision…`), the product owners of teams and services, and the public
 * answer page behind a question's signed links (`/decide/{token}`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { getUser } from '../auth/store.ts';
import { AppError } from '../errors.ts';
import { pageHeaders } from '../http/page-headers.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { incidentSchema, refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { applyAnswer } from './answer.ts';
import { readAnswerToken } from './links.ts';
import { decisionMessagePage, questionPage } from './page.ts';
import {
  answerBody,
  answers,
  productRolesBody,
  productRolesSchema,
  questionSchema,
  type Answer,
} from './schema.ts';
import { getQuestion, latestQuestion, productRoles, setProductRoles } from './store.ts';

const idParams = z.object({ id: z.uuid() });
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The API routes of the decision acts. */
export async function decisionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool } = deps;

  r.get(
    '/api/v1/incidents/:ref/decision-question',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['work'],
        summary: "The product owner's question of an incident",
        description:
          'The newest question put to the product owners (pending or answered); null when none was asked.',
        params: refParams,
        response: { 200: z.object({ question: questionSchema.nullable() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      const q = await latestQuestion(pool, incident.id);
      return {
        question: q
          ? {
              id: q.id,
              askedAt: q.asked_at.toISOString(),
              askedTo: q.asked_names,
              remindedAt: iso(q.reminded_at),
              escalatedAt: iso(q.escalated_at),
              answer: q.answer,
              reason: q.reason,
              answeredBy: q.answered_by ? { id: q.answered_by, name: q.answered_name ?? '' } : null,
              answeredAt: iso(q.answered_at),
            }
          : null,
      };
    },
  );

  r.post(
    '/api/v1/incidents/:ref/decision',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['work'],
        summary: 'Record the decision: expedite, backlog or decline',
        description:
          'Answers the product owner’s question (or decides without one), with a reason on the timeline. ' +
          'expedite sets the decision and pages; backlog moves the incident to the Backlog; decline closes it. ' +
          '409 when its status allows no such move (e.g. work has started).',
        params: refParams,
        body: answerBody,
        response: { 200: incidentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) =>
      getIncident(pool, await applyAnswer(deps, req.params.ref, currentUser(req), req.body, 'app')),
  );

  for (const kind of ['team', 'service'] as const) {
    const path = `/api/v1/${kind}s/:id/product-owners`;
    r.get(
      path,
      {
        config: { permission: 'incidents:read' },
        schema: {
          tags: ['paging'],
          summary: `The product owners of a ${kind}`,
          params: idParams,
          response: { 200: productRolesSchema, ...authErrors, ...errors(404) },
        },
      },
      async (req) => productRoles(pool, kind, req.params.id),
    );
    r.put(
      path,
      {
        config: { permission: 'paging:manage' },
        schema: {
          tags: ['paging'],
          summary: `Set the product owners of a ${kind}`,
          description:
            kind === 'team'
              ? 'The people asked "expedite, backlog or decline?" for its areas, and the lead told of a question left unanswered.'
              : 'The people asked "expedite, backlog or decline?" for its incidents (before its team’s).',
          params: idParams,
          body: productRolesBody,
          response: { 200: productRolesSchema, ...errors(400, 401, 403, 404) },
        },
      },
      async (req) => {
        await setProductRoles(pool, kind, req.params.id, req.body);
        return productRoles(pool, kind, req.params.id);
      },
    );
  }
}

/** The public answer page: GET shows the question, POST (a form) answers it as the link's person. */
export async function answerPageRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const { pool } = deps;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  const params = z.object({ token: z.string().max(200) });
  const html = (reply: FastifyReply, status: number, page: string) =>
    pageHeaders(reply).code(status).type('text/html').send(page);

  /** The question and person of a token, with the incident; undefined when the link is not valid. */
  async function resolve(token: string) {
    const found = await readAnswerToken(pool, token);
    const q = found && (await getQuestion(pool, found.questionId));
    const user = found && (await getUser(pool, found.userId));
    if (!found || !q || !user || user.disabled) return undefined;
    return { q, user, incident: await getIncident(pool, q.incident_id) };
  }

  app.get(
    '/decide/:token',
    {
      config: { permission: 'public' },
      schema: { hide: true, params, querystring: z.object({ answer: z.string().max(20).optional() }) },
    },
    async (req, reply) => {
      const found = await resolve((req.params as { token: string }).token);
      if (!found)
        return html(reply, 404, decisionMessagePage('Link not valid', 'This decision link is not valid.'));
      const url = `${deps.config.publicUrl}/incidents/${found.incident.number}`;
      if (found.q.answer)
        return html(
          reply,
          200,
          decisionMessagePage('Already answered', `This question was answered: ${found.q.answer}.`, url),
        );
      const chosen = (req.query as { answer?: string }).answer;
      return html(
        reply,
        200,
        questionPage(
          found.incident,
          answers.find((a) => a === chosen),
        ),
      );
    },
  );

  app.post(
    '/decide/:token',
    { config: { permission: 'public' }, schema: { hide: true, params } },
    async (req, reply) => {
      const found = await resolve((req.params as { token: string }).token);
      if (!found)
        return html(reply, 404, decisionMessagePage('Link not valid', 'This decision link is not valid.'));
      const url = `${deps.config.publicUrl}/incidents/${found.incident.number}`;
      if (found.q.answer)
        return html(
          reply,
          409,
          decisionMessagePage('Already answered', `This question was answered: ${found.q.answer}.`, url),
        );
      const body = (req.body ?? {}) as { answer?: string; reason?: string };
      const parsed = answerBody.safeParse({ answer: body.answer, reason: body.reason ?? '' });
      if (!parsed.success)
        return html(
          reply,
          400,
          decisionMessagePage('Not answered', 'Choose expedite, backlog or decline and give a reason.', url),
        );
      try {
        await applyAnswer(deps, found.incident.id, found.user, parsed.data, 'link');
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict')
          return html(reply, 409, decisionMessagePage('Not applied', err.message, url));
        throw err;
      }
      const done: Record<Answer, string> = {
        expedite: 'Expedited: the people on call are being paged.',
        backlog: 'Moved to the Backlog.',
        decline: 'Declined: the incident is closed.',
      };
      return html(reply, 200, decisionMessagePage('Thank you', done[parsed.data.answer], url));
    },
  );
}
