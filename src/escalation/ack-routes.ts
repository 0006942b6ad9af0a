/**
 * The signed link in every message, `/ack/<token>`: opening it shows a page that asks to confirm,
 * posting it acknowledges (so mail scanners that open links acknowledge nothing). A phone call's
 * key press posts to the same address, signed by Twilio, and is answered in TwiML.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getUser } from '../auth/store.ts';
import { AppError } from '../errors.ts';
import { pageHeaders } from '../http/page-headers.ts';
import { readAckToken } from '../signing/links.ts';
import { ACK_PAGE_POLICY, ackConfirmPage, ackMessagePage } from './ack-page.ts';
import { acknowledgeIncident } from './acknowledge.ts';
import { escalationSummary } from './store.ts';
import { fromTwilio, twiml } from './twilio-routes.ts';

/** The routes of `/ack/{token}`; `twilioAuthToken` checks the key presses of calls. */
export async function ackRoutes(app: FastifyInstance, opts: { twilioAuthToken: string | null }) {
  const deps = app.deps;
  const { pool } = deps;

  app.get(
    '/ack/:token',
    {
      config: { permission: 'public' },
      schema: { hide: true, params: z.object({ token: z.string().max(200) }) },
    },
    async (req, reply) => {
      const { token } = req.params as { token: string };
      pageHeaders(reply, ACK_PAGE_POLICY);
      const found = await readAckToken(pool, token);
      if (!found)
        return reply
          .code(404)
          .type('text/html')
          .send(ackMessagePage('Link not valid', 'This acknowledgement link is not valid.'));
      const e = await escalationSummary(pool, found.escalationId);
      if (!e)
        return reply.code(404).type('text/html').send(ackMessagePage('Link not valid', 'Unknown page.'));
      return reply.type('text/html').send(ackConfirmPage(e));
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
      const call = req.headers['x-twilio-signature'] !== undefined;
      if (call && !fromTwilio(req, opts.twilioAuthToken, deps.config.publicUrl))
        throw new AppError('unauthorized', 'Not a signed Twilio request');
      // On the web page, the answer links to the incident room once the incident is known.
      const answer = (status: number, title: string, text: string, incident?: number) =>
        call
          ? reply
              .code(200)
              .type('text/xml')
              .send(twiml('Say', `${title}. ${text}`))
          : pageHeaders(reply, ACK_PAGE_POLICY)
              .code(status)
              .type('text/html')
              .send(ackMessagePage(title, text, incident));
      if (call && (req.body as { Digits?: string } | undefined)?.Digits !== '1')
        return answer(200, 'Not acknowledged', 'Goodbye.');
      const found = await readAckToken(pool, token);
      if (!found) return answer(404, 'Link not valid', 'This acknowledgement link is not valid.');
      const e = await escalationSummary(pool, found.escalationId);
      const user = await getUser(pool, found.userId);
      if (!e || !user || user.disabled) return answer(404, 'Link not valid', 'Unknown page.');
      try {
        await acknowledgeIncident(deps, e.incidentId, user, call ? 'phone' : 'link');
        const done = 'The escalation has stopped. You own the incident if nobody did.';
        return answer(200, 'Acknowledged', done, e.number);
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict')
          return answer(409, 'Already handled', `${err.message}.`, e.number);
        throw err;
      }
    },
  );
}
