// Integrations (/admin/integrations): the monitoring and error-tracking tools that send alerts to
// Expedite. Lists them with their type, service, key hint and state; creates new ones, after which
// the key and URLs are shown once with how to connect the source.
import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Integration, IntegrationKey } from '../../api/types.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { readableColors } from '../../lib/readable.ts';
import { IntegrationKeyModal } from './integration-key-modal.tsx';
import { integrationTypeInfo } from './integration-types.ts';
import { emptyIntegrationDraft, type IntegrationDraft } from './integration-draft.ts';
import { NewIntegrationModal } from './new-integration-modal.tsx';

/** All integrations (admins only). */
export function useIntegrations() {
  return useQuery({
    queryKey: keys.integrations,
    queryFn: async ({ signal }) => (await api<{ items: Integration[] }>('/integrations', { signal })).items,
  });
}

/** Enabled or disabled, in words. */
export function EnabledBadge({ disabled }: { disabled: boolean }) {
  return (
    <Badge color={disabled ? 'gray' : 'green'} variant="dot" tt="none" c="var(--mantine-color-text)">
      {disabled ? 'Disabled' : 'Enabled'}
    </Badge>
  );
}

/** The integrations page. */
export function IntegrationsPage() {
  useDocumentTitle('Integrations · Expedite');
  const integrations = useIntegrations();
  const [creating, setCreating] = useState(false);
  const [draft, setDraft] = useState<IntegrationDraft>(emptyIntegrationDraft);
  const [created, setCreated] = useState<IntegrationKey | null>(null);
  const items = integrations.data ?? [];

  return (
    <Stack gap="md" style={readableColors}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1}>Integrations</Title>
          <Text c="dimmed" size="sm">
            Monitoring and error-tracking tools that send alerts. Alerts open incidents by the routing rules,
            grouped so that one problem opens one incident.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          New integration
        </Button>
      </Group>
      {integrations.isPending ? (
        <LoadingState label="Loading integrations" />
      ) : integrations.isError ? (
        <ErrorState error={integrations.error} onRetry={() => void integrations.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          action={
            <Button variant="light" onClick={() => setCreating(true)}>
              Connect your first source
            </Button>
          }
        >
          No integrations yet.
        </EmptyState>
      ) : (
        <Table verticalSpacing="sm" aria-label="Integrations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th visibleFrom="sm">Type</Table.Th>
              <Table.Th visibleFrom="sm">Service</Table.Th>
              <Table.Th visibleFrom="md">Key</Table.Th>
              <Table.Th>State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/integrations/${i.id}`} fw={500}>
                    {i.name}
                  </Anchor>
                  <Text size="xs" c="dimmed" hiddenFrom="sm">
                    {integrationTypeInfo[i.type].label}
                    {i.service ? ` · ${i.service.name}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">{integrationTypeInfo[i.type].label}</Table.Td>
                <Table.Td visibleFrom="sm">{i.service?.name ?? '—'}</Table.Td>
                <Table.Td visibleFrom="md">
                  <Text span ff="monospace" size="sm">
                    {i.keyHint}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    <EnabledBadge disabled={i.disabled} />
                    {i.signed && (
                      <Badge variant="outline" color="gray" tt="none" c="var(--mantine-color-text)">
                        Signed
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <NewIntegrationModal
        opened={creating}
        draft={draft}
        onDraft={setDraft}
        onClose={() => setCreating(false)}
        onCreated={(k) => {
          setCreating(false);
          setCreated(k);
        }}
      />
      <IntegrationKeyModal created={created} onDone={() => setCreated(null)} />
    </Stack>
  );
}
