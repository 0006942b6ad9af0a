/**
 * One small adapter per tracker kind, each speaking its vendor's documented API through the
 * outbound URL policy: create an issue, and read whether it is still open.
 * - GitHub Issues: `POST {base}/repos/{owner}/{repo}/issues` with a Bearer token,
 *   `Accept: application/vnd.github+json` and `X-GitHub-Api-Version: 2022-11-28`; body
 *   `{ title, body, labels }`; the answer's `number`, `html_url`, `state` (open | closed).
 * - GitLab Issues: `POST {base}/api/v4/projects/{id or url-encoded path}/issues` with
 *   `PRIVATE-TOKEN`; body `{ title, description, labels: "a,b" }`; the answer's `iid`, `web_url`,
 *   `state` (opened | closed).
 * - Jira Cloud REST v3: `POST {base}/rest/api/3/issue` with Basic `email:api-token`; body
 *   `{ fields: { project: { key }, summary, issuetype: { name }, description: <ADF>, labels } }`;
 *   the answer's `key`; its state from `fields.status.statusCategory.key` (done = closed).
 * - webhook: a JSON event signed with Standard Webhooks; an answer `{ url, ref }` is kept if given.
 * An answer of 408, 429 or 5xx, or a network failure, is retried; another refusal (a bad token, a
 * missing project) is permanent: retrying cannot fix it, an admin can.
 */
import { randomUUID } from 'node:crypto';
import { PermanentJobError } from '../engine/worker-options.ts';
import { OutboundError, type Outbound } from '../outbound/index.ts';
import { signStandardWebhook } from '../signing/standard-webhooks.ts';
import type { TrackerRow } from './store.ts';

/** What an issue says, written for every kind. */
export interface IssueInput {
  title: string;
  markdown: string;
  adf: Record<string, unknown>;
  /** The webhook event's `type` and `data`. */
  event: { type: string; data: Record<string, unknown> };
}

/** The issue created. */
export interface CreatedIssue {
  ref: string;
  url: string | null;
  state: 'open' | null;
}

const timeoutMs = 15_000;
const trim = (base: string) => base.replace(/\/+$/, '');

/** A tracker's answer that is not a success: retried unless retrying cannot help. */
function refused(tracker: TrackerRow, status: number, text: string): Error {
  const message = `${tracker.kind} answered ${status}: ${text.slice(0, 300)}`;
  return status === 408 || status === 429 || status >= 500
    ? new Error(message)
    : new PermanentJobError(message);
}

async function send(
  outbound: Outbound,
  tracker: TrackerRow,
  url: string,
  init: { method: 'POST' | 'GET'; headers: Record<string, string>; body?: string },
): Promise<unknown> {
  let res: Response;
  try {
    res = await outbound.send(url, init, { timeoutMs });
  } catch (err) {
    if (err instanceof OutboundError && !err.retryable) throw new PermanentJobError(err.message);
    throw err;
  }
  const text = await res.text();
  if (!res.ok) throw refused(tracker, res.status, text);
  try {
    return text ? (JSON.parse(text) as unknown) : {};
  } catch {
    return {};
  }
}

function headersFor(t: TrackerRow): Record<string, string> {
  const json = { 'content-type': 'application/json', 'user-agent': 'Expedite' };
  if (t.kind === 'github')
    return {
      ...json,
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${t.secret}`,
      'x-github-api-version': '2022-11-28',
    };
  if (t.kind === 'gitlab') return { ...json, 'private-token': t.secret };
  if (t.kind === 'jira')
    return {
      ...json,
      accept: 'application/json',
      authorization: `Basic ${Buffer.from(`${t.email ?? ''}:${t.secret}`).toString('base64')}`,
    };
  return json;
}

const gitlabProject = (t: TrackerRow) => encodeURIComponent(t.project);

/** Creates the issue in `tracker`. */
export async function createIssue(
  outbound: Outbound,
  tracker: TrackerRow,
  issue: IssueInput,
  now: Date,
): Promise<CreatedIssue> {
  const t = tracker;
  const base = trim(t.base_url);
  const headers = headersFor(t);
  if (t.kind === 'github') {
    const a = (await send(outbound, t, `${base}/repos/${t.project}/issues`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: issue.title, body: issue.markdown, labels: t.labels }),
    })) as { number?: number; html_url?: string };
    if (typeof a.number !== 'number') throw new Error('github answered without an issue number');
    return { ref: `#${a.number}`, url: a.html_url ?? null, state: 'open' };
  }
  if (t.kind === 'gitlab') {
    const a = (await send(outbound, t, `${base}/api/v4/projects/${gitlabProject(t)}/issues`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        title: issue.title,
        description: issue.markdown,
        ...(t.labels.length ? { labels: t.labels.join(',') } : {}),
      }),
    })) as { iid?: number; web_url?: string };
    if (typeof a.iid !== 'number') throw new Error('gitlab answered without an issue iid');
    return { ref: `#${a.iid}`, url: a.web_url ?? null, state: 'open' };
  }
  if (t.kind === 'jira') {
    const a = (await send(outbound, t, `${base}/rest/api/3/issue`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        fields: {
          project: { key: t.project },
          summary: issue.title.slice(0, 255),
          issuetype: { name: t.issue_type ?? 'Task' },
          description: issue.adf,
          ...(t.labels.length ? { labels: t.labels.map((l) => l.replace(/\s+/g, '-')) } : {}),
        },
      }),
    })) as { key?: string };
    if (typeof a.key !== 'string') throw new Error('jira answered without an issue key');
    return { ref: a.key, url: `${base}/browse/${a.key}`, state: 'open' };
  }
  const id = `msg_${randomUUID()}`;
  const seconds = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({
    type: issue.event.type,
    timestamp: now.toISOString(),
    data: { ...issue.event.data, title: issue.title, description: issue.markdown, labels: t.labels },
  });
  const a = (await send(outbound, t, t.base_url, {
    method: 'POST',
    headers: {
      ...headers,
      'webhook-id': id,
      'webhook-timestamp': String(seconds),
      'webhook-signature': signStandardWebhook(t.secret, id, seconds, body),
    },
    body,
  })) as { url?: unknown; ref?: unknown };
  const url = typeof a.url === 'string' && /^https?:\/\//.test(a.url) ? a.url : null;
  return { ref: typeof a.ref === 'string' && a.ref ? a.ref.slice(0, 200) : id, url, state: null };
}

/** Whether issue `ref` is still open in `tracker`; undefined where the tracker cannot tell (webhook). */
export async function issueState(
  outbound: Outbound,
  tracker: TrackerRow,
  ref: string,
): Promise<'open' | 'closed' | undefined> {
  const t = tracker;
  const base = trim(t.base_url);
  const headers = headersFor(t);
  const number = ref.replace(/^#/, '');
  if (t.kind === 'github') {
    const a = (await send(outbound, t, `${base}/repos/${t.project}/issues/${number}`, {
      method: 'GET',
      headers,
    })) as {
      state?: string;
    };
    return a.state === 'closed' ? 'closed' : 'open';
  }
  if (t.kind === 'gitlab') {
    const a = (await send(outbound, t, `${base}/api/v4/projects/${gitlabProject(t)}/issues/${number}`, {
      method: 'GET',
      headers,
    })) as { state?: string };
    return a.state === 'closed' ? 'closed' : 'open';
  }
  if (t.kind === 'jira') {
    const a = (await send(outbound, t, `${base}/rest/api/3/issue/${encodeURIComponent(ref)}?fields=status`, {
      method: 'GET',
      headers,
    })) as { fields?: { status?: { statusCategory?: { key?: string } } } };
    return a.fields?.status?.statusCategory?.key === 'done' ? 'closed' : 'open';
  }
  return undefined;
}
