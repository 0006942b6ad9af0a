// Who can read a status page: public, or private (only at its address with the access key), and a
// new key that stops the old address at once.
import { Button, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { notify } from '../../lib/notify.ts';
import { KEY, type Detail } from './status-pages-shared.ts';

type Act = 'private' | 'public' | 'rotate';

const words: Record<Act, { label: string; effect: string; done: string }> = {
  private: {
    label: 'Make private',
    effect:
      'Only people with its new address (with its access key) can read it; its current address answers "not found".',
    done: 'The page is private.',
  },
  public: {
    label: 'Make public',
    effect: 'Anyone can read it at /status/<slug>, and at its custom host.',
    done: 'The page is public.',
  },
  rotate: {
    label: 'New access key',
    effect: 'The current address stops at once: give the new one to those who should read the page.',
    done: 'The page has a new address.',
  },
};

/** Public or private, for page `d`. */
export function AccessControls({ d }: { d: Detail }) {
  const queryClient = useQueryClient();
  const [act, setAct] = useState<Act | null>(null);
  const m = useMutation({
    mutationFn: (a: Act) =>
      a === 'rotate'
        ? api(`/status-pages/${d.id}/access-key`, { method: 'POST' })
        : api(`/status-pages/${d.id}`, { method: 'PATCH', body: { private: a === 'private' } }),
    onSuccess: async (_r, a) => {
      setAct(null);
      notify(words[a].done);
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const open = (a: Act) => {
    m.reset();
    setAct(a);
  };
  return (
    <Group gap="sm" wrap="wrap">
      <Text size="sm">{d.private ? 'Private: only at the address above.' : 'Public.'}</Text>
      {d.private && (
        <Button size="xs" variant="default" onClick={() => open('rotate')}>
          New access key
        </Button>
      )}
      <Button size="xs" variant="default" onClick={() => open(d.private ? 'public' : 'private')}>
        {d.private ? 'Make public' : 'Make private'}
      </Button>
      <ConfirmDialog
        opened={act !== null}
        title={act ? `${words[act].label}?` : ''}
        confirmLabel={act ? words[act].label : ''}
        pending={m.isPending}
        error={m.error}
        onConfirm={() => act && m.mutate(act)}
        onClose={() => setAct(null)}
      >
        <Text size="sm">{act && words[act].effect}</Text>
      </ConfirmDialog>
    </Group>
  );
}
