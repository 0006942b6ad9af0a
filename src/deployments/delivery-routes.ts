/**
 * `POST /api/v1/deployment-hooks/{id}/deliveries`: where GitHub, GitLab and scripts send deployment
 * events. Bodies are read raw (GitHub's signature is over the exact bytes); the signature or token
 * is checked before the body is read, and a refused delivery records nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { readBodiesRaw } from '../signals/hook-context.ts';
import { checkJsonDepth, parseJsonBody } from '../signals/request-body.ts';
import { HookError, receiveDelivery } from './hooks.ts';
import { hookReceipt } from './schema.ts';

/** GitHub's and GitLab's payloads stay well under this. */
const BODY_LIMIT = 1024 * 1024;

export async function deliveryRoutes(app: FastifyInstance, ctx: DomainContext) {
  readBodiesRaw(app);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/deployment-hooks/:id/deliveries',
    {
      bodyLimit: BODY_LIMIT,
      config: { permission: 'public' },
      schema: {
        tags: ['deployments'],
        summary: 'Receive a deployment event (GitHub, GitLab, generic)',
        description:
          'GitHub: `deployment_status` events signed with `X-Hub-Signature-256` (a `ping` is answered ' +
          '`pong`); success → finished, failure/error → failed, queued/pending/in_progress → started; the ' +
          'version is `deployment.payload.version`, else the ref when it is not the default branch, else the ' +
          'short commit. GitLab: deployment events (`X-Gitlab-Event: Deployment Hook`) with the secret token in ' +
          '`X-Gitlab-Token`; running → started, success → finished, failed/canceled → failed; the version is ' +
          'the short commit. Generic: JSON `{service?, repository?, version, environment = "production", status ' +
          '= "finished" | "started" | "failed" | "rolled-back", rolledBackTo?, url?, commit?, by?, id?}` with ' +
          '`Authorization: Bearer <secret>`; `id` makes later events update the same deployment. A missing or ' +
          'wrong signature is a 401 and records nothing; events that record nothing are answered `ignored` ' +
          'with the reason.',
        params: z.object({ id: z.uuid().describe('The hook id') }),
        response: { 202: hookReceipt, ...errors(400, 401, 404, 413) },
      },
    },
    async (req, reply) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const body = () => {
        let parsed: unknown;
        try {
          parsed = parseJsonBody(rawBody);
          checkJsonDepth(parsed);
        } catch (err) {
          throw new AppError('invalid_request', `body: ${(err as Error).message}`);
        }
        return parsed;
      };
      try {
        const receipt = await receiveDelivery(ctx, req.params.id, req.headers, rawBody, body);
        return await reply.code(202).send(receipt);
      } catch (err) {
        if (!(err instanceof HookError)) throw err;
        throw new AppError(err.kind === 'unauthorized' ? 'unauthorized' : 'invalid_request', err.message);
      }
    },
  );
}
