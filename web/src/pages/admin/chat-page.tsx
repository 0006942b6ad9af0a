// Chat settings (/admin/chat): which providers are configured, the broadcast and deployments
// channels, their overrides per service or team, the rule that opens an incident channel by itself,
// the emoji that copies a Slack message to the timeline, and the Teams and Mattermost webhooks.
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';

interface Override {
  serviceId: string | null;
  teamId: string | null;
  broadcastChannel: string | null;
  deploymentsChannel: string | null;
}

interface ChatSettings {
  broadcastChannel: string | null;
  deploymentsChannel: string | null;
  teamsWebhookUrl: string | null;
  mattermostWebhookUrl: string | null;
  channelRule: { p1: boolean; moreThanResponders: number | null };
  reaction: string;
  overrides: Override[];
  providers: { slack: boolean; slackApp: boolean; teams: boolean; mattermost: boolean };
  updatedAt: string | null;
}

type Body = Omit<ChatSettings, 'providers' | 'updatedAt'>;

const settingsKey = ['chat', 'settings'] as const;
const orNull = (s: string) => (s.trim() ? s.trim() : null);
// An empty count field: no rule by count.
const noCount: number | '' = '';

function Providers({ p }: { p: ChatSettings['providers'] }) {
  const item = (label: string, on: boolean, how: string) => (
    <Badge
      color={on ? 'green' : 'gray'}
      variant="dot"
      tt="none"
      c="var(--mantine-color-text)"
      title={on ? undefined : how}
    >
      {label}: {on ? 'configured' : 'not configured'}
    </Badge>
  );
  return (
    <Group gap="xs" aria-label="Providers" role="group">
      {item('Slack', p.slack, 'Set EXPEDITE_SLACK_TOKEN on the server')}
      {item('Slack app', p.slackApp, 'Set EXPEDITE_SLACK_SIGNING_SECRET on the server')}
      {item('Teams', p.teams, 'Give a Teams incoming-webhook URL below')}
      {item('Mattermost', p.mattermost, 'Give a Mattermost incoming-webhook URL below')}
    </Group>
  );
}

function SettingsForm({ settings }: { settings: ChatSettings }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    broadcastChannel: settings.broadcastChannel ?? '',
    deploymentsChannel: settings.deploymentsChannel ?? '',
    teamsWebhookUrl: settings.teamsWebhookUrl ?? '',
    mattermostWebhookUrl: settings.mattermostWebhookUrl ?? '',
    p1: settings.channelRule.p1,
    moreThan: settings.channelRule.moreThanResponders ?? noCount,
    reaction: settings.reaction,
  });
  const [overrides, setOverrides] = useState<Override[]>(settings.overrides);
  const services = useQuery({
    queryKey: ['chat', 'services'],
    queryFn: async () => (await api<{ items: { id: string; name: string }[] }>('/services')).items,
  });
  const teams = useQuery({
    queryKey: ['chat', 'teams'],
    queryFn: async () => (await api<{ items: { id: string; name: string }[] }>('/teams')).items,
  });
  const save = useMutation({
    mutationFn: (body: Body) => api<ChatSettings>('/chat/settings', { method: 'PUT', body }),
    onSuccess: async () => {
      notify('Chat settings saved.');
      await queryClient.invalidateQueries({ queryKey: settingsKey });
    },
  });
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [k]: e.currentTarget.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      broadcastChannel: orNull(form.broadcastChannel),
      deploymentsChannel: orNull(form.deploymentsChannel),
      teamsWebhookUrl: orNull(form.teamsWebhookUrl),
      mattermostWebhookUrl: orNull(form.mattermostWebhookUrl),
      channelRule: { p1: form.p1, moreThanResponders: form.moreThan === '' ? null : form.moreThan },
      reaction: form.reaction.trim(),
      overrides,
    });
  };
  const err = (f: string) => fieldError(save.error, `body.${f}`);
  const shown = [
    'broadcastChannel',
    'deploymentsChannel',
    'teamsWebhookUrl',
    'mattermostWebhookUrl',
    'channelRule.moreThanResponders',
    'reaction',
  ].map((f) => `body.${f}`);
  const general = formError(save.error, shown);
  const scopeOptions = [
    { value: '', label: 'Choose a service or team' },
    ...(services.data ?? []).map((s) => ({ value: `service:${s.id}`, label: `Service: ${s.name}` })),
    ...(teams.data ?? []).map((t) => ({ value: `team:${t.id}`, label: `Team: ${t.name}` })),
  ];
  const change = (i: number, patch: Partial<Override>) =>
    setOverrides(overrides.map((o, j) => (j === i ? { ...o, ...patch } : o)));

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="chat-form-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="chat-form-title">
          Channels
        </Title>
        <Group align="flex-start" gap="sm" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label="Broadcast channel"
            description="Every expedited incident, edited as it changes"
            placeholder="#expedite"
            value={form.broadcastChannel}
            onChange={set('broadcastChannel')}
            error={err('broadcastChannel')}
            miw={220}
          />
          <TextInput
            label="Deployments channel"
            description="Told when an incident affects deployments, and when lifted"
            placeholder="#deployments"
            value={form.deploymentsChannel}
            onChange={set('deploymentsChannel')}
            error={err('deploymentsChannel')}
            miw={220}
          />
        </Group>
        <Title order={3} size="h5">
          Incident channels
        </Title>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Checkbox
            label="Open one for every P1"
            checked={form.p1}
            onChange={(e) => setForm({ ...form, p1: e.currentTarget.checked })}
          />
          <NumberInput
            label="Open one with more people on it than"
            description="Empty: never by count"
            min={1}
            max={1000}
            allowDecimal={false}
            value={form.moreThan}
            onChange={(v) => setForm({ ...form, moreThan: typeof v === 'number' ? v : '' })}
            error={err('channelRule.moreThanResponders')}
            w={260}
          />
          <TextInput
            label="Reaction that copies a message to the timeline"
            value={form.reaction}
            onChange={set('reaction')}
            error={err('reaction')}
            w={260}
          />
        </Group>
        <Title order={3} size="h5">
          Teams and Mattermost (incoming webhooks; they post a line per change instead of editing)
        </Title>
        <Group align="flex-start" gap="sm" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label="Teams webhook URL"
            type="url"
            value={form.teamsWebhookUrl}
            onChange={set('teamsWebhookUrl')}
            error={err('teamsWebhookUrl')}
            miw={260}
          />
          <TextInput
            label="Mattermost webhook URL"
            type="url"
            value={form.mattermostWebhookUrl}
            onChange={set('mattermostWebhookUrl')}
            error={err('mattermostWebhookUrl')}
            miw={260}
          />
        </Group>
        <Title order={3} size="h5">
          Overrides per service or team
        </Title>
        {overrides.length === 0 && (
          <Text size="sm">No overrides: every incident uses the channels above.</Text>
        )}
        {overrides.map((o, i) => (
          <Group key={i} align="flex-end" gap="sm" wrap="wrap" role="group" aria-label={`Override ${i + 1}`}>
            <NativeSelect
              label="For"
              data={scopeOptions}
              value={o.serviceId ? `service:${o.serviceId}` : o.teamId ? `team:${o.teamId}` : ''}
              onChange={(e) => {
                const [kind, id = ''] = e.currentTarget.value.split(':');
                change(i, { serviceId: kind === 'service' ? id : null, teamId: kind === 'team' ? id : null });
              }}
              miw={220}
            />
            <TextInput
              label="Broadcast channel"
              value={o.broadcastChannel ?? ''}
              onChange={(e) => change(i, { broadcastChannel: orNull(e.currentTarget.value) })}
              w={180}
            />
            <TextInput
              label="Deployments channel"
              value={o.deploymentsChannel ?? ''}
              onChange={(e) => change(i, { deploymentsChannel: orNull(e.currentTarget.value) })}
              w={180}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={`Remove override ${i + 1}`}
              onClick={() => setOverrides(overrides.filter((_, j) => j !== i))}
            >
              <IconX aria-hidden size={18} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="default"
            onClick={() =>
              setOverrides([
                ...overrides,
                { serviceId: null, teamId: null, broadcastChannel: null, deploymentsChannel: null },
              ])
            }
          >
            Add an override
          </Button>
        </Group>
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save chat settings
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The chat settings page at /admin/chat. */
export function ChatPage() {
  const settings = useQuery({ queryKey: settingsKey, queryFn: () => api<ChatSettings>('/chat/settings') });
  return (
    <Stack gap="md" style={readableColors}>
      <div>
        <Title order={1}>Chat</Title>
        <Text c="dimmed" size="sm">
          Expedited incidents are announced in the broadcast channel and the message is edited as they change.
          Slack also gets a channel per incident, slash commands and buttons.
        </Text>
      </div>
      {settings.isPending ? (
        <LoadingState label="Loading chat settings" />
      ) : settings.error ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <Providers p={settings.data.providers} />
          <SettingsForm key={settings.data.updatedAt ?? 'new'} settings={settings.data} />
        </>
      )}
    </Stack>
  );
}
