// The action items of a post-mortem: the discussion outcomes (a technical change, staff training,
// a new policy), each with an owner and a due date, ticked done here; new ones added here.
import { Badge, Button, Checkbox, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Postmortem, PostmortemAction } from '../../api/types.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { PersonSelect } from './person-select.tsx';
import classes from './room.module.css';
import { incidentPath, notify } from './use-incident.ts';

/** The discussion outcomes in plain words. */
export const actionKindWords: Record<PostmortemAction['kind'], string> = {
  technical: 'Technical change',
  training: 'Staff training',
  policy: 'Policy change',
};

function AddAction({ incidentRef: ref }: { incidentRef: string }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<PostmortemAction['kind']>('technical');
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api<PostmortemAction>(incidentPath(ref, '/postmortem/actions'), {
        method: 'POST',
        body: { kind, title, owner, dueOn },
      }),
    onSuccess: (a) => {
      notify('green', `Action item added: ${a.title}`);
      setTitle('');
      setOwner('');
      setDueOn('');
      void queryClient.invalidateQueries({ queryKey: keys.postmortem(ref) });
    },
  });
  const fields = ['body.kind', 'body.title', 'body.owner', 'body.dueOn'];
  return (
    <form
      aria-label="Add an action item"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <Stack gap="xs">
        <NativeSelect
          label="Outcome"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as PostmortemAction['kind'])}
          data={Object.entries(actionKindWords).map(([value, label]) => ({ value, label }))}
        />
        <TextInput
          label="Action agreed"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={fieldError(add.error, 'body.title')}
        />
        <PersonSelect
          label="Owner"
          value={owner}
          onChange={setOwner}
          error={fieldError(add.error, 'body.owner')}
        />
        <TextInput
          type="date"
          label="Due on"
          value={dueOn}
          onChange={(e) => setDueOn(e.currentTarget.value)}
          error={fieldError(add.error, 'body.dueOn')}
        />
        {formError(add.error, fields) && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {formError(add.error, fields)}
          </Text>
        )}
        <Button type="submit" variant="default" loading={add.isPending}>
          Add action item
        </Button>
      </Stack>
    </form>
  );
}

/** One action item's line: its box (when it may be ticked), words, owner, due date and state. */
export function ActionLine({ action, canWork }: { action: PostmortemAction; canWork: boolean }) {
  const queryClient = useQueryClient();
  const tick = useMutation({
    mutationFn: (done: boolean) =>
      api<PostmortemAction>(`/actions/${action.id}`, {
        method: 'PATCH',
        body: { status: done ? 'done' : 'open' },
      }),
    onSuccess: (a) => {
      notify('green', `${a.status === 'done' ? 'Done' : 'Open again'}: ${a.title}`);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
    },
    onError: (err) => notify('red', errorMessage(err), 'Could not change the action item'),
  });
  const label = `${action.title} (${actionKindWords[action.kind]})`;
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      {canWork ? (
        <Checkbox
          checked={action.status === 'done'}
          disabled={tick.isPending}
          onChange={(e) => tick.mutate(e.currentTarget.checked)}
          label={label}
        />
      ) : (
        <Text size="sm">{label}</Text>
      )}
      <Text size="sm" className={classes.muted}>
        {action.owner.name}, due {action.dueOn}
      </Text>
      {action.overdue && (
        <Badge color="red" variant="light">
          Overdue
        </Badge>
      )}
      {action.trackerUrl && (
        <a href={action.trackerUrl} target="_blank" rel="noreferrer" style={{ textDecoration: 'underline' }}>
          In the tracker
        </a>
      )}
    </Group>
  );
}

/** The action items of the post-mortem, and adding one. */
export function PostmortemActions({
  pm,
  incidentRef,
  canWork,
}: {
  pm: Postmortem;
  incidentRef: string;
  canWork: boolean;
}) {
  return (
    <section aria-labelledby="pm-actions-title">
      <Title order={3} size="h5" id="pm-actions-title" mb="xs">
        Action items
      </Title>
      {pm.actions.length === 0 ? (
        <Text size="sm" className={classes.muted}>
          None agreed yet. Each outcome of the discussion becomes an action item with an owner.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" className={classes.list}>
          {pm.actions.map((a) => (
            <li key={a.id}>
              <ActionLine action={a} canWork={canWork} />
            </li>
          ))}
        </Stack>
      )}
      {canWork && (
        <Stack mt="sm">
          <AddAction incidentRef={incidentRef} />
        </Stack>
      )}
    </section>
  );
}
