/**
 * The one error handler: every failure leaves as `{ error: { code, message, details? } }`.
 * Validation failures name the field; Fastify's own client errors (bad JSON, body too large,
 * wrong content type) keep their 4xx; the database out of reach is a 503 with Retry-After; anything
 * else is a 500 that leaks nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/pool.ts';
import { AppError, errorStatus, type ErrorCode, type FieldIssue } from '../errors.ts';

/** Seconds a client is asked to wait while the database is out of reach (a restart, a failover). */
export const DATABASE_RETRY_AFTER_S = 5;

function codeForStatus(status: number): ErrorCode {
  const found = Object.entries(errorStatus).find(([, s]) => s === status);
  return found ? (found[0] as ErrorCode) : status >= 500 ? 'internal' : 'invalid_request';
}

/** Turns zod issues into `{ field, message }` with paths like `body.scope`. */
function fieldIssues(err: FastifyError & { validation: unknown[] }): FieldIssue[] {
  const where = err.validationContext ?? 'body';
  return err.validation.map((raw) => {
    const issue = raw as {
      instancePath?: string;
      message?: string;
      params?: { issue?: { path?: PropertyKey[] } };
    };
    const path = issue.params?.issue?.path ?? (issue.instancePath ?? '').split('/').filter(Boolean);
    return { field: [where, ...path.map(String)].join('.'), message: issue.message ?? 'is invalid' };
  });
}

/**
 * The class of a PostgreSQL error (the first two characters of its SQLSTATE), else null. Class 22
 * "data exception" (NUL bytes, lone surrogates, out-of-range numbers) and class 23 (a constraint)
 * are PostgreSQL refusing data the schemas let through: the client's doing, not a 5xx.
 */
export function pgErrorClass(err: unknown): string | null {
  const pgCode = (err as { code?: unknown } | null)?.code;
  return typeof pgCode === 'string' && /^[0-9A-Z]{5}$/.test(pgCode) ? pgCode.slice(0, 2) : null;
}

/**
 * The router's own refusals, before any route or hook runs: a path that is not valid
 * percent-encoded UTF-8 (400), a path parameter over the length limit (414). Fastify's default
 * answer has another shape and echoes the path; this one has ours and names the path.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : err.code === 'FST_ERR_BAD_URL' ? 400 : 500;
  const message =
    status === 500
      ? 'Internal error; it has been logged'
      : tooLong
        ? 'path: a path segment is too long'
        : 'path: not valid percent-encoded UTF-8';
  if (status === 500) req.log.error({ err }, 'router error');
  const details = status === 500 ? undefined : [{ field: 'path', message: message.slice('path: '.length) }];
  // Sent as text: the router has not chosen a route, so there is no route serializer yet.
  reply
    .code(status)
    .header('x-request-id', req.id)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ error: { code: codeForStatus(status), message, details } }));
}

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply
        .code(err.status)
        .send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (hasZodFastifySchemaValidationErrors(err) || (err.validation && err.validation.length > 0)) {
      const details = fieldIssues(err as FastifyError & { validation: unknown[] });
      const message = details.map((d) => `${d.field}: ${d.message}`).join('; ');
      return reply.code(400).send({ error: { code: 'invalid_request', message, details } });
    }
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const message = 'headers.content-type: this route does not accept this type';
      return reply.code(415).send({
        error: {
          code: 'unsupported_media_type',
          message,
          details: [{ field: 'headers.content-type', message: 'not accepted here' }],
        },
      });
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: codeForStatus(status), message: err.message } });
    }
    // Safety net: PostgreSQL refusing data the schemas let through is still the client's doing.
    const pgClass = pgErrorClass(err);
    if (pgClass === '22' || pgClass === '23') {
      const conflict = (err as { code?: unknown }).code === '23505';
      return reply.code(conflict ? 409 : 400).send({
        error: {
          code: conflict ? 'conflict' : 'invalid_request',
          message: conflict
            ? 'That already exists'
            : 'A value is malformed, out of range or not allowed here',
        },
      });
    }
    // The database out of reach passes (a restart, a failover): the client is asked to come back.
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(DATABASE_RETRY_AFTER_S))
        .send({ error: { code: 'unavailable', message: 'The database is unavailable; retry shortly' } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(status >= 500 ? status : 500).send({
      error: {
        code: status === 503 ? 'unavailable' : 'internal',
        message: 'Internal error; it has been logged',
      },
    });
  });

  app.setNotFoundHandler({ preHandler: undefined }, (req, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } }),
  );
}
