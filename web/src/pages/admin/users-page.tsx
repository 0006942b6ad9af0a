// People: everyone who can sign in, their role and whether they are active. Admins add people,
// change roles, set passwords and disable or enable accounts, each change confirmed first.
import { Badge, Button, Group, NativeSelect, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Role, User } from '../../api/types.ts';
import { useMe } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { allows, roles, roleWords } from '../../lib/permissions.ts';
import { readableColors } from '../../lib/readable.ts';
import { AddPersonModal } from './add-person-modal.tsx';
import { SetPasswordModal } from './set-password-modal.tsx';

type Change = { user: User; role: Role } | { user: User; disabled: boolean };

function ChangeText({ change }: { change: Change }) {
  const { user } = change;
  if ('role' in change) {
    return (
      <Text size="sm">
        {user.name} becomes <b>{roleWords[change.role].label}</b>: {roleWords[change.role].can}. Today they
        are {roleWords[user.role].label.toLowerCase()}.
      </Text>
    );
  }
  return change.disabled ? (
    <Text size="sm">
      {user.name} is signed out everywhere and their API tokens stop working. They cannot sign in until an
      admin enables them again.
    </Text>
  ) : (
    <Text size="sm">
      {user.name} can sign in again with their password. API tokens revoked when they were disabled stay
      revoked.
    </Text>
  );
}

function changeTitle(c: Change): string {
  if ('role' in c) return `Change ${c.user.name}'s role?`;
  return c.disabled ? `Disable ${c.user.name}?` : `Enable ${c.user.name}?`;
}

/** The people page at /admin/users. */
export function UsersPage() {
  // useMe, not useCurrentUser: at sign-out the person is gone a moment before this page unmounts.
  const { me } = useMe();
  const isAdmin = allows(me?.role, 'users:manage');
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [change, setChange] = useState<Change | null>(null);
  const [passwordFor, setPasswordFor] = useState<User | null>(null);
  const people = useQuery({
    queryKey: keys.users,
    // Cached as a plain list, the same shape every page keeps under this key.
    queryFn: async () => (await api<{ items: User[] }>('/users')).items,
  });
  const apply = useMutation({
    mutationFn: (c: Change) =>
      api<User>(`/users/${c.user.id}`, {
        method: 'PATCH',
        body: 'role' in c ? { role: c.role } : { disabled: c.disabled },
      }),
    onSuccess: async (user, c) => {
      const what =
        'role' in c
          ? `is now ${roleWords[user.role].label.toLowerCase()}`
          : user.disabled
            ? 'is disabled'
            : 'is enabled';
      notify(`${user.name} ${what}.`);
      setChange(null);
      await queryClient.invalidateQueries({ queryKey: keys.users });
    },
  });
  const closeChange = () => {
    setChange(null);
    apply.reset();
  };

  const rows = (people.data ?? []).map((u) => {
    const self = u.id === me?.id;
    return (
      <Table.Tr key={u.id}>
        <Table.Td>
          <Text fw={500}>
            {u.name}
            {self && (
              <Text span c="dimmed" inherit fw={400}>
                {' '}
                (you)
              </Text>
            )}
          </Text>
          <Text size="sm" c="dimmed">
            {u.email}
          </Text>
        </Table.Td>
        <Table.Td>
          {isAdmin && !self ? (
            <NativeSelect
              aria-label={`Role of ${u.name}`}
              data={roles.map((r) => ({ value: r, label: roleWords[r].label }))}
              value={u.role}
              disabled={u.disabled}
              onChange={(e) => setChange({ user: u, role: e.currentTarget.value as Role })}
              w={150}
            />
          ) : (
            <Text size="sm">{roleWords[u.role].label}</Text>
          )}
        </Table.Td>
        <Table.Td>
          <Badge color={u.disabled ? 'gray' : 'green'} variant="dot" tt="none">
            {u.disabled ? 'Disabled' : 'Active'}
          </Badge>
        </Table.Td>
        {isAdmin && (
          <Table.Td>
            <Group gap="xs" wrap="nowrap" justify="flex-end">
              <Button
                size="xs"
                variant="default"
                onClick={() => setPasswordFor(u)}
                aria-label={`Set password for ${u.name}`}
              >
                Set password
              </Button>
              {!self && (
                <Button
                  size="xs"
                  variant="light"
                  color={u.disabled ? undefined : 'red'}
                  onClick={() => setChange({ user: u, disabled: !u.disabled })}
                  aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.name}`}
                >
                  {u.disabled ? 'Enable' : 'Disable'}
                </Button>
              )}
            </Group>
          </Table.Td>
        )}
      </Table.Tr>
    );
  });

  return (
    <Stack gap="md" style={readableColors}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>People</Title>
          <Text c="dimmed" size="sm">
            Everyone who can sign in to Expedite and what their role lets them do.
          </Text>
        </div>
        {isAdmin && (
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add person
          </Button>
        )}
      </Group>
      {people.isPending ? (
        <LoadingState label="Loading people" />
      ) : people.error ? (
        <ErrorState error={people.error} onRetry={() => void people.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>No one yet.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={isAdmin ? 640 : 420} type="native" style={{ position: 'relative' }}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Person</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                {isAdmin && (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{rows}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {isAdmin && <AddPersonModal opened={adding} onClose={() => setAdding(false)} />}
      {isAdmin && <SetPasswordModal user={passwordFor} onClose={() => setPasswordFor(null)} />}
      {change && (
        <ConfirmDialog
          opened
          title={changeTitle(change)}
          confirmLabel={'role' in change ? 'Change role' : change.disabled ? 'Disable' : 'Enable'}
          danger={!('role' in change) && change.disabled}
          pending={apply.isPending}
          error={apply.error}
          onConfirm={() => apply.mutate(change)}
          onClose={closeChange}
        >
          <ChangeText change={change} />
        </ConfirmDialog>
      )}
    </Stack>
  );
}
