// My sessions: where I am signed in (browser, address, last use), ending one or all others, and
// changing my password, which signs me out everywhere else.
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Session } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';
import { when } from '../../lib/time.ts';

/** "Firefox on Linux" from a user agent, or the agent itself when it is not a known browser. */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return 'Unknown program';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : undefined;
  if (!browser) return userAgent.slice(0, 60);
  const system = /Windows/.test(userAgent)
    ? 'Windows'
    : /Android/.test(userAgent)
      ? 'Android'
      : /iPhone|iPad/.test(userAgent)
        ? 'iOS'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : undefined;
  return system ? `${browser} on ${system}` : browser;
}

type Ended = { ok: true; ended: number };

function SessionList() {
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: keys.mySessions,
    queryFn: async ({ signal }) => (await api<{ items: Session[] }>('/auth/sessions', { signal })).items,
  });
  const [ending, setEnding] = useState<Session | 'others'>();
  const end = useMutation({
    mutationFn: (what: Session | 'others') =>
      api<Ended>(what === 'others' ? '/auth/sessions' : `/auth/sessions/${what.id}`, { method: 'DELETE' }),
    onSuccess: async ({ ended }) => {
      notify(ended === 1 ? 'Signed out of 1 session.' : `Signed out of ${ended} sessions.`);
      setEnding(undefined);
      await queryClient.invalidateQueries({ queryKey: keys.mySessions });
    },
  });
  if (sessions.isPending) return <LoadingState label="Loading your sessions" />;
  if (sessions.error) return <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />;
  const others = sessions.data.filter((s) => !s.current);
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={520}>
        <Table aria-label="My sessions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Signed in with</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{deviceName(s.userAgent)}</Text>
                    {s.current && (
                      <Badge size="sm" variant="light">
                        This browser
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    Since {when(s.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>{s.sourceIp ?? 'unknown'}</Table.Td>
                <Table.Td>{s.lastUsedAt ? when(s.lastUsedAt) : 'not yet'}</Table.Td>
                <Table.Td>
                  {!s.current && (
                    <Button size="xs" variant="default" onClick={() => setEnding(s)}>
                      Sign out
                      <VisuallyHidden> {deviceName(s.userAgent)}</VisuallyHidden>
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {others.length > 0 && (
        <Group>
          <Button variant="default" color="red" onClick={() => setEnding('others')}>
            Sign out everywhere else
          </Button>
        </Group>
      )}
      <ConfirmDialog
        opened={ending !== undefined}
        title={ending === 'others' ? 'Sign out everywhere else?' : 'Sign out this session?'}
        confirmLabel="Sign out"
        danger
        pending={end.isPending}
        error={end.error}
        onConfirm={() => ending && end.mutate(ending)}
        onClose={() => {
          setEnding(undefined);
          end.reset();
        }}
      >
        <Text size="sm">
          {ending === 'others'
            ? `Your ${others.length} other session${others.length === 1 ? '' : 's'} end at once; this browser stays signed in. API tokens are kept.`
            : ending
              ? `${deviceName(ending.userAgent)} (${ending.sourceIp ?? 'unknown address'}) is signed out at once.`
              : null}
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}

/** A dialog changing the person's own password; closed when `opened` is false. */
function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [keepApiTokens, setKeepApiTokens] = useState(false);
  const [missing, setMissing] = useState<{ current?: string; next?: string }>({});
  const change = useMutation({
    mutationFn: () =>
      api<Ended>('/auth/password', {
        method: 'POST',
        body: { currentPassword: current, newPassword: next, keepApiTokens },
      }),
    onSuccess: async ({ ended }) => {
      notify(
        `Password changed. ${ended === 0 ? 'You had no other sessions.' : `Signed out of ${ended} other session${ended === 1 ? '' : 's'} and tokens.`}`,
      );
      close();
      await queryClient.invalidateQueries({ queryKey: keys.mySessions });
      await queryClient.invalidateQueries({ queryKey: keys.tokens });
    },
  });
  function close() {
    setCurrent('');
    setNext('');
    setKeepApiTokens(false);
    setMissing({});
    change.reset();
    onClose();
  }
  const server = fieldsOf(change.error);
  const general = generalError(change.error, (f) => f === 'body.currentPassword' || f === 'body.newPassword');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = {
      current: current ? undefined : 'Enter your current password',
      next: next.length >= 8 ? undefined : 'Use at least 8 characters',
    };
    setMissing(m);
    if (!m.current && !m.next) change.mutate();
  };
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={close}
      title="Change my password"
      style={readableColors}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">This browser stays signed in; your other sessions end.</Text>
          <PasswordField
            label="Current password"
            autoComplete="current-password"
            required
            data-autofocus
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={missing.current ?? server['body.currentPassword']}
          />
          <PasswordField
            label="New password"
            description="At least 8 characters"
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={missing.next ?? server['body.newPassword']}
          />
          <Checkbox
            label="Keep my API tokens working"
            description="Otherwise they end too, as they should if someone else may have used your account."
            checked={keepApiTokens}
            onChange={(e) => setKeepApiTokens(e.currentTarget.checked)}
          />
          {general && (
            <Text c="var(--mantine-color-error)" size="sm" role="alert">
              {general}
            </Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The person's sessions and password, on /me. */
export function Sessions() {
  const [changing, setChanging] = useState(false);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sessions-title">
      <Stack gap="lg">
        <div>
          <Title order={2} size="h3" id="sessions-title">
            Where I am signed in
          </Title>
          <Text size="sm" c="dimmed">
            Sign out a browser or program you do not recognise. Changing your password signs you out
            everywhere else.
          </Text>
        </div>
        <SessionList />
        <Group>
          <Button variant="default" onClick={() => setChanging(true)}>
            Change my password
          </Button>
        </Group>
        <ChangePasswordModal opened={changing} onClose={() => setChanging(false)} />
      </Stack>
    </Paper>
  );
}
