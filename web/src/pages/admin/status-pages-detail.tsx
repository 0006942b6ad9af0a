// One status page in the admin screens: its components with their state (from incidents or set by
// hand), adding a component mapped from a service or deleting one, its groups, scheduling and
// cancelling maintenance, and its subscribers.
import {
  Anchor,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { when } from '../../lib/time.ts';
import { AccessControls } from './status-pages-access.tsx';
import { GroupsSection } from './status-pages-groups.tsx';
import { RemoveButton } from './status-pages-remove.tsx';
import { KEY, stateLabel, states, useCreate, type Detail } from './status-pages-shared.ts';
import { SubscribersSection } from './status-pages-subscribers.tsx';

/** The detail of page `id`. */
export function PageDetail({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: [...KEY, id], queryFn: () => api<Detail>(`/status-pages/${id}`) });
  const services = useQuery({
    queryKey: ['services'],
    queryFn: () => api<{ items: { id: string; name: string }[] }>('/services'),
  });
  const [name, setName] = useState('');
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const component = useCreate<object>(`/status-pages/${id}/components`, 'Component added.');
  const maintenance = useCreate<object>(`/status-pages/${id}/maintenances`, 'Maintenance scheduled.');
  const setState = useMutation({
    mutationFn: (v: { componentId: string; state: string | null }) =>
      api(`/status-pages/${id}/components/${v.componentId}`, { method: 'PATCH', body: { state: v.state } }),
    onSuccess: async () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
  if (detail.isPending) return <LoadingState label="Loading the page" />;
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const d = detail.data;
  const iso = (local: string) => (local ? new Date(local).toISOString() : '');
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {d.name}
      </Title>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        <Anchor href={d.url}>{d.url}</Anchor> · {d.subscribers} subscribers
      </Text>
      <AccessControls d={d} />
      <Table.ScrollContainer minWidth={420} type="native">
        <Table verticalSpacing="sm" aria-label="Components">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Component</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th pos="relative">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.components.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`State of ${c.name}`}
                    value={c.manualState ?? 'auto'}
                    allowDeselect={false}
                    data={[
                      { value: 'auto', label: `From incidents (now: ${stateLabel[c.state]})` },
                      ...states.map(([value, label]) => ({ value, label })),
                    ]}
                    onChange={(v) =>
                      setState.mutate({ componentId: c.id, state: v === 'auto' || !v ? null : v })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <RemoveButton
                    label="Delete component"
                    name={c.name}
                    path={`/status-pages/${id}/components/${c.id}`}
                    effect="it leaves the page, with its history bar."
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Paper
        withBorder
        p="md"
        component="form"
        noValidate
        aria-labelledby="new-component-title"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          component.m.mutate({ name: name.trim(), ...(serviceId ? { serviceId } : {}) });
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5" id="new-component-title">
            Add a component
          </Title>
          <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
            <TextInput
              label="Name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={component.fields['body.name']}
              miw={180}
            />
            <Select
              label="Service"
              description="Its state follows this service's open incidents"
              clearable
              value={serviceId}
              onChange={setServiceId}
              data={(services.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              error={component.fields['body.serviceId']}
              miw={180}
            />
          </Group>
          {component.general && (
            <Text c="var(--mantine-color-error)" size="sm" role="alert">
              {component.general}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={component.m.isPending}>
              Add component
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Paper
        withBorder
        p="md"
        component="form"
        noValidate
        aria-labelledby="new-maintenance-title"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          maintenance.m.mutate({ title: title.trim(), startsAt: iso(startsAt), endsAt: iso(endsAt) });
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5" id="new-maintenance-title">
            Schedule maintenance
          </Title>
          <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
            <TextInput
              label="Title"
              required
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={maintenance.fields['body.title']}
              miw={180}
            />
            <TextInput
              type="datetime-local"
              label="Starts"
              required
              value={startsAt}
              onChange={(e) => setStartsAt(e.currentTarget.value)}
              error={maintenance.fields['body.startsAt']}
              miw={180}
            />
            <TextInput
              type="datetime-local"
              label="Ends"
              required
              value={endsAt}
              onChange={(e) => setEndsAt(e.currentTarget.value)}
              error={maintenance.fields['body.endsAt']}
              miw={180}
            />
          </Group>
          {maintenance.general && (
            <Text c="var(--mantine-color-error)" size="sm" role="alert">
              {maintenance.general}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={maintenance.m.isPending}>
              Schedule
            </Button>
          </Group>
        </Stack>
      </Paper>
      {d.maintenances.map((m) => (
        <Group key={m.id} gap="sm" wrap="wrap">
          <Text size="sm">
            Maintenance: {m.title}, {when(m.startsAt)} to {when(m.endsAt)}
          </Text>
          <RemoveButton
            label="Cancel maintenance"
            name={m.title}
            path={`/status-pages/${id}/maintenances/${m.id}`}
            effect="it leaves the page; subscribers already told of it are not told again."
          />
        </Group>
      ))}
      <GroupsSection d={d} />
      <SubscribersSection d={d} />
    </Stack>
  );
}
