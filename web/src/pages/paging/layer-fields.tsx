// One rotation layer of the schedule form: its name, people in order, how often they hand off, at
// what local time and weekday, from which date; moved up or down, or removed.
import {
  ActionIcon,
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
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { weekdays } from '../../lib/paging-words.ts';
import type { LayerDraft } from './layer-draft.ts';
import { PeopleList } from './people-list.tsx';

const rotationOptions = [
  { value: 'daily', label: 'Every day' },
  { value: 'weekly', label: 'Every week' },
  { value: 'custom', label: 'Every few hours' },
];

/** The fields of layer `index` (of `count`); `errors` gives each field's message. */
export function LayerFields({
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
