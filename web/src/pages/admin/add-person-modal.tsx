// Adding a person: name, email, role and an optional first password, with the API's objections
// shown at the field they concern (e.g. an email that is taken).
import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Role, User } from '../../api/types.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';
import { roleOptions } from './roles.ts';

type Draft = { name: string; email: string; role: Role; password: string };
const empty: Draft = { name: '', email: '', role: 'responder', password: '' };

function check(d: Draft): Partial<Record<keyof Draft, string>> {
  const e: Partial<Record<keyof Draft, string>> = {};
  if (!d.name.trim()) e.name = 'Enter their name';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.email.trim())) e.email = 'Enter a valid email address';
  if (d.password && d.password.length < 8) e.password = 'Use at least 8 characters, or leave it empty';
  return e;
}

/** The "Add person" dialog. */
export function AddPersonModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(empty);
  const [invalid, setInvalid] = useState<Partial<Record<keyof Draft, string>>>({});
  const add = useMutation({
    mutationFn: (d: Draft) =>
      api<User>('/users', {
        method: 'POST',
        body: { name: d.name.trim(), email: d.email.trim(), role: d.role, password: d.password || undefined },
      }),
    onSuccess: async (user) => {
      notify(`${user.name} was added as ${user.role}.`);
      await queryClient.invalidateQueries({ queryKey: keys.users });
      close();
    },
  });

  function close() {
    setDraft(empty);
    setInvalid({});
    add.reset();
    onClose();
  }
  const set = (field: keyof Draft) => (e: { currentTarget: { value: string } }) => {
    // Read now: React clears currentTarget once the handler returns.
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [field]: value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = check(draft);
    setInvalid(problems);
    if (Object.keys(problems).length === 0) add.mutate(draft);
  };

  const err = add.error;
  const fields = err instanceof ApiError ? err.fields : {};
  // A taken email is a conflict about the email field.
  const emailTaken = err instanceof ApiError && err.status === 409 ? err.message : undefined;
  const fieldError = (f: keyof Draft) => invalid[f] ?? fields[`body.${f}`];
  const general = err && !emailTaken && !Object.keys(fields).length ? errorMessage(err) : undefined;

  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={close}
      title="Add person"
      style={readableColors}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          <TextInput
            label="Name"
            required
            data-autofocus
            value={draft.name}
            onChange={set('name')}
            error={fieldError('name')}
          />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="off"
            value={draft.email}
            onChange={set('email')}
            error={fieldError('email') ?? emailTaken}
          />
          <NativeSelect
            label="Role"
            data={roleOptions}
            value={draft.role}
            onChange={set('role')}
            error={fieldError('role')}
          />
          <PasswordField
            label="Initial password"
            description="Optional. Without one they cannot sign in until you set one. Share it with them privately."
            autoComplete="new-password"
            value={draft.password}
            onChange={set('password')}
            error={fieldError('password')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Add person
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
