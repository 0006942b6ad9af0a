// Who is signed in, and the guard that sends everyone else to sign-in (or first-run setup) and
// back to where they were afterwards.
import { Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, ApiError, onUnauthorized } from '../api/client.ts';
import { keys } from '../api/keys.ts';
import type { User } from '../api/types.ts';
import { ErrorState } from '../components/states.tsx';

// The last person seen signed in: pages still mounted for a moment after sign-out keep rendering
// with it while the guard navigates away, instead of failing.
let lastKnown: User | null = null;

/** The signed-in person; undefined while loading; null when signed out. */
export function useMe(): { me: User | null | undefined; error: unknown } {
  const q = useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        lastKnown = await api<User>('/auth/me');
        return lastKnown;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
  return { me: q.data, error: q.error };
}

/** The signed-in person inside RequireAuth (never null there). */
export function useCurrentUser(): User {
  const { me } = useMe();
  const user = me ?? lastKnown;
  if (!user) throw new Error('useCurrentUser outside RequireAuth');
  return user;
}

/** The path to come back to after signing in. */
export function signInPath(location: { pathname: string; search: string }): string {
  const next = location.pathname + location.search;
  return next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`;
}

/** Renders children only for a signed-in person; otherwise goes to setup or sign-in. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, error } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const setup = useQuery({
    queryKey: keys.setup,
    queryFn: () => api<{ open: boolean }>('/auth/setup'),
    enabled: me === null,
  });

  // A 401 anywhere (expired or revoked session) ends the session here too.
  useEffect(
    () =>
      onUnauthorized(() => {
        queryClient.setQueryData(keys.me, null);
        void navigate(signInPath(window.location), { replace: true });
      }),
    [navigate, queryClient],
  );

  if (error) return <ErrorState error={error} />;
  if (me === undefined || (me === null && setup.isPending)) {
    return (
      <Center h="100vh" aria-busy="true">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me === null) {
    return <Navigate to={setup.data?.open ? '/setup' : signInPath(location)} replace />;
  }
  return children;
}
