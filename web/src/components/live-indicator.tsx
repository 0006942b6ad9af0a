// A small marker saying whether the page updates by itself, so nobody trusts a stale screen.
import { Badge, Tooltip } from '@mantine/core';
import type { LiveState } from '../api/live.ts';

const text: Record<LiveState, { label: string; color: string; help: string }> = {
  live: { label: 'Live', color: 'green', help: 'New and changed incidents appear by themselves' },
  connecting: { label: 'Connecting', color: 'yellow', help: 'Reconnecting to live updates…' },
  offline: { label: 'Offline', color: 'red', help: 'Live updates stopped; reload the page to update' },
};

/** The live-update connection state as a dot badge with an explanation. */
export function LiveIndicator({ state }: { state: LiveState }) {
  const t = text[state];
  return (
    <Tooltip label={t.help}>
      <Badge variant="dot" color={t.color} size="md" role="status" aria-label={`${t.label}: ${t.help}`}>
        {t.label}
      </Badge>
    </Tooltip>
  );
}
