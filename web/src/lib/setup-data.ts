// Reading the setup views: services with their chain and who they page now, reachability of any
// targets (for the policy, team and schedule editors), the admin's checklist and the channels this
// server can send through. Cached under 'paging' so saving a policy, team or chain refreshes them.
import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { ContactKind, EscalationTarget } from '../api/types.ts';

/** One person as a page would reach them: verified methods on channels the server sends through. */
export interface PersonReach {
  id: string;
  name: string;
  methods: { kind: ContactKind; label: string }[];
  reachable: boolean;
}

export interface ServiceChain {
  id: string;
  name: string;
  description: string;
  team: { id: string; name: string } | null;
  owner: { id: string; name: string } | null;
  escalationPolicy: { id: string; name: string } | null;
  pagingPolicyId: string | null;
  integrations: { id: string; name: string; type: string }[];
  onCallNow: PersonReach[];
}

export interface ChecklistStep {
  id: 'service-policy' | 'reachable-on-call' | 'test-alert';
  title: string;
  done: boolean;
  detail: string;
}

export const setupKeys = {
  services: ['paging', 'service-chains'] as const,
  reach: (targets: EscalationTarget[]) => ['paging', 'reach', JSON.stringify(targets)] as const,
  checklist: ['paging', 'checklist'] as const,
  defaultPolicy: ['paging', 'default-policy'] as const,
  channels: ['contact-channels'] as const,
};

export function useServiceChains() {
  return useQuery({
    queryKey: setupKeys.services,
    queryFn: async ({ signal }) =>
      (await api<{ items: ServiceChain[] }>('/service-chains', { signal })).items,
  });
}

/** Everyone the targets could page who cannot be reached. */
async function fetchUnreachable(targets: EscalationTarget[], signal: AbortSignal) {
  const body = { targets };
  const res = await api<{ unreachable: PersonReach[]; people: number }>('/paging/reachability', {
    method: 'POST',
    body,
    signal,
  });
  return res.unreachable;
}

/** Everyone the targets could page who cannot be reached (nothing asked for no targets). */
export function useUnreachable(targets: EscalationTarget[]) {
  return useQuery({
    queryKey: setupKeys.reach(targets),
    enabled: targets.length > 0,
    queryFn: ({ signal }) => fetchUnreachable(targets, signal),
  });
}

/** How many people of each schedule cannot be reached, by schedule id (once known). */
export function useSchedulesUnreachable(ids: string[]): Map<string, number> {
  return useQueries({
    queries: ids.map((id) => {
      const targets: EscalationTarget[] = [{ type: 'schedule', id }];
      return {
        queryKey: setupKeys.reach(targets),
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchUnreachable(targets, signal),
      };
    }),
    combine: (results) =>
      new Map(results.flatMap((r, i) => (r.data === undefined ? [] : [[ids[i]!, r.data.length] as const]))),
  });
}

export function useChecklist(enabled: boolean) {
  return useQuery({
    queryKey: setupKeys.checklist,
    enabled,
    queryFn: ({ signal }) =>
      api<{ complete: boolean; steps: ChecklistStep[] }>('/setup/checklist', { signal }),
  });
}

/** The contact method kinds this server can send through. */
export function useContactChannels() {
  return useQuery({
    queryKey: setupKeys.channels,
    staleTime: 300_000,
    queryFn: async ({ signal }) =>
      (await api<{ kinds: ContactKind[] }>('/contact-channels', { signal })).kinds,
  });
}

/** The organisation's default escalation policy (null: none, unrouted incidents page nobody). */
export function useDefaultPolicy() {
  return useQuery({
    queryKey: setupKeys.defaultPolicy,
    queryFn: ({ signal }) =>
      api<{ policyId: string | null }>('/settings/default-escalation-policy', { signal }),
  });
}
