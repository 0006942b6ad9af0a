// "Seen this before?" in the room while the incident is being worked: resolved incidents like this
// one (by its words and service), each with what fixed it and its post-mortem.
import { Card } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Incident, PastIncident } from '../../api/types.ts';
import { SeenBefore } from '../../components/past-incidents.tsx';

const working: Incident['status'][] = ['triage', 'investigating', 'fixing'];

/** The panel, shown only while triaging or working the incident and only when something matched. */
export function SeenBeforePanel({ incident, incidentRef }: { incident: Incident; incidentRef: string }) {
  const shown = working.includes(incident.status);
  const query = useQuery({
    queryKey: keys.seenBeforeIncident(incidentRef),
    queryFn: async ({ signal }) =>
      (await api<{ items: PastIncident[] }>(`/incidents/${incidentRef}/seen-before`, { signal })).items,
    enabled: shown,
    staleTime: 60_000,
    retry: false,
  });
  if (!shown || !query.data?.length) return null;
  return (
    <Card withBorder padding="md">
      <SeenBefore items={query.data} />
    </Card>
  );
}
