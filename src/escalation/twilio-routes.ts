/**
 * What Twilio posts back, each request checked against its `X-Twilio-Signature`: SMS replies
 * ("ACK" or "ACK 42") acknowledge the person's page; delivery and call status reports mark a
 * message failed and move on to the person's next channel. (The key press of a voice call posts to
 * the call's acknowledgement link, see ack-routes.ts.)
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getUser } from '../auth/store.ts';
import { AppError } from '../errors.ts';
import { verifyTwilioSignature, xmlEscape } from '../notify/twilio.ts';
import { acknowledgeIncident } from './acknowledge.ts';
import { pageAnsweredBySms } from './contact-store.ts';
import { reportUndelivered } from './delivery-reports.ts';

/** True when the request carries a valid Twilio signature for this server's public address. */
export function fromTwilio(req: FastifyRequest, authToken: string | null, publicUrl: string): boolean {
  const signature = req.headers['x-twilio-signature'];
  if (!authToken || typeof signature !== 'string') return false;
  const params = (req.body ?? {}) as Record<string, string>;
  return verifyTwilioSignature(authToken, `${publicUrl}${req.url}`, params, signature);
}

/** A TwiML answer: a reply message, a spoken sentence, or nothing. */
export function twiml(kind: 'Message' | 'Say' | null, text = ''): string {
  const inner = kind ? `<${kind}>${xmlEscape(text)}</${kind}>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;
}

const failedStatuses = new Set(['failed', 'undelivered', 'busy', 'no-answer', 'canceled']);

/** The routes Twilio posts to: SMS replies and delivery or call status reports. */
export async function twilioRoutes(app: FastifyInstance, opts: { twilioAuthToken: string | null }) {
  const deps = app.deps;
  const { pool, config } = deps;
  const refuse = () => new AppError('unauthorized', 'Not a signed Twilio request');

  app.post(
    '/api/v1/notify/twilio/sms',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['paging'],
        summary: 'Twilio SMS replies',
        description:
          'Set as the Twilio number’s messaging webhook. "ACK" (or "ACK 42") acknowledges the sender’s page.',
        response: { 200: z.string().describe('TwiML') },
      },
    },
    async (req, reply) => {
      if (!fromTwilio(req, opts.twilioAuthToken, config.publicUrl)) throw refuse();
      const { From: from = '', Body: body = '' } = req.body as Record<string, string>;
      reply.type('text/xml');
      const m = /^\s*(?:ack|ok|1)\b\W*#?(\d+)?/i.exec(body);
      if (!m) return twiml('Message', 'Reply ACK to acknowledge your page (ACK 42 for incident #42).');
      const found = await pageAnsweredBySms(pool, from, m[1] ? Number(m[1]) : null);
      const user = found && (await getUser(pool, found.userId));
      if (!found || !user || user.disabled) return twiml('Message', 'Nothing is paging you right now.');
      await acknowledgeIncident(deps, found.incidentId, user, 'sms');
      return twiml('Message', `Acknowledged #${found.number}. You own it if nobody did.`);
    },
  );

  app.post(
    '/api/v1/notify/twilio/status',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['paging'],
        summary: 'Twilio delivery and call status reports',
        description:
          'Set as StatusCallback (EXPEDITE_TWILIO_STATUS_CALLBACK_URL). A failed SMS or unanswered call moves on to the next channel.',
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      if (!fromTwilio(req, opts.twilioAuthToken, config.publicUrl)) throw refuse();
      const p = req.body as Record<string, string>;
      const sid = p.MessageSid ?? p.CallSid ?? '';
      const status = p.MessageStatus ?? p.CallStatus ?? '';
      if (sid && failedStatuses.has(status)) {
        await reportUndelivered(deps, sid, `Twilio reports ${status}`, p.ErrorCode);
      }
      return reply.code(204).send(null);
    },
  );
}
