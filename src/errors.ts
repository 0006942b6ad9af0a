/**
 * One error class for everything a client can be told. Routes and domain code throw AppError; the
 * HTTP error handler (src/http/errors.ts) turns it into `{ error: { code, message, details? } }`.
 */
export const errorStatus = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

/** The few error codes the API speaks. */
export type ErrorCode = keyof typeof errorStatus;

/** A detail that points at the offending input field, e.g. `{ field: "body.scope", message: "…" }`. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The application's error: a code (which fixes the HTTP status), a human message, optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

/** 400 naming one field. */
export function invalidField(field: string, message: string): AppError {
  return new AppError('invalid_request', `${field}: ${message}`, [{ field, message }] satisfies FieldIssue[]);
}

/** 404 for a thing of a kind with a given id. */
export function notFound(kind: string, id: string | number): AppError {
  return new AppError('not_found', `${kind} ${id} not found`);
}
