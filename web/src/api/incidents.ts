// Reading incident lists, for the home page's groups and the incidents page alike.
import { api } from './client.ts';
import type { IncidentPage, ListQuery } from './types.ts';

/** One page of incidents from the API. */
export function fetchIncidents(q: ListQuery, signal?: AbortSignal): Promise<IncidentPage> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q) as [string, string | number | undefined][])
    if (v !== undefined && v !== '') params.set(k, String(v));
  return api<IncidentPage>(`/incidents?${params}`, { signal });
}
