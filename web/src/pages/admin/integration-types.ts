// The kinds of integration in plain words, and how to connect each one: a short instruction and a
// ready-to-paste snippet with the URL filled in, and the key too right after creating or rotating.
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

/** Senders that cannot set a header: they keep the webhook URL with the key in it. */
export function keyInUrlOnly(type: IntegrationType): boolean {
  return type === 'sentry' || type === 'bugsnag';
}

/** What only creating or rotating reveals; without it the snippets show placeholders. */
export type Revealed = Pick<IntegrationKey, 'key' | 'url'>;

/** Where PagerDuty events go, on the server that gave `integration` its webhook URL. */
export function pagerDutyUrlOf(integration: Integration): string {
  return integration.webhookUrl.replace(/\/api\/v1\/integrations\/[^/]+\/webhook$/, '/v2/enqueue');
}

/** The webhook URL with the key in it (a placeholder when the key is not known). */
function keyedUrl(integration: Integration, revealed: Revealed | null): string {
  return (
    revealed?.url ?? pagerDutyUrlOf(integration).replace(/\/v2\/enqueue$/, '/api/v1/hooks/<integration key>')
  );
}

/** Connection help for `integration`; the key and keyed URL only right after create or rotate. */
export function connectHelp(integration: Integration, revealed: Revealed | null): ConnectHelp {
  const key = revealed?.key ?? '<integration key>';
  const url = integration.webhookUrl;
  const pagerDutyUrl = pagerDutyUrlOf(integration);
  const type: Integration['type'] = integration.type;
  switch (type) {
    case 'alertmanager':
      return {
        steps:
          'Add a receiver to alertmanager.yml (either form works) and route alerts to it, then reload Alertmanager. The key goes in http_config.authorization, not in the URL.',
        snippetLabel: 'alertmanager.yml',
        snippet: [
          'receivers:',
          '  - name: expedite',
          '    webhook_configs:',
          `      - url: ${url}`,
          '        send_resolved: true',
          '        http_config:',
          '          authorization:',
          '            type: Bearer',
          `            credentials: ${key}`,
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
          'In Grafana: Alerting → Contact points → Add contact point, choose Webhook, paste the URL (POST or PUT). Under Optional settings set Authorization Header - Scheme to Bearer and Credentials to the key (or add the extra header X-Expedite-Key). Save, and use the contact point in a notification policy. To sign: under HMAC Signature set the same secret as here and Timestamp Header X-Grafana-Alerting-Timestamp.',
        snippetLabel: 'Contact point settings',
        snippet: [
          `URL: ${url}`,
          'Authorization Header - Scheme: Bearer',
          `Authorization Header - Credentials: ${key}`,
        ].join('\n'),
      };
    case 'sentry':
      return {
        steps:
          'In Sentry: Settings → Developer Settings → New Internal Integration. Sentry cannot send a header of ours, so paste the URL with the key in it as Webhook URL; every delivery is signed with the integration’s Client Secret, which Expedite checks. Turn on Alert Rule Action and the Issue webhooks.',
        snippetLabel: 'Webhook URL',
        snippet: keyedUrl(integration, revealed),
      };
    case 'bugsnag':
      return {
        steps:
          'In Bugsnag: Project settings → Integrations and email → Data forwarding → Webhook. Bugsnag cannot send a header of ours, so paste the URL with the key in it (keep it secret) and choose which events to send.',
        snippetLabel: 'Webhook URL',
        snippet: keyedUrl(integration, revealed),
      };
    case 'generic':
      return {
        steps: integration.signed
          ? 'POST JSON to the URL with the key in the Authorization header. Sign each request the Standard Webhooks way (webhook-id, webhook-timestamp and webhook-signature headers) with your secret.'
          : 'POST JSON to the URL with the key in the Authorization header (or X-Expedite-Key). Without a custom mapping the body looks like this:',
        snippetLabel: 'Test it with curl',
        snippet: [
          `curl -X POST ${url} \\`,
          `  -H 'authorization: Bearer ${key}' \\`,
          "  -H 'content-type: application/json' \\",
          `  -d '{"title":"Checkout error rate above 5%","dedup_key":"checkout-errors",`,
          `       "severity":"critical","status":"firing","labels":{"service":"checkout"}}'`,
        ].join('\n'),
      };
  }
}
