// The API's validation errors on forms: the message for each field the form shows, and the one
// general message above the buttons for whatever no field shows.
import { ApiError, errorMessage } from '../api/client.ts';

/** The API's messages by field (e.g. "body.levels.0.timeoutMinutes"), or none. */
export function fieldsOf(err: unknown): Record<string, string> {
  return err instanceof ApiError ? err.fields : {};
}

/** The API's message for one field (e.g. "body.summary"), if the error names it. */
export function fieldError(err: unknown, field: string): string | undefined {
  return fieldsOf(err)[field];
}

/**
 * The message to show above the buttons: the error's, unless all its details are shown at fields
 * (`shown` says which field names have a place on the form).
 */
export function generalError(err: unknown, shown: (field: string) => boolean): string | undefined {
  if (!err) return undefined;
  const fields = Object.keys(fieldsOf(err));
  if (fields.length > 0 && fields.every(shown)) return undefined;
  return errorMessage(err);
}

/** The error's message unless every detail of it is shown at one of `shownFields` already. */
export function formError(err: unknown, shownFields: string[]): string | undefined {
  return generalError(err, (f) => shownFields.includes(f));
}
