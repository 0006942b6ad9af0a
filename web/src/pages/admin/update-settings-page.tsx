// Updates (/admin/updates): how often an update is due per urgency, who the stakeholders are (an
// email list and chat channel per service, per client, and a default one), and the templates per stage and section
// that start each update. One form; Save changes everything shown.
import {
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';

const urgencies = ['P1', 'P2', 'P3', 'P4'] as const;
const templateKeys = [
  ['investigating', 'Investigating'],
  ['identified', 'Identified'],
  ['fixing', 'Fixing'],
  ['monitoring', 'Monitoring'],
  ['resolved', 'We are back'],
  ['outstanding', 'Known outstanding issues'],
  ['data-loss', 'Data loss'],
] as const;
type TemplateKey = (typeof templateKeys)[number][0];
type Template = { technical: string; plain: string };

interface Settings {
  templates: Record<TemplateKey, Template>;
  cadence: Record<(typeof urgencies)[number], number | null>;
  stakeholders: {
    default: string[];
    defaultChannel: string | null;
    services: StakeholderList[];
    clients: StakeholderList[];
  };
}
interface StakeholderList {
  id: string;
  name: string;
  emails: string[];
  channel: string | null;
}
/** A list as edited: emails separated by commas, and a channel ('' for none). */
interface Editing {
  emails: string;
  channel: string;
}
interface Named {
  id: string;
  name: string;
}

const settingsKey = ['update-settings'];
const split = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);
const empty: Editing = { emails: '', channel: '' };
const bodyOf = (l: Editing) => ({ emails: split(l.emails), channel: l.channel.trim() || null });

function SettingsForm({
  settings,
  services,
  clients,
}: {
  settings: Settings;
  services: Named[];
  clients: Named[];
}) {
  const queryClient = useQueryClient();
  const [cadence, setCadence] = useState(settings.cadence);
  const [templates, setTemplates] = useState(settings.templates);
  const listOf = (list: StakeholderList[], id: string): Editing => {
    const l = list.find((x) => x.id === id);
    return { emails: l?.emails.join(', ') ?? '', channel: l?.channel ?? '' };
  };
  const [defaultList, setDefaultList] = useState<Editing>({
    emails: settings.stakeholders.default.join(', '),
    channel: settings.stakeholders.defaultChannel ?? '',
  });
  const [serviceLists, setServiceLists] = useState<Record<string, Editing>>(
    Object.fromEntries(services.map((s) => [s.id, listOf(settings.stakeholders.services, s.id)])),
  );
  const [clientLists, setClientLists] = useState<Record<string, Editing>>(
    Object.fromEntries(clients.map((c) => [c.id, listOf(settings.stakeholders.clients, c.id)])),
  );
  const save = useMutation({
    mutationFn: () =>
      api<Settings>('/update-settings', {
        method: 'PUT',
        body: {
          cadence,
          templates,
          stakeholders: {
            default: split(defaultList.emails),
            defaultChannel: defaultList.channel.trim() || null,
            services: Object.entries(serviceLists).map(([id, l]) => ({ id, ...bodyOf(l) })),
            clients: Object.entries(clientLists).map(([id, l]) => ({ id, ...bodyOf(l) })),
          },
        },
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKey, saved);
      notify('Update settings saved.');
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const list = (
    label: string,
    channelOf: string,
    value: Editing,
    set: (v: Editing) => void,
    emailsField: string,
    channelField: string,
  ) => (
    <SimpleGrid key={label} cols={{ base: 1, sm: 2 }}>
      <Textarea
        label={label}
        value={value.emails}
        onChange={(e) => set({ ...value, emails: e.currentTarget.value })}
        autosize
        minRows={1}
        error={fields[emailsField]}
      />
      <TextInput
        label={`Chat channel for ${channelOf}`}
        placeholder="#stakeholders"
        value={value.channel}
        onChange={(e) => set({ ...value, channel: e.currentTarget.value })}
        error={fields[channelField]}
      />
    </SimpleGrid>
  );

  return (
    <Stack component="form" onSubmit={submit} gap="lg" aria-label="Update settings">
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Cadence
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Minutes between updates per urgency; empty means on change. The comms lead (else the owner) is
          reminded when one is due.
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {urgencies.map((u) => (
            <NumberInput
              key={u}
              label={`${u} every (min)`}
              min={1}
              max={1440}
              value={cadence[u] ?? ''}
              onChange={(v) => setCadence({ ...cadence, [u]: typeof v === 'number' ? v : null })}
              error={fields[`body.cadence.${u}`]}
            />
          ))}
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Stakeholder lists
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Email addresses, separated by commas, and an optional chat channel (#name or id). An incident&apos;s
          plain update goes to the lists of its service and client, else to the default list.
        </Text>
        <Stack gap="sm">
          {list(
            'Default list',
            'the default',
            defaultList,
            setDefaultList,
            'body.stakeholders.default',
            'body.stakeholders.defaultChannel',
          )}
          {services.map((s, i) =>
            list(
              `Service: ${s.name}`,
              `service ${s.name}`,
              serviceLists[s.id] ?? empty,
              (v) => setServiceLists({ ...serviceLists, [s.id]: v }),
              `body.stakeholders.services.${i}.emails`,
              `body.stakeholders.services.${i}.channel`,
            ),
          )}
          {clients.map((c, i) =>
            list(
              `Client: ${c.name}`,
              `client ${c.name}`,
              clientLists[c.id] ?? empty,
              (v) => setClientLists({ ...clientLists, [c.id]: v }),
              `body.stakeholders.clients.${i}.emails`,
              `body.stakeholders.clients.${i}.channel`,
            ),
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Templates
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {'Placeholders: {{title}}, {{tagline}}, {{tagline_plain}}, {{service}}, {{urgency}}, {{status}}, ' +
            '{{started}}, {{duration}}, {{owner}}, {{comms_lead}}, {{number}}, {{link}}.'}
        </Text>
        <Stack gap="md">
          {templateKeys.map(([key, label]) => (
            <SimpleGrid key={key} cols={{ base: 1, sm: 2 }}>
              {(['technical', 'plain'] as const).map((version) => (
                <Textarea
                  key={version}
                  label={`${label}: ${version === 'technical' ? 'technical' : 'plain words'}`}
                  value={templates[key][version]}
                  onChange={(e) =>
                    setTemplates({
                      ...templates,
                      [key]: { ...templates[key], [version]: e.currentTarget.value },
                    })
                  }
                  autosize
                  minRows={2}
                  error={fields[`body.templates.${key}.${version}`]}
                />
              ))}
            </SimpleGrid>
          ))}
        </Stack>
      </Paper>
      {save.error && !Object.keys(fields).length && (
        <Text c="red" role="alert">
          {errorMessage(save.error)}
        </Text>
      )}
      <Group>
        <Button type="submit" loading={save.isPending}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}

/** The update settings page. */
export function UpdateSettingsPage() {
  const settings = useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => api<Settings>('/update-settings', { signal }),
  });
  const services = useQuery({
    queryKey: ['services'],
    queryFn: async ({ signal }) => (await api<{ items: Named[] }>('/services', { signal })).items,
  });
  const clients = useQuery({
    queryKey: ['clients'],
    queryFn: async ({ signal }) => (await api<{ items: Named[] }>('/clients', { signal })).items,
  });
  const error = settings.error ?? services.error ?? clients.error;
  return (
    <Stack gap="md">
      <Title order={1}>Updates</Title>
      {error ? (
        <ErrorState error={error} onRetry={() => void settings.refetch()} />
      ) : settings.data && services.data && clients.data ? (
        <SettingsForm settings={settings.data} services={services.data} clients={clients.data} />
      ) : (
        <LoadingState label="Loading the update settings" />
      )}
    </Stack>
  );
}
