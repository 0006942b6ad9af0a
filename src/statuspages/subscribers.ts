/**
 * Subscribers hear of public updates. Email subscribers confirm by a signed link first (double
 * opt-in) and every message carries a signed one-click unsubscribe link, in its text and as
 * List-Unsubscribe (RFC 8058); webhook subscribers get Statuspage-like JSON through the outbound
 * policy, signed as Standard Webhooks with their own secret. Each message is its own job (`statuspage-deliver`, keyed by update and subscriber), so a
 * retry sends nothing twice and one failing address does not hold the others.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import { PermanentJobError } from '../engine/worker.ts';
import type { DomainContext } from '../http/module.ts';
import { SendError } from '../notify/types.ts';
import { OutboundError } from '../outbound/index.ts';
import { signValue, verifyValue } from '../signing/links.ts';
import { signStandardWebhook } from '../signing/standard-webhooks.ts';
import { audienceOf, getSubscriber, type SubscriberRow } from './subscriber-store.ts';
import { getPage } from './store.ts';
import { pageUrl } from './view.ts';

export const NOTIFY_JOB = 'statuspage-notify';
export const DELIVER_JOB = 'statuspage-deliver';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A signed token `<subscriber>.<signature>` for `purpose`. */
export async function subscriberToken(db: Queryable, purpose: 'confirm' | 'unsubscribe', id: string) {
  return `${id}.${await signValue(db, `statuspage-${purpose}:${id}`)}`;
}

/** The subscriber a token names, or undefined when it is not valid for `purpose`. */
export async function readSubscriberToken(
  db: Queryable,
  purpose: 'confirm' | 'unsubscribe',
  token: string,
): Promise<string | undefined> {
  const [id, sig, extra] = token.split('.');
  if (!id || !sig || extra !== undefined || !UUID.test(id)) return undefined;
  return (await verifyValue(db, `statuspage-${purpose}:${id}`, sig)) ? id : undefined;
}

/** Queues the confirmation mail of a new email subscriber. */
export async function queueConfirmation(db: Queryable, s: SubscriberRow, at: Date): Promise<void> {
  await enqueue(db, [
    { kind: DELIVER_JOB, key: `${DELIVER_JOB}:confirm:${s.id}`, runAt: at, payload: { subscriberId: s.id } },
  ]);
}

/** `statuspage-notify`: one delivery job per subscriber who hears of the update. */
export async function runNotify(ctx: DomainContext, job: Job): Promise<void> {
  const { updateId, incidentId } = job.payload as { updateId: string; incidentId: string };
  const audience = await audienceOf(ctx.pool, incidentId);
  await enqueue(
    ctx.pool,
    audience.map((s) => ({
      kind: DELIVER_JOB,
      key: `${DELIVER_JOB}:${updateId}:${s.id}`,
      runAt: ctx.clock.now(),
      payload: { subscriberId: s.id, updateId },
    })),
  );
}

interface UpdateRow {
  id: string;
  status: string;
  body: string;
  published_at: Date;
  incident_id: string;
  title: string;
  urgency: string | null;
}

/** `statuspage-deliver`: the confirmation mail (no updateId) or one update to one subscriber. */
export async function runDeliver(ctx: DomainContext, job: Job): Promise<void> {
  const { subscriberId, updateId } = job.payload as { subscriberId: string; updateId?: string };
  const s = await getSubscriber(ctx.pool, subscriberId);
  if (!s || s.unsubscribed_at || (updateId && !s.confirmed_at)) return;
  const page = await getPage(ctx.pool, s.page_id);
  const url = pageUrl(page, ctx.publicUrl);
  const leave = `${url}/unsubscribe/${await subscriberToken(ctx.pool, 'unsubscribe', s.id)}`;
  if (!updateId) {
    const confirm = `${url}/confirm/${await subscriberToken(ctx.pool, 'confirm', s.id)}`;
    return mail(ctx, s, job.key, `Confirm your subscription to ${page.name}`, [
      `Someone (we hope you) asked to get updates of ${page.name} at this address.`,
      '',
      `Confirm: ${confirm}`,
      '',
      'If it was not you, do nothing: no more mail will come.',
    ]);
  }
  const { rows } = await ctx.pool.query<UpdateRow>(
    `SELECT u.id, u.status, u.body, u.published_at, u.incident_id, i.title, i.urgency
       FROM status_incident_updates u JOIN incidents i ON i.id = u.incident_id WHERE u.id = $1`,
    [updateId],
  );
  const u = rows[0];
  if (!u) return;
  const status = u.status[0]!.toUpperCase() + u.status.slice(1);
  if (s.kind === 'email')
    return mail(
      ctx,
      s,
      job.key,
      `[${page.name}] ${status}: ${u.title}`,
      [`${status}: ${u.title}`, '', u.body, '', `Status page: ${url}`, '', `Unsubscribe: ${leave}`],
      leave,
    );
  const body = JSON.stringify({
    meta: { unsubscribe: leave, documentation: `${url}/api/v2/summary.json` },
    page: { id: page.id, name: page.name, url },
    incident: {
      id: u.incident_id,
      name: u.title,
      status: u.status,
      shortlink: `${url}#incident-${u.incident_id}`,
      incident_updates: [
        {
          id: u.id,
          status: u.status,
          body: u.body,
          incident_id: u.incident_id,
          created_at: u.published_at.toISOString(),
        },
      ],
    },
  });
  await postWebhook(ctx, s, job.key, body);
}

/** A new webhook subscriber's Standard Webhooks secret. */
export const newSigningSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/**
 * Posts `body` (JSON text) to a webhook subscriber, signed with its secret (`key`, the same on every
 * try, is the webhook-id); a refused address is never tried again.
 */
export async function postWebhook(
  ctx: DomainContext,
  s: Pick<SubscriberRow, 'address' | 'signing_secret'>,
  key: string,
  body: string,
): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'webhook-id': key };
  if (s.signing_secret) {
    const ts = Math.floor(ctx.clock.now().getTime() / 1000);
    headers['webhook-timestamp'] = String(ts);
    headers['webhook-signature'] = signStandardWebhook(s.signing_secret, key, ts, body);
  }
  let res: Response;
  try {
    res = await ctx.outbound.send(s.address, { method: 'POST', headers, body }, { timeoutMs: 10_000 });
  } catch (err) {
    if (err instanceof OutboundError && !err.retryable) throw new PermanentJobError(err.message);
    throw err;
  }
  await res.body?.cancel();
  if (res.status >= 500 || res.status === 429) throw new Error(`webhook answered ${res.status}`);
}

/** Sends one mail to an email subscriber (with the unsubscribe headers when given). */
export async function mail(
  ctx: DomainContext,
  s: SubscriberRow,
  key: string,
  subject: string,
  lines: string[],
  unsubscribeUrl?: string,
): Promise<void> {
  const email = ctx.channels.email;
  if (!email) throw new PermanentJobError('email is not configured');
  try {
    await email.send({
      idempotencyKey: key,
      incident: { id: s.id, number: 0, title: subject, tagline: subject, urgency: null, url: '' },
      subject,
      text: lines.join('\n'),
      ackUrl: '',
      outside: true,
      recipient: { name: s.address, address: s.address },
      ...(unsubscribeUrl
        ? {
            headers: {
              'List-Unsubscribe': `<${unsubscribeUrl}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
          }
        : {}),
    });
  } catch (err) {
    if (err instanceof SendError && !err.retryable) throw new PermanentJobError(err.message);
    throw err;
  }
}
