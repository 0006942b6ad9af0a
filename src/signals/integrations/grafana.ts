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
 */
import { parseAlertGroup } from './alertmanager.ts';
import { addLink } from './normalize.ts';
import type { Adapter } from './types.ts';

/** The Grafana adapter (no signature: Grafana authenticates with the URL token or an auth header). */
export const grafana: Adapter = {
  type: 'grafana',
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
