// Data of the incident room: the incident, the people to pick from, and one way to change the
// incident that reports success or the API's error and refreshes what the change touched.
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { takeEarly } from './early-reads.ts';
import type { Incident, User } from '../../api/types.ts';

/** The path of the incident's API resource, e.g. "/incidents/42/notes". */
export function incidentPath(ref: string, rest = ''): string {
  return `/incidents/${encodeURIComponent(ref)}${rest}`;
}

/** One incident by number (or id). */
export function useIncident(ref: string) {
  return useQuery({
    queryKey: keys.incident(ref),
    queryFn: ({ signal }) => takeEarly(`incident:${ref}`, () => api<Incident>(incidentPath(ref), { signal })),
  });
}

/** Everyone who can be picked for a role, a task or a handover (disabled people left out). */
export function useUsers() {
  return useQuery({
    queryKey: keys.users,
    queryFn: async ({ signal }) => (await api<{ items: User[] }>('/users', { signal })).items,
    select: (users) => users.filter((u) => !u.disabled),
    staleTime: 60_000,
  });
}

/**
 * Shows the outcome of a change. The dismiss button gets a name and the text the theme's text
 * colour (Mantine's default grey under a title is below 4.5:1).
 */
export function notify(color: 'green' | 'red', message: string, title?: string) {
  notifications.show({
    color,
    title,
    message,
    closeButtonProps: { 'aria-label': 'Dismiss' },
    styles: { description: { color: 'var(--mantine-color-text)' } },
  });
}

function isIncident(value: unknown): value is Incident {
  return typeof value === 'object' && value !== null && 'tagline' in value && 'status' in value;
}

/**
 * A change to the incident. On success: the answered incident replaces the cached one, the
 * incident's queries refresh, and `success` (if given) is announced. On error: `failure` (if given)
 * is announced; forms show the error themselves, next to what was typed.
 */
export function useIncidentMutation<TVars, TResult = Incident>(
  ref: string,
  mutationFn: (vars: TVars) => Promise<TResult>,
  opts: { success?: (result: TResult, vars: TVars) => string; failure?: string } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result, vars) => {
      if (isIncident(result)) queryClient.setQueryData(keys.incident(ref), result);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
      if (opts.success) notify('green', opts.success(result, vars));
    },
    onError: (err) => {
      // A conflict means the incident changed meanwhile (new owner, new status): show it as it is.
      if (err instanceof ApiError && err.status === 409)
        void queryClient.invalidateQueries({ queryKey: keys.incidents });
      if (opts.failure) notify('red', errorMessage(err), opts.failure);
    },
  });
}
