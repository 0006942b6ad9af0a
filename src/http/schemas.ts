/** Schemas shared by every route's documentation: the error shape and common parameters. */
import { z } from 'zod';

/** `{ error: { code, message, details? } }`, the one error shape. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('invalid_request, unauthorized, forbidden, not_found, conflict, …'),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error', example: { error: { code: 'invalid_request', message: 'body.title: Required' } } });

/** Error responses a route documents, by status. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 429)[]) {
  return Object.fromEntries(statuses.map((s) => [s, errorSchema])) as Record<number, typeof errorSchema>;
}

/** The usual errors of a signed-in route. */
export const authErrors = errors(401, 403);

export const okSchema = z.object({ ok: z.literal(true) });
