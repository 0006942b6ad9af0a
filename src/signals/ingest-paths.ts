/**
 * Which ingest paths an integration answers on. The webhook path speaks the integration type's own
 * format; the PagerDuty Events API paths (`/v2/enqueue`, `/v2/change/enqueue`) carry no signature
 * at all. So an integration is reachable only through the paths its type sends on, and one with a
 * signing secret only through a path whose adapter checks that signature: a Sentry key must not
 * open, acknowledge or resolve anything through an unsigned PagerDuty event.
 */
import { adapters } from './integrations/index.ts';
import { DeliveryError, type IntegrationType } from './integrations/types.ts';
import type { IntegrationRecord } from './store.ts';

/** `hook`: the webhook, POST (PUT too for Grafana); `events`: PagerDuty alert events; `changes`: change events. */
export type IngestPath = 'hook' | 'hook-put' | 'events' | 'changes';

/** Paths per type: tools with a PagerDuty notifier of their own (Alertmanager, Grafana) may use it. */
const allowed: Record<IntegrationType, readonly IngestPath[]> = {
  pagerduty: ['hook', 'events', 'changes'],
  alertmanager: ['hook', 'events'],
  grafana: ['hook', 'hook-put', 'events'],
  sentry: ['hook'],
  bugsnag: ['hook'],
  generic: ['hook'],
};

/** Whether an integration of `type` can verify a signing secret (through its own webhook). */
export function verifiesSignatures(type: IntegrationType): boolean {
  return adapters[type].verify !== undefined;
}

/**
 * Throws DeliveryError when `integration` may not receive through `path`: 'malformed' for a path
 * its type does not use, 'unauthorized' when it has a signing secret the path cannot check.
 */
export function checkIngestPath(integration: IntegrationRecord, path: IngestPath): void {
  if (!allowed[integration.type].includes(path))
    throw new DeliveryError(
      'malformed',
      `a ${integration.type} integration does not receive ${describe(path)}`,
    );
  const checked = (path === 'hook' || path === 'hook-put') && verifiesSignatures(integration.type);
  if (integration.signingSecret !== null && !checked)
    throw new DeliveryError(
      'unauthorized',
      `this integration has a signing secret, and ${describe(path)} carry no signature it can check`,
    );
}

function describe(path: IngestPath): string {
  if (path === 'events') return 'PagerDuty events (/v2/enqueue)';
  if (path === 'changes') return 'PagerDuty change events (/v2/change/enqueue)';
  if (path === 'hook-put') return 'webhooks sent with PUT';
  return 'webhooks';
}
