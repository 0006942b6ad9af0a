// An integration's JSON field edited as text: the generic webhook's field mapping (routing rules
// have their own editor, rules-editor.tsx). What was written is kept when the API refuses it, with
// each complaint in words.
import { Alert, Button, Group, JsonInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import type { Integration } from '../../api/types.ts';
import { notify } from '../../lib/notify.ts';
import { linesUnder, useUpdate } from './integration-data.ts';

/** One JSON field of `integration` with its own Save button. */
export function JsonEditor({
  integration,
  field,
  title,
  intro,
  label,
  empty,
  describe,
}: {
  integration: Integration;
  field: 'mapping';
  title: string;
  intro: string;
  label: string;
  /** The value sent when the box is left empty. */
  empty: null;
  describe: (path: string[]) => string;
}) {
  const update = useUpdate(integration.id);
  const current = integration[field];
  const initial = current === null ? '' : JSON.stringify(current, null, 2);
  const [text, setText] = useState(initial);
  const [local, setLocal] = useState<string>();
  const problems = linesUnder(update.error, `body.${field}`, describe);
  const general = update.error && problems.length === 0 ? errorMessage(update.error) : undefined;

  const save = () => {
    let value: unknown = empty;
    if (text.trim()) {
      try {
        value = JSON.parse(text);
      } catch (err) {
        setLocal(`This is not valid JSON: ${(err as Error).message}`);
        return;
      }
    }
    setLocal(undefined);
    update.mutate(
      // The server checks the mapping and names each field it refuses.
      { [field]: value as Integration['mapping'] },
      {
        onSuccess: (i) => {
          const saved = i[field];
          setText(saved === null ? '' : JSON.stringify(saved, null, 2));
          notify(`${title} saved.`);
        },
      },
    );
  };

  const id = `${field}-title`;
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        {intro}
      </Text>
      <JsonInput
        label={label}
        value={text}
        onChange={(v) => {
          setText(v);
          setLocal(undefined);
        }}
        autosize
        minRows={4}
        maxRows={30}
        placeholder='{ "title": "$.title", "dedupKey": "$.id" }'
        validationError="This is not valid JSON"
        error={local ?? (problems.length > 0 || general ? 'Not saved: see below' : undefined)}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      {(problems.length > 0 || general) && (
        <Alert color="red" title={`The ${title.toLowerCase()} were not saved`} role="alert">
          {general && <Text size="sm">{general}</Text>}
          <Stack gap={2} component="ul" m={0} pl="md">
            {problems.map((p) => (
              <Text key={p} size="sm" component="li">
                {p}
              </Text>
            ))}
          </Stack>
          <Text size="sm" mt="xs">
            What you wrote is kept; fix it and save again.
          </Text>
        </Alert>
      )}
      <Group>
        <Button variant="default" onClick={save} loading={update.isPending}>
          Save {title.toLowerCase()}
        </Button>
      </Group>
    </Stack>
  );
}
