// Outbound hosts (/admin/outbound): contact methods and webhooks never reach loopback, private,
// link-local or metadata addresses unless the host is allowed here. Admins add a host (or host:port)
// with a note, and remove it; hosts from the server's configuration are shown, not editable.
import { Button, Group, Paper, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';
import { when } from '../../lib/time.ts';

interface AllowEntry {
  entry: string;
  note: string;
  addedBy: string | null;
  addedAt: string;
}

interface AllowList {
  items: AllowEntry[];
  fromConfig: string[];
}

function AllowForm() {
  const queryClient = useQueryClient();
  const [entry, setEntry] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<string>();
  const add = useMutation({
    mutationFn: (body: { entry: string; note: string }) =>
      api<AllowEntry>('/outbound/allow', { method: 'POST', body }),
    onSuccess: async (added) => {
      setEntry('');
      setNote('');
      notify(`${added.entry} allowed.`);
      await queryClient.invalidateQueries({ queryKey: keys.outboundAllow });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(entry.trim() ? undefined : 'Name a host, e.g. hooks.internal.example:8443');
    if (entry.trim()) add.mutate({ entry: entry.trim(), note: note.trim() });
  };
  const fields = add.error instanceof ApiError ? add.error.fields : {};
  const general = add.error && !Object.keys(fields).length ? errorMessage(add.error) : undefined;

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="allow-host-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="allow-host-title">
          Allow a host
        </Title>
        <Group align="flex-start" gap="sm" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label="Host"
            description="A name or address, with a port to allow only that port"
            required
            maxLength={300}
            value={entry}
            onChange={(e) => setEntry(e.currentTarget.value)}
            error={missing ?? fields['body.entry']}
            miw={260}
          />
          <TextInput
            label="Note"
            description="Why it may be reached"
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={fields['body.note']}
            miw={220}
          />
        </Group>
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={add.isPending}>
            Allow host
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The outbound hosts page at /admin/outbound. */
export function OutboundPage() {
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<string | null>(null);
  const list = useQuery({ queryKey: keys.outboundAllow, queryFn: () => api<AllowList>('/outbound/allow') });
  const remove = useMutation({
    mutationFn: (entry: string) => api(`/outbound/allow/${encodeURIComponent(entry)}`, { method: 'DELETE' }),
    onSuccess: async (_, entry) => {
      notify(`${entry} is no longer allowed.`);
      setRemoving(null);
      await queryClient.invalidateQueries({ queryKey: keys.outboundAllow });
    },
  });
  const items = list.data?.items ?? [];
  const fromConfig = list.data?.fromConfig ?? [];

  return (
    <Stack gap="md" style={readableColors}>
      <div>
        <Title order={1}>Outbound hosts</Title>
        <Text c="dimmed" size="sm">
          Contact methods and webhooks reach only public addresses over https. A host listed here may be
          reached even when it is on this machine or a private network, and over plain http.
        </Text>
      </div>
      <AllowForm />
      <Title order={2} size="h4">
        Allowed hosts
      </Title>
      {list.isPending ? (
        <LoadingState label="Loading allowed hosts" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length + fromConfig.length === 0 ? (
        <Text size="sm">No host is allowed: outbound requests reach public addresses only.</Text>
      ) : (
        <Table.ScrollContainer minWidth={600} type="native" style={{ position: 'relative' }}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Host</Table.Th>
                <Table.Th>Note</Table.Th>
                <Table.Th>Added</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.entry}>
                  <Table.Td fw={500}>{e.entry}</Table.Td>
                  <Table.Td>{e.note || '—'}</Table.Td>
                  <Table.Td>{when(e.addedAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      aria-label={`Remove ${e.entry}`}
                      onClick={() => setRemoving(e.entry)}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
              {fromConfig.map((entry) => (
                <Table.Tr key={`config:${entry}`}>
                  <Table.Td fw={500}>{entry}</Table.Td>
                  <Table.Td>From the server configuration (EXPEDITE_OUTBOUND_ALLOW)</Table.Td>
                  <Table.Td>—</Table.Td>
                  <Table.Td />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {removing && (
        <ConfirmDialog
          opened
          title={`Stop allowing ${removing}?`}
          confirmLabel="Remove host"
          danger
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(removing)}
          onClose={() => {
            setRemoving(null);
            remove.reset();
          }}
        >
          <Text size="sm">
            Contact methods and webhooks that use this host stop working at once if it is internal.
          </Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
