// Choosing several people, optionally in order (a rotation): the chosen ones as a list with move
// up, move down and remove buttons, and a picker with an Add button below.
import { ActionIcon, Button, Group, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconX } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { move } from '../../lib/list.ts';
import { usePeople } from '../../lib/paging-data.ts';

/** A labelled list of people (user ids) with add, remove and, when `ordered`, reordering. */
export function PeopleList({
  label,
  description,
  value,
  onChange,
  ordered = false,
  error,
}: {
  label: string;
  description?: string;
  value: string[];
  onChange: (ids: string[]) => void;
  ordered?: boolean;
  error?: string;
}) {
  const people = usePeople();
  const [pick, setPick] = useState('');
  const id = useId();
  const choices = people.active.filter((u) => !value.includes(u.id));
  const add = () => {
    if (!pick) return;
    onChange([...value, pick]);
    setPick('');
  };
  const List = ordered ? 'ol' : 'ul';
  return (
    <Stack
      gap={6}
      role="group"
      aria-labelledby={`${id}-label`}
      aria-describedby={description ? `${id}-desc` : undefined}
    >
      <div>
        <Text size="sm" fw={500} id={`${id}-label`}>
          {label}
        </Text>
        {description && (
          <Text size="xs" c="dimmed" id={`${id}-desc`}>
            {description}
          </Text>
        )}
      </div>
      {value.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody yet.
        </Text>
      ) : (
        <Paper withBorder p={0} component={List} style={{ listStyle: 'none', margin: 0 }}>
          {value.map((uid, i) => {
            const name = people.name(uid);
            return (
              <Group
                key={uid}
                component="li"
                justify="space-between"
                wrap="nowrap"
                gap="xs"
                px="sm"
                py={4}
                style={i > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
              >
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {ordered && `${i + 1}. `}
                  {name}
                </Text>
                <Group gap={4} wrap="nowrap">
                  {ordered && (
                    <>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Move ${name} up`}
                        disabled={i === 0}
                        onClick={() => onChange(move(value, i, -1))}
                      >
                        <IconArrowUp size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Move ${name} down`}
                        disabled={i === value.length - 1}
                        onClick={() => onChange(move(value, i, 1))}
                      >
                        <IconArrowDown size={16} aria-hidden />
                      </ActionIcon>
                    </>
                  )}
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${name}`}
                    onClick={() => onChange(value.filter((x) => x !== uid))}
                  >
                    <IconX size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </Group>
            );
          })}
        </Paper>
      )}
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <NativeSelect
          aria-label={`Person to add: ${label}`}
          value={pick}
          onChange={(e) => setPick(e.currentTarget.value)}
          data={[
            { value: '', label: people.query.isPending ? 'Loading people…' : 'Choose a person' },
            ...choices.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
          ]}
          style={{ flex: 1, minWidth: 0 }}
        />
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={add}
          disabled={!pick}
          aria-label={`Add to ${label}`}
        >
          Add
        </Button>
      </Group>
      {error && (
        <Text size="xs" c="var(--mantine-color-error)" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
