// Live updates: one EventSource per page on /api/v1/events (optionally one incident's), turning
// each announced change into a refetch of the incident queries. Works across server instances
// because the server feeds the stream from PostgreSQL notifications.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { keys } from './keys.ts';

/** Connection state of the live stream, for a small indicator. */
export type LiveState = 'connecting' | 'live' | 'offline';

/** Subscribes to changes (all, or of one incident) while mounted; returns the connection state. */
export function useLiveUpdates(incident?: string): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const url = `/api/v1/events${incident ? `?incident=${encodeURIComponent(incident)}` : ''}`;
    const source = new EventSource(url, { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Coalesce bursts (an alert storm) into one refetch. A refetch cancels a fetch under way, so
    // it waits until none is (a "Load more" would otherwise be dropped by the next change).
    const flush = () => {
      if (queryClient.isFetching({ queryKey: keys.incidents }) > 0) {
        timer = setTimeout(flush, 100);
        return;
      }
      timer = undefined;
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
    };
    const refresh = () => {
      timer ??= setTimeout(flush, 50);
    };
    source.addEventListener('ready', () => setState('live'));
    source.addEventListener('timeline', refresh);
    source.addEventListener('resync', refresh);
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [incident, queryClient]);
  return state;
}
