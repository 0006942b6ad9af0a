// The kinds of integration in plain words, and how to connect each one once its key and URLs are
// known: a short instruction and a ready-to-paste snippet with the URL and key filled in.
import type { Integration, IntegrationKey, IntegrationType } from '../../api/types.ts';

/** Name and one-line description of each integration type. */
export const integrationTypeInfo: Record<IntegrationType, { label: string; description: string }> = {
  alertmanager: {
    label: 'Prometheus Alertmanager',
    description: 'Alerts from Prometheus, sent by Alertmanager’s webhook or PagerDuty receiver.',
  },
  pagerduty: {
    label: 'PagerDuty Events v2 compatible',
    description: 'Anything that can page PagerDuty (Events API v2) can page Expedite unchanged.',
  },
  grafana: {
    label: 'Grafana',
    description: 'Grafana alerting, through a webhook contact point.',
  },
  sentry: {
    label: 'Sentry',
    description: 'Issues and alerts from a Sentry internal integration, signed with its client secret.',
  },
  bugsnag: {
    label: 'Bugsnag',
    description: 'Errors forwarded by Bugsnag’s (Insight Hub’s) webhook integration.',
  },
  generic: {
    label: 'Generic JSON',
    description: 'Any tool that can POST JSON; you say where the title and key are in the body.',
  },
};

/** Types listed in the order people look for them. */
export const integrationTypeOrder: IntegrationType[] = [
  'alertmanager',
  'grafana',
  'sentry',
  'bugsnag',
  'pagerduty',
  'generic',
];

/** Types that may (Sentry: must) verify a signature with a shared secret (the server refuses others). */
export function takesSigningSecret(type: IntegrationType): boolean {
  return type === 'sentry' || type === 'generic' || type === 'grafana';
}

/** How to connect an integration: steps in words and a snippet to paste. */
export interface ConnectHelp {
  steps: string;
  snippetLabel: string;
  snippet: string;
}

/** Connection help for `created` (the key and URLs are only known right after create or rotate). */
export function connectHelp(created: IntegrationKey): ConnectHelp {
  const { integration, key, url, pagerDutyUrl } = created;
  const type: Integration['type'] = integration.type;
  switch (type) {
    case 'alertmanager':
      return {
        steps:
          'Add a receiver to alertmanager.yml (either form works) and route alerts to it, then reload Alertmanager.',
        snippetLabel: 'alertmanager.yml',
        snippet: [
          'receivers:',
          '  - name: expedite',
          '    webhook_configs:',
          `      - url: ${url}`,
          '        send_resolved: true',
          '  # or, through the PagerDuty-compatible endpoint:',
          '  - name: expedite-pagerduty',
          '    pagerduty_configs:',
          `      - routing_key: ${key}`,
          `        url: ${pagerDutyUrl}`,
          '        send_resolved: true',
        ].join('\n'),
      };
    case 'pagerduty':
      return {
        steps:
          'Point the tool’s PagerDuty Events API v2 URL at Expedite and use the key as its routing (integration) key.',
        snippetLabel: 'Test it with curl',
        snippet: [
          `curl -X POST ${pagerDutyUrl} \\`,
          "  -H 'content-type: application/json' \\",
          `  -d '{"routing_key":"${key}","event_action":"trigger","dedup_key":"test-1",`,
          `       "payload":{"summary":"Test alert","source":"my-host","severity":"error"}}'`,
        ].join('\n'),
      };
    case 'grafana':
      return {
        steps:
          'In Grafana: Alerting → Contact points → Add contact point, choose Webhook, paste the URL (POST or PUT), save, and use the contact point in a notification policy. To sign: under HMAC Signature set the same secret as here and Timestamp Header X-Grafana-Alerting-Timestamp.',
        snippetLabel: 'Webhook URL',
        snippet: url,
      };
    case 'sentry':
      return {
        steps:
          'In Sentry: Settings → Developer Settings → New Internal Integration. Paste the URL as Webhook URL, turn on Alert Rule Action and the Issue webhooks, and give Expedite the integration’s Client Secret as signing secret.',
        snippetLabel: 'Webhook URL',
        snippet: url,
      };
    case 'bugsnag':
      return {
        steps:
          'In Bugsnag: Project settings → Integrations and email → Data forwarding → Webhook. Paste the URL and choose which events to send.',
        snippetLabel: 'Webhook URL',
        snippet: url,
      };
    case 'generic':
      return {
        steps: integration.signed
          ? 'POST JSON to the URL. Sign each request the Standard Webhooks way (webhook-id, webhook-timestamp and webhook-signature headers) with your secret.'
          : 'POST JSON to the URL. Without a custom mapping the body looks like this:',
        snippetLabel: 'Test it with curl',
        snippet: [
          `curl -X POST ${url} \\`,
          "  -H 'content-type: application/json' \\",
          `  -d '{"title":"Checkout error rate above 5%","dedup_key":"checkout-errors",`,
          `       "severity":"critical","status":"firing","labels":{"service":"checkout"}}'`,
        ].join('\n'),
      };
  }
}
