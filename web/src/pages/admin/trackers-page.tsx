// Trackers (/admin/trackers): where backlogged incidents and post-mortem action items become
// tickets. Admins add GitHub, GitLab, Jira or webhook trackers (the token is stored and never shown
// again), choose the default, and remove one; teams and services may send theirs elsewhere.
import {
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
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
import type { CreateTrackerInput, Tracker, TrackerKind } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';

const kinds: { value: TrackerKind; label: string; url: string; project: string }[] = [
  {
    value: 'github',
    label: 'GitHub Issues',
    url: 'https://api.github.com',
    project: 'Repository (owner/name)',
  },
  {
    value: 'gitlab',
    label: 'GitLab Issues',
    url: 'https://gitlab.com',
    project: 'Project (id or group/name)',
  },
  {
    value: 'jira',
    label: 'Jira Cloud',
    url: 'https://your-site.atlassian.net',
    project: 'Project key (e.g. OPS)',
  },
  { value: 'webhook', label: 'Webhook (signed JSON)', url: 'https://hooks.example.com/tickets', project: '' },
];

const empty = {
  name: '',
  kind: 'github' as TrackerKind,
  baseUrl: '',
  project: '',
  email: '',
  issueType: 'Task',
};
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function AddTracker() {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(empty);
  const [secret, setSecret] = useState('');
  const [labels, setLabels] = useState('');
  const [teams, setTeams] = useState('');
  const [services, setServices] = useState('');
  const [isDefault, setDefault] = useState(false);
  const kind = kinds.find((k) => k.value === form.kind)!;
  const add = useMutation({
    mutationFn: (body: CreateTrackerInput) => api<Tracker>('/trackers', { method: 'POST', body }),
    onSuccess: async (t) => {
      setForm(empty);
      setSecret('');
      setLabels('');
      setTeams('');
      setServices('');
      setDefault(false);
      notify(`Tracker ${t.name} added.`);
      await queryClient.invalidateQueries({ queryKey: keys.trackers });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({
      name: form.name.trim(),
      kind: form.kind,
      baseUrl: form.baseUrl.trim() || kind.url,
      project: form.project.trim(),
      ...(form.kind === 'jira' ? { email: form.email.trim(), issueType: form.issueType.trim() } : {}),
      secret,
      labels: list(labels),
      teams: list(teams),
      services: list(services),
      isDefault,
    });
  };
  const fields = add.error instanceof ApiError ? add.error.fields : {};
  const general = add.error && !Object.keys(fields).length ? errorMessage(add.error) : undefined;
  const set = (k: keyof typeof empty) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [k]: e.currentTarget.value });

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="add-tracker-title"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="add-tracker-title">
          Add a tracker
        </Title>
        <Group align="flex-start" gap="sm" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label="Name"
            required
            maxLength={100}
            value={form.name}
            onChange={set('name')}
            error={fields['body.name']}
            miw={200}
          />
          <NativeSelect label="Kind" data={kinds} value={form.kind} onChange={set('kind')} miw={200} />
        </Group>
        <Group align="flex-start" gap="sm" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label={form.kind === 'webhook' ? 'Webhook URL' : 'API address'}
            placeholder={kind.url}
            value={form.baseUrl}
            onChange={set('baseUrl')}
            error={fields['body.baseUrl']}
            miw={260}
          />
          {kind.project && (
            <TextInput
              label={kind.project}
              value={form.project}
              onChange={set('project')}
              error={fields['body.project']}
              miw={200}
            />
          )}
        </Group>
        {form.kind === 'jira' && (
          <Group align="flex-start" gap="sm" grow preventGrowOverflow={false} wrap="wrap">
            <TextInput
              label="Account email"
              value={form.email}
              onChange={set('email')}
              error={fields['body.email']}
              miw={220}
            />
            <TextInput
              label="Issue type"
              value={form.issueType}
              onChange={set('issueType')}
              error={fields['body.issueType']}
              miw={160}
            />
          </Group>
        )}
        <PasswordInput
          label={
            form.kind === 'webhook'
              ? 'Signing secret (whsec_…)'
              : form.kind === 'jira'
                ? 'API token'
                : 'Access token'
          }
          description="Stored, never shown again"
          required
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
          error={fields['body.secret']}
        />
        <Group align="flex-start" gap="sm" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label="Labels"
            description="Comma-separated"
            value={labels}
            onChange={(e) => setLabels(e.currentTarget.value)}
            miw={180}
          />
          <TextInput
            label="Teams"
            description="Whose incidents go here (comma-separated)"
            value={teams}
            onChange={(e) => setTeams(e.currentTarget.value)}
            error={fields['body.teams.0']}
            miw={180}
          />
          <TextInput
            label="Services"
            description="Whose incidents go here (comma-separated)"
            value={services}
            onChange={(e) => setServices(e.currentTarget.value)}
            error={fields['body.services.0']}
            miw={180}
          />
        </Group>
        <Checkbox
          label="The default tracker"
          checked={isDefault}
          onChange={(e) => setDefault(e.currentTarget.checked)}
        />
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={add.isPending}>
            Add tracker
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

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
