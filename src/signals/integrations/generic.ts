/*
 * Generic JSON webhook: any tool that can POST JSON, mapped onto a signal by JSON paths
 * (`settings.mapping`, see GenericMapping in types.ts and json-path.ts). Signed, when a secret is
 * set, with Standard Webhooks (https://www.standardwebhooks.com/). With no mapping the body is
 * read with `defaultMapping`; a delivery in that shape (fixtures/generic-default.json):
 *
 *   {
 *     "title": "Checkout error rate above 5%",
 *     "dedup_key": "checkout-error-rate",
 *     "severity": "critical",
 *     "status": "firing",
 *     "labels": { "service": "checkout", "env": "production", "region": "eu-west-1" },
 *     "url": "https://monitoring.example.com/alerts/checkout-error-rate"
 *   }
 *
 * and with the mapping `{ items: "$.alerts[*]", title: "$.name", dedupKey: "$.id",
 * status: "$.state", resolvedValues: ["ok"], deliveryId: "$.delivery" }`:
 *
 *   { "delivery": "dlv_01", "alerts": [ { "id": 42, "name": "Disk full on db-1", "state": "alerting" } ] }
 */

/**
 * Generic adapter. `items` and `deliveryId` are read from the body; every other path from each
 * item (the body itself when there is no `items`). Status values are compared trimmed and
 * case-insensitively: in `resolvedValues` → resolve, in `acknowledgedValues` → acknowledge, anything
 * else or no status → trigger. The dedup key and title must be strings or numbers (dedup key at
 * most 255 characters). The delivery id is the `deliveryId` value, else the `webhook-id` header.
 */
import type { FieldIssue } from '../../errors.ts';
import {
  evaluate,
  formatPath,
  hasWildcard,
  JsonPathError,
  parseJsonPath,
  selectAll,
  type PathSegment,
} from './json-path.ts';
import { addLink, flattenLabels, header, malformed, mapSeverity, title } from './normalize.ts';
import { verifyStandardWebhook } from './standard-webhooks.ts';
import type { Adapter, GenericMapping, NormalizedSignal } from './types.ts';

/** The mapping used when an integration has none: flat `{title, dedup_key, severity, status, labels, url}`. */
export const defaultMapping: GenericMapping = {
  title: '$.title',
  dedupKey: '$.dedup_key',
  severity: '$.severity',
  status: '$.status',
  resolvedValues: ['resolved', 'ok'],
  labels: '$.labels',
  link: '$.url',
};

const pathFields = [
  'items',
  'title',
  'dedupKey',
  'severity',
  'status',
  'groupKey',
  'labels',
  'link',
  'deliveryId',
];
const listFields = ['resolvedValues', 'acknowledgedValues'];
const maxListValues = 50;
const maxDedupKeyLength = 255;

/**
 * Problems with a mapping, each naming its field (`mapping.title`, `mapping.resolvedValues[1]`);
 * empty when it is usable. The admin API answers 400 with these; parse refuses a stored bad one.
 */
export function validateMapping(mapping: unknown): FieldIssue[] {
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping))
    return [{ field: 'mapping', message: 'must be an object' }];
  const m = mapping as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  for (const k of Object.keys(m))
    if (!pathFields.includes(k) && !listFields.includes(k))
      issues.push({ field: `mapping.${k}`, message: 'is not a mapping field' });
  for (const k of pathFields) {
    const v = m[k];
    if (v === undefined) {
      if (k === 'title' || k === 'dedupKey') issues.push({ field: `mapping.${k}`, message: 'is required' });
      continue;
    }
    try {
      parseJsonPath(v as string, { allowWildcard: k === 'items' });
    } catch (e) {
      const message =
        e instanceof JsonPathError && typeof v === 'string'
          ? `${e.message} (at character ${e.position})`
          : 'must be a string';
      issues.push({ field: `mapping.${k}`, message: `is not a valid path: ${message}` });
    }
  }
  for (const k of listFields) {
    const v = m[k];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.length > maxListValues) {
      issues.push({ field: `mapping.${k}`, message: `must be an array of at most ${maxListValues} strings` });
      continue;
    }
    v.forEach((s: unknown, i) => {
      if (typeof s !== 'string' || s.trim() === '' || s.length > 200)
        issues.push({
          field: `mapping.${k}[${i}]`,
          message: 'must be a non-empty string of at most 200 characters',
        });
    });
  }
  return issues;
}

interface Compiled {
  items: PathSegment[] | null;
  title: PathSegment[];
  dedupKey: PathSegment[];
  severity: PathSegment[] | null;
  status: PathSegment[] | null;
  groupKey: PathSegment[] | null;
  labels: PathSegment[] | null;
  link: PathSegment[] | null;
  deliveryId: PathSegment[] | null;
  resolved: Set<string>;
  acknowledged: Set<string>;
}

// Integrations keep their mapping object between deliveries, so each is compiled once.
const compiledMappings = new WeakMap<GenericMapping, Compiled>();

function compile(mapping: GenericMapping): Compiled {
  let compiled = compiledMappings.get(mapping);
  if (!compiled) {
    compiled = compileOnce(mapping);
    compiledMappings.set(mapping, compiled);
  }
  return compiled;
}

function compileOnce(mapping: GenericMapping): Compiled {
  const issues = validateMapping(mapping);
  if (issues.length > 0) {
    const first = issues[0]!;
    throw malformed(first.field, `the integration's mapping is invalid: ${first.message}`);
  }
  const p = (path: string | undefined, wildcard = false) =>
    path === undefined ? null : parseJsonPath(path, { allowWildcard: wildcard });
  const set = (values: string[] | undefined) => new Set((values ?? []).map((v) => v.trim().toLowerCase()));
  return {
    items: p(mapping.items, true),
    title: p(mapping.title)!,
    dedupKey: p(mapping.dedupKey)!,
    severity: p(mapping.severity),
    status: p(mapping.status),
    groupKey: p(mapping.groupKey),
    labels: p(mapping.labels),
    link: p(mapping.link),
    deliveryId: p(mapping.deliveryId),
    resolved: set(mapping.resolvedValues),
    acknowledged: set(mapping.acknowledgedValues),
  };
}

/** A string or finite number as a string; null for anything else or an empty string. */
function scalar(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v;
  return null;
}

/** The items a delivery holds, each with its field name for errors. */
function itemsOf(body: unknown, items: PathSegment[] | null): { value: unknown; field: string }[] {
  if (items === null) return [{ value: body, field: 'body' }];
  const firstWildcard = items.findIndex((s) => s.kind === 'wildcard');
  const listPath = firstWildcard < 0 ? items : items.slice(0, firstWildcard);
  if (!Array.isArray(evaluate(body, listPath)))
    throw malformed(formatPath('body', listPath), 'must be an array');
  if (!hasWildcard(items)) {
    const list = evaluate(body, items) as unknown[];
    return list.map((value, i) => ({ value, field: `${formatPath('body', items)}[${i}]` }));
  }
  return selectAll(body, items).map((m) => ({ value: m.value, field: formatPath('body', m.segments) }));
}

function toSignal(item: unknown, field: string, m: Compiled): NormalizedSignal {
  const at = (path: PathSegment[] | null) => (path === null ? undefined : evaluate(item, path));
  const dedupKey = scalar(at(m.dedupKey));
  if (dedupKey === null)
    throw malformed(field + formatPath('', m.dedupKey), 'must be a non-empty string or a number');
  if (dedupKey.length > maxDedupKeyLength)
    throw malformed(field + formatPath('', m.dedupKey), `must be at most ${maxDedupKeyLength} characters`);
  const name = scalar(at(m.title));
  if (name === null)
    throw malformed(field + formatPath('', m.title), 'must be a non-empty string or a number');

  const statusValue = at(m.status);
  const status = typeof statusValue === 'boolean' ? String(statusValue) : scalar(statusValue);
  const key = status?.trim().toLowerCase();
  let action: NormalizedSignal['action'] = 'trigger';
  if (key !== undefined && m.resolved.has(key)) action = 'resolve';
  else if (key !== undefined && m.acknowledged.has(key)) action = 'acknowledge';

  return {
    action,
    dedupKey,
    groupKey: scalar(at(m.groupKey)),
    title: title(name),
    severity: mapSeverity(at(m.severity)),
    labels: flattenLabels(at(m.labels)),
    links: addLink([], at(m.link)),
    occurredAt: null,
    payload: item,
  };
}

/** The generic JSON webhook adapter (Standard Webhooks verification when a secret is set). */
export const generic: Adapter = {
  type: 'generic',
  verify(req, settings) {
    if (settings.signingSecret !== null) verifyStandardWebhook(req, settings.signingSecret);
  },
  parse(req, settings) {
    const m = compile(settings.mapping ?? defaultMapping);
    const body = req.body;
    if (typeof body !== 'object' || body === null) throw malformed('body', 'must be a JSON object or array');
    const signals = itemsOf(body, m.items).map((it) => toSignal(it.value, it.field, m));
    const fromBody = m.deliveryId === null ? null : scalar(evaluate(body, m.deliveryId));
    const fromHeader = header(req.headers, 'webhook-id');
    return { externalId: fromBody ?? (fromHeader && fromHeader.trim() !== '' ? fromHeader : null), signals };
  },
};
