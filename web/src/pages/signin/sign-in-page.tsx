// Sign-in: email and password, then back to where the person was going (`?next=`), which is how an
// expired or revoked session returns people to their page. Sends to first-run setup while no one
// can sign in yet.
import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { User } from '../../api/types.ts';
import { useMe } from '../../app/session.tsx';
import { AuthFrame } from '../../components/auth-frame.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { LoadingState } from '../../components/states.tsx';
import { safeNext } from './safe-next.ts';

/** What a person reads when sign-in is paused after too many wrong passwords. */
export function pausedMessage(retryAfterSeconds: number | undefined): string {
  const minutes =
    retryAfterSeconds === undefined ? undefined : Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const wait = minutes === undefined ? 'a few minutes' : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return (
    `Too many sign-in attempts for this account or from this network, so sign-in is paused. ` +
    `Try again in ${wait}. If you have forgotten your password, ask an admin to set a new one.`
  );
}

/** The sign-in page at /signin. */
export function SignInPage() {
  const { me, error: meError } = useMe();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const setup = useQuery({
    queryKey: keys.setup,
    queryFn: () => api<{ open: boolean }>('/auth/setup'),
    enabled: me === null,
  });

  const login = useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      api<{ user: User }>('/auth/login', { method: 'POST', body }),
    onSuccess: async ({ user }) => {
      // Nothing cached for whoever was here before may show to the person signing in now.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
      queryClient.setQueryData(keys.me, user);
      await navigate(next, { replace: true });
    },
  });

  if (me) return <Navigate to={next} replace />;
  if (setup.data?.open) return <Navigate to="/setup" replace />;
  if ((me === undefined && !meError) || (me === null && setup.isPending)) {
    return (
      <AuthFrame title="Sign in">
        <LoadingState />
      </AuthFrame>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = {
      email: email.trim() ? undefined : 'Enter your email address',
      password: password ? undefined : 'Enter your password',
    };
    setMissing(m);
    if (m.email || m.password) return;
    login.mutate({ email: email.trim(), password });
  };

  const err = login.error;
  const fields = err instanceof ApiError ? err.fields : {};
  const problem =
    err instanceof ApiError && err.status === 401
      ? 'Wrong email or password. Check both and try again.'
      : err instanceof ApiError && err.status === 429
        ? pausedMessage(err.retryAfterSeconds)
        : err && !fields['body.email'] && !fields['body.password']
          ? errorMessage(err)
          : undefined;

  return (
    <AuthFrame
      title="Sign in"
      intro={
        next !== '/' ? (
          <Text size="sm" c="dimmed">
            Sign in to continue where you were.
          </Text>
        ) : undefined
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {problem && (
            <Alert
              color="red"
              icon={<IconAlertTriangle aria-hidden />}
              role="alert"
              title={err instanceof ApiError && err.status === 429 ? 'Sign-in paused' : 'Not signed in'}
            >
              {problem}
            </Alert>
          )}
          {meError != null && !problem && (
            <Alert color="gray" role="status">
              {errorMessage(meError)}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            autoFocus
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={missing.email ?? fields['body.email']}
          />
          <PasswordField
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={missing.password ?? fields['body.password']}
          />
          <Button type="submit" loading={login.isPending} fullWidth>
            Sign in
          </Button>
          <Text size="xs" c="dimmed">
            No account yet? Ask an admin of your Expedite to add you.
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
