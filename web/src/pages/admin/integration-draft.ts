// What the "New integration" form holds while it is typed, and the API body it becomes.
import type { CreateIntegrationBody, IntegrationType } from '../../api/types.ts';
import { takesSigningSecret } from './integration-types.ts';

/** The generic webhook's mapping fields, as typed (JSON paths). */
export const mappingFields = [
  {
    key: 'items',
    label: 'Items (optional)',
    hint: 'Array of alerts, e.g. $.alerts[*]; empty: the body is one alert',
  },
  { key: 'title', label: 'Title', hint: 'e.g. $.title' },
  { key: 'dedupKey', label: 'Alert key', hint: 'Stable per alert, e.g. $.id' },
  { key: 'severity', label: 'Severity (optional)', hint: 'e.g. $.level' },
  { key: 'status', label: 'Status (optional)', hint: 'e.g. $.state' },
  { key: 'labels', label: 'Labels (optional)', hint: 'An object of labels, e.g. $.tags' },
  { key: 'link', label: 'Link (optional)', hint: 'e.g. $.url' },
  { key: 'groupKey', label: 'Group key (optional)', hint: 'e.g. $.group' },
] as const;
export type MappingKey = (typeof mappingFields)[number]['key'];

/** What the admin has typed so far. */
export interface IntegrationDraft {
  name: string;
  type: IntegrationType;
  service: string;
  signingSecret: string;
  /** Sentry's legacy WebHooks plugin, which cannot sign: no secret, the key in the URL only. */
  sentryLegacy: boolean;
  rateLimit: number | string;
  customMapping: boolean;
  mapping: Record<MappingKey, string>;
  resolvedValues: string[];
}

export const emptyIntegrationDraft: IntegrationDraft = {
  name: '',
  type: 'alertmanager',
  service: '',
  signingSecret: '',
  sentryLegacy: false,
  rateLimit: '',
  customMapping: false,
  mapping: {
    items: '',
    title: '',
    dedupKey: '',
    severity: '',
    status: '',
    labels: '',
    link: '',
    groupKey: '',
  },
  resolvedValues: [],
};

export function unsignedSentry(d: IntegrationDraft): boolean {
  return d.type === 'sentry' && d.sentryLegacy;
}

export function toBody(d: IntegrationDraft): CreateIntegrationBody {
  const body: CreateIntegrationBody = { name: d.name.trim(), type: d.type };
  if (d.service.trim()) body.service = d.service.trim();
  if (takesSigningSecret(d.type) && d.signingSecret && !unsignedSentry(d))
    body.signingSecret = d.signingSecret;
  if (typeof d.rateLimit === 'number') body.rateLimitPerMinute = d.rateLimit;
  if (d.type === 'generic' && d.customMapping) {
    const m = Object.fromEntries(
      Object.entries(d.mapping)
        .map(([k, v]) => [k, v.trim()])
        .filter(([, v]) => v),
    ) as Record<string, string>;
    body.mapping = {
      ...m,
      title: m.title ?? '',
      dedupKey: m.dedupKey ?? '',
      ...(d.resolvedValues.length ? { resolvedValues: d.resolvedValues } : {}),
    };
  }
  return body;
}
