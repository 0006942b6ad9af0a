// Past incidents as the knowledge base returns them: what it was, what fixed it, its post-mortem and
// report, and the passage that matched (matches between « and », shown highlighted).
import { Anchor, Badge, Group, Mark, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import { keys } from '../api/keys.ts';
import type { PastIncident } from '../api/types.ts';
import { statusLabel } from '../lib/labels.ts';
import { when } from '../lib/time.ts';
import { mutedColor } from './incident-row.tsx';

const MIN_CHARS = 8;

/** Past incidents like `text` (typed into a form), looked up 400 ms after typing stops. */
export function useSeenBefore(text: string, service = '') {
  const [debounced] = useDebouncedValue(text.trim().slice(0, 2000), 400);
  return useQuery({
    queryKey: keys.seenBefore(debounced, service),
    queryFn: async ({ signal }) => {
      const params = new URLSearchParams({ text: debounced, limit: '3' });
      if (service) params.set('service', service);
      return (await api<{ items: PastIncident[] }>(`/knowledge/similar?${params}`, { signal })).items;
    },
    enabled: debounced.length >= MIN_CHARS,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}

/** A passage with its «matches» marked. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(/«([^»]*)»/);
  return (
    <Text size="sm" c={mutedColor}>
      {parts.map((part, i) => (i % 2 === 1 ? <Mark key={i}>{part}</Mark> : part))}
    </Text>
  );
}

/** One past incident: link, status and when, what fixed it, and where to read more. */
export function PastIncidentItem({
  past,
  showSnippet = true,
}: {
  past: PastIncident;
  showSnippet?: boolean;
}) {
  const i = past.incident;
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap">
        <Anchor component={Link} to={`/incidents/${i.number}`} fw={600}>
          #{i.number} {i.title}
        </Anchor>
        <Badge variant="light" color="gray">
          {statusLabel[i.status]}
          {i.resolvedAt ? ` ${when(i.resolvedAt)}` : ''}
        </Badge>
        {i.service && <Text size="sm">{i.service.name}</Text>}
      </Group>
      <Text size="sm">
        <Text span fw={600}>
          What fixed it:{' '}
        </Text>
        {past.fix ?? 'no resolution summary was written'}
      </Text>
      {(past.postmortem || past.hasReport) && (
        <Group gap="md">
          {past.postmortem && (
            <Anchor component={Link} to={`/incidents/${i.number}`} size="sm">
              Post-mortem ({past.postmortem.status})
            </Anchor>
          )}
          {past.hasReport && (
            <Anchor component={Link} to={`/incidents/${i.number}/report`} size="sm">
              Resolution report
            </Anchor>
          )}
        </Group>
      )}
      {showSnippet && past.snippet && <Snippet text={past.snippet} />}
    </Stack>
  );
}

/** "Seen this before?": a short list of past incidents, or nothing when there are none. */
export function SeenBefore({
  items,
  title = 'Seen this before?',
}: {
  items: PastIncident[];
  title?: string;
}) {
  if (items.length === 0) return null;
  return (
    <Stack gap="xs" role="region" aria-label={title}>
      <Text fw={600}>{title}</Text>
      {items.map((p) => (
        <PastIncidentItem key={p.incident.id} past={p} showSnippet={false} />
      ))}
    </Stack>
  );
}
