/**
 * Paging over HTTP: escalation policies and teams (admins), a service's chain of command, and on
 * an incident: its escalations, paging by hand, acknowledging, escalating now or to a level. The
 * signed links in messages acknowledge at `/ack/<token>` (a confirmation page, then a POST, so
 * mail scanners that open links acknowledge nothing).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/store.ts';
import { currentUser } from '../auth/plugin.ts';
import { getUser } from '../auth/store.ts';
import { withTransaction } from '../db/pool.ts';
import { AppError, notFound } from '../errors.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { changeIncident } from '../incidents/change.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { readAckToken } from '../signing/links.ts';
import { businessHours, businessHoursSchema, saveBusinessHours } from './business-hours.ts';
import { fromTwilio, twiml } from './twilio-routes.ts';
import { acknowledgeIncident } from './acknowledge.ts';
import { requestPage } from '../incidents/page-request.ts';
import { escalateNow } from './flow.ts';
import { escalationSchema, policyBody, policySchema, teamBody, teamSchema } from './schema.ts';
import { escalationsOf, getPolicy, insertPolicy, listPolicies, updatePolicy } from './store.ts';
import { listTeams, saveTeam } from './teams.ts';

const idParams = z.object({ id: z.uuid() });

export async function escalationRoutes(app: FastifyInstance, opts: { twilioAuthToken: string | null }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool, clock } = deps;

  r.get(
    '/api/v1/escalation-policies',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'List escalation policies',
        response: { 200: z.object({ items: z.array(policySchema) }), ...authErrors },
      },
    },
    async () => ({ items: await listPolicies(pool) }),
  );

  r.post(
    '/api/v1/escalation-policies',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Create an escalation policy',
        description:
          'Ordered levels, each paging people, schedules, teams or the service owner, with a timeout; repeat N times.',
        body: policyBody,
        response: { 201: policySchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const actor = currentUser(req);
      const policy = await withTransaction(pool, async (tx) => {
        const p = await insertPolicy(tx, req.body, clock.now());
        await recordAudit(tx, {
          at: clock.now(),
          actorId: actor.id,
          action: 'escalation-policy.create',
          target: `escalation-policy:${p.id}`,
          data: req.body,
        });
        return p;
      });
      return reply.code(201).send(policy);
    },
  );

  r.put(
    '/api/v1/escalation-policies/:id',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Change an escalation policy',
        description: 'Escalations already running keep the version they started with.',
        params: idParams,
        body: policyBody,
        response: { 200: policySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      return withTransaction(pool, async (tx) => {
        const before = await getPolicy(tx, req.params.id);
        const p = await updatePolicy(tx, req.params.id, req.body, clock.now());
        await recordAudit(tx, {
          at: clock.now(),
          actorId: actor.id,
          action: 'escalation-policy.update',
          target: `escalation-policy:${p.id}`,
          data: { before, after: req.body },
        });
        return p;
      });
    },
  );

  r.get(
    '/api/v1/teams',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'List teams',
        response: { 200: z.object({ items: z.array(teamSchema) }), ...authErrors },
      },
    },
    async () => ({ items: await listTeams(pool) }),
  );

  r.post(
    '/api/v1/teams',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Create a team',
        description:
          'A team answers for incident areas (FE, BE, DEVOPS; FEBE pages both FE and BE teams) with its escalation policy.',
        body: teamBody,
        response: { 201: teamSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await saveTeam(deps, currentUser(req), null, req.body)),
  );

  r.put(
    '/api/v1/teams/:id',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Change a team',
        params: idParams,
        body: teamBody,
        response: { 200: teamSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => saveTeam(deps, currentUser(req), req.params.id, req.body),
  );

  r.put(
    '/api/v1/services/:id/chain',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: "Set a service's chain of command",
        description:
          'Its team, its senior-most responsible person (the `service-owner` target) and its escalation policy.',
        params: idParams,
        body: z.object({
          teamId: z.uuid().nullable(),
          ownerId: z.uuid().nullable(),
          escalationPolicyId: z.uuid().nullable(),
        }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      const b = req.body;
      await withTransaction(pool, async (tx) => {
        const { rowCount } = await tx.query(
          'UPDATE services SET team_id = $2, owner_id = $3, escalation_policy_id = $4 WHERE id = $1',
          [req.params.id, b.teamId, b.ownerId, b.escalationPolicyId],
        );
        if (!rowCount) throw notFound('service', req.params.id);
        await recordAudit(tx, {
          at: clock.now(),
          actorId: actor.id,
          action: 'service.chain',
          target: `service:${req.params.id}`,
          data: b,
        });
      });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/business-hours',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'Business hours',
        description: 'P3/P4 incidents page only within them, unless a covering policy has lowUrgencyAnytime.',
        response: { 200: businessHoursSchema, ...authErrors },
      },
    },
    async () => businessHours(pool),
  );

  r.put(
    '/api/v1/business-hours',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'Set business hours',
        body: businessHoursSchema,
        response: { 200: businessHoursSchema, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      await withTransaction(pool, async (tx) => {
        await saveBusinessHours(tx, req.body, clock.now());
        await recordAudit(tx, {
          at: clock.now(),
          actorId: actor.id,
          action: 'business-hours.update',
          data: req.body,
        });
      });
      return req.body;
    },
  );

  r.get(
    '/api/v1/incidents/:ref/escalations',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'Escalations of an incident',
        params: refParams,
        response: { 200: z.object({ items: z.array(escalationSchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => ({ items: await escalationsOf(pool, (await getIncident(pool, req.params.ref)).id) }),
  );

  r.post(
    '/api/v1/incidents/:ref/page',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['paging'],
        summary: 'Page for an incident',
        description: 'Starts escalating by the policies of its service or area (unless already escalating).',
        params: refParams,
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
        response: { 202: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const actor = currentUser(req);
      await changeIncident(deps, req.params.ref, actor, async (c) => {
        await requestPage(
          c.tx,
          c.row.id,
          req.body.reason,
          `page:manual:${c.row.id}:${c.now.getTime()}`,
          c.now,
        );
        await c.record('page-requested', { reason: req.body.reason });
      });
      return reply.code(202).send({ ok: true as const });
    },
  );

  r.post(
    '/api/v1/incidents/:ref/acknowledge',
    {
      config: { permission: 'incidents:acknowledge' },
      schema: {
        tags: ['paging'],
        summary: 'Acknowledge the page',
        description:
          'Stops its escalations; the acknowledger becomes owner if there is none. 409 when nothing is paging.',
        params: refParams,
        response: { 200: z.object({ escalations: z.int() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => ({
      escalations: await acknowledgeIncident(deps, req.params.ref, currentUser(req), 'web'),
    }),
  );

  r.post(
    '/api/v1/incidents/:ref/escalate',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['paging'],
        summary: 'Escalate now, or jump to a level',
        params: refParams,
        body: z.object({
          level: z.int().min(1).max(10).optional().describe('1-based level; absent: the next one now'),
        }),
        response: { 200: z.object({ escalations: z.int() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      return changeIncident(deps, req.params.ref, actor, async (c) => {
        const { rows } = await c.tx.query<{ id: string; levels: number }>(
          `SELECT id, jsonb_array_length(policy->'levels') AS levels FROM escalations WHERE incident_id = $1 AND state = 'active'`,
          [c.row.id],
        );
        if (rows.length === 0) throw new AppError('conflict', `Nothing is paging for #${c.row.number}`);
        for (const e of rows) {
          const level = req.body.level === undefined ? undefined : Math.min(req.body.level, e.levels) - 1;
          await escalateNow(c.tx, e.id, c.now, level);
        }
        await c.record('escalated', { by: 'hand', level: req.body.level ?? 'next' });
        return { escalations: rows.length };
      });
    },
  );

  // The signed link in every message: a page that asks to confirm, then acknowledges.
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${title} · Expedite</title><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem">` +
    `<h1>${title}</h1>${body}</body></html>`;
  const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

  app.get(
    '/ack/:token',
    {
      config: { permission: 'public' },
      schema: { hide: true, params: z.object({ token: z.string().max(200) }) },
    },
    async (req, reply) => {
      const { token } = req.params as { token: string };
      const found = await readAckToken(pool, token);
      if (!found)
        return reply
          .code(404)
          .type('text/html')
          .send(page('Link not valid', '<p>This acknowledgement link is not valid.</p>'));
      const { rows } = await pool.query<{ number: number; tagline: string; state: string }>(
        'SELECT i.number, i.tagline, e.state FROM escalations e JOIN incidents i ON i.id = e.incident_id WHERE e.id = $1',
        [found.escalationId],
      );
      const e = rows[0];
      if (!e) return reply.code(404).type('text/html').send(page('Link not valid', '<p>Unknown page.</p>'));
      return reply
        .type('text/html')
        .send(
          page(
            `#${e.number}`,
            `<p>${escape(e.tagline)}</p>` +
              (e.state === 'active'
                ? `<form method="post"><button style="font-size:1.25rem;padding:.75rem 1.5rem">Acknowledge</button></form>`
                : `<p>This page is ${escape(e.state)}.</p>`),
          ),
        );
    },
  );

  app.post(
    '/ack/:token',
    {
      config: { permission: 'public' },
      schema: { hide: true, params: z.object({ token: z.string().max(200) }) },
    },
    async (req, reply) => {
      const { token } = req.params as { token: string };
      // A phone call's key press arrives from Twilio, signed, and is answered in TwiML.
      const call = req.headers['x-twilio-signature'] !== undefined;
      if (call && !fromTwilio(req, opts.twilioAuthToken, deps.config.publicUrl))
        throw new AppError('unauthorized', 'Not a signed Twilio request');
      const answer = (status: number, title: string, text: string) =>
        call
          ? reply
              .code(200)
              .type('text/xml')
              .send(twiml('Say', `${title}. ${text}`))
          : reply
              .code(status)
              .type('text/html')
              .send(page(title, `<p>${escape(text)}</p>`));
      if (call && (req.body as { Digits?: string } | undefined)?.Digits !== '1')
        return answer(200, 'Not acknowledged', 'Goodbye.');
      const found = await readAckToken(pool, token);
      if (!found) return answer(404, 'Link not valid', 'This acknowledgement link is not valid.');
      const { rows } = await pool.query<{ incident_id: string }>(
        'SELECT incident_id FROM escalations WHERE id = $1',
        [found.escalationId],
      );
      const user = await getUser(pool, found.userId);
      if (!rows[0] || !user || user.disabled) return answer(404, 'Link not valid', 'Unknown page.');
      try {
        await acknowledgeIncident(deps, rows[0].incident_id, user, call ? 'phone' : 'link');
        return answer(200, 'Acknowledged', 'The escalation has stopped. You own the incident if nobody did.');
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict')
          return answer(409, 'Already handled', `${err.message}.`);
        throw err;
      }
    },
  );
}
