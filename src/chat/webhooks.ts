/**
 * Teams and Mattermost through their incoming webhooks: one POST of JSON to the URL an admin gave
 * (so through the outbound policy, untrusted). Neither can edit what it posted, so they get a line
 * per change instead of an edited message. 429 and 5xx are worth retrying; other failures are not.
 */
import { bodyText, postWithTimeout, retryableStatus, SendError, statusError } from '../notify/types.ts';
import type { Outbound } from '../outbound/index.ts';
import { mattermostPayload, teamsCard } from './render.ts';
import type { Settings } from './store.ts';

async function post(outbound: Outbound, what: string, url: string, body: unknown): Promise<void> {
  const res = await postWithTimeout(outbound, what, url, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await statusError(what, res);
  // Teams' incoming webhooks report their own failures as 200 with the status in the text.
  const inner = /returned HTTP error (\d{3})/.exec(await bodyText(res, 2000));
  if (inner) {
    const status = Number(inner[1]);
    throw new SendError(`${what}: HTTP ${status}`, { retryable: retryableStatus(status), status });
  }
}

/** Posts `text` (linking the room) to the configured Teams and Mattermost webhooks. */
export async function postToWebhooks(
  outbound: Outbound,
  settings: Pick<Settings, 'teamsWebhookUrl' | 'mattermostWebhookUrl'>,
  text: string,
  url: string,
  mattermostChannel: string | null,
): Promise<void> {
  const errors: unknown[] = [];
  if (settings.teamsWebhookUrl)
    await post(outbound, 'Teams webhook', settings.teamsWebhookUrl, teamsCard(text, url)).catch(
      (e: unknown) => errors.push(e),
    );
  if (settings.mattermostWebhookUrl)
    await post(
      outbound,
      'Mattermost webhook',
      settings.mattermostWebhookUrl,
      mattermostPayload(text, mattermostChannel, url),
    ).catch((e: unknown) => errors.push(e));
  if (errors.length) throw errors[0];
}
