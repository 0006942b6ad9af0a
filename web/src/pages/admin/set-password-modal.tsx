// Setting someone's password (for a person added without one, or who forgot theirs).
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';

/** A dialog that sets `user`'s password; closed when `user` is null. */
export function SetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const save = useMutation({
    mutationFn: (p: { id: string; password: string }) =>
      api<User>(`/users/${p.id}`, { method: 'PATCH', body: { password: p.password } }),
    onSuccess: (u) => {
      notify(`New password set for ${u.name}.`);
      close();
    },
  });
  function close() {
    setPassword('');
    setInvalid(undefined);
    save.reset();
    onClose();
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!user) return;
    const problem = password.length < 8 ? 'Use at least 8 characters' : undefined;
    setInvalid(problem);
    if (!problem) save.mutate({ id: user.id, password });
  };
  const err = save.error;
  const apiError =
    err instanceof ApiError ? (err.fields['body.password'] ?? err.message) : err && errorMessage(err);

  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={user !== null}
      onClose={close}
      title={`Set password for ${user?.name ?? ''}`}
      style={readableColors}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            This signs them out everywhere and ends their API tokens. Share the new password with them
            privately.
          </Text>
          <PasswordField
            label="New password"
            description="At least 8 characters"
            required
            data-autofocus
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={invalid ?? apiError}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
