/*
 * Grafana unified alerting, webhook contact point. Sample from Grafana's documentation
 * (https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/),
 * second alert and message shortened; in full in fixtures/grafana-firing.json:
 *
 *   {
 *     "receiver": "My Super Webhook",
 *     "status": "firing",
 *     "orgId": 1,
 *     "alerts": [
 *       {
 *         "status": "firing",
 *         "labels": { "alertname": "High memory usage", "team": "blue", "zone": "us-1" },
 *         "annotations": {
 *           "description": "The system has high memory usage",
 *           "runbook_url": "https://myrunbook.com/runbook/1234",
 *           "summary": "This alert was triggered for zone us-1"
 *         },
 *         "startsAt": "2021-10-12T09:51:03.157076+02:00",
 *         "endsAt": "0001-01-01T00:00:00Z",
 *         "generatorURL": "https://play.grafana.org/alerting/1afz29v7z/edit",
 *         "fingerprint": "c6eadffa33fcdf37",
 *         "silenceURL": "https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1",
 *         "dashboardURL": "",
 *         "panelURL": "",
 *         "values": { "B": 44.23943737541908, "C": 1 }
 *       },
 *       { "status": "firing", "labels": { "alertname": "High CPU usage", … }, … }
 *     ],
 *     "groupLabels": {},
 *     "commonLabels": { "team": "blue" },
 *     "commonAnnotations": {},
 *     "externalURL": "https://play.grafana.org/",
 *     "version": "1",
 *     "groupKey": "{}:{}",
 *     "truncatedAlerts": 0,
 *     "title": "[FIRING:2]  (blue)",
 *     "state": "alerting",
 *     "message": "**Firing**\n\nLabels:\n - alertname = T2\n …"
 *   }
 */

/**
 * Grafana adapter. Grafana's webhook is a superset of Alertmanager's, so it reuses
 * parseAlertGroup: one signal per alert, fingerprint as dedup key, `groupKey` as group key. It adds
 * the alert's dashboard, panel, silence and image links. The deprecated group-level `title`,
 * `state` and `message` are ignored (titles come from each alert's summary, as for Alertmanager).
 *
 * Signing (the contact point's optional "HMAC Signature" settings, grafana/alerting's
 * HMACRoundTripper): the header (default `X-Grafana-Alerting-Signature`) holds the lower-case hex
 * HMAC-SHA256, keyed with the secret as UTF-8, of the raw body; when a timestamp header is
 * configured, of `<unix seconds>:<body>` and the seconds go in that header. Grafana has no default
 * timestamp header name: Expedite reads `X-Grafana-Alerting-Timestamp` and, when present, refuses
 * a timestamp more than five minutes off (a replayed delivery).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseAlertGroup } from './alertmanager.ts';
import { addLink, header } from './normalize.ts';
import { DeliveryError, type Adapter, type DeliveryRequest } from './types.ts';

/** The headers Grafana is configured to send (the signature one is its default). */
export const grafanaHeaders = {
  signature: 'x-grafana-alerting-signature',
  timestamp: 'x-grafana-alerting-timestamp',
} as const;

/** How far a signed timestamp may be from the receipt time. */
const TOLERANCE_SECONDS = 5 * 60;

/** Checks Grafana's HMAC signature against `secret`; throws DeliveryError('unauthorized'). */
export function verifyGrafanaSignature(
  req: Pick<DeliveryRequest, 'headers' | 'rawBody' | 'nowMs'>,
  secret: string,
): void {
  const field = `headers.${grafanaHeaders.signature}`;
  const given = header(req.headers, grafanaHeaders.signature)?.trim();
  if (given === undefined) throw new DeliveryError('unauthorized', 'missing Grafana signature', field);
  const stamp = header(req.headers, grafanaHeaders.timestamp)?.trim();
  const hmac = createHmac('sha256', secret);
  if (stamp !== undefined) {
    const tsField = `headers.${grafanaHeaders.timestamp}`;
    if (!/^\d{1,12}$/.test(stamp)) throw new DeliveryError('unauthorized', 'must be Unix seconds', tsField);
    if (Math.abs(Number(stamp) - req.nowMs / 1000) > TOLERANCE_SECONDS)
      throw new DeliveryError('unauthorized', 'more than 5 minutes from now (a replayed delivery?)', tsField);
    hmac.update(`${stamp}:`);
  }
  const expected = hmac.update(req.rawBody).digest();
  const actual = /^[0-9a-f]{64}$/i.test(given) ? Buffer.from(given, 'hex') : Buffer.alloc(0);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    throw new DeliveryError('unauthorized', 'Grafana signature does not match', field);
}

/** The Grafana adapter; with a signing secret, every delivery must carry Grafana's HMAC signature. */
export const grafana: Adapter = {
  type: 'grafana',
  verify(req, settings) {
    if (settings.signingSecret !== null) verifyGrafanaSignature(req, settings.signingSecret);
  },
  parse(req) {
    return parseAlertGroup(req.body, {
      generatorText: 'Alert rule',
      externalText: 'Grafana',
      extraLinks(alert, links) {
        addLink(links, alert.dashboardURL, 'Dashboard');
        addLink(links, alert.panelURL, 'Panel');
        addLink(links, alert.imageURL, 'Image');
        addLink(links, alert.silenceURL, 'Silence');
      },
    });
  },
};
