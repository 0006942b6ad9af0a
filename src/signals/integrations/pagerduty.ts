/*
 * PagerDuty Events API v2, alert events (POST https://events.pagerduty.com/v2/enqueue), so that
 * anything that can page PagerDuty can page Expedite. Trigger example from PagerDuty's developer
 * documentation (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/):
 *
 *   {
 *     "payload": {
 *       "summary": "Example alert on host1.example.com",
 *       "timestamp": "2015-07-17T08:42:58.315+0000",
 *       "source": "monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003",
 *       "severity": "info",
 *       "component": "postgres",
 *       "group": "prod-datapipe",
 *       "class": "deploy",
 *       "custom_details": { "ping time": "1500ms", "load avg": 0.75 }
 *     },
 *     "routing_key": "samplekeyhere",
 *     "dedup_key": "samplekeyhere",
 *     "images": [
 *       { "src": "https://www.pagerduty.com/wp-content/uploads/2016/05/pagerduty-logo-green.png",
 *         "href": "https://example.com/", "alt": "Example text" }
 *     ],
 *     "links": [ { "href": "https://example.com/", "text": "Link text" } ],
 *     "event_action": "trigger",
 *     "client": "Sample Monitoring Service",
 *     "client_url": "https://monitoring.example.com"
 *   }
 *
 * Acknowledge and resolve events only need the key:
 *   { "routing_key": "routingkeyhere", "dedup_key": "dedupkeyhere", "event_action": "acknowledge" }
 */

/**
 * PagerDuty adapter. Validation follows PagerDuty's documentation: `routing_key` and `event_action`
 * are required; a trigger needs `payload.summary` (≤ 1024 characters), `payload.source` and
 * `payload.severity` (critical/error/warning/info, any case). A missing or blank severity is taken
 * as "error", Alertmanager's default: its `pagerduty_configs` render `severity` from a label, which
 * renders blank when the alert has no such label. Acknowledge and resolve need `dedup_key`
 * (≤ 255 characters). A trigger without `dedup_key` gets a random UUID, as PagerDuty does; the
 * route returns it (signals[0].dedupKey) in the 202 so the sender can resolve later.
 */
import { randomUUID } from 'node:crypto';
import {
  addLabel,
  addLink,
  flattenLabels,
  isObject,
  malformed,
  optionalObject,
  optionalString,
  requireObject,
  requireString,
  text,
  timestamp,
  title,
} from './normalize.ts';
import { severities, type Adapter, type NormalizedSignal, type Severity } from './types.ts';

/** PagerDuty's documented limits. */
export const pagerDutyLimits = { summary: 1024, dedupKey: 255 } as const;

const actions = ['trigger', 'acknowledge', 'resolve'] as const;

/** The event's own `dedup_key` when it has a usable one, else null (the caller must generate one). */
export function pagerDutyDedupKey(event: unknown): string | null {
  if (!isObject(event) || typeof event.dedup_key !== 'string') return null;
  const key = event.dedup_key;
  return key.trim() !== '' && key.length <= pagerDutyLimits.dedupKey ? key : null;
}

/** The severity of a trigger without one (Alertmanager's default for its PagerDuty notifier). */
export const DEFAULT_SEVERITY: Severity = 'error';

/** A trigger's severity: one of PagerDuty's four in any case, the default when missing or blank. */
function pagerDutySeverity(v: unknown): Severity {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return DEFAULT_SEVERITY;
  const word = typeof v === 'string' ? v.trim().toLowerCase() : null;
  if (word !== null && (severities as readonly string[]).includes(word)) return word as Severity;
  throw malformed('body.payload.severity', 'must be "critical", "error", "warning" or "info"');
}

/**
 * Validates one Events API v2 body and turns it into a signal; throws DeliveryError('malformed')
 * naming the field. Exported for the route, which also answers `{status, message, dedup_key}`.
 */
export function parsePagerDutyEvent(body: unknown): NormalizedSignal {
  const event = requireObject(body, 'body');
  requireString(event.routing_key, 'body.routing_key');
  const action = event.event_action;
  if (!actions.includes(action as (typeof actions)[number]))
    throw malformed('body.event_action', 'must be "trigger", "acknowledge" or "resolve"');

  const given = optionalString(event.dedup_key, 'body.dedup_key');
  if (given !== null && given.length > pagerDutyLimits.dedupKey)
    throw malformed('body.dedup_key', `must be at most ${pagerDutyLimits.dedupKey} characters`);
  const dedupKey = pagerDutyDedupKey(event);

  const labels: Record<string, string> = {};
  const links: NormalizedSignal['links'] = [];
  let payload = optionalObject(event.payload, 'body.payload');
  let summary: string | null;
  let severity: Severity | null = null;
  let occurredAt: Date | null = null;

  if (action === 'trigger') {
    payload = requireObject(event.payload, 'body.payload');
    summary = requireString(payload.summary, 'body.payload.summary');
    if (summary.length > pagerDutyLimits.summary)
      throw malformed('body.payload.summary', `must be at most ${pagerDutyLimits.summary} characters`);
    requireString(payload.source, 'body.payload.source');
    severity = pagerDutySeverity(payload.severity);
    occurredAt = timestamp(payload.timestamp, 'body.payload.timestamp');
    for (const k of ['component', 'group', 'class'] as const) optionalString(payload[k], `body.payload.${k}`);
    validateContext(event);
  } else {
    if (dedupKey === null) throw malformed('body.dedup_key', `is required to ${String(action)}`);
    // PagerDuty ignores the payload of acknowledge/resolve; a summary, if any, still makes a title.
    summary = text(payload?.summary);
  }

  if (payload) {
    for (const k of ['source', 'component', 'group', 'class'] as const) addLabel(labels, k, payload[k]);
    flattenLabels(payload.custom_details, labels);
  }
  if (Array.isArray(event.links))
    for (const l of event.links as unknown[])
      if (isObject(l)) addLink(links, l.href, text(l.text) ?? undefined);
  addLink(links, event.client_url, text(event.client) ?? undefined);

  const key = dedupKey ?? randomUUID();
  return {
    action: action as NormalizedSignal['action'],
    dedupKey: key,
    // Without payload.group, each dedup key is its own group, as PagerDuty opens an incident per key.
    groupKey: text(payload?.group) ?? key,
    title: title(summary ?? `PagerDuty event ${String(action)}: ${key}`),
    severity,
    labels,
    links,
    occurredAt,
    payload: event,
  };
}

/** Checks `links`, `images`, `client` and `client_url` as PagerDuty documents them. */
function validateContext(event: Record<string, unknown>) {
  for (const [list, required] of [
    ['links', 'href'],
    ['images', 'src'],
  ] as const) {
    const items: unknown = event[list];
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items)) throw malformed(`body.${list}`, 'must be an array');
    items.forEach((item: unknown, i) => {
      const o = requireObject(item, `body.${list}[${i}]`);
      requireString(o[required], `body.${list}[${i}].${required}`);
    });
  }
  optionalString(event.client, 'body.client');
  optionalString(event.client_url, 'body.client_url');
}

/** The PagerDuty Events API v2 adapter: one signal per event; PagerDuty sends no delivery id. */
export const pagerduty: Adapter = {
  type: 'pagerduty',
  parse(req) {
    return { externalId: null, signals: [parsePagerDutyEvent(req.body)] };
  },
};

/** A PagerDuty change event (a deploy, a configuration change), as stored. */
export interface ChangeEvent {
  summary: string;
  source: string | null;
  /** When the sender says the change happened (`payload.timestamp`), if it says. */
  occurredAt: Date | null;
  links: NormalizedSignal['links'];
  customDetails: Record<string, unknown> | null;
}

/**
 * Validates one Change Events API body (POST /v2/change/enqueue): `routing_key`, `payload.summary`
 * (≤ 1024 characters) required; `payload.source`, `payload.timestamp`, `payload.custom_details`
 * and `links` optional (https://developer.pagerduty.com/docs/events-api-v2/send-change-events/).
 */
export function parsePagerDutyChange(body: unknown): ChangeEvent {
  const event = requireObject(body, 'body');
  requireString(event.routing_key, 'body.routing_key');
  const payload = requireObject(event.payload, 'body.payload');
  const summary = requireString(payload.summary, 'body.payload.summary');
  if (summary.length > pagerDutyLimits.summary)
    throw malformed('body.payload.summary', `must be at most ${pagerDutyLimits.summary} characters`);
  const source = optionalString(payload.source, 'body.payload.source');
  const occurredAt = timestamp(payload.timestamp, 'body.payload.timestamp');
  const customDetails = optionalObject(payload.custom_details, 'body.payload.custom_details');
  const links: NormalizedSignal['links'] = [];
  if (event.links !== undefined && event.links !== null) {
    if (!Array.isArray(event.links)) throw malformed('body.links', 'must be an array');
    (event.links as unknown[]).forEach((item, i) => {
      const l = requireObject(item, `body.links[${i}]`);
      addLink(links, requireString(l.href, `body.links[${i}].href`), text(l.text) ?? undefined);
    });
  }
  return { summary, source, occurredAt, links, customDetails };
}
