/*
 * Sentry integration-platform webhooks (an internal or public integration's webhook URL). Headers:
 * `Request-ID`, `Sentry-Hook-Resource` (installation, event_alert, issue, metric_alert, error,
 * comment, …), `Sentry-Hook-Timestamp`, `Sentry-Hook-Signature` (hex HMAC-SHA256 of the body
 * with the client secret). An `issue` delivery from Sentry's documentation
 * (https://docs.sentry.io/organization/integrations/integration-platform/webhooks/issues/):
 *
 *   {
 *     "action": "created",
 *     "actor": { "id": "sentry", "name": "Sentry", "type": "application" },
 *     "data": {
 *       "issue": {
 *         "annotations": [], "assignedTo": null, "count": "1", "culprit": "?(runner)",
 *         "firstSeen": "2019-08-19T20:58:37.391000Z", "hasSeen": false, "id": "1170820242",
 *         "isBookmarked": false, "isPublic": false, "isSubscribed": false,
 *         "lastSeen": "2019-08-19T20:58:37.391000Z", "level": "error", "logger": null,
 *         "metadata": { "filename": "/runner", "type": "ReferenceError", "value": "blooopy is not defined" },
 *         "numComments": 0, "permalink": null, "platform": "javascript",
 *         "project": { "id": "1", "name": "front-end", "platform": "", "slug": "front-end" },
 *         "shareId": null, "shortId": "FRONT-END-9", "status": "unresolved", "statusDetails": {},
 *         "subscriptionDetails": null, "substatus": "escalating",
 *         "title": "ReferenceError: blooopy is not defined", "type": "error", "userCount": 1
 *       }
 *     },
 *     "installation": { "uuid": "a8e5d37a-696c-4c54-adb5-b3f28d64c7de" }
 *   }
 *
 * event_alert, error and metric_alert samples, also from Sentry's documentation, are in fixtures/.
 *
 * Sentry's legacy WebHooks plugin (an alert rule action "Send a notification via WebHooks") sends no
 * `Sentry-Hook-*` header and no signature; its body, as Sentry documents it (in full in
 * fixtures/sentry-plugin.json), is the issue with the event that triggered the rule:
 *
 *   { "id": "1385042923", "project": "meow", "project_name": "Meow", "project_slug": "meow",
 *     "logger": null, "level": "error", "culprit": "?(runner)", "message": "",
 *     "url": "https://sentry.io/organizations/meredith/issues/1385042923/?referrer=webhooks_plugin",
 *     "triggering_rules": ["Webhook Test"],
 *     "event": { "event_id": "af17d39f…", "title": "ReferenceError: hello is not defined",
 *                "metadata": { "type": "ReferenceError", "value": "hello is not defined" },
 *                "tags": [["browser", "Chrome 76.0.3809"], ["level", "error"], …],
 *                "timestamp": 1576778299.836607, "platform": "javascript", … } }
 */

/**
 * Sentry adapter. Dedup and group keys are `issue:<issue id>` for issue, event_alert and error deliveries
 * (so an issue alert opened by event_alert is resolved by the issue's `resolved` webhook) and
 * `metric_alert:<incident id>` for metric alerts: each Sentry issue (error group) and each metric
 * alert is an incident of its own by default (a rule's `groupBy` still groups them otherwise). The
 * legacy plugin's `id` is the issue id, so its alerts meet the integration platform's. Actions:
 * - issue: created/unresolved → trigger, resolved → resolve, archived/ignored → acknowledge
 *   (someone chose to mute it), assigned → no signal (ownership rules assign automatically, which
 *   must not silence a page);
 * - event_alert: triggered → trigger; error: created → trigger;
 * - metric_alert: critical/warning → trigger (with that severity), resolved → resolve;
 * - legacy plugin (no `Sentry-Hook-Resource`, a body with `id` and `event`): trigger.
 * Other resources (installation, comment, seer, …) and unknown actions yield no signals.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  addLabel,
  addLink,
  header,
  isObject,
  malformed,
  mapSeverity,
  optionalObject,
  requireId,
  requireObject,
  requireString,
  text,
  timestamp,
  title,
  type JsonObject,
} from './normalize.ts';
import {
  DeliveryError,
  type Adapter,
  type DeliveryRequest,
  type NormalizedSignal,
  type SignalAction,
} from './types.ts';

/**
 * Checks `sentry-hook-signature` (hex HMAC-SHA256 of the raw body keyed with the client secret) in
 * constant time; throws DeliveryError('unauthorized'). Exported for tests and the route.
 */
export function verifySentrySignature(
  req: Pick<DeliveryRequest, 'headers' | 'rawBody'>,
  secret: string,
): void {
  const field = 'headers.sentry-hook-signature';
  const given = header(req.headers, 'sentry-hook-signature');
  if (given === undefined) throw new DeliveryError('unauthorized', 'missing Sentry signature', field);
  const expected = createHmac('sha256', secret).update(req.rawBody).digest();
  const actual = /^[0-9a-f]{64}$/i.test(given.trim()) ? Buffer.from(given.trim(), 'hex') : Buffer.alloc(0);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    throw new DeliveryError('unauthorized', 'Sentry signature does not match', field);
}

/** How far `Sentry-Hook-Timestamp` may be from the receipt time; an older delivery is a replay. */
export const sentryTimestampToleranceMs = 5 * 60_000;

/**
 * Refuses a delivery whose `sentry-hook-timestamp` (seconds since the epoch) is more than
 * five minutes from the receipt time, either way; `required` (a signed integration) also refuses
 * one without it. Throws DeliveryError('unauthorized'). Exported for tests.
 */
export function verifySentryTimestamp(req: Pick<DeliveryRequest, 'headers' | 'nowMs'>, required: boolean) {
  const field = 'headers.sentry-hook-timestamp';
  const given = header(req.headers, 'sentry-hook-timestamp')?.trim();
  if (given === undefined || given === '') {
    if (required) throw new DeliveryError('unauthorized', 'missing Sentry timestamp', field);
    return;
  }
  if (!/^\d{1,12}(\.\d{1,9})?$/.test(given))
    throw new DeliveryError('unauthorized', 'Sentry timestamp must be seconds since the epoch', field);
  const age = req.nowMs - Number(given) * 1000;
  if (age > sentryTimestampToleranceMs)
    throw new DeliveryError('unauthorized', 'Sentry delivery is more than 5 minutes old (a replay?)', field);
  if (age < -sentryTimestampToleranceMs)
    throw new DeliveryError('unauthorized', 'Sentry timestamp is more than 5 minutes ahead', field);
}

const issueActions: Record<string, SignalAction | null> = {
  created: 'trigger',
  unresolved: 'trigger',
  resolved: 'resolve',
  archived: 'acknowledge',
  ignored: 'acknowledge',
  assigned: null,
};

/** A signal of `dedupKey`, which is also its group key: one incident per issue or metric alert. */
function base(action: SignalAction, dedupKey: string, body: JsonObject): NormalizedSignal {
  return {
    action,
    dedupKey,
    groupKey: dedupKey,
    title: '',
    severity: null,
    labels: {},
    links: [],
    occurredAt: null,
    payload: body,
  };
}

function issueSignal(action: string, data: JsonObject, body: JsonObject): NormalizedSignal | null {
  const signalAction = Object.hasOwn(issueActions, action) ? issueActions[action]! : null;
  if (signalAction === null) return null;
  const issue = requireObject(data.issue, 'body.data.issue');
  const id = requireId(issue.id, 'body.data.issue.id');
  const s = base(signalAction, `issue:${id}`, body);
  const metadata = isObject(issue.metadata) ? issue.metadata : {};
  const fallback = [text(metadata.type), text(metadata.value)].filter((x) => x !== null).join(': ');
  s.title = title(text(issue.title) ?? (fallback || `Sentry issue ${id}`));
  s.severity = mapSeverity(issue.level);
  const project = isObject(issue.project) ? issue.project : {};
  addLabel(s.labels, 'project', text(project.slug) ?? project.name);
  for (const k of ['level', 'platform', 'shortId', 'culprit', 'substatus']) addLabel(s.labels, k, issue[k]);
  addLink(s.links, issue.web_url, 'Sentry issue');
  addLink(s.links, issue.permalink, 'Sentry issue');
  if (action === 'created') s.occurredAt = timestamp(issue.firstSeen, 'body.data.issue.firstSeen');
  if (action === 'unresolved') s.occurredAt = timestamp(issue.lastSeen, 'body.data.issue.lastSeen');
  return s;
}

/** Sentry tags are [key, value] pairs: environment, release, browser, url, … */
function addTags(labels: Record<string, string>, tags: unknown) {
  if (Array.isArray(tags))
    for (const tag of tags as unknown[])
      if (Array.isArray(tag) && typeof tag[0] === 'string') addLabel(labels, tag[0], tag[1]);
}

/** event_alert (`data.event`) and error (`data.error`) carry the same event shape. */
function eventSignal(key: 'event' | 'error', data: JsonObject, body: JsonObject): NormalizedSignal {
  const f = `body.data.${key}`;
  const event = requireObject(data[key], f);
  const issueId = requireId(event.issue_id, `${f}.issue_id`);
  const s = base('trigger', `issue:${issueId}`, body);
  const metadata = isObject(event.metadata) ? event.metadata : {};
  s.title = title(
    text(event.title) ?? text(metadata.value) ?? text(event.message) ?? `Sentry issue ${issueId}`,
  );
  s.severity = mapSeverity(event.level);
  addTags(s.labels, event.tags);
  addLabel(s.labels, 'rule', data.triggered_rule);
  for (const k of ['level', 'platform', 'culprit']) addLabel(s.labels, k, event[k]);
  addLink(s.links, event.web_url, 'Sentry event');
  addLink(s.links, event.issue_url, 'Sentry issue (API)');
  s.occurredAt = timestamp(event.datetime, `${f}.datetime`);
  return s;
}

const metricActions: Record<string, SignalAction> = {
  critical: 'trigger',
  warning: 'trigger',
  resolved: 'resolve',
};

function metricSignal(action: string, data: JsonObject, body: JsonObject): NormalizedSignal | null {
  if (!Object.hasOwn(metricActions, action)) return null;
  const incident = requireObject(data.metric_alert, 'body.data.metric_alert');
  const id = requireId(incident.id, 'body.data.metric_alert.id');
  const s = base(metricActions[action]!, `metric_alert:${id}`, body);
  const rule = isObject(incident.alert_rule) ? incident.alert_rule : {};
  s.title = title(
    text(data.description_title) ?? text(incident.title) ?? text(rule.name) ?? `Sentry metric alert ${id}`,
  );
  s.severity = action === 'resolved' ? null : mapSeverity(action);
  addLabel(s.labels, 'rule', rule.name);
  for (const k of ['aggregate', 'dataset', 'environment', 'query']) addLabel(s.labels, k, rule[k]);
  if (Array.isArray(rule.projects) && rule.projects.every((p) => typeof p === 'string'))
    addLabel(s.labels, 'projects', rule.projects.join(','));
  addLink(s.links, data.web_url, 'Sentry alert');
  const f = 'body.data.metric_alert';
  s.occurredAt =
    action === 'resolved'
      ? timestamp(incident.date_closed, `${f}.date_closed`)
      : (timestamp(incident.date_detected, `${f}.date_detected`) ??
        timestamp(incident.date_started, `${f}.date_started`));
  return s;
}

/** A legacy WebHooks plugin delivery: the issue (`id`, `url`, …) and the event that triggered the rule. */
function pluginSignal(body: JsonObject): NormalizedSignal {
  const id = requireId(body.id, 'body.id');
  const event = optionalObject(body.event, 'body.event') ?? {};
  const s = base('trigger', `issue:${id}`, body);
  const metadata = isObject(event.metadata) ? event.metadata : {};
  const fallback = [text(metadata.type), text(metadata.value)].filter((x) => x !== null).join(': ');
  s.title = title(text(event.title) ?? text(body.message) ?? (fallback || `Sentry issue ${id}`));
  s.severity = mapSeverity(body.level) ?? mapSeverity(event.level);
  addLabel(s.labels, 'project', text(body.project_slug) ?? text(body.project) ?? body.project_name);
  addTags(s.labels, event.tags);
  if (Array.isArray(body.triggering_rules) && body.triggering_rules.every((r) => typeof r === 'string'))
    addLabel(s.labels, 'rule', body.triggering_rules.join(','));
  for (const k of ['level', 'culprit', 'logger']) addLabel(s.labels, k, body[k]);
  addLabel(s.labels, 'platform', event.platform);
  addLink(s.links, body.url, 'Sentry issue');
  // The event's time: seconds since the epoch (a float), or an RFC 3339 `datetime` in some versions.
  const ts = event.timestamp;
  s.occurredAt =
    typeof ts === 'number' && Number.isFinite(ts) && ts > 0
      ? new Date(Math.round(ts * 1000))
      : timestamp(event.datetime, 'body.event.datetime');
  return s;
}

/** Whether a delivery without `Sentry-Hook-Resource` is the legacy plugin's: an issue id and its event. */
function isPluginBody(body: unknown): body is JsonObject {
  return isObject(body) && body.id !== undefined && (isObject(body.event) || body.url !== undefined);
}

/** Parses one Sentry webhook by its `sentry-hook-resource` header (none: the legacy plugin). */
function parseSentry(req: DeliveryRequest): NormalizedSignal[] {
  const resource = header(req.headers, 'sentry-hook-resource');
  if (resource === undefined || resource.trim() === '') {
    if (isPluginBody(req.body)) return [pluginSignal(req.body)];
    throw malformed(
      'headers.sentry-hook-resource',
      'is required (or a WebHooks plugin body with id and event)',
    );
  }
  const body = requireObject(req.body, 'body');
  const action = requireString(body.action, 'body.action');
  const known = ['issue', 'event_alert', 'error', 'metric_alert'];
  if (!known.includes(resource)) return [];
  const data = requireObject(body.data, 'body.data');
  let signal: NormalizedSignal | null;
  if (resource === 'issue') signal = issueSignal(action, data, body);
  else if (resource === 'event_alert')
    signal = action === 'triggered' ? eventSignal('event', data, body) : null;
  else if (resource === 'error') signal = action === 'created' ? eventSignal('error', data, body) : null;
  else signal = metricSignal(action, data, body);
  return signal ? [signal] : [];
}

/** The Sentry adapter; the delivery id is Sentry's `Request-ID` header. */
export const sentry: Adapter = {
  type: 'sentry',
  verify(req, settings) {
    if (settings.signingSecret !== null) verifySentrySignature(req, settings.signingSecret);
    verifySentryTimestamp(req, settings.signingSecret !== null);
  },
  parse(req) {
    const signals = parseSentry(req);
    const requestId = header(req.headers, 'request-id');
    return { externalId: requestId && requestId.trim() !== '' ? requestId : null, signals };
  },
};
