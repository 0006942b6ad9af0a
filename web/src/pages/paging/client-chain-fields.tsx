// Ordered lists of the client dialog: our chain for the client (who is paged first, each level with
// its timeout) and a contact's order of ways (phone, text, Slack, email), each moved up or down.
import { ActionIcon, Group, NativeSelect, NumberInput, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import type { ChainRole, Client } from '../../api/types.ts';
import { chainRoleLabel, chainRoles } from '../../lib/paging-words.ts';

export type ChainLevel = Client['chainLevels'][number];
export type Way = Client['emergencyContacts'][number]['order'][number];

/** Seed 003's order: phone first, then texting, Slack and email. */
export const defaultWays: Way[] = ['phone', 'sms', 'slack', 'email'];
export const defaultChainLevels: ChainLevel[] = chainRoles.map((role) => ({ role, timeoutMinutes: 15 }));
const wayWord: Record<Way, string> = {
  phone: 'Phone call',
  sms: 'Text message',
  slack: 'Slack',
  email: 'Email',
};

/** `xs` with items i and j swapped. */
function swap<T>(xs: T[], i: number, j: number): T[] {
  const out = [...xs];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

/** Up and down buttons for item `i` of `n`, named after `what`. */
function Movers({ i, n, what, move }: { i: number; n: number; what: string; move: (to: number) => void }) {
  return (
    <Group gap={4} wrap="nowrap">
      <ActionIcon
        variant="subtle"
        aria-label={`Move ${what} up`}
        disabled={i === 0}
        onClick={() => move(i - 1)}
      >
        <IconArrowUp size={16} aria-hidden />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        aria-label={`Move ${what} down`}
        disabled={i === n - 1}
        onClick={() => move(i + 1)}
      >
        <IconArrowDown size={16} aria-hidden />
      </ActionIcon>
    </Group>
  );
}

/** Our chain: per level, the role's person and the minutes before the next level. */
export function ChainLevelsField({
  levels,
  onLevels,
  chain,
  onChain,
  people,
  error,
}: {
  levels: ChainLevel[];
  onLevels: (ls: ChainLevel[]) => void;
  chain: Partial<Record<ChainRole, string>>;
  onChain: (role: ChainRole, userId: string) => void;
  people: { value: string; label: string }[];
  error: (field: string) => string | undefined;
}) {
  const missing = chainRoles.filter((r) => !levels.some((l) => l.role === r));
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        When an incident is linked to this client, the first level is paged at once and each next level after
        the timeout, until someone acknowledges. A role with nobody in it is skipped.
      </Text>
      {levels.map((l, i) => {
        const label = chainRoleLabel[l.role];
        return (
          <Group key={l.role} align="flex-end" wrap="wrap" gap="sm">
            <Text fw={600} w={24} aria-hidden>
              {i + 1}.
            </Text>
            <NativeSelect
              label={label}
              value={chain[l.role] ?? ''}
              onChange={(e) => onChain(l.role, e.currentTarget.value)}
              data={[{ value: '', label: 'Nobody' }, ...people]}
              error={error(`chain.${l.role}`)}
              style={{ flex: '1 1 12rem' }}
            />
            <NumberInput
              label={`Level ${i + 1}: minutes before the next level`}
              min={1}
              max={1440}
              allowDecimal={false}
              value={l.timeoutMinutes}
              onChange={(v) =>
                onLevels(levels.map((x, j) => (j === i ? { ...x, timeoutMinutes: Number(v) || 1 } : x)))
              }
              error={error(`chainLevels.${i}.timeoutMinutes`)}
              w={200}
            />
            <Movers
              i={i}
              n={levels.length}
              what={`level ${i + 1}`}
              move={(to) => onLevels(swap(levels, i, to))}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Leave level ${i + 1} out of the chain`}
              disabled={levels.length === 1}
              onClick={() => onLevels(levels.filter((_, j) => j !== i))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        );
      })}
      {missing.map((r) => (
        <Group key={r}>
          <ActionIcon
            variant="default"
            aria-label={`Add ${chainRoleLabel[r]} to the chain`}
            onClick={() => onLevels([...levels, { role: r, timeoutMinutes: 15 }])}
          >
            <IconPlus size={16} aria-hidden />
          </ActionIcon>
          <Text size="sm">{chainRoleLabel[r]} (left out)</Text>
        </Group>
      ))}
      {error('chainLevels') && (
        <Text size="sm" c="red">
          {error('chainLevels')}
        </Text>
      )}
    </Stack>
  );
}

/** A contact's ways in the order they are tried; a way can be moved, and every way is listed. */
export function WayOrderField({
  contact,
  order,
  onOrder,
}: {
  contact: string;
  order: Way[];
  onOrder: (o: Way[]) => void;
}) {
  return (
    <Stack gap={4} role="group" aria-label={`Order to try (${contact})`}>
      <Text size="sm" fw={500}>
        Try in this order
      </Text>
      {order.map((w, i) => (
        <Group key={w} gap="xs" wrap="nowrap">
          <Text size="sm" w={140}>
            {i + 1}. {wayWord[w]}
          </Text>
          <Movers
            i={i}
            n={order.length}
            what={`${wayWord[w]}, ${contact}`}
            move={(to) => onOrder(swap(order, i, to))}
          />
        </Group>
      ))}
    </Stack>
  );
}
