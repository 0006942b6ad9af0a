/** SQL for services and integrations, and the per-instance cache of integrations by key. */
import { hashSecret } from '../auth/secrets.ts';
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import type { GenericMapping, IntegrationType } from './integrations/types.ts';
import type { Rule } from './rule-schema.ts';
import type { IntegrationView } from './schema.ts';

/** An integration with everything ingest needs (its service's rules come after its own). */
export interface IntegrationRecord {
  id: string;
  name: string;
  type: IntegrationType;
  serviceId: string | null;
  serviceName: string | null;
  keyHint: string;
  signingSecret: string | null;
  mapping: GenericMapping | null;
  rules: Rule[];
  serviceRules: Rule[];
  rateLimitPerMinute: number;
  createdAt: Date;
  keyRotatedAt: Date | null;
  disabled: boolean;
}

interface Row {
  id: string;
  name: string;
  type: IntegrationType;
  service_id: string | null;
  service_name: string | null;
  service_rules: Rule[] | null;
  key_hint: string;
  signing_secret: string | null;
  mapping: GenericMapping | null;
  rules: Rule[];
  rate_limit_per_minute: number;
  created_at: Date;
  key_rotated_at: Date | null;
  disabled_at: Date | null;
}

const select = `SELECT i.id, i.name, i.type, i.service_id, s.name AS service_name, s.rules AS service_rules, i.key_hint,
  i.signing_secret, i.mapping, i.rules, i.rate_limit_per_minute, i.created_at, i.key_rotated_at, i.disabled_at
  FROM integrations i LEFT JOIN services s ON s.id = i.service_id`;

function toRecord(r: Row): IntegrationRecord {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    serviceId: r.service_id,
    serviceName: r.service_name,
    keyHint: r.key_hint,
    signingSecret: r.signing_secret,
    mapping: r.mapping,
    rules: r.rules,
    serviceRules: r.service_rules ?? [],
    rateLimitPerMinute: r.rate_limit_per_minute,
    createdAt: r.created_at,
    keyRotatedAt: r.key_rotated_at,
    disabled: r.disabled_at !== null,
  };
}

/** The webhook URL that carries no secret (the key goes in a header). */
export function webhookUrl(publicUrl: string, integrationId: string): string {
  return `${publicUrl}/api/v1/integrations/${integrationId}/webhook`;
}

/** The API form: never the key or the signing secret. */
export function integrationView(r: IntegrationRecord, publicUrl: string): IntegrationView {
  return { ...integrationFields(r), webhookUrl: webhookUrl(publicUrl, r.id) };
}

/** The integration's settings as shown and audited (no key, no secret, no URL). */
export function integrationFields(r: IntegrationRecord): Omit<IntegrationView, 'webhookUrl'> {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    service: r.serviceId ? { id: r.serviceId, name: r.serviceName ?? '' } : null,
    keyHint: r.keyHint,
    signed: r.signingSecret !== null,
    mapping: r.mapping,
    rules: r.rules,
    rateLimitPerMinute: r.rateLimitPerMinute,
    createdAt: r.createdAt.toISOString(),
    keyRotatedAt: r.keyRotatedAt?.toISOString() ?? null,
    disabled: r.disabled,
  };
}

/** The last characters of a key, shown to tell keys apart. */
export function keyHint(key: string): string {
  return `…${key.slice(-4)}`;
}

/** Inserts an integration; returns its id. */
export async function insertIntegration(
  db: Queryable,
  i: {
    name: string;
    type: IntegrationType;
    serviceId: string | null;
    key: string;
    signingSecret: string | null;
    mapping: GenericMapping | null;
    rules: Rule[];
    rateLimitPerMinute: number;
    by: string;
    at: Date;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO integrations (name, type, service_id, key_hash, key_hint, signing_secret, mapping, rules,
       rate_limit_per_minute, created_at, created_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10) RETURNING id`,
    [
      i.name,
      i.type,
      i.serviceId,
      hashSecret(i.key),
      keyHint(i.key),
      i.signingSecret,
      i.mapping ? JSON.stringify(i.mapping) : null,
      JSON.stringify(i.rules),
      i.rateLimitPerMinute,
      i.at,
      i.by,
    ],
  );
  return rows[0]!.id;
}

/** One integration by id, or 404. */
export async function getIntegration(db: Queryable, id: string): Promise<IntegrationRecord> {
  const { rows } = await db.query<Row>(`${select} WHERE i.id = $1`, [id]);
  if (!rows[0]) throw notFound('integration', id);
  return toRecord(rows[0]);
}

/** Every integration, newest first. */
export async function listIntegrations(db: Queryable): Promise<IntegrationRecord[]> {
  const { rows } = await db.query<Row>(`${select} ORDER BY i.created_at DESC, i.name`);
  return rows.map(toRecord);
}

/** The integration a key belongs to (enabled or not), or undefined. */
export async function integrationForKey(db: Queryable, key: string): Promise<IntegrationRecord | undefined> {
  const { rows } = await db.query<Row>(`${select} WHERE i.key_hash = $1`, [hashSecret(key)]);
  return rows[0] && toRecord(rows[0]);
}

/** Changes some columns of an integration (and bumps updated_at). */
export async function updateIntegration(
  db: Queryable,
  id: string,
  at: Date,
  set: Partial<{
    name: string;
    service_id: string | null;
    signing_secret: string | null;
    mapping: string | null;
    rules: string;
    rate_limit_per_minute: number;
    disabled_at: Date | null;
    key_hash: Buffer;
    key_hint: string;
    key_rotated_at: Date;
  }>,
): Promise<void> {
  const entries = Object.entries(set);
  const assignments = entries.map(([col], n) => `${col} = $${n + 3}`);
  await db.query(
    `UPDATE integrations SET updated_at = $2${assignments.length ? ', ' : ''}${assignments.join(', ')} WHERE id = $1`,
    [id, at, ...entries.map(([, v]) => v)],
  );
}

/** The id of the service named `name`, created if new (names are unique ignoring case). */
export async function ensureService(db: Queryable, name: string, at: Date): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH found AS (SELECT id FROM services WHERE lower(name) = lower($1)),
          made AS (INSERT INTO services (name, created_at) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM found)
                   ON CONFLICT DO NOTHING RETURNING id)
     SELECT id FROM found UNION ALL SELECT id FROM made`,
    [name, at],
  );
  // Lost a race with another insert of the same name: it exists now.
  if (!rows[0]) return ensureService(db, name, at);
  return rows[0].id;
}

/** A service as stored and shown. */
export interface Service {
  id: string;
  name: string;
  description: string;
  rules: Rule[];
}

/** Every service by name. */
export async function listServices(db: Queryable): Promise<Service[]> {
  const { rows } = await db.query<Service>('SELECT id, name, description, rules FROM services ORDER BY name');
  return rows;
}

/** Replaces a service's name, description and routing rules, or 404. */
export async function updateService(db: Queryable, id: string, s: Omit<Service, 'id'>): Promise<Service> {
  const { rows } = await db.query<Service>(
    `UPDATE services SET name = $2, description = $3, rules = $4 WHERE id = $1
     RETURNING id, name, description, rules`,
    [id, s.name, s.description, JSON.stringify(s.rules)],
  );
  if (!rows[0]) throw notFound('service', id);
  return rows[0];
}

const CACHE_MS = 5_000;

/**
 * Integrations by key for the ingest path, cached for a few seconds so a storm costs no lookup
 * per request. Changes made through this instance clear it at once; other instances see them
 * within CACHE_MS.
 */
export class IntegrationCache {
  #db: Queryable;
  #now: () => number;
  #entries = new Map<string, { at: number; value: IntegrationRecord | undefined }>();

  constructor(db: Queryable, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /** The integration for `key`, from the cache when fresh. */
  async get(key: string): Promise<IntegrationRecord | undefined> {
    const hit = this.#entries.get(key);
    const now = this.#now();
    if (hit && now - hit.at < CACHE_MS) return hit.value;
    const value = await integrationForKey(this.#db, key);
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(key, { at: now, value });
    return value;
  }

  /** Forgets everything (after any change to an integration, service or silence). */
  clear(): void {
    this.#entries.clear();
  }
}
