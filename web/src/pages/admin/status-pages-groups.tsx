// A status page's component groups: renamed in place, removed (their components stay, ungrouped),
// and added.
import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { notify } from '../../lib/notify.ts';
import { RemoveButton } from './status-pages-remove.tsx';
import { KEY, useCreate, type Detail } from './status-pages-shared.ts';

function GroupRow({ pageId, group }: { pageId: string; group: Detail['groups'][number] }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(group.name);
  const rename = useMutation({
    mutationFn: () =>
      api(`/status-pages/${pageId}/groups/${group.id}`, { method: 'PATCH', body: { name: name.trim() } }),
    onSuccess: async () => {
      notify('Group renamed.');
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const error = rename.error instanceof ApiError ? rename.error.fields['body.name'] : undefined;
  return (
    <Group
      component="form"
      align="flex-end"
      wrap="wrap"
      gap="sm"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        rename.mutate();
      }}
    >
      <TextInput
        label={`Name of group ${group.name}`}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={error}
        miw={180}
      />
      <Button
        type="submit"
        variant="default"
        loading={rename.isPending}
        disabled={name.trim() === group.name}
      >
        Rename
      </Button>
      <RemoveButton
        label="Delete group"
        name={group.name}
        path={`/status-pages/${pageId}/groups/${group.id}`}
        effect="its components stay on the page, without a group."
      />
    </Group>
  );
}

/** The groups of page `d`. */
export function GroupsSection({ d }: { d: Detail }) {
  const [name, setName] = useState('');
  const add = useCreate<object>(`/status-pages/${d.id}/groups`, 'Group added.');
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Component groups
        </Title>
        {d.groups.length === 0 && (
          <Text size="sm" c="dimmed">
            No groups: components show in one list.
          </Text>
        )}
        {d.groups.map((g) => (
          <GroupRow key={`${g.id}:${g.name}`} pageId={d.id} group={g} />
        ))}
        <Group
          component="form"
          align="flex-end"
          wrap="wrap"
          gap="sm"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            add.m.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
          }}
        >
          <TextInput
            label="New group"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={add.fields['body.name'] ?? add.general}
            miw={180}
          />
          <Button type="submit" loading={add.m.isPending}>
            Add group
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
