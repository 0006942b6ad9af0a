// A status page's subscribers: the address masked, the components chosen, whether they confirmed,
// and removing one.
import { Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { RemoveButton } from './status-pages-remove.tsx';
import { KEY, type Detail } from './status-pages-shared.ts';

interface Subscriber {
  id: string;
  kind: 'email' | 'webhook';
  address: string;
  componentIds: string[];
  confirmed: boolean;
}

/** The subscribers of page `d`. */
export function SubscribersSection({ d }: { d: Detail }) {
  const subs = useQuery({
    queryKey: [...KEY, d.id, 'subscribers'],
    queryFn: () => api<{ items: Subscriber[] }>(`/status-pages/${d.id}/subscribers`),
  });
  const names = new Map(d.components.map((c) => [c.id, c.name]));
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h5" id="subscribers-title">
          Subscribers
        </Title>
        {subs.isPending ? (
          <LoadingState label="Loading subscribers" />
        ) : subs.error ? (
          <ErrorState error={subs.error} onRetry={() => void subs.refetch()} />
        ) : subs.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No subscribers yet.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420} type="native">
            <Table verticalSpacing="xs" aria-labelledby="subscribers-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>Components</Table.Th>
                  <Table.Th>Confirmed</Table.Th>
                  <Table.Th pos="relative">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {subs.data.items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      {s.address}{' '}
                      <Text span size="xs" c="dimmed">
                        ({s.kind})
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {s.componentIds.length
                        ? s.componentIds.map((id) => names.get(id) ?? 'a removed component').join(', ')
                        : 'All'}
                    </Table.Td>
                    <Table.Td>{s.confirmed ? 'Yes' : 'Waiting'}</Table.Td>
                    <Table.Td>
                      <RemoveButton
                        label="Remove subscriber"
                        name={s.address}
                        path={`/status-pages/${d.id}/subscribers/${s.id}`}
                        effect="gets no more updates of this page."
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
