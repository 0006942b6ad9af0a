// API tokens: each person's own tokens for scripts and the command line. Create one with a name
// and an optional expiry (its secret is shown once), see when each was last used, revoke it.
import {
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { ApiToken } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';
import { when } from '../../lib/time.ts';
import { NewTokenSecret, type NewToken } from './new-token-secret.tsx';

const expiries = [
  { value: '', label: 'Never' },
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
];

function CreateTokenForm({ onCreated }: { onCreated: (t: NewToken) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [missing, setMissing] = useState<string>();
  const create = useMutation({
    mutationFn: (body: { name: string; expiresInDays?: number }) =>
      api<ApiToken & { token: string }>('/tokens', { method: 'POST', body }),
    onSuccess: async (t) => {
      setName('');
      onCreated(t);
      await queryClient.invalidateQueries({ queryKey: keys.tokens });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(name.trim() ? undefined : 'Name the token after what will use it');
    if (name.trim()) create.mutate({ name: name.trim(), expiresInDays: days ? Number(days) : undefined });
  };
  const fields = create.error instanceof ApiError ? create.error.fields : {};
  const general = create.error && !Object.keys(fields).length ? errorMessage(create.error) : undefined;

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="new-token-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="new-token-title">
          New token
        </Title>
        <Group align="flex-start" gap="sm" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label="Token name"
            description='What will use it, e.g. "deploy-script"'
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={missing ?? fields['body.name']}
            miw={220}
          />
          <NativeSelect
            label="Expires"
            description="Shorter is safer"
            data={expiries}
            value={days}
            onChange={(e) => setDays(e.currentTarget.value)}
            error={fields['body.expiresInDays']}
            miw={160}
          />
        </Group>
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The API tokens page at /tokens. */
export function TokensPage() {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<NewToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const tokens = useQuery({ queryKey: keys.tokens, queryFn: () => api<{ items: ApiToken[] }>('/tokens') });
  const revoke = useMutation({
    mutationFn: (t: ApiToken) => api(`/tokens/${t.id}`, { method: 'DELETE' }),
    onSuccess: async (_, t) => {
      notify(`Token "${t.name ?? 'unnamed'}" revoked.`);
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: keys.tokens });
    },
  });
  const items = tokens.data?.items ?? [];

  return (
    <Stack gap="md" style={readableColors}>
      <div>
        <Title order={1}>API tokens</Title>
        <Text c="dimmed" size="sm">
          Tokens let scripts, integrations and the <code>expedite</code> command line act as you, with your
          role.
        </Text>
      </div>
      <CreateTokenForm onCreated={setCreated} />
      <Title order={2} size="h4">
        Your tokens
      </Title>
      {tokens.isPending ? (
        <LoadingState label="Loading tokens" />
      ) : tokens.error ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>You have no API tokens.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={600} type="native" style={{ position: 'relative' }}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td fw={500}>{t.name ?? 'Unnamed'}</Table.Td>
                  <Table.Td>{when(t.createdAt)}</Table.Td>
                  <Table.Td>{t.lastUsedAt ? when(t.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>{t.expiresAt ? when(t.expiresAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      aria-label={`Revoke ${t.name ?? 'unnamed token'}`}
                      onClick={() => setRevoking(t)}
                    >
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <NewTokenSecret created={created} onDone={() => setCreated(null)} />
      {revoking && (
        <ConfirmDialog
          opened
          title={`Revoke "${revoking.name ?? 'unnamed'}"?`}
          confirmLabel="Revoke token"
          danger
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(revoking)}
          onClose={() => {
            setRevoking(null);
            revoke.reset();
          }}
        >
          <Text size="sm">
            Anything using this token stops working at once. This cannot be undone; you can create a new
            token.
          </Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
