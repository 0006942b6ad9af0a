// Creating an integration: a name, what sends the alerts (with a plain description of each type),
// an optional service, a signing secret where the type supports one, where the generic webhook
// finds each field, and a rate limit. The API's objections are shown at their field and nothing
// typed is lost; the key is shown once afterwards (IntegrationKeyModal).
import {
  Alert,
  Button,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { CreateIntegrationBody, IntegrationKey, IntegrationType } from '../../api/types.ts';
import { readableColors } from '../../lib/readable.ts';
import { integrationTypeInfo, integrationTypeOrder, takesSigningSecret } from './integration-types.ts';

/** The generic webhook's mapping fields, as typed (JSON paths). */
const mappingFields = [
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
type MappingKey = (typeof mappingFields)[number]['key'];

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

function unsignedSentry(d: IntegrationDraft): boolean {
  return d.type === 'sentry' && d.sentryLegacy;
}

function toBody(d: IntegrationDraft): CreateIntegrationBody {
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

/** The "New integration" dialog; the draft lives with the caller so closing keeps it. */
export function NewIntegrationModal({
  opened,
  draft,
  onDraft,
  onClose,
  onCreated,
}: {
  opened: boolean;
  draft: IntegrationDraft;
  onDraft: (d: IntegrationDraft) => void;
  onClose: () => void;
  onCreated: (k: IntegrationKey) => void;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  const queryClient = useQueryClient();
  const [missing, setMissing] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (body: CreateIntegrationBody) =>
      api<IntegrationKey>('/integrations', { method: 'POST', body }),
    onSuccess: async (created) => {
      onDraft(emptyIntegrationDraft);
      setMissing({});
      onCreated(created);
      await queryClient.invalidateQueries({ queryKey: keys.integrations });
    },
  });
  const set = <K extends keyof IntegrationDraft>(field: K, value: IntegrationDraft[K]) => {
    onDraft({ ...draft, [field]: value });
    setMissing((m) => ({ ...m, [field]: '' }));
  };
  const setMapping = (field: MappingKey, value: string) => {
    onDraft({ ...draft, mapping: { ...draft.mapping, [field]: value } });
    setMissing((m) => ({ ...m, [`mapping.${field}`]: '' }));
  };

  const fields = create.error instanceof ApiError ? create.error.fields : {};
  const shown = new Set([
    'body.name',
    'body.type',
    'body.service',
    'body.signingSecret',
    'body.rateLimitPerMinute',
    'body.mapping.resolvedValues',
    ...mappingFields.map((f) => `body.mapping.${f.key}`),
  ]);
  const unplaced = Object.entries(fields).filter(([f]) => !shown.has(f));
  const general =
    create.error && (Object.keys(fields).length === 0 || unplaced.length > 0)
      ? [
          ...(Object.keys(fields).length === 0 ? [errorMessage(create.error)] : []),
          ...unplaced.map(([f, m]) => `${f.replace(/^body\./, '')}: ${m}`),
        ]
      : null;
  const error = (field: string) => missing[field] || fields[`body.${field}`];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!draft.name.trim()) problems.name = 'Name it after the source, e.g. "Production Prometheus"';
    if (draft.type === 'sentry' && !draft.sentryLegacy && !draft.signingSecret)
      problems.signingSecret = 'Paste the Client Secret of your Sentry integration';
    if (draft.signingSecret && draft.signingSecret.length < 8)
      problems.signingSecret = 'A signing secret has at least 8 characters';
    if (draft.type === 'generic' && draft.customMapping) {
      if (!draft.mapping.title.trim()) problems['mapping.title'] = 'Say where the title is, e.g. $.title';
      if (!draft.mapping.dedupKey.trim())
        problems['mapping.dedupKey'] = 'Say where a stable alert key is, e.g. $.id';
    }
    setMissing(problems);
    if (Object.keys(problems).length === 0) create.mutate(toBody(draft));
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="New integration"
      size="xl"
      fullScreen={phone}
      style={readableColors}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate aria-label="New integration">
        <Stack gap="md">
          <TextInput
            data-autofocus
            label="Name"
            description="Where the alerts come from, e.g. Production Prometheus"
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={error('name')}
          />
          <Radio.Group
            label="What sends the alerts"
            value={draft.type}
            onChange={(v) => set('type', v)}
            error={error('type')}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
              {integrationTypeOrder.map((t) => (
                <Radio
                  key={t}
                  value={t}
                  label={integrationTypeInfo[t].label}
                  description={integrationTypeInfo[t].description}
                />
              ))}
            </SimpleGrid>
          </Radio.Group>
          <TextInput
            label="Service (optional)"
            description="The service these alerts are about; created if new. Its routing rules apply too."
            maxLength={200}
            value={draft.service}
            onChange={(e) => set('service', e.currentTarget.value)}
            error={error('service')}
          />
          {draft.type === 'sentry' && (
            <Switch
              label="Sentry’s legacy WebHooks plugin (cannot sign)"
              description="Only for the old per-project plugin: anyone with the webhook URL can then send alerts."
              checked={draft.sentryLegacy}
              onChange={(e) => set('sentryLegacy', e.currentTarget.checked)}
            />
          )}
          {takesSigningSecret(draft.type) && !unsignedSentry(draft) && (
            <PasswordInput
              label={draft.type === 'sentry' ? 'Signing secret (Client Secret)' : 'Signing secret (optional)'}
              description={
                draft.type === 'sentry'
                  ? 'Sentry signs every webhook with the integration’s Client Secret; Expedite refuses unsigned ones.'
                  : draft.type === 'grafana'
                    ? 'The contact point’s HMAC Signature secret: Expedite then refuses unsigned requests.'
                    : 'A Standard Webhooks secret (whsec_…): Expedite then refuses unsigned requests.'
              }
              required={draft.type === 'sentry'}
              autoComplete="off"
              value={draft.signingSecret}
              onChange={(e) => set('signingSecret', e.currentTarget.value)}
              error={error('signingSecret')}
            />
          )}
          {draft.type === 'generic' && (
            <Fieldset legend="Where the fields are" variant="unstyled">
              <Stack gap="sm">
                <Switch
                  label="Use my own mapping"
                  description="Off: the body has title, dedup_key, severity, status, labels and url."
                  checked={draft.customMapping}
                  onChange={(e) => set('customMapping', e.currentTarget.checked)}
                />
                {draft.customMapping && (
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    {mappingFields.map((f) => (
                      <TextInput
                        key={f.key}
                        label={f.label}
                        description={f.hint}
                        required={f.key === 'title' || f.key === 'dedupKey'}
                        maxLength={200}
                        value={draft.mapping[f.key]}
                        onChange={(e) => setMapping(f.key, e.currentTarget.value)}
                        error={error(`mapping.${f.key}`)}
                        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                      />
                    ))}
                    <TagsInput
                      label="Status values meaning resolved"
                      description="Press Enter after each, e.g. ok"
                      value={draft.resolvedValues}
                      onChange={(v) => set('resolvedValues', v)}
                      error={error('mapping.resolvedValues')}
                    />
                  </SimpleGrid>
                )}
              </Stack>
            </Fieldset>
          )}
          <NumberInput
            label="Rate limit (optional)"
            description="Requests per minute before Expedite answers 429; default 6,000"
            min={1}
            max={10_000_000}
            allowDecimal={false}
            thousandSeparator=","
            value={draft.rateLimit}
            onChange={(v) => set('rateLimit', v)}
            error={error('rateLimitPerMinute')}
            maw={280}
          />
          {general && (
            <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title="Not created" role="alert">
              {general.map((line) => (
                <Text key={line} size="sm">
                  {line}
                </Text>
              ))}
              <Text size="sm">What you typed is kept.</Text>
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create integration
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
