// A button that removes one part of a status page (a component, a group, maintenance, a
// subscriber) after a confirmation that says what will happen.
import { Button, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { notify } from '../../lib/notify.ts';
import { KEY } from './status-pages-shared.ts';

/** `label` names the act ("Delete component"), `name` the thing, `path` the API's DELETE. */
export function RemoveButton(props: { label: string; name: string; path: string; effect: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const m = useMutation({
    mutationFn: () => api(props.path, { method: 'DELETE' }),
    onSuccess: async () => {
      setOpen(false);
      notify(`${props.label}: done.`);
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  return (
    <>
      <Button
        variant="light"
        color="red"
        size="xs"
        aria-label={`${props.label} ${props.name}`}
        onClick={() => {
          m.reset();
          setOpen(true);
        }}
      >
        {props.label.split(' ')[0]}
      </Button>
      <ConfirmDialog
        opened={open}
        title={`${props.label}?`}
        confirmLabel={props.label}
        danger
        pending={m.isPending}
        error={m.error}
        onConfirm={() => m.mutate()}
        onClose={() => setOpen(false)}
      >
        <Text size="sm">
          {props.name}: {props.effect}
        </Text>
      </ConfirmDialog>
    </>
  );
}
