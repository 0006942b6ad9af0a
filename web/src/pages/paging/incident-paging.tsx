// Paging in the incident room: the escalation's state, the SLA clocks and the client's emergency
// contacts under the header (for everyone), and for people who work incidents a big Acknowledge
// button while a page is running, "Escalate now", "Page" with a reason, choosing the incident's
// client and notifying the client's contacts.
import {
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import {
  IconBell,
  IconBellRinging,
  IconBuildingStore,
  IconCheck,
  IconChevronsUp,
  IconSpeakerphone,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Client, Escalation, Incident, IncidentSla, SlaClock } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { useClients, usePeople } from '../../lib/paging-data.ts';
import { clockLabel, contactOrderText } from '../../lib/paging-words.ts';
import { age, when } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import classes from '../incident/room.module.css';
import { DialogBody, DialogForm } from '../incident/dialog-form.tsx';
import { canWork } from '../incident/incident-model.ts';
import { incidentPath, useIncidentMutation } from '../incident/use-incident.ts';

/** The incident's escalations, newest first. */
export function useEscalations(ref: string) {
  return useQuery({
    queryKey: keys.escalations(ref),
    queryFn: async ({ signal }) =>
      (await api<{ items: Escalation[] }>(incidentPath(ref, '/escalations'), { signal })).items,
  });
}

/** The incident's client and SLA clocks. */
export function useSla(ref: string) {
  return useQuery({
    queryKey: keys.sla(ref),
    queryFn: ({ signal }) => api<IncidentSla>(incidentPath(ref, '/sla'), { signal }),
  });
}

const stateWords: Record<Escalation['state'], { text: string; color: string; fg: string }> = {
  active: { text: 'Paging now', color: 'red.9', fg: 'white' },
  acknowledged: { text: 'Acknowledged', color: 'teal.9', fg: 'white' },
  exhausted: { text: 'Nobody acknowledged', color: 'orange.9', fg: 'black' },
  cancelled: { text: 'Stopped', color: 'gray.7', fg: 'white' },
};

function EscalationLine({ e }: { e: Escalation }) {
  const people = usePeople();
  const look = stateWords[e.state];
  return (
    <Group gap="xs" wrap="wrap" data-testid="escalation-state">
      <Badge color={look.color} c={look.fg} tt="none" leftSection={<IconBellRinging size={12} aria-hidden />}>
        {look.text}
      </Badge>
      <Text size="sm">
        <strong>{e.policyName}</strong>: level {Math.min(e.level + 1, e.levels)} of {e.levels}
        {e.round > 0 && `, round ${e.round + 1}`}
        {e.state === 'acknowledged' && e.acknowledgedAt && (
          <>
            {' '}
            · acknowledged by {e.acknowledgedBy ? people.name(e.acknowledgedBy) : 'someone'}{' '}
            {when(e.acknowledgedAt)}
          </>
        )}
        {e.state === 'active' && <> · started {when(e.startedAt)}</>}
      </Text>
    </Group>
  );
}

function clockLook(c: SlaClock): { color: string; text: string } {
  if (c.state === 'met') return { color: 'teal.8', text: `✓ Met ${when(c.metAt ?? c.dueAt)}` };
  if (c.state === 'breached')
    return {
      color: 'red.8',
      text: c.metAt
        ? `Missed: done ${when(c.metAt)}, due ${when(c.dueAt)}`
        : `Breached: was due ${when(c.dueAt)}`,
    };
  if (c.used >= 0.75) return { color: 'yellow.6', text: `Due ${when(c.dueAt)}, soon` };
  return { color: 'green.8', text: `Due ${when(c.dueAt)}` };
}

/**
 * The client's emergency contacts: name, phone and email as links, and the order they are tried
 * in; `onNotify` (for people who work incidents) adds "Notify client contacts".
 */
function ClientContacts({ client, onNotify }: { client: Client; onNotify?: () => void }) {
  const headingId = useId();
  const contacts = client.emergencyContacts;
  if (!contacts.length) return null;
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={600} id={headingId}>
          Emergency contacts
        </Text>
        {onNotify && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconSpeakerphone size={14} aria-hidden />}
            onClick={onNotify}
          >
            Notify client contacts
          </Button>
        )}
      </Group>
      <Stack component="ul" gap={4} className={classes.list} aria-labelledby={headingId}>
        {contacts.map((c, i) => (
          <li key={i} style={{ overflowWrap: 'anywhere' }} data-testid="client-contact">
            <Text size="sm" component="div">
              <strong>{c.name}</strong>
              {c.phone && (
                <>
                  {' · '}
                  <Anchor href={`tel:${c.phone}`} inherit>
                    {c.phone}
                  </Anchor>
                </>
              )}
              {c.email && (
                <>
                  {' · '}
                  <Anchor href={`mailto:${c.email}`} inherit>
                    {c.email}
                  </Anchor>
                </>
              )}
            </Text>
            <Text size="xs" className={classes.muted}>
              {contactOrderText(c)}
            </Text>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

function SlaClocks({ sla, onNotify }: { sla: IncidentSla; onNotify?: () => void }) {
  const now = useNow(30_000);
  if (!sla.client) return null;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Service level clocks">
      <Stack gap={6}>
        <Text size="sm">
          <strong>Client:</strong> {sla.client.name}
          {sla.tier && ` · ${sla.tier.name} tier`}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {sla.clocks.map((c) => {
            // Running clocks move on between reads.
            const start = Date.parse(c.dueAt) - c.targetMinutes * 60_000;
            const used =
              c.state === 'running' ? Math.max(c.used, (now - start) / (c.targetMinutes * 60_000)) : c.used;
            const look = clockLook({
              ...c,
              used,
              state: c.state === 'running' && used > 1 ? 'breached' : c.state,
            });
            const label = clockLabel[c.clock];
            const left = Date.parse(c.dueAt) - now;
            return (
              <Stack key={c.clock} gap={2} data-testid={`sla-${c.clock}`}>
                <Group justify="space-between" gap={4} wrap="nowrap">
                  <Text size="xs" fw={600}>
                    {label}
                  </Text>
                  <Text size="xs">
                    {c.state === 'running' && left > 0
                      ? `${age(new Date(now - left).toISOString(), now)} left`
                      : ''}
                  </Text>
                </Group>
                <Progress.Root size="md">
                  <Progress.Section
                    value={Math.round(Math.min(1, used) * 100)}
                    color={look.color}
                    aria-label={`${label}: ${look.text}`}
                  />
                </Progress.Root>
                <Text size="xs">{look.text}</Text>
              </Stack>
            );
          })}
        </SimpleGrid>
        <ClientContacts client={sla.client} onNotify={onNotify} />
      </Stack>
    </Paper>
  );
}

/** What the client is told unless the responder writes something else. */
const defaultClientMessage =
  'We are aware of a problem affecting your service and are working on it. We will update you within 30 minutes.';
const clientMessageMax = 500;

// The key that sends with Enter, as this person's keyboard labels it.
const modKey = /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘' : 'Ctrl';

function NotifyClientForm({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const ref = String(incident.number);
  const sla = useSla(ref);
  const [message, setMessage] = useState(defaultClientMessage);
  const [missing, setMissing] = useState<string>();
  const send = useIncidentMutation(
    ref,
    (m: string) =>
      api<{ contacts: number }>(incidentPath(ref, '/client/notify'), {
        method: 'POST',
        body: { message: m },
      }),
    { success: (res) => `Sending to ${res.contacts} ${res.contacts === 1 ? 'contact' : 'contacts'}` },
  );
  const err = send.error;
  // A refused message is said at the field (the text stays); anything else (no client or no
  // contacts any more: 409) above the buttons.
  const invalid = err instanceof ApiError && err.status === 400;
  const atField = missing ?? (invalid ? (fieldError(err, 'body.message') ?? err.message) : undefined);
  const client = sla.data?.client;
  const count = client?.emergencyContacts.length ?? 0;
  return (
    <DialogBody
      onSubmit={() => {
        const text = message.trim();
        const problem = !text
          ? 'Write the message to send'
          : text.length > clientMessageMax
            ? `At most ${clientMessageMax} characters`
            : undefined;
        setMissing(problem);
        if (!problem) send.mutate(text, { onSuccess: onClose });
      }}
      onCancel={onClose}
      submitLabel="Send"
      pending={send.isPending}
      error={invalid ? undefined : formError(err, [])}
      errorTitle="Not sent"
    >
      {client && (
        <Text size="sm">
          Sends this message to {client.name}&apos;s{' '}
          {count === 1 ? 'emergency contact' : `${count} emergency contacts`}, trying phone, SMS and email in
          the order listed under their name. The timeline shows who was reached.
        </Text>
      )}
      <Textarea
        label="Message to the client"
        description={`${message.length} of ${clientMessageMax} characters · ${modKey} + Enter sends`}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        withAsterisk
        autosize
        minRows={3}
        maxLength={clientMessageMax}
        value={message}
        onChange={(e) => {
          setMessage(e.currentTarget.value);
          setMissing(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        error={atField}
        data-autofocus
      />
    </DialogBody>
  );
}

/**
 * Under the incident's header: the escalation state and, when a client is set, the SLA clocks and
 * the client's emergency contacts (with "Notify client contacts" for people who work incidents).
 */
export function PagingStatus({ incident }: { incident: Incident }) {
  const ref = String(incident.number);
  const me = useCurrentUser();
  const work = canWork(me.role);
  const escalations = useEscalations(ref);
  const sla = useSla(ref);
  const [notifying, setNotifying] = useState(false);
  const list = escalations.data ?? [];
  const active = list.filter((e) => e.state === 'active');
  const shown = active.length ? active : list.slice(0, 1);
  // The dialog stays mounted even if the client or its contacts go away meanwhile, so that the
  // refusal can still be read in it.
  const close = () => setNotifying(false);
  const dialog = work ? (
    <DialogForm title="Notify client contacts" opened={notifying} onClose={close}>
      <NotifyClientForm incident={incident} onClose={close} />
    </DialogForm>
  ) : null;
  if (!shown.length && !sla.data?.client) return dialog;
  return (
    <>
      <Stack gap="xs">
        {shown.map((e) => (
          <EscalationLine key={e.id} e={e} />
        ))}
        {sla.data && <SlaClocks sla={sla.data} onNotify={work ? () => setNotifying(true) : undefined} />}
      </Stack>
      {dialog}
    </>
  );
}

type PagingDialog = 'escalate' | 'page' | 'client';

function EscalateDialog({
  incident,
  escalation,
  onClose,
}: {
  incident: Incident;
  escalation: Escalation;
  onClose: () => void;
}) {
  const ref = String(incident.number);
  const [level, setLevel] = useState('');
  const escalate = useIncidentMutation(
    ref,
    (l: number | undefined) =>
      api<{ escalations: number }>(incidentPath(ref, '/escalate'), {
        method: 'POST',
        body: l === undefined ? {} : { level: l },
      }),
    {
      success: (_, l) =>
        l === undefined ? 'Escalating to the next level now' : `Escalating to level ${l} now`,
    },
  );
  const current = Math.min(escalation.level + 1, escalation.levels);
  return (
    <DialogBody
      onSubmit={() => escalate.mutate(level ? Number(level) : undefined, { onSuccess: onClose })}
      onCancel={onClose}
      submitLabel="Escalate now"
      pending={escalate.isPending}
      error={formError(escalate.error, ['body.level'])}
    >
      <Text size="sm">
        {escalation.policyName} is at level {current} of {escalation.levels}. Escalating pages the next people
        without waiting for the timeout.
      </Text>
      <NativeSelect
        label="Go to"
        value={level}
        onChange={(e) => setLevel(e.currentTarget.value)}
        error={fieldError(escalate.error, 'body.level')}
        data={[
          {
            value: '',
            label:
              current < escalation.levels ? `The next level (${current + 1})` : 'The next round, or the end',
          },
          ...Array.from({ length: escalation.levels }, (_, i) => ({
            value: String(i + 1),
            label: `Level ${i + 1}`,
          })),
        ]}
      />
    </DialogBody>
  );
}

function PageDialog({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const ref = String(incident.number);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<string>();
  const page = useIncidentMutation(
    ref,
    (r: string) => api<{ ok: true }>(incidentPath(ref, '/page'), { method: 'POST', body: { reason: r } }),
    { success: () => 'Page requested: the escalation starts in a moment' },
  );
  return (
    <DialogBody
      onSubmit={() => {
        setMissing(reason.trim() ? undefined : 'Say why you are paging');
        if (reason.trim()) page.mutate(reason.trim(), { onSuccess: onClose });
      }}
      onCancel={onClose}
      submitLabel="Page"
      pending={page.isPending}
      error={formError(page.error, ['body.reason'])}
    >
      <Text size="sm">
        Pages the people of the escalation policy that covers this incident&apos;s service or area.
      </Text>
      <Textarea
        label="Reason"
        description="Sent with the page"
        withAsterisk
        autosize
        minRows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={missing ?? fieldError(page.error, 'body.reason')}
        data-autofocus
      />
    </DialogBody>
  );
}

function ClientDialog({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const ref = String(incident.number);
  const queryClient = useQueryClient();
  const clients = useClients();
  const sla = useSla(ref);
  const [clientId, setClientId] = useState<string | null>(null);
  const value = clientId ?? sla.data?.client?.id ?? '';
  const save = useIncidentMutation(
    ref,
    (id: string) =>
      api<IncidentSla>(incidentPath(ref, '/client'), { method: 'PUT', body: { clientId: id || null } }),
    { success: (res) => (res.client ? `Client set: ${res.client.name}` : 'Client removed') },
  );
  return (
    <DialogBody
      onSubmit={() =>
        save.mutate(value, {
          onSuccess: (res) => {
            queryClient.setQueryData(keys.sla(ref), res);
            onClose();
          },
        })
      }
      onCancel={onClose}
      submitLabel="Save client"
      pending={save.isPending}
      error={formError(save.error, ['body.clientId'])}
    >
      <Text size="sm">
        The client&apos;s tier starts the SLA clocks, counted from when the incident began.
      </Text>
      <NativeSelect
        label="Client"
        value={value}
        onChange={(e) => setClientId(e.currentTarget.value)}
        error={
          fieldError(save.error, 'body.clientId') ?? (clients.isError ? 'Could not load clients' : undefined)
        }
        data={[
          { value: '', label: clients.isPending ? 'Loading clients…' : 'No client' },
          ...(clients.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.tier})` })),
        ]}
      />
    </DialogBody>
  );
}

/** An action for the incident's action bar. */
export interface PagingAction {
  key: string;
  label: string;
  icon: ReactNode;
  onClick: () => void;
  primary?: boolean;
  loading?: boolean;
}

/**
 * Paging for the action bar: the actions to add, the Acknowledge button to show above the bar
 * (null when nothing is paging) and the dialogs to mount.
 */
export function usePagingActions(incident: Incident, wide = true) {
  const ref = String(incident.number);
  const escalations = useEscalations(ref);
  const sla = useSla(ref);
  // The last dialog opened stays rendered while it fades out.
  const [dialog, setShown] = useState<PagingDialog | null>(null);
  const [opened, setOpened] = useState(false);
  const setDialog = (d: PagingDialog) => {
    setShown(d);
    setOpened(true);
  };
  const acknowledge = useIncidentMutation(
    ref,
    () => api<{ escalations: number }>(incidentPath(ref, '/acknowledge'), { method: 'POST' }),
    { success: () => 'Acknowledged: the escalation has stopped', failure: 'Could not acknowledge' },
  );
  const active = (escalations.data ?? []).find((e) => e.state === 'active');
  const actions: PagingAction[] = [];
  if (active)
    actions.push({
      key: 'escalate',
      label: 'Escalate now',
      icon: <IconChevronsUp size={16} aria-hidden />,
      onClick: () => setDialog('escalate'),
    });
  else
    actions.push({
      key: 'page',
      label: 'Page',
      icon: <IconBell size={16} aria-hidden />,
      onClick: () => setDialog('page'),
    });
  actions.push({
    key: 'client',
    label: sla.data?.client ? 'Change client' : 'Set client',
    icon: <IconBuildingStore size={16} aria-hidden />,
    onClick: () => setDialog('client'),
  });
  const close = () => setOpened(false);
  const acknowledgeButton = active ? (
    <Button
      size="lg"
      color="red.9"
      fullWidth={!wide}
      style={wide ? { alignSelf: 'flex-start' } : undefined}
      leftSection={<IconCheck size={20} aria-hidden />}
      loading={acknowledge.isPending}
      onClick={() => acknowledge.mutate(undefined)}
      styles={{ root: { minHeight: 56 } }}
    >
      Acknowledge
    </Button>
  ) : null;
  const title =
    dialog === 'escalate' ? 'Escalate now' : dialog === 'page' ? `Page for #${incident.number}` : 'Client';
  const dialogs = (
    <DialogForm title={title} opened={opened} onClose={close}>
      {dialog === 'escalate' && active && (
        <EscalateDialog incident={incident} escalation={active} onClose={close} />
      )}
      {dialog === 'page' && <PageDialog incident={incident} onClose={close} />}
      {dialog === 'client' && <ClientDialog incident={incident} onClose={close} />}
    </DialogForm>
  );
  return { actions, acknowledgeButton, dialogs };
}
