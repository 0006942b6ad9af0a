// A warning where people are chosen to be paged (policy, team, schedule) or used: who among them has
// no verified contact method the server can send through, and so would never be reached.
import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { EscalationTarget } from '../api/types.ts';
import { useUnreachable } from '../lib/setup-data.ts';

/** Flags the unreachable people among `targets`; nothing when all can be reached. */
export function ReachWarning({ targets, what }: { targets: EscalationTarget[]; what: string }) {
  const q = useUnreachable(targets);
  const names = (q.data ?? []).map((p) => p.name);
  if (names.length === 0) return null;
  return (
    <Alert
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={`${names.length === 1 ? 'One person' : `${names.length} people`} in ${what} cannot be paged`}
      role="alert"
    >
      <Text size="sm">
        {names.join(', ')} {names.length === 1 ? 'has' : 'have'} no verified contact method. They must add and
        verify one under “My notifications” before a page can reach them.
      </Text>
    </Alert>
  );
}
