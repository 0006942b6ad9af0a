// Trackers (/admin/trackers): where backlogged incidents and post-mortem action items become
// tickets. Admins add GitHub, GitLab, Jira or webhook trackers (the token is stored and never shown
// again), choose the default, and remove one; teams and services may send theirs elsewhere.
import { Badge, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Tracker } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';
import { AddTracker, kinds } from './tracker-form.tsx';

/** The trackers page at /admin/trackers. */
export function TrackersPage() {
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<Tracker | null>(null);
  const trackers = useQuery({
    queryKey: keys.trackers,
    queryFn: () => api<{ items: Tracker[] }>('/trackers'),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.trackers });
  const remove = useMutation({
    mutationFn: (t: Tracker) => api(`/trackers/${t.id}`, { method: 'DELETE' }),
    onSuccess: async (_, t) => {
      notify(`Tracker ${t.name} removed.`);
      setRemoving(null);
      await refresh();
    },
  });
  const makeDefault = useMutation({
    mutationFn: (t: Tracker) =>
      api<Tracker>(`/trackers/${t.id}`, { method: 'PATCH', body: { isDefault: true } }),
    onSuccess: async (t) => {
      notify(`${t.name} is the default tracker.`);
      await refresh();
    },
  });
  const items = trackers.data?.items ?? [];

  return (
    <Stack gap="md" style={readableColors}>
      <div>
        <Title order={1}>Trackers</Title>
        <Text c="dimmed" size="sm">
          Incidents sent to the Backlog become tickets here, with their steps to reproduce and a link back; so
          do post-mortem action items. A service’s or team’s tracker comes before the default.
        </Text>
      </div>
      <AddTracker />
      <Title order={2} size="h4">
        Trackers
      </Title>
      {trackers.isPending ? (
        <LoadingState label="Loading trackers" />
      ) : trackers.error ? (
        <ErrorState error={trackers.error} onRetry={() => void trackers.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm">No tracker yet: backlogged incidents stay only in the Backlog.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640} type="native" style={{ position: 'relative' }}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Project</Table.Th>
                <Table.Th>Used by</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td fw={500}>{t.name}</Table.Td>
                  <Table.Td>{kinds.find((k) => k.value === t.kind)?.label ?? t.kind}</Table.Td>
                  <Table.Td>{t.project || t.baseUrl}</Table.Td>
                  <Table.Td>
                    {t.isDefault && (
                      <Badge variant="light" tt="none" mr="xs">
                        Default
                      </Badge>
                    )}
                    {[...t.usedBy.services, ...t.usedBy.teams].map((x) => x.name).join(', ')}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {!t.isDefault && (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={`Make ${t.name} the default`}
                          onClick={() => makeDefault.mutate(t)}
                        >
                          Make default
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        aria-label={`Remove ${t.name}`}
                        onClick={() => setRemoving(t)}
                      >
                        Remove
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {removing && (
        <ConfirmDialog
          opened
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove tracker"
          danger
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(removing)}
          onClose={() => {
            setRemoving(null);
            remove.reset();
          }}
        >
          <Text size="sm">Tickets already created stay linked on their incidents.</Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
