// First-run setup: redeems the one-time link the server prints when it has no users, creating the
// first admin and signing them in. Without the link it says where to find it; once someone has
// set Expedite up it sends people to sign-in.
import { Alert, Button, Code, List, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { User } from '../../api/types.ts';
import { AuthFrame } from '../../components/auth-frame.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';

type Field = 'token' | 'name' | 'email' | 'password';
type Body = Record<Field, string>;

/** The token in a pasted setup link, or the pasted text itself when it is the bare token. */
function tokenFrom(text: string): string {
  const t = text.trim();
  const m = /[?&]token=([^&#\s]+)/.exec(t);
  return m ? decodeURIComponent(m[1]!) : t;
}

function check(b: Body): Partial<Record<Field, string>> {
  const e: Partial<Record<Field, string>> = {};
  if (!b.token) e.token = 'Paste the setup link from the server log';
  if (!b.name.trim()) e.name = 'Enter your name';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(b.email.trim())) e.email = 'Enter a valid email address';
  if (b.password.length < 8) e.password = 'Use at least 8 characters';
  return e;
}

function WhereIsTheLink() {
  return (
    <Alert color="blue" title="Where is the setup link?" role="note">
      <List size="sm" spacing={4}>
        <List.Item>
          When Expedite starts with no users, its log prints a one-time link like{' '}
          <Code>/setup?token=exu_…</Code>. Open that link, or paste it below.
        </List.Item>
        <List.Item>Restarting the server prints a fresh link.</List.Item>
        <List.Item>
          Or start it with <Code>EXPEDITE_ADMIN_EMAIL</Code> and <Code>EXPEDITE_ADMIN_PASSWORD</Code> to
          create the first admin directly.
        </List.Item>
      </List>
    </Alert>
  );
}

/** The setup page at /setup (usually opened as /setup?token=…). */
export function SetupPage() {
  const [params] = useSearchParams();
  const linkToken = params.get('token') ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Body>({ token: '', name: '', email: '', password: '' });
  const [invalid, setInvalid] = useState<Partial<Record<Field, string>>>({});
  const setup = useQuery({ queryKey: keys.setup, queryFn: () => api<{ open: boolean }>('/auth/setup') });

  const complete = useMutation({
    mutationFn: (body: Body) => api<{ user: User }>('/auth/setup', { method: 'POST', body }),
    onSuccess: async ({ user }) => {
      queryClient.setQueryData(keys.setup, { open: false });
      queryClient.setQueryData(keys.me, user);
      notify(`Welcome, ${user.name}. Expedite is set up.`);
      await navigate('/', { replace: true });
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 409) {
        queryClient.setQueryData(keys.setup, { open: false });
        notify('Expedite is already set up. Sign in instead.', 'blue');
        await navigate('/signin', { replace: true });
      }
    },
  });

  if (setup.isPending) {
    return (
      <AuthFrame title="Set up Expedite">
        <LoadingState />
      </AuthFrame>
    );
  }
  if (setup.data && !setup.data.open && !complete.isPending && !complete.isSuccess) {
    return <Navigate to="/signin" replace />;
  }

  const set = (field: Field) => (e: { currentTarget: { value: string } }) => {
    // Read now: React clears currentTarget once the handler returns.
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [field]: value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { ...form, token: linkToken || tokenFrom(form.token), email: form.email.trim() };
    const problems = check(body);
    setInvalid(problems);
    if (Object.keys(problems).length === 0) complete.mutate(body);
  };

  const err = complete.error;
  const fields = err instanceof ApiError ? err.fields : {};
  const fieldError = (f: Field) => invalid[f] ?? fields[`body.${f}`];
  const problem =
    err instanceof ApiError && err.status === 403
      ? 'This setup link is not valid (it may be from an earlier start). Use the newest link from the server log.'
      : err && !Object.keys(fields).length
        ? errorMessage(err)
        : undefined;

  return (
    <AuthFrame
      title="Set up Expedite"
      intro={
        <Text size="sm" c="dimmed">
          Create the first admin account. You can add everyone else afterwards.
        </Text>
      }
    >
      {setup.error != null && <ErrorState error={setup.error} onRetry={() => void setup.refetch()} />}
      {!linkToken && <WhereIsTheLink />}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {problem && (
            <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert" title="Not set up">
              {problem}
            </Alert>
          )}
          {!linkToken && (
            <TextInput
              label="Setup link"
              required
              value={form.token}
              onChange={set('token')}
              error={fieldError('token')}
              autoComplete="off"
            />
          )}
          <TextInput
            label="Your name"
            required
            autoComplete="name"
            autoFocus={!!linkToken}
            value={form.name}
            onChange={set('name')}
            error={fieldError('name')}
          />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="username"
            value={form.email}
            onChange={set('email')}
            error={fieldError('email')}
          />
          <PasswordField
            label="Password"
            description="At least 8 characters"
            required
            autoComplete="new-password"
            value={form.password}
            onChange={set('password')}
            error={fieldError('password')}
          />
          <Button type="submit" loading={complete.isPending} fullWidth>
            Create admin and sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
