// Reading what the paging pages and the incident room share: people (for names and pickers), schedules, escalation
// policies, teams, clients and tiers, each cached under its key so saving one refreshes the rest.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/client.ts';
import { keys } from '../api/keys.ts';
import { useCurrentUser } from '../app/session.tsx';
import { allows } from './permissions.ts';
import type { Client, ClientTier, EscalationPolicy, ScheduleView, Team, User } from '../api/types.ts';

/**
 * Everyone, for names (disabled people included) and pickers (`active`). The people page caches
 * this key as `{ items }`, the incident room as a list: both shapes are read.
 */
export function usePeople() {
  // Stakeholders may not read the people list (everyone's email): names fall back to "someone".
  const enabled = allows(useCurrentUser().role, 'users:read');
  const q = useQuery<User[] | { items: User[] }>({
    queryKey: keys.users,
    queryFn: async ({ signal }) => (await api<{ items: User[] }>('/users', { signal })).items,
    staleTime: 60_000,
    enabled,
  });
  const all = useMemo(() => (Array.isArray(q.data) ? q.data : (q.data?.items ?? [])), [q.data]);
  const byId = useMemo(() => new Map(all.map((u) => [u.id, u])), [all]);
  const active = useMemo(() => all.filter((u) => !u.disabled), [all]);
  return {
    query: q,
    all,
    active,
    /** A person's name, or a placeholder when they are not (or no longer) known. */
    name: (id: string) => byId.get(id)?.name ?? (!enabled ? 'someone' : q.isPending ? '…' : 'Unknown person'),
  };
}

export function useSchedules() {
  return useQuery({
    queryKey: keys.schedules,
    queryFn: async ({ signal }) => (await api<{ items: ScheduleView[] }>('/schedules', { signal })).items,
  });
}

export function usePolicies() {
  return useQuery({
    queryKey: keys.escalationPolicies,
    queryFn: async ({ signal }) =>
      (await api<{ items: EscalationPolicy[] }>('/escalation-policies', { signal })).items,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: keys.teams,
    queryFn: async ({ signal }) => (await api<{ items: Team[] }>('/teams', { signal })).items,
  });
}

/** The services incidents can name. */
export function useServices() {
  return useQuery({
    queryKey: ['services'],
    queryFn: async ({ signal }) =>
      (await api<{ items: { id: string; name: string }[] }>('/services', { signal })).items,
    staleTime: 60_000,
  });
}

export function useClients() {
  return useQuery({
    queryKey: keys.clients,
    queryFn: async ({ signal }) => (await api<{ items: Client[] }>('/clients', { signal })).items,
  });
}

export function useTiers() {
  return useQuery({
    queryKey: keys.clientTiers,
    queryFn: async ({ signal }) => (await api<{ items: ClientTier[] }>('/client-tiers', { signal })).items,
  });
}
