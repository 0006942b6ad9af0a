// Starting a silence or scheduling maintenance: the kind, what it covers (an integration, a
// service, label matchers written as name=value lines), until when, and why.
import {
  Alert,
  Autocomplete,
  Button,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { CreateSilenceBody, Silence } from '../../api/types.ts';
import { notify } from '../../lib/notify.ts';
import { when } from '../../lib/time.ts';
import { useIntegrations } from './integrations-page.tsx';

type Kind = Silence['kind'];

/** The two kinds in words. */
export const kindLabel: Record<Kind, string> = { silence: 'Silence', maintenance: 'Maintenance' };

interface Service {
  id: string;
  name: string;
}

/** The services alerts are filed under, for choosing one. */
export function useServices() {
  return useQuery({
    queryKey: ['services'],
    queryFn: async ({ signal }) => (await api<{ items: Service[] }>('/services', { signal })).items,
    staleTime: 60_000,
  });
}

/** A Date as the value of a datetime-local input (local time, minutes). */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `name=value` lines into matchers; the first bad line is reported. */
export function parseMatchers(text: string): { matchers: Record<string, string> } | { error: string } {
  const matchers: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    const value = eq > 0 ? line.slice(eq + 1).trim() : '';
    if (!name || !value) return { error: `Line ${i + 1}: write name=value, e.g. service=checkout` };
    matchers[name] = value;
  }
  return { matchers };
}

interface Draft {
  kind: Kind;
  integrationId: string;
  service: string;
  matchers: string;
  endsAt: string;
  reason: string;
}

const newDraft = (): Draft => ({
  kind: 'silence',
  integrationId: '',
  service: '',
  matchers: '',
  endsAt: localInput(new Date(Date.now() + 60 * 60_000)),
  reason: '',
});

/** The form that starts a silence or schedules maintenance. */
export function CreateSilence() {
  const queryClient = useQueryClient();
  const integrations = useIntegrations();
  const services = useServices();
  const [draft, setDraft] = useState<Draft>(newDraft);
  const [invalid, setInvalid] = useState<Partial<Record<keyof Draft, string>>>({});
  const create = useMutation({
    mutationFn: (body: CreateSilenceBody) => api<Silence>('/silences', { method: 'POST', body }),
    onSuccess: async (s) => {
      notify(`${kindLabel[s.kind]} active until ${when(s.endsAt)}.`);
      setDraft(newDraft());
      await queryClient.invalidateQueries({ queryKey: keys.silences });
      await queryClient.invalidateQueries({ queryKey: ['services'] });
    },
  });
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setInvalid((e) => ({ ...e, [field]: undefined }));
  };
  const fields = create.error instanceof ApiError ? create.error.fields : {};
  const fieldError = (f: keyof Draft) =>
    invalid[f] ??
    fields[`body.${f}`] ??
    (f === 'matchers'
      ? Object.entries(fields).find(([k]) => k.startsWith('body.matchers.'))?.[1]
      : f === 'endsAt'
        ? fields['body.startsAt']
        : undefined);
  const placed = ['kind', 'integrationId', 'service', 'matchers', 'endsAt', 'startsAt', 'reason'];
  const unplaced = Object.keys(fields).some(
    (f) => !placed.some((p) => f === `body.${p}` || f.startsWith(`body.${p}.`)),
  );
  const general =
    create.error && (Object.keys(fields).length === 0 || unplaced) ? errorMessage(create.error) : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Partial<Record<keyof Draft, string>> = {};
    const parsed = parseMatchers(draft.matchers);
    if ('error' in parsed) problems.matchers = parsed.error;
    const ends = new Date(draft.endsAt);
    if (!draft.endsAt || Number.isNaN(ends.getTime())) problems.endsAt = 'Say when it ends';
    else if (ends.getTime() <= Date.now()) problems.endsAt = 'The end must be in the future';
    if (!draft.reason.trim()) problems.reason = 'Say why, e.g. "Database upgrade"';
    setInvalid(problems);
    if (Object.keys(problems).length || 'error' in parsed) return;
    const body: CreateSilenceBody = {
      kind: draft.kind,
      matchers: parsed.matchers,
      endsAt: ends.toISOString(),
      reason: draft.reason.trim(),
    };
    if (draft.integrationId) body.integrationId = draft.integrationId;
    if (draft.service.trim()) body.service = draft.service.trim();
    create.mutate(body);
  };

  const later = (minutes: number) => set('endsAt', localInput(new Date(Date.now() + minutes * 60_000)));

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="new-silence-title"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="new-silence-title">
          New silence or maintenance window
        </Title>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="silence-kind-label">
            Kind
          </Text>
          <SegmentedControl
            aria-labelledby="silence-kind-label"
            value={draft.kind}
            onChange={(v) => set('kind', v)}
            data={[
              { value: 'silence', label: 'Silence' },
              { value: 'maintenance', label: 'Maintenance' },
            ]}
            maw={320}
          />
          <Text size="xs" c="dimmed">
            {draft.kind === 'silence'
              ? 'Quiets known alerts, e.g. a flapping check, until it ends.'
              : 'Planned work: alerts of the service during the window open nothing.'}
          </Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label="Integration"
            data={[
              { value: '', label: 'Any integration' },
              ...(integrations.data ?? []).map((i) => ({ value: i.id, label: i.name })),
            ]}
            value={draft.integrationId}
            onChange={(e) => set('integrationId', e.currentTarget.value)}
            error={fieldError('integrationId')}
          />
          <Autocomplete
            label="Service (optional)"
            description="Covers alerts routed to this service"
            data={(services.data ?? []).map((s) => s.name)}
            value={draft.service}
            onChange={(v) => set('service', v)}
            error={fieldError('service')}
            maxLength={200}
          />
        </SimpleGrid>
        <Textarea
          label="Only alerts with these labels (optional)"
          description="One name=value per line; a value in /slashes/ is a regular expression. Empty: every alert in scope."
          placeholder={'alertname=DiskFull\nenv=/prod|staging/'}
          autosize
          minRows={2}
          maxRows={8}
          value={draft.matchers}
          onChange={(e) => set('matchers', e.currentTarget.value)}
          error={fieldError('matchers')}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            type="datetime-local"
            label="Ends at"
            description="Your local time"
            required
            value={draft.endsAt}
            onChange={(e) => set('endsAt', e.currentTarget.value)}
            error={fieldError('endsAt')}
            w={240}
          />
          <Group gap={4} mb={fieldError('endsAt') ? 26 : 0}>
            <Button size="compact-sm" variant="default" onClick={() => later(60)}>
              In 1 hour
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => later(240)}>
              In 4 hours
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => later(1440)}>
              In 1 day
            </Button>
          </Group>
        </Group>
        <Textarea
          label="Reason"
          required
          autosize
          minRows={1}
          maxLength={2000}
          value={draft.reason}
          onChange={(e) => set('reason', e.currentTarget.value)}
          error={fieldError('reason')}
        />
        {general && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert" title="Not created">
            {general}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending}>
            {draft.kind === 'silence' ? 'Start silence' : 'Schedule maintenance'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
