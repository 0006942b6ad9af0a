// The incident's timeline, oldest first, cached under keys.timeline(ref). The first load reads it in
// pages of 1,000; every later refresh (a live event, a change made here) asks only for the entries
// after the last one held, so a busy incident costs one small request per change.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { TimelineEntry } from '../../api/types.ts';
import { takeEarly } from './early-reads.ts';
import { incidentPath } from './use-incident.ts';

const PAGE = 1000;

/** `held` followed by every entry after its last one, read page by page. */
export async function readTimeline(
  ref: string,
  held: TimelineEntry[] = [],
  signal?: AbortSignal,
): Promise<TimelineEntry[]> {
  let items = held;
  for (;;) {
    const after = items.at(-1)?.id ?? 0;
    const page = await api<{ items: TimelineEntry[] }>(
      incidentPath(ref, `/timeline?limit=${PAGE}&after=${after}`),
      { signal },
    );
    if (page.items.length > 0) items = items.concat(page.items);
    if (page.items.length < PAGE) return items;
  }
}

/** All timeline entries of the incident, growing as new ones arrive. */
export function useTimeline(ref: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: keys.timeline(ref),
    // Entries never change: keep the held array and its rows as they are, append the new ones.
    structuralSharing: false,
    queryFn: ({ signal }) => {
      const held = queryClient.getQueryData<TimelineEntry[]>(keys.timeline(ref));
      if (held) return readTimeline(ref, held, signal);
      return takeEarly(`timeline:${ref}`, () => readTimeline(ref, [], signal));
    },
  });
}
