// An integration's settings form: name, service (with whom it pages), rate limit and, for the
// types that verify signatures, a new signing secret.
import {
  Button,
  Group,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import type { Integration, UpdateIntegrationBody } from '../../api/types.ts';
import { notify } from '../../lib/notify.ts';
import { useUpdate } from './integration-data.ts';
import { PagesWhom, ServiceField } from './integration-route.tsx';
import { takesSigningSecret } from './integration-types.ts';

/** The settings of `integration`, saved together. */
export function IntegrationSettings({ integration }: { integration: Integration }) {
  const update = useUpdate(integration.id);
  const [name, setName] = useState(integration.name);
  const [service, setService] = useState(integration.service?.name ?? '');
  const [rate, setRate] = useState<number | string>(integration.rateLimitPerMinute);
  const [secret, setSecret] = useState('');
  const [missing, setMissing] = useState<string>();
  const fields = update.error instanceof ApiError ? update.error.fields : {};
  const placed = ['body.name', 'body.service', 'body.rateLimitPerMinute', 'body.signingSecret'];
  const general =
    update.error && !Object.keys(fields).some((f) => placed.includes(f))
      ? errorMessage(update.error)
      : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setMissing('Give it a name');
    const body: UpdateIntegrationBody = {
      name: name.trim(),
      service: service.trim() ? service.trim() : null,
    };
    if (typeof rate === 'number') body.rateLimitPerMinute = rate;
    if (secret) body.signingSecret = secret;
    update.mutate(body, {
      onSuccess: () => {
        setSecret('');
        notify('Settings saved.');
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="settings-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="settings-title">
          Settings
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Name"
            required
            maxLength={200}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setMissing(undefined);
            }}
            error={missing ?? fields['body.name']}
          />
          <Stack gap={6}>
            <ServiceField
              label="Service"
              description="Empty: no service; a new name creates it"
              value={service}
              onChange={setService}
              error={fields['body.service']}
            />
            <PagesWhom service={service} />
          </Stack>
          <NumberInput
            label="Rate limit (requests per minute)"
            min={1}
            max={10_000_000}
            allowDecimal={false}
            thousandSeparator=","
            value={rate}
            onChange={setRate}
            error={fields['body.rateLimitPerMinute']}
          />
          {takesSigningSecret(integration.type) && (
            <PasswordInput
              label="New signing secret"
              description={integration.signed ? 'Signed now; empty keeps the secret' : 'Not signed now'}
              autoComplete="off"
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
              error={fields['body.signingSecret']}
            />
          )}
        </SimpleGrid>
        {general && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={update.isPending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
