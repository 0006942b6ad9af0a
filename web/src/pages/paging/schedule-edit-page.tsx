// Creating or changing a schedule (/on-call/new, /on-call/:id/edit), admins only: a name, a time
// zone and one or more rotation layers — people in order, how often they hand off, at what local
// time, from which date. Overrides and any restrictions are kept as they are.
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Layer, ScheduleDefinition, ScheduleView } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { move } from '../../lib/list.ts';
import { notify } from '../../lib/notify.ts';
import { useSchedules } from '../../lib/paging-data.ts';
import { browserTimeZone, timeZones, weekdays } from '../../lib/paging-words.ts';
import { allows } from '../../lib/permissions.ts';
import { readableColors } from '../../lib/readable.ts';
import { useSaveSchedule } from './overrides-panel.tsx';
import { PeopleList } from './people-list.tsx';
import { formatLocalDate, localDateOf } from './schedule-time.ts';

interface LayerDraft {
  key: string;
  id: string;
  name: string;
  users: string[];
  rotation: 'daily' | 'weekly' | 'custom';
  hours: number | string;
  handoffTime: string;
  handoffDay: string;
  start: string;
  restrictions?: Layer['restrictions'];
}

let keySeq = 0;
const nextKey = () => `layer-draft-${++keySeq}`;

function fromLayer(l: Layer): LayerDraft {
  return {
    key: nextKey(),
    id: l.id,
    name: l.name,
    users: [...l.users],
    rotation: l.rotation.kind,
    hours: l.rotation.kind === 'custom' ? l.rotation.hours : 12,
    handoffTime: l.handoffTime,
    handoffDay: l.handoffDay ? String(l.handoffDay) : '',
    start: l.start,
    restrictions: l.restrictions,
  };
}

function blankLayer(n: number, zone: string): LayerDraft {
  return {
    key: nextKey(),
    id: '',
    name: n === 1 ? 'Primary' : `Layer ${n}`,
    users: [],
    rotation: 'weekly',
    hours: 12,
    handoffTime: '09:00',
    handoffDay: '',
    start: formatLocalDate(localDateOf(new Date(), zone)),
  };
}

/** A layer id from its name, unique among `taken`. */
function layerId(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'layer';
  let id = base === 'override' ? 'override-layer' : base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

function toLayer(d: LayerDraft, id: string): Layer {
  const rotation: Layer['rotation'] =
    d.rotation === 'custom' ? { kind: 'custom', hours: Number(d.hours) } : { kind: d.rotation };
  return {
    id,
    name: d.name.trim(),
    users: d.users,
    rotation,
    handoffTime: d.handoffTime,
    ...(d.rotation === 'weekly' && d.handoffDay ? { handoffDay: Number(d.handoffDay) } : {}),
    start: d.start,
    ...(d.restrictions ? { restrictions: d.restrictions } : {}),
  };
}

const rotationOptions = [
  { value: 'daily', label: 'Every day' },
  { value: 'weekly', label: 'Every week' },
  { value: 'custom', label: 'Every few hours' },
];

function LayerFields({
  draft,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  draft: LayerDraft;
  index: number;
  count: number;
  errors: (field: string) => string | undefined;
  onChange: (patch: Partial<LayerDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const title = draft.name.trim() || `Layer ${index + 1}`;
  const headingId = `${draft.key}-title`;
  return (
    <Card withBorder padding="md" component="fieldset" aria-labelledby={headingId} m={0}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Title order={3} size="h5" id={headingId} style={{ overflowWrap: 'anywhere' }}>
            Layer {index + 1}: {title}
          </Title>
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Move layer ${title} up`}
              disabled={index === 0}
              onClick={() => onMove(-1)}
            >
              <IconArrowUp size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Move layer ${title} down`}
              disabled={index === count - 1}
              onClick={() => onMove(1)}
            >
              <IconArrowDown size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon variant="subtle" color="red" aria-label={`Remove layer ${title}`} onClick={onRemove}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
        <TextInput
          label="Layer name"
          withAsterisk
          maxLength={200}
          value={draft.name}
          onChange={(e) => onChange({ name: e.currentTarget.value })}
          error={errors('name')}
        />
        <PeopleList
          label={`People in rotation (${title})`}
          description="They take turns in this order"
          ordered
          value={draft.users}
          onChange={(users) => onChange({ users })}
          error={errors('users')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label="Hand off"
            value={draft.rotation}
            onChange={(e) => onChange({ rotation: e.currentTarget.value as LayerDraft['rotation'] })}
            data={rotationOptions}
            error={errors('rotation')}
          />
          {draft.rotation === 'custom' && (
            <NumberInput
              label="Hours per shift"
              description="Real hours; does not follow daylight-saving changes"
              min={1}
              max={24 * 366}
              value={draft.hours}
              onChange={(v) => onChange({ hours: v })}
              error={errors('rotation.hours')}
            />
          )}
          {draft.rotation === 'weekly' && (
            <NativeSelect
              label="Hand-off day"
              value={draft.handoffDay}
              onChange={(e) => onChange({ handoffDay: e.currentTarget.value })}
              data={[
                { value: '', label: 'The weekday of the start date' },
                ...weekdays.map((d) => ({ value: String(d.value), label: d.label })),
              ]}
              error={errors('handoffDay')}
            />
          )}
          <TextInput
            type="time"
            label="Hand-off time"
            description="Local time in the schedule's time zone"
            withAsterisk
            value={draft.handoffTime}
            onChange={(e) => onChange({ handoffTime: e.currentTarget.value })}
            error={errors('handoffTime')}
          />
          <TextInput
            type="date"
            label="Start date"
            description="The first hand-off, to the first person"
            withAsterisk
            value={draft.start}
            onChange={(e) => onChange({ start: e.currentTarget.value })}
            error={errors('start')}
          />
        </SimpleGrid>
        {draft.restrictions && draft.restrictions.length > 0 && (
          <Text size="xs" c="dimmed">
            This layer is limited to certain hours of the week ({draft.restrictions.length}{' '}
            {draft.restrictions.length === 1 ? 'window' : 'windows'}); they are kept as they are.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function ScheduleForm({ schedule }: { schedule: ScheduleView | null }) {
  const navigate = useNavigate();
  const save = useSaveSchedule();
  const [name, setName] = useState(schedule?.name ?? '');
  const [zone, setZone] = useState(schedule?.definition.timeZone ?? browserTimeZone());
  const [layers, setLayers] = useState<LayerDraft[]>(() =>
    schedule ? schedule.definition.layers.map(fromLayer) : [blankLayer(1, zone)],
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const server = fieldsOf(save.error);

  const layerError = (i: number) => (field: string) =>
    problems[`layers.${i}.${field}`] ?? server[`body.definition.layers.${i}.${field}`];
  const change = (i: number, patch: Partial<LayerDraft>) =>
    setLayers((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
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
    if (Object.keys(found).length) return;
    const taken = new Set<string>();
    const built = layers.map((l) => {
      const id = l.id && !taken.has(l.id) ? l.id : layerId(l.name, taken);
      taken.add(id);
      return toLayer(l, id);
    });
    const definition: ScheduleDefinition = {
      ...(schedule?.definition ?? { overrides: [] }),
      timeZone: zone,
      layers: built,
    };
    save.mutate(
      { id: schedule?.id ?? null, name: name.trim(), definition },
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
