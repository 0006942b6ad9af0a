/*
 * Prometheus Alertmanager webhook receiver (`webhook_configs`), payload version "4".
 * Documented format (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config):
 *
 *   { "version": "4", "groupKey": <string>, "truncatedAlerts": <int>, "status": "<resolved|firing>",
 *     "receiver": <string>, "groupLabels": <object>, "commonLabels": <object>,
 *     "commonAnnotations": <object>, "externalURL": <string>,
 *     "alerts": [ { "status": "<resolved|firing>", "labels": <object>, "annotations": <object>,
 *                   "startsAt": "<rfc3339>", "endsAt": "<rfc3339>", "generatorURL": <string>,
 *                   "fingerprint": <string> }, ... ] }
 *
 * A real delivery (fixtures/alertmanager-firing.json):
 *
 *   {
 *     "receiver": "sms",
 *     "status": "firing",
 *     "alerts": [
 *       {
 *         "status": "firing",
 *         "labels": { "alertname": "ProbeFailure", "instance": "https://server.example.org",
 *                     "job": "http_checks", "monitor": "master", "severity": "critical" },
 *         "annotations": {
 *           "description": "Instance https://server.example.org has been down for over 5m. Job: http_checks",
 *           "summary": "BlackBox Probe Failure: https://server.example.org"
 *         },
 *         "startsAt": "2023-02-06T13:08:45.828Z",
 *         "endsAt": "0001-01-01T00:00:00Z",
 *         "generatorURL": "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1",
 *         "fingerprint": "1a30ba71cca2921f"
 *       }
 *     ],
 *     "groupLabels": { "alertname": "ProbeFailure" },
 *     "commonLabels": { "alertname": "ProbeFailure", "instance": "https://server.example.org",
 *                       "job": "http_checks", "monitor": "master", "severity": "critical" },
 *     "commonAnnotations": { "summary": "BlackBox Probe Failure: https://server.example.org" },
 *     "externalURL": "http://prometheus.example.org:9093",
 *     "version": "4",
 *     "groupKey": "{}/{severity=\"critical\"}:{alertname=\"ProbeFailure\"}",
 *     "truncatedAlerts": 0
 *   }
 */

/**
 * Alertmanager adapter: one signal per alert in the group. `firing` triggers and `resolved`
 * resolves; the alert's fingerprint is the dedup key (a hash of its sorted labels when absent) and
 * the group's `groupKey` the group key. The payload `version` is not checked, so Alertmanager
 * forks and Grafana (version "1", see grafana.ts, which reuses parseAlertGroup) parse alike.
 * `truncatedAlerts` (how many alerts of the group the receiver's `max_alerts` left out) rides on
 * each signal, so the incident can say how many more the sender has.
 */
import { createHash } from 'node:crypto';
import {
  addLink,
  flattenLabels,
  malformed,
  mapSeverity,
  optionalObject,
  optionalString,
  requireObject,
  text,
  timestamp,
  title,
  type JsonObject,
} from './normalize.ts';
import type { Adapter, NormalizedSignal, ParsedDelivery } from './types.ts';

/** What differs between Alertmanager-shaped vendors. */
export interface AlertGroupOptions {
  /** Link text for an alert's `generatorURL` and for the group's `externalURL`. */
  generatorText: string;
  externalText: string;
  /** Adds vendor-specific links of one alert (Grafana's dashboard, panel, silence). */
  extraLinks?(alert: JsonObject, links: NormalizedSignal['links']): void;
}

/**
 * A stable fingerprint for an alert that came without one: SHA-256 over its labels sorted by name,
 * so the same label set always dedups onto the same alert.
 */
export function labelsFingerprint(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** Parses an Alertmanager-shaped group (`{groupKey, externalURL, alerts: [...]}`) into signals. */
export function parseAlertGroup(body: unknown, options: AlertGroupOptions): ParsedDelivery {
  const group = requireObject(body, 'body');
  if (!Array.isArray(group.alerts)) throw malformed('body.alerts', 'must be an array');
  const groupKey = text(optionalString(group.groupKey, 'body.groupKey'));
  const truncated = truncatedAlerts(group.truncatedAlerts);
  const signals = group.alerts.map((raw: unknown, i) => {
    const s = parseAlert(raw, `body.alerts[${i}]`, group, groupKey, options);
    if (truncated > 0) s.truncatedAlerts = truncated;
    return s;
  });
  return { externalId: null, signals };
}

/** `truncatedAlerts`: a count (0 when absent); anything else is refused. */
function truncatedAlerts(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 2 ** 31 - 1)
    throw malformed('body.truncatedAlerts', 'must be a non-negative integer');
  return v;
}

function parseAlert(
  raw: unknown,
  f: string,
  group: JsonObject,
  groupKey: string | null,
  options: AlertGroupOptions,
): NormalizedSignal {
  const alert = requireObject(raw, f);
  const status = alert.status;
  if (status !== 'firing' && status !== 'resolved')
    throw malformed(`${f}.status`, 'must be "firing" or "resolved"');
  const labels = flattenLabels(optionalObject(alert.labels, `${f}.labels`) ?? {});
  const annotations = optionalObject(alert.annotations, `${f}.annotations`) ?? {};

  let dedupKey = text(optionalString(alert.fingerprint, `${f}.fingerprint`));
  if (dedupKey === null) {
    if (Object.keys(labels).length === 0)
      throw malformed(`${f}.fingerprint`, 'missing, and no labels to derive it from');
    dedupKey = labelsFingerprint(labels);
  }

  const startsAt = timestamp(alert.startsAt, `${f}.startsAt`);
  const endsAt = timestamp(alert.endsAt, `${f}.endsAt`);

  const links: NormalizedSignal['links'] = [];
  addLink(links, alert.generatorURL, options.generatorText);
  addLink(links, annotations.runbook_url, 'Runbook');
  options.extraLinks?.(alert, links);
  addLink(links, group.externalURL, options.externalText);

  return {
    action: status === 'firing' ? 'trigger' : 'resolve',
    dedupKey,
    groupKey,
    title: title(
      text(annotations.summary) ??
        text(annotations.description) ??
        text(labels.alertname) ??
        `Alert ${dedupKey}`,
    ),
    severity: mapSeverity(labels.severity),
    labels,
    links,
    // A resolve happened when the alert ended; without an end time the receipt time is used.
    occurredAt: status === 'firing' ? startsAt : endsAt,
    payload: alert,
  };
}

/** The Alertmanager adapter (no signature: Alertmanager authenticates with the URL token or basic auth). */
export const alertmanager: Adapter = {
  type: 'alertmanager',
  parse(req) {
    return parseAlertGroup(req.body, { generatorText: 'Prometheus', externalText: 'Alertmanager' });
  },
};
