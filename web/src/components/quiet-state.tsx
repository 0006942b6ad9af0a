// "Nothing here" and "loading" said plainly, in text dark enough to read in both themes (the shared
// states use Mantine's "dimmed", 3.3:1 on white).
import { Center, Group, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { mutedColor } from './incident-row.tsx';

/** An empty list's message and, when given, what to do next. */
export function QuietState({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <Stack align="center" py="xl" gap="sm">
      <Text c={mutedColor} ta="center">
        {children}
      </Text>
      {action}
    </Stack>
  );
}

/** A centred spinner with what is loading, for sighted people and screen readers alike. */
export function LoadingNote({ label }: { label: string }) {
  return (
    <Center py="xl" aria-busy="true">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text c={mutedColor}>{label}…</Text>
      </Group>
    </Center>
  );
}
