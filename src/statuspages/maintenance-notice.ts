/**
 * Maintenance announced ahead: when maintenance is scheduled, the page's confirmed subscribers (who
 * chose no components, or one it affects) are told of its window, each by a job of their own
 * (`statuspage-maintenance`, then `statuspage-maintenance-deliver` per subscriber), sent once.
 */
import type { Queryable } from '../db/pool.ts';
import { enqueue, type Job } from '../engine/jobs.ts';
import type { DomainContext } from '../http/module.ts';
import { getPage, type MaintenanceRow } from './store.ts';
import { getSubscriber, type SubscriberRow } from './subscriber-store.ts';
import { mail, postWebhook, subscriberToken } from './subscribers.ts';
import { pageUrl } from './view.ts';

export const MAINTENANCE_JOB = 'statuspage-maintenance';
export const MAINTENANCE_DELIVER_JOB = 'statuspage-maintenance-deliver';

/** Queues the announcement of new maintenance `id`. */
export async function queueMaintenanceNotice(db: Queryable, id: string, at: Date): Promise<void> {
  await enqueue(db, [
    { kind: MAINTENANCE_JOB, key: `${MAINTENANCE_JOB}:${id}`, runAt: at, payload: { maintenanceId: id } },
  ]);
}

async function maintenance(db: Queryable, id: string): Promise<MaintenanceRow | undefined> {
  const { rows } = await db.query<MaintenanceRow>(
    `SELECT id, page_id, title, body, starts_at, ends_at, component_ids, created_at
       FROM status_maintenances WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** `statuspage-maintenance`: one delivery job per subscriber who hears of it. */
export async function runMaintenanceNotice(ctx: DomainContext, job: Job): Promise<void> {
  const { maintenanceId } = job.payload as { maintenanceId: string };
  const m = await maintenance(ctx.pool, maintenanceId);
  if (!m) return;
  const { rows } = await ctx.pool.query<SubscriberRow>(
    `SELECT id FROM status_subscribers
      WHERE page_id = $1 AND confirmed_at IS NOT NULL AND unsubscribed_at IS NULL
        AND (cardinality(component_ids) = 0 OR cardinality($2::uuid[]) = 0 OR component_ids && $2::uuid[])`,
    [m.page_id, m.component_ids],
  );
  await enqueue(
    ctx.pool,
    rows.map((s) => ({
      kind: MAINTENANCE_DELIVER_JOB,
      key: `${MAINTENANCE_DELIVER_JOB}:${m.id}:${s.id}`,
      runAt: ctx.clock.now(),
      payload: { maintenanceId: m.id, subscriberId: s.id },
    })),
  );
}

/** `statuspage-maintenance-deliver`: the announcement to one subscriber. */
export async function runMaintenanceDeliver(ctx: DomainContext, job: Job): Promise<void> {
  const { maintenanceId, subscriberId } = job.payload as { maintenanceId: string; subscriberId: string };
  const [m, s] = await Promise.all([
    maintenance(ctx.pool, maintenanceId),
    getSubscriber(ctx.pool, subscriberId),
  ]);
  if (!m || !s || s.unsubscribed_at || !s.confirmed_at) return;
  const page = await getPage(ctx.pool, s.page_id);
  const url = pageUrl(page, ctx.publicUrl);
  const leave = `${url}/unsubscribe/${await subscriberToken(ctx.pool, 'unsubscribe', s.id)}`;
  const from = m.starts_at.toISOString();
  const to = m.ends_at.toISOString();
  if (s.kind === 'email')
    return mail(
      ctx,
      s,
      job.key,
      `[${page.name}] Scheduled maintenance: ${m.title}`,
      [
        `Scheduled maintenance: ${m.title}`,
        `From ${from} to ${to} (UTC)`,
        '',
        m.body,
        '',
        `Status page: ${url}`,
        '',
        `Unsubscribe: ${leave}`,
      ],
      leave,
    );
  await postWebhook(
    ctx,
    s,
    job.key,
    JSON.stringify({
      meta: { unsubscribe: leave, documentation: `${url}/api/v2/summary.json` },
      page: { id: page.id, name: page.name, url },
      scheduled_maintenance: {
        id: m.id,
        name: m.title,
        status: 'scheduled',
        scheduled_for: from,
        scheduled_until: to,
        body: m.body,
      },
    }),
  );
}
