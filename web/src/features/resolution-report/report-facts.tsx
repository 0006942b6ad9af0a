// Filling both versions again from the incident, with what only people know: side effects,
// outstanding issues, data loss (prefilled from the updates) and what the reader should do.
import { Button, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import type { ResolutionDraft, ResolutionReport } from '../../api/types.ts';
import { reportPath } from './use-report.ts';

type Facts = ResolutionReport['facts'];

const fields: { key: keyof Facts; label: string; hint: string }[] = [
  {
    key: 'sideEffects',
    label: 'Side effects',
    hint: 'Expected side effects of the fix; empty: none expected',
  },
  { key: 'outstanding', label: 'Known outstanding issues', hint: 'What still does not work' },
  { key: 'dataLoss', label: 'Data loss', hint: 'What was lost, and how people can get it back' },
  { key: 'readerAction', label: 'What the reader should do', hint: 'Empty: a sensible default' },
];

/** The facts form; `onDraft` receives both versions generated anew (nothing is saved). */
export function ReportFacts({
  incidentRef: ref,
  facts,
  onDraft,
}: {
  incidentRef: string;
  facts: Facts;
  onDraft: (d: ResolutionDraft) => void;
}) {
  const [values, setValues] = useState<Record<keyof Facts, string>>({
    sideEffects: facts.sideEffects ?? '',
    outstanding: facts.outstanding ?? '',
    dataLoss: facts.dataLoss ?? '',
    readerAction: facts.readerAction ?? '',
  });
  const draft = useMutation({
    mutationFn: () => api<ResolutionDraft>(reportPath(ref, '/draft'), { method: 'POST', body: values }),
    onSuccess: onDraft,
  });
  return (
    <form
      aria-label="Fill the report from the incident"
      onSubmit={(e) => {
        e.preventDefault();
        draft.mutate();
      }}
    >
      <Stack gap="xs">
        <Text size="sm">
          Generate both versions again from the incident (fixes, hours, summary) with these. It replaces the
          text below; nothing is saved until you save.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {fields.map((f) => (
            <Textarea
              key={f.key}
              label={f.label}
              description={f.hint}
              autosize
              minRows={2}
              value={values[f.key]}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setValues((old) => ({ ...old, [f.key]: v }));
              }}
            />
          ))}
        </SimpleGrid>
        {draft.error && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {errorMessage(draft.error)}
          </Text>
        )}
        <div>
          <Button type="submit" variant="default" loading={draft.isPending}>
            Fill from the incident
          </Button>
        </div>
      </Stack>
    </form>
  );
}
