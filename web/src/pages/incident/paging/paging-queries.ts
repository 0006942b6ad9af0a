// What the incident room reads about paging: the incident's escalations, its client and SLA clocks.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { keys } from '../../../api/keys.ts';
import type { Escalation, IncidentSla } from '../../../api/types.ts';
import { incidentPath } from '../use-incident.ts';

/** The incident's escalations, newest first. */
export function useEscalations(ref: string) {
  return useQuery({
    queryKey: keys.escalations(ref),
    queryFn: async ({ signal }) =>
      (await api<{ items: Escalation[] }>(incidentPath(ref, '/escalations'), { signal })).items,
  });
}

/** The incident's client and SLA clocks. */
export function useSla(ref: string) {
  return useQuery({
    queryKey: keys.sla(ref),
    queryFn: ({ signal }) => api<IncidentSla>(incidentPath(ref, '/sla'), { signal }),
  });
}

/** Whom the incident is routed to and why ("routed to Checkout's chain because service = Checkout"). */
export function useRouting(ref: string, enabled: boolean) {
  return useQuery({
    queryKey: ['routing', ref],
    queryFn: ({ signal }) =>
      api<{ because: string; summary: string }>(incidentPath(ref, '/routing'), { signal }),
    enabled,
    staleTime: 30_000,
  });
}
