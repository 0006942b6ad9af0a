// The incident's tasks: tick them done, add new ones with an optional assignee.
import { Button, Checkbox, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Task } from '../../api/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { PersonSelect } from './person-select.tsx';
import classes from './room.module.css';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

/** The incident's tasks. */
export function useTasks(ref: string) {
  return useQuery({
    queryKey: keys.tasks(ref),
    queryFn: async ({ signal }) =>
      (await api<{ items: Task[] }>(incidentPath(ref, '/tasks'), { signal })).items,
  });
}

function AddTask({ incidentRef: ref }: { incidentRef: string }) {
  const [text, setText] = useState('');
  const [assignee, setAssignee] = useState('');
  const [missing, setMissing] = useState<string>();
  const add = useIncidentMutation(
    ref,
    (body: { text: string; assignee?: string }) =>
      api<Task>(incidentPath(ref, '/tasks'), { method: 'POST', body }),
    { success: (t) => `Task added: ${t.text}` },
  );
  const fields = ['body.text', 'body.assignee'];
  return (
    <form
      aria-label="Add a task"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return setMissing('Say what needs doing');
        add.mutate(assignee ? { text, assignee } : { text }, {
          onSuccess: () => {
            setText('');
            setAssignee('');
          },
        });
      }}
    >
      <Stack gap="xs">
        <TextInput
          label="New task"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setMissing(undefined);
          }}
          error={missing ?? fieldError(add.error, 'body.text')}
        />
        <PersonSelect
          label="Assignee (optional)"
          emptyLabel="Nobody"
          value={assignee}
          onChange={setAssignee}
          error={fieldError(add.error, 'body.assignee')}
        />
        {formError(add.error, fields) && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {formError(add.error, fields)}
          </Text>
        )}
        <Button type="submit" variant="default" loading={add.isPending}>
          Add task
        </Button>
      </Stack>
    </form>
  );
}

/** Tasks with their done boxes; `canWork` allows ticking and adding. */
export function TasksPanel({ incidentRef, canWork }: { incidentRef: string; canWork: boolean }) {
  const tasks = useTasks(incidentRef);
  const queryClient = useQueryClient();
  // The box shows the click at once; it follows the server again once the tasks are re-read.
  const [ticking, setTicking] = useState<ReadonlyMap<string, boolean>>(new Map());
  const tick = useIncidentMutation(
    incidentRef,
    async (v: { id: string; done: boolean }) => {
      try {
        const body = { done: v.done };
        const task = await api<Task>(incidentPath(incidentRef, `/tasks/${v.id}`), { method: 'PATCH', body });
        await queryClient.invalidateQueries({ queryKey: keys.tasks(incidentRef) });
        return task;
      } finally {
        setTicking((m) => {
          const next = new Map(m);
          next.delete(v.id);
          return next;
        });
      }
    },
    { success: (t) => `${t.done ? 'Done' : 'Not done'}: ${t.text}`, failure: 'Could not change the task' },
  );
  const items = tasks.data ?? [];
  const open = items.filter((t) => !t.done).length;
  return (
    <section aria-labelledby="tasks-title">
      <Title order={2} size="h4" id="tasks-title" mb="xs">
        Tasks {items.length > 0 && <span className={classes.muted}>({open} open)</span>}
      </Title>
      {tasks.isPending ? (
        <LoadingState label="Loading tasks" />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" className={classes.muted}>
          No tasks yet.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" className={classes.list}>
          {items.map((t) => (
            <li key={t.id}>
              <Checkbox
                label={t.done ? <s>{t.text}</s> : t.text}
                description={t.assignee ? `Assigned to ${t.assignee.name}` : undefined}
                checked={ticking.get(t.id) ?? t.done}
                disabled={!canWork}
                onChange={(e) => {
                  const done = e.currentTarget.checked;
                  setTicking((m) => new Map(m).set(t.id, done));
                  tick.mutate({ id: t.id, done });
                }}
              />
            </li>
          ))}
        </Stack>
      )}
      {canWork && (
        <Stack mt="sm">
          <AddTask incidentRef={incidentRef} />
        </Stack>
      )}
    </section>
  );
}
