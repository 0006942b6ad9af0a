/**
 * Slack's Web API for the chat domain: `POST {api}/<method>` with the bot token as a Bearer and a
 * JSON body (`application/json; charset=utf-8`) for write methods; read methods (users.info,
 * users.lookupByEmail, conversations.history/replies) do not take JSON, so they get form fields. Slack answers `{ ok: true, … }` or `{ ok: false,
 * error }` (HTTP 200) and 429 with Retry-After when throttling. The base is the operator's
 * (EXPEDITE_SLACK_API_URL), so it is trusted by the outbound policy for these calls only.
 */
import type { SlackConfig } from '../config-channels.ts';
import { bodyText, parseJson, postWithTimeout, retryAfterMs, SendError } from '../notify/types.ts';
import { retryableSlackErrors } from '../notify/slack.ts';
import { entryFor, type Outbound } from '../outbound/index.ts';

export type SlackAnswer = Record<string, unknown> & { ok: true };

/** Calls Web API `method`; throws SendError (retryable or not) when Slack refuses. */
export type SlackCall = (method: string, body: Record<string, unknown>) => Promise<SlackAnswer>;

/** Methods that read: arguments as `application/x-www-form-urlencoded`. */
const formMethods = new Set([
  'users.info',
  'users.lookupByEmail',
  'conversations.history',
  'conversations.replies',
]);

function encoded(method: string, body: Record<string, unknown>): { type: string; body: string } {
  if (!formMethods.has(method))
    return { type: 'application/json; charset=utf-8', body: JSON.stringify(body) };
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body))
    if (v !== undefined) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return { type: 'application/x-www-form-urlencoded', body: form.toString() };
}

/** A caller of Slack's Web API with the configured token. */
export function slackApi(config: SlackConfig, outbound: Outbound): SlackCall {
  const trusted = [entryFor(config.apiUrl)];
  return async (method, body) => {
    const what = `Slack ${method}`;
    const sent = encoded(method, body);
    const res = await postWithTimeout(
      outbound,
      what,
      `${config.apiUrl}/${method}`,
      {
        headers: {
          authorization: `Bearer ${config.token}`,
          'content-type': sent.type,
        },
        body: sent.body,
      },
      undefined,
      trusted,
    );
    const retryAfter = retryAfterMs(res.headers.get('retry-after'));
    const parsed = parseJson(await bodyText(res, 200_000));
    const answer = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
    if (res.ok && answer?.ok === true) return answer as SlackAnswer;
    const code =
      typeof answer?.error === 'string' && /^[a-z0-9_]{1,80}$/.test(answer.error) ? answer.error : null;
    const error = code ?? (res.status === 429 ? 'ratelimited' : null);
    throw new SendError(`${what}: ${error ?? `HTTP ${res.status}`}`, {
      retryable:
        res.status === 429 || res.status >= 500 || (error !== null && retryableSlackErrors.has(error)),
      status: res.status,
      ...(error ? { code: error } : {}),
      ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    });
  };
}

/** The error code of a Slack refusal, or null. */
export function slackError(e: unknown): string | null {
  return e instanceof SendError ? (e.code ?? null) : null;
}
