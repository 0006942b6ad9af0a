// The form of the Trackers page (/admin/trackers) that adds a tracker: its kind decides which
// fields it asks for (owner/repository, project, Jira's account and issue type, a webhook's secret).
import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { CreateTrackerInput, Tracker, TrackerKind } from '../../api/types.ts';
import { notify } from '../../lib/notify.ts';

/** The kinds of tracker, in words, with their usual address and what their project is. */
export const kinds: { value: TrackerKind; label: string; url: string; project: string }[] = [
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

/** The form adding a tracker; the token goes once, to the server. */
export function AddTracker() {
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
