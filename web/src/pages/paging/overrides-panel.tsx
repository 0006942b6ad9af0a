// A schedule's overrides: who covers instead of the rotation, from when to when (for anyone on
// call, or only for one person). Admins add and remove them; the whole schedule is saved each time.
import {
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Override, ScheduleDefinition, ScheduleView } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { notify } from '../../lib/notify.ts';
import { usePeople } from '../../lib/paging-data.ts';
import { useNow } from '../../lib/use-now.ts';
import { dayTime, instantToLocalInput, localInputToInstant } from './schedule-time.ts';

/** Saves a schedule (new when `id` is null) and refreshes everything about schedules. */
export function useSaveSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      id: string | null;
      name: string;
      definition: ScheduleDefinition;
      applyFrom?: 'next-handoff' | 'now';
    }) =>
      api<ScheduleView>(v.id ? `/schedules/${v.id}` : '/schedules', {
        method: v.id ? 'PUT' : 'POST',
        body: { name: v.name, definition: v.definition, ...(v.applyFrom && { applyFrom: v.applyFrom }) },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['paging'] }),
  });
}

function newId(): string {
  return `o-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function AddOverride({ schedule }: { schedule: ScheduleView }) {
  const people = usePeople();
  const save = useSaveSchedule();
  const zone = schedule.definition.timeZone;
  const [draft, setDraft] = useState(() => {
    const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
    return {
      userId: '',
      from: instantToLocalInput(start, zone),
      to: instantToLocalInput(new Date(start.getTime() + 8 * 3_600_000), zone),
      replaces: '',
    };
  });
  const [missing, setMissing] = useState<Record<string, string>>({});
  const index = schedule.definition.overrides.length;
  const server = fieldsOf(save.error);
  const at = (f: string) => server[`body.definition.overrides.${index}.${f}`];
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const from = localInputToInstant(draft.from, zone);
    const to = localInputToInstant(draft.to, zone);
    const problems: Record<string, string> = {};
    if (!draft.userId) problems.userId = 'Choose who covers';
    if (!from) problems.from = 'Give the start date and time';
    if (!to) problems.to = 'Give the end date and time';
    else if (from && to <= from) problems.to = 'The end must be after the start';
    if (draft.replaces && draft.replaces === draft.userId)
      problems.replaces = 'Someone cannot cover for themselves';
    setMissing(problems);
    if (Object.keys(problems).length || !from || !to) return;
    const override: Override = {
      id: newId(),
      userId: draft.userId,
      start: from.toISOString(),
      end: to.toISOString(),
      ...(draft.replaces ? { replaces: draft.replaces } : {}),
    };
    save.mutate(
      {
        id: schedule.id,
        name: schedule.name,
        definition: { ...schedule.definition, overrides: [...schedule.definition.overrides, override] },
      },
      {
        onSuccess: () => {
          notify(`Override added: ${people.name(draft.userId)} covers ${dayTime(override.start, zone)}.`);
          set({ userId: '', replaces: '' });
          save.reset();
        },
      },
    );
  };
  const general = generalError(save.error, (f) =>
    ['userId', 'start', 'end', 'replaces'].some((x) => f === `body.definition.overrides.${index}.${x}`),
  );
  const personOptions = (empty: string) => [
    { value: '', label: people.query.isPending ? 'Loading people…' : empty },
    ...people.active.map((u) => ({ value: u.id, label: u.name })),
  ];

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="add-override-title"
    >
      <Stack gap="sm">
        <Title order={3} size="h5" id="add-override-title">
          Add override
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label="Who covers"
            withAsterisk
            value={draft.userId}
            onChange={(e) => set({ userId: e.currentTarget.value })}
            data={personOptions('Choose a person')}
            error={missing.userId ?? at('userId')}
          />
          <NativeSelect
            label="Instead of"
            description="Only while this person is on call"
            value={draft.replaces}
            onChange={(e) => set({ replaces: e.currentTarget.value })}
            data={personOptions('Whoever is on call')}
            error={missing.replaces ?? at('replaces')}
          />
          <TextInput
            type="datetime-local"
            label="From"
            description={`${zone} time`}
            withAsterisk
            value={draft.from}
            onChange={(e) => set({ from: e.currentTarget.value })}
            error={missing.from ?? at('start')}
          />
          <TextInput
            type="datetime-local"
            label="To"
            description={`${zone} time`}
            withAsterisk
            value={draft.to}
            onChange={(e) => set({ to: e.currentTarget.value })}
            error={missing.to ?? at('end')}
          />
        </SimpleGrid>
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={save.isPending} leftSection={<IconPlus size={16} aria-hidden />}>
            Add override
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The overrides of a schedule (current and coming), with the form to add one for admins. */
export function OverridesPanel({ schedule, canEdit }: { schedule: ScheduleView; canEdit: boolean }) {
  const people = usePeople();
  const save = useSaveSchedule();
  const [removing, setRemoving] = useState<Override | null>(null);
  const zone = schedule.definition.timeZone;
  const now = useNow(60_000);
  const all = schedule.definition.overrides;
  const shown = all.filter((o) => Date.parse(o.end) > now);
  const past = all.length - shown.length;
  const describe = (o: Override) =>
    `${people.name(o.userId)} from ${dayTime(o.start, zone)} to ${dayTime(o.end, zone)}`;

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        Overrides
      </Title>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          No current or coming overrides.
        </Text>
      ) : (
        <Table.ScrollContainer
          minWidth={520}
          type="native"
          style={{ position: 'relative' }}
          tabIndex={0}
          role="region"
          aria-label="Current and coming overrides"
        >
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Who covers</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Instead of</Table.Th>
                {canEdit && (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((o, i) => (
                <Table.Tr key={o.id ?? `${o.userId}-${o.start}-${i}`}>
                  <Table.Td fw={500}>{people.name(o.userId)}</Table.Td>
                  <Table.Td>{dayTime(o.start, zone)}</Table.Td>
                  <Table.Td>{dayTime(o.end, zone)}</Table.Td>
                  <Table.Td>{o.replaces ? people.name(o.replaces) : 'Whoever is on call'}</Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        aria-label={`Remove override: ${describe(o)}`}
                        onClick={() => setRemoving(o)}
                      >
                        Remove
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {past > 0 && (
        <Text size="xs" c="dimmed">
          {past} past {past === 1 ? 'override is' : 'overrides are'} not shown.
        </Text>
      )}
      {canEdit ? (
        <AddOverride schedule={schedule} />
      ) : (
        <Text size="sm" c="dimmed">
          To swap or cover a shift, ask an admin to add an override.
        </Text>
      )}
      {removing && (
        <ConfirmDialog
          opened
          title="Remove this override?"
          confirmLabel="Remove override"
          danger
          pending={save.isPending}
          error={save.error}
          onConfirm={() =>
            save.mutate(
              {
                id: schedule.id,
                name: schedule.name,
                definition: { ...schedule.definition, overrides: all.filter((o) => o !== removing) },
              },
              {
                onSuccess: () => {
                  notify('Override removed.');
                  setRemoving(null);
                  save.reset();
                },
              },
            )
          }
          onClose={() => {
            setRemoving(null);
            save.reset();
          }}
        >
          <Text size="sm">{describe(removing)}. The rotation applies again for that time.</Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
