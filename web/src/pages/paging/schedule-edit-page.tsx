// Creating or changing a schedule (/on-call/new, /on-call/:id/edit), admins only: a name, a time
// zone and one or more rotation layers — people in order, how often they hand off, at what local
// time, from which date. Overrides and any restrictions are kept as they are. A change applies from
// the next handoff (or now), and can be previewed before it is saved.
import { Alert, Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ScheduleDefinition, ScheduleView } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { ReachWarning } from '../../components/reach-warning.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { move } from '../../lib/list.ts';
import { notify } from '../../lib/notify.ts';
import { useSchedules } from '../../lib/paging-data.ts';
import { browserTimeZone, timeZones } from '../../lib/paging-words.ts';
import { allows } from '../../lib/permissions.ts';
import { readableColors } from '../../lib/readable.ts';
import { blankLayer, fromLayer, layerId, toLayer, type LayerDraft } from './layer-draft.ts';
import { LayerFields } from './layer-fields.tsx';
import { useSaveSchedule } from './overrides-panel.tsx';
import { type ApplyFrom, ChangePreview, usePreview } from './schedule-preview.tsx';

/** Everyone in the layers, once each, as targets to check for reachability. */
const layerPeople = (layers: LayerDraft[]) =>
  [...new Set(layers.flatMap((l) => l.users))].map((id) => ({ type: 'user' as const, id }));

/** The form: name, time zone and layers, checked here before the server checks them again. */
function ScheduleForm({ schedule }: { schedule: ScheduleView | null }) {
  const navigate = useNavigate();
  const save = useSaveSchedule();
  const [name, setName] = useState(schedule?.name ?? '');
  const [zone, setZone] = useState(schedule?.definition.timeZone ?? browserTimeZone());
  const [layers, setLayers] = useState<LayerDraft[]>(() =>
    schedule ? schedule.definition.layers.map(fromLayer) : [blankLayer(1, zone)],
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [applyFrom, setApplyFrom] = useState<ApplyFrom>('next-handoff');
  const preview = usePreview(schedule?.id ?? '');
  const server = fieldsOf(save.error);

  const layerError = (i: number) => (field: string) =>
    problems[`layers.${i}.${field}`] ?? server[`body.definition.layers.${i}.${field}`];
  const change = (i: number, patch: Partial<LayerDraft>) =>
    setLayers((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  /** The definition from the form, or null when the form has problems (shown beside the fields). */
  const build = (): ScheduleDefinition | null => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Name the schedule, e.g. "Primary on call"';
    layers.forEach((l, i) => {
      if (!l.name.trim()) found[`layers.${i}.name`] = 'Name the layer';
      if (l.users.length === 0) found[`layers.${i}.users`] = 'Add at least one person';
      if (!/^\d{2}:\d{2}$/.test(l.handoffTime)) found[`layers.${i}.handoffTime`] = 'Give a time, e.g. 09:00';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(l.start)) found[`layers.${i}.start`] = 'Give the start date';
      if (l.rotation === 'custom' && !(Number(l.hours) >= 1))
        found[`layers.${i}.rotation.hours`] = 'At least 1 hour';
    });
    setProblems(found);
    if (Object.keys(found).length) return null;
    const taken = new Set<string>();
    const built = layers.map((l) => {
      const id = l.id && !taken.has(l.id) ? l.id : layerId(l.name, taken);
      taken.add(id);
      return toLayer(l, id);
    });
    return { ...(schedule?.definition ?? { overrides: [] }), timeZone: zone, layers: built };
  };

  const showPreview = () => {
    const definition = build();
    if (definition) preview.mutate({ name: name.trim(), definition, applyFrom });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const definition = build();
    if (!definition) return;
    save.mutate(
      { id: schedule?.id ?? null, name: name.trim(), definition, ...(schedule && { applyFrom }) },
      {
        onSuccess: (saved) => {
          notify(`Schedule "${saved.name}" saved.`);
          void navigate(`/on-call/${saved.id}`);
        },
      },
    );
  };

  const general = generalError(
    save.error,
    (f) =>
      f === 'body.name' ||
      f === 'body.definition.timeZone' ||
      /^body\.definition\.layers\.\d+\.(name|users|handoffTime|handoffDay|start|rotation(\.hours)?)$/.test(f),
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby="schedule-form-title">
      <Stack gap="md" style={readableColors}>
        <div>
          <Title order={1} id="schedule-form-title">
            {schedule ? `Edit ${schedule.name}` : 'New schedule'}
          </Title>
          <Text c="dimmed" size="sm">
            Who is on call when. Later layers win wherever they have someone; overrides win over all layers.
          </Text>
        </div>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Schedule name"
            withAsterisk
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={problems.name ?? server['body.name']}
          />
          <NativeSelect
            label="Time zone"
            description="Hand-off times and dates are in this zone"
            value={zone}
            onChange={(e) => setZone(e.currentTarget.value)}
            data={timeZones(zone)}
            error={server['body.definition.timeZone']}
          />
        </SimpleGrid>
        <Title order={2} size="h4">
          Layers
        </Title>
        {layers.length === 0 && (
          <Text size="sm" c="dimmed">
            No layers: only overrides will put anyone on call.
          </Text>
        )}
        {server['body.definition.layers'] && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {server['body.definition.layers']}
          </Text>
        )}
        {layers.map((l, i) => (
          <LayerFields
            key={l.key}
            draft={l}
            index={i}
            count={layers.length}
            errors={layerError(i)}
            onChange={(patch) => change(i, patch)}
            onMove={(by) => setLayers((ls) => move(ls, i, by))}
            onRemove={() => setLayers((ls) => ls.filter((_, j) => j !== i))}
          />
        ))}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setLayers((ls) => [...ls, blankLayer(ls.length + 1, zone)])}
          >
            Add layer
          </Button>
        </Group>
        <ReachWarning targets={layerPeople(layers)} what="this schedule" />
        {schedule && (
          <ChangePreview
            applyFrom={applyFrom}
            onApplyFrom={setApplyFrom}
            preview={preview}
            onPreview={showPreview}
            zone={zone}
          />
        )}
        {general && (
          <Alert color="red" role="alert" title="Not saved">
            {general}
          </Alert>
        )}
        <Group gap="sm">
          <Button type="submit" loading={save.isPending}>
            {schedule ? 'Save schedule' : 'Create schedule'}
          </Button>
          <Button component={Link} to={schedule ? `/on-call/${schedule.id}` : '/on-call'} variant="default">
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The schedule editor at /on-call/new and /on-call/:id/edit. */
export function ScheduleEditPage() {
  const { id } = useParams();
  const me = useCurrentUser();
  const schedules = useSchedules();
  if (!allows(me.role, 'paging:manage'))
    return (
      <Stack align="flex-start">
        <Title order={1}>Only admins change schedules</Title>
        <Text>Ask an admin to change who is on call.</Text>
      </Stack>
    );
  if (!id) return <ScheduleForm schedule={null} />;
  if (schedules.isPending) return <LoadingState label="Loading the schedule" />;
  if (schedules.error) return <ErrorState error={schedules.error} onRetry={() => void schedules.refetch()} />;
  const schedule = schedules.data.find((s) => s.id === id);
  if (!schedule)
    return (
      <Stack align="flex-start">
        <Title order={1}>Schedule not found</Title>
        <Button component={Link} to="/on-call" variant="light">
          All schedules
        </Button>
      </Stack>
    );
  return <ScheduleForm key={schedule.id} schedule={schedule} />;
}
