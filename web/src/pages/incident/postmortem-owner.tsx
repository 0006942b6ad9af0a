// Who writes the post-mortem and by when: delegating it to another person, or moving its due date.
// The change goes on the incident's timeline.
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Postmortem } from '../../api/types.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { PersonSelect } from './person-select.tsx';
import { incidentPath, notify } from './use-incident.ts';

/** The form that delegates a post-mortem or changes its due date (for those who may work). */
export function PostmortemOwner({ pm, incidentRef: ref }: { pm: Postmortem; incidentRef: string }) {
  const queryClient = useQueryClient();
  const [owner, setOwner] = useState(pm.owner.id);
  const [dueOn, setDueOn] = useState(pm.dueOn);
  const change = useMutation({
    mutationFn: () =>
      api<Postmortem>(incidentPath(ref, '/postmortem'), {
        method: 'PATCH',
        body: {
          ...(owner !== pm.owner.id ? { owner } : {}),
          ...(dueOn !== pm.dueOn ? { dueOn } : {}),
        },
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.postmortem(ref), saved);
      setOwner(saved.owner.id);
      setDueOn(saved.dueOn);
      notify('green', `The post-mortem is ${saved.owner.name}'s, due ${saved.dueOn}.`);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
    },
  });
  const dirty = owner !== pm.owner.id || dueOn !== pm.dueOn;
  const fields = ['body.owner', 'body.dueOn'];
  return (
    <form
      aria-label="Owner and due date"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate();
      }}
    >
      <Stack gap="xs">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <PersonSelect
            label="Post-mortem owner"
            value={owner}
            onChange={setOwner}
            required
            error={fieldError(change.error, 'body.owner')}
          />
          <TextInput
            type="date"
            label="Post-mortem due on"
            value={dueOn}
            required
            onChange={(e) => setDueOn(e.currentTarget.value)}
            error={fieldError(change.error, 'body.dueOn')}
          />
          <Button
            type="submit"
            variant="default"
            disabled={!dirty || !owner || !dueOn}
            loading={change.isPending}
          >
            Delegate or change the date
          </Button>
        </Group>
        {formError(change.error, fields) && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {formError(change.error, fields)}
          </Text>
        )}
      </Stack>
    </form>
  );
}
