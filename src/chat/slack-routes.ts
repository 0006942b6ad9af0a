/**
 * The Slack app's endpoints, `/api/v1/chat/slack/commands|interactions|events`. Each reads the raw
 * body (the signature covers its exact bytes), refuses a bad or stale signature with 401 before
 * anything is done, then: slash commands (form fields) answer in the response; interactions
 * (`payload=` JSON) act and answer 200; events (JSON) answer the url_verification challenge and
 * copy reacted messages to the timeline. Without a Slack token and signing secret they answer 404.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { readBodiesRaw } from '../signals/hook-context.ts';
import { copyReacted, NOTE_MODAL, runAction, runCommand, submitNote } from './slack-app.ts';
import { slackApi, type SlackCall } from './slack-api.ts';
import { signatureProblem } from './slack-verify.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The API routes the Slack app posts to. */
export async function slackRoutes(app: FastifyInstance, ctx: DomainContext) {
  readBodiesRaw(app);

  /** The verified raw body and a Web API caller; 404 without the app, 401 for a bad signature. */
  function verified(req: FastifyRequest): { raw: string; slack: SlackCall } {
    const config = ctx.config.channels.slack;
    if (!config?.signingSecret) throw new AppError('not_found', 'The Slack app is not configured');
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const problem = signatureProblem(
      config.signingSecret,
      { timestamp: header('x-slack-request-timestamp'), signature: header('x-slack-signature') },
      raw,
      ctx.clock.now().getTime(),
    );
    if (problem) throw new AppError('unauthorized', `Slack signature refused: ${problem}`);
    return { raw, slack: slackApi(config, ctx.outbound) };
  }

  const common = {
    config: { permission: 'public' as const },
    bodyLimit: 1024 * 1024,
  };
  const description = (what: string) =>
    `${what} Signed by Slack (X-Slack-Signature over "v0:<timestamp>:<body>" with the app's signing secret, ` +
    'X-Slack-Request-Timestamp within five minutes); a bad or stale signature gets 401 and nothing is done.';

  app.post(
    '/api/v1/chat/slack/commands',
    {
      ...common,
      schema: {
        tags: ['chat'],
        summary: 'Slack slash command /expedite',
        description: description(
          'declare <title> | status [#n] | note [#n] <text> | ack [#n] | own [#n] | resolve [#n] <summary>, as the ' +
            'Expedite person with the Slack user’s email (form fields as Slack sends them).',
        ),
        response: {
          200: z.object({ response_type: z.enum(['ephemeral', 'in_channel']), text: z.string() }),
          ...errors(400, 401, 404, 413),
        },
      },
    },
    async (req) => {
      const { raw, slack } = verified(req);
      const form = new URLSearchParams(raw);
      return runCommand(ctx, slack, {
        text: form.get('text') ?? '',
        userId: form.get('user_id') ?? '',
        channelId: form.get('channel_id') ?? '',
      });
    },
  );

  app.post(
    '/api/v1/chat/slack/interactions',
    {
      ...common,
      schema: {
        tags: ['chat'],
        summary: 'Slack interactivity: buttons and the note modal',
        description: description('block_actions (acknowledge, take ownership, add note) and the note modal.'),
        response: { 200: z.unknown(), ...errors(400, 401, 404, 413) },
      },
    },
    async (req, reply) => {
      const { raw, slack } = verified(req);
      let payload: unknown;
      try {
        payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '');
      } catch {
        throw new AppError('invalid_request', 'payload: not JSON', [
          { field: 'body.payload', message: 'not JSON' },
        ]);
      }
      if (!isObject(payload)) throw new AppError('invalid_request', 'payload: not an object');
      const userId = isObject(payload.user) ? str(payload.user.id) : '';
      if (payload.type === 'block_actions' && Array.isArray(payload.actions)) {
        const channelId = isObject(payload.channel) ? str(payload.channel.id) : '';
        for (const a of payload.actions.filter(isObject))
          await runAction(ctx, slack, {
            userId,
            channelId: channelId || null,
            actionId: str(a.action_id),
            value: str(a.value),
            triggerId: str(payload.trigger_id) || null,
          });
        return reply.code(200).send('');
      }
      if (
        payload.type === 'view_submission' &&
        isObject(payload.view) &&
        payload.view.callback_id === NOTE_MODAL
      ) {
        const values =
          isObject(payload.view.state) && isObject(payload.view.state.values)
            ? payload.view.state.values
            : {};
        const note = isObject(values.note) && isObject(values.note.text) ? str(values.note.text.value) : '';
        const error = await submitNote(ctx, slack, {
          userId,
          incidentId: str(payload.view.private_metadata),
          text: note,
        });
        return error ? { response_action: 'errors', errors: { note: error } } : reply.code(200).send('');
      }
      return reply.code(200).send('');
    },
  );

  app.post(
    '/api/v1/chat/slack/events',
    {
      ...common,
      schema: {
        tags: ['chat'],
        summary: 'Slack Events API',
        description: description(
          'url_verification answers the challenge; reaction_added with the chosen emoji in an incident channel ' +
            'copies the message to the timeline with its author.',
        ),
        response: { 200: z.unknown(), ...errors(400, 401, 404, 413) },
      },
    },
    async (req, reply) => {
      const { raw, slack } = verified(req);
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new AppError('invalid_request', 'body: not JSON', [{ field: 'body', message: 'not JSON' }]);
      }
      if (!isObject(body)) throw new AppError('invalid_request', 'body: not an object');
      if (body.type === 'url_verification') return { challenge: str(body.challenge) };
      const event = isObject(body.event) ? body.event : null;
      if (body.type === 'event_callback' && event?.type === 'reaction_added' && isObject(event.item)) {
        if (event.item.type === 'message')
          await copyReacted(ctx, slack, {
            reaction: str(event.reaction),
            channelId: str(event.item.channel),
            ts: str(event.item.ts),
            reactedBy: str(event.user),
          });
      }
      return reply.code(200).send('');
    },
  );
}
