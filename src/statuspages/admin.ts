/** The admin's acts on status pages, with the checks that name the offending field. */
import type { FastifyRequest } from 'fastify';
import type { PoolClient } from 'pg';
import { allows } from '../auth/permissions.ts';
import { withTransaction, type Queryable } from '../db/pool.ts';
import type { Deps } from '../http/types.ts';
import { announceStatusChange } from './cache.ts';
import { invalidField } from '../errors.ts';
import { getPage, listGroups, listComponents, type PageRow } from './store.ts';
import { listSubscribers } from './subscriber-store.ts';
import { loadView, pageUrl } from './view.ts';

const iso = (d: Date) => d.toISOString();

async function exists(db: Queryable, table: 'services' | 'clients', id: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
  return rows.length > 0;
}

/** Throws 400 naming the field when a referenced service, client, group or component is unknown. */
export async function checkRefs(
  db: Queryable,
  pageId: string | null,
  refs: {
    serviceId?: string | null;
    clientId?: string | null;
    groupId?: string | null;
    componentIds?: string[];
  },
): Promise<void> {
  if (refs.serviceId && !(await exists(db, 'services', refs.serviceId)))
    throw invalidField('body.serviceId', 'no such service');
  if (refs.clientId && !(await exists(db, 'clients', refs.clientId)))
    throw invalidField('body.clientId', 'no such client');
  if (pageId && refs.groupId && !(await listGroups(db, pageId)).some((g) => g.id === refs.groupId))
    throw invalidField('body.groupId', 'no such group on this page');
  if (pageId && refs.componentIds?.length) {
    const known = new Set((await listComponents(db, pageId)).map((c) => c.id));
    const i = refs.componentIds.findIndex((id) => !known.has(id));
    if (i >= 0) throw invalidField(`body.componentIds.${i}`, 'no such component on this page');
  }
}

/** A page as the API shows it in lists; a private page's key only to who may manage pages. */
export function pageOut(p: PageRow & { subscribers: number }, publicUrl: string, showKey: boolean) {
  const hidden = p.access_key !== null && !showKey;
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    customHost: p.custom_host,
    clientId: p.client_id,
    url: hidden ? `${publicUrl}/status/${p.slug}` : pageUrl(p, publicUrl),
    private: p.access_key !== null,
    accessKey: hidden ? null : p.access_key,
    subscribers: p.subscribers,
  };
}

/** A page with its groups, components (with the state shown) and maintenance to come. */
export async function pageDetail(
  db: Queryable,
  page: PageRow,
  publicUrl: string,
  now: Date,
  showKey: boolean,
) {
  const [view, subs] = await Promise.all([loadView(db, page, publicUrl, now), listSubscribers(db, page.id)]);
  return {
    ...pageOut({ ...page, subscribers: subs.filter((s) => s.confirmed_at).length }, publicUrl, showKey),
    groups: view.groups,
    components: view.components.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      groupId: c.group_id,
      serviceId: c.service_id,
      manualState: c.manual_state,
      state: c.state,
      position: c.position,
    })),
    maintenances: view.maintenances
      .filter((m) => m.status !== 'completed')
      .map((m) => ({
        id: m.id,
        title: m.title,
        body: m.body,
        startsAt: iso(m.starts_at),
        endsAt: iso(m.ends_at),
        componentIds: m.component_ids,
      })),
  };
}

/** The page's detail, and a change run in a transaction, announced, answering the detail. */
export function pageChanges(deps: Deps) {
  const { pool, clock, config } = deps;
  /** The page's detail; its access key only for who may manage pages (all when no request). */
  const detail = async (id: string, req?: FastifyRequest) =>
    pageDetail(
      pool,
      await getPage(pool, id),
      config.publicUrl,
      clock.now(),
      !req || allows(req.user?.role, 'status-pages:manage'),
    );
  const change = async (id: string, fn: (tx: PoolClient) => Promise<unknown>) => {
    await withTransaction(pool, async (tx) => {
      await fn(tx);
      await announceStatusChange(tx, pool);
    });
    return detail(id);
  };
  return { detail, change };
}

/** A subscriber's address as admins see it: an email's first letter and domain, a webhook's origin. */
export function maskAddress(kind: 'email' | 'webhook', address: string): string {
  if (kind === 'webhook') {
    try {
      return `${new URL(address).origin}/…`;
    } catch {
      return '…';
    }
  }
  const at = address.lastIndexOf('@');
  return `${address.slice(0, Math.min(1, at))}***${address.slice(at)}`;
}
