// Writing a note on the timeline. Ctrl/Cmd+Enter sends; the text stays if sending fails.
import { Button, Group, Kbd, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import classes from './room.module.css';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

// The key that sends with Enter, as this person's keyboard labels it.
const modKey = /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘' : 'Ctrl';

/** The note composer above the timeline. */
export function NoteComposer({ incidentRef }: { incidentRef: string }) {
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const send = useIncidentMutation(incidentRef, (body: { text: string }) =>
    api<{ ok: true }>(incidentPath(incidentRef, '/notes'), { method: 'POST', body }),
  );
  const submit = () => {
    if (send.isPending) return;
    if (!text.trim()) {
      setEmpty(true);
      return;
    }
    send.mutate({ text }, { onSuccess: () => setText('') });
  };
  const error = empty
    ? 'Write something first'
    : (fieldError(send.error, 'body.text') ?? formError(send.error, []));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Textarea
        label="Add a note"
        placeholder="What did you find, try or decide?"
        autosize
        minRows={2}
        maxRows={10}
        value={text}
        error={error}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setEmpty(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
        aria-keyshortcuts="Control+Enter Meta+Enter"
      />
      <Group justify="space-between" mt="xs" mb="md">
        <Text size="xs" className={classes.muted} visibleFrom="sm">
          <Kbd size="xs">{modKey}</Kbd> + <Kbd size="xs">Enter</Kbd> sends
        </Text>
        <Button type="submit" loading={send.isPending} ml="auto">
          Add note
        </Button>
      </Group>
    </form>
  );
}
