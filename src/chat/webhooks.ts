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

/** One post to one target; `target` names it for `postOnce`. */
export interface Post {
  target: string;
  send: () => Promise<unknown>;
}

/** The posts of `text` (linking the room) to the configured Teams and Mattermost webhooks. */
export function webhookPosts(
  outbound: Outbound,
  settings: Pick<Settings, 'teamsWebhookUrl' | 'mattermostWebhookUrl'>,
  text: string,
  url: string,
  mattermostChannel: string | null,
): Post[] {
  const posts: Post[] = [];
  const teams = settings.teamsWebhookUrl;
  const mattermost = settings.mattermostWebhookUrl;
  if (teams)
    posts.push({ target: 'teams', send: () => post(outbound, 'Teams webhook', teams, teamsCard(text, url)) });
  if (mattermost)
    posts.push({
      target: 'mattermost',
      send: () =>
        post(outbound, 'Mattermost webhook', mattermost, mattermostPayload(text, mattermostChannel, url)),
    });
  return posts;
}

/** Sends each post; throws the first failure once all were tried. */
export async function sendAll(posts: Post[]): Promise<void> {
  const errors: unknown[] = [];
  for (const p of posts) await p.send().catch((e: unknown) => errors.push(e));
  if (errors.length) throw errors[0];
}
