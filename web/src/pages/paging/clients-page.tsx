// Clients (/admin/clients): coverage tiers and their SLA targets, the clients with their tier,
// emergency contacts and our people for them, and SLA compliance over a period.
import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { Client } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useClients, usePeople } from '../../lib/paging-data.ts';
import { chainRoleLabel } from '../../lib/paging-words.ts';
import { allows } from '../../lib/permissions.ts';
import { readableColors } from '../../lib/readable.ts';
import { ClientForm } from './client-form.tsx';
import { SlaReport } from './sla-report.tsx';
import { TiersEditor } from './tiers-editor.tsx';

function Clients() {
  const clients = useClients();
  const people = usePeople();
  const [editing, setEditing] = useState<Client | null>(null);
  const [open, setOpen] = useState(false);
  const items = clients.data ?? [];
  const edit = (c: Client | null) => {
    setEditing(c);
    setOpen(true);
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          Clients
        </Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => edit(null)}>
          Add client
        </Button>
      </Group>
      {clients.isPending ? (
        <LoadingState label="Loading clients" />
      ) : clients.error ? (
        <ErrorState error={clients.error} onRetry={() => void clients.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>No clients yet.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640} type="native" style={{ position: 'relative' }}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Client</Table.Th>
                <Table.Th>Tier</Table.Th>
                <Table.Th>Emergency contacts</Table.Th>
                <Table.Th>Our chain (paged in order)</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => {
                const ours = c.chainLevels.filter((l) => c.chain[l.role]);
                return (
                  <Table.Tr key={c.id}>
                    <Table.Td fw={500}>{c.name}</Table.Td>
                    <Table.Td>{c.tier}</Table.Td>
                    <Table.Td>
                      {c.emergencyContacts.length
                        ? c.emergencyContacts.map((x) => x.name).join(', ')
                        : 'None'}
                    </Table.Td>
                    <Table.Td>
                      {ours.length
                        ? ours
                            .map(
                              (l, i) =>
                                `${i + 1}. ${chainRoleLabel[l.role]}: ${people.name(c.chain[l.role]!)}` +
                                (i + 1 < ours.length ? ` (${l.timeoutMinutes} min)` : ''),
                            )
                            .join(' → ')
                        : 'Nobody yet'}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => edit(c)}
                        aria-label={`Edit ${c.name}`}
                      >
                        Edit
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ClientForm opened={open} client={editing} onClose={() => setOpen(false)} />
    </Stack>
  );
}

/** The clients admin page at /admin/clients. */
export function ClientsPage() {
  const me = useCurrentUser();
  if (!allows(me.role, 'paging:manage'))
    return (
      <Stack align="flex-start">
        <Title order={1}>Only admins manage clients</Title>
      </Stack>
    );
  return (
    <Stack gap="xl" style={readableColors}>
      <div>
        <Title order={1}>Clients</Title>
        <Text c="dimmed" size="sm">
          Who we support, how fast we promise to answer them, and how well we kept that promise.
        </Text>
      </div>
      <Clients />
      <TiersEditor />
      <SlaReport />
    </Stack>
  );
}
