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
import type { CreateIntegrationBody, IntegrationKey } from '../../api/types.ts';
import { readableColors } from '../../lib/readable.ts';
import {
  emptyIntegrationDraft,
  mappingFields,
  toBody,
  unsignedSentry,
  type IntegrationDraft,
  type MappingKey,
} from './integration-draft.ts';
import { PagesWhom, ServiceField } from './integration-route.tsx';
import { integrationTypeInfo, integrationTypeOrder, takesSigningSecret } from './integration-types.ts';

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
          <Stack gap={6}>
            <ServiceField
              label="Service (optional)"
              description="The service these alerts are about; a new name creates it. Its chain is paged and its routing rules apply too."
              value={draft.service}
              onChange={(v) => set('service', v)}
              error={error('service')}
            />
            <PagesWhom service={draft.service} />
          </Stack>
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
