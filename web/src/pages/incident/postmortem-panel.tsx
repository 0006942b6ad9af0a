// The incident's post-mortem: the blameless document (each section editable, a sentence that may
// attribute blame flagged beside it with neutral wording), its owner and due date (delegating it),
// the meeting, the action items, and the way to review and publish. Shown once the incident is
// resolved, or when it has a post-mortem.
import { Alert, Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Incident, Postmortem, PostmortemSummary } from '../../api/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { formError } from '../../lib/form-errors.ts';
import { PostmortemActions } from './postmortem-actions.tsx';
import { PostmortemOwner } from './postmortem-owner.tsx';
import { PostmortemReview } from './postmortem-review.tsx';
import classes from './room.module.css';
import { incidentPath, notify } from './use-incident.ts';

type Section = keyof Postmortem['document'];

const sectionWords: [Section, string, string][] = [
  ['summary', 'Summary', 'What happened, in the words of the outline'],
  ['impact', 'Impact', 'Who was affected, and how much'],
  ['timeline', 'Timeline', 'The key moments'],
  ['contributingFactors', 'Contributing factors', 'What in the system or process allowed it'],
  ['wentWell', 'What went well', ''],
  ['couldGoBetter', 'What could go better', ''],
  [
    'discussion',
    'Discussion outcomes',
    'A technical change, staff training, a new policy: agreed actions below',
  ],
];

const requiredWords: Record<Postmortem['requiredBy'], string> = {
  P1: 'a resolved P1',
  P2: 'a resolved P2',
  deviation: 'steps of the procedure were skipped',
  'data-loss': 'data was lost',
  'by-hand': 'asked for by hand',
};

export const statusWords: Record<Postmortem['status'], string> = {
  draft: 'Draft',
  'in-review': 'In review',
  published: 'Published',
};

function DocumentEditor({
  pm,
  incidentRef: ref,
  canEdit,
}: {
  pm: Postmortem;
  incidentRef: string;
  canEdit: boolean;
}) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Partial<Record<Section, string>>>({});
  const save = useMutation({
    mutationFn: () =>
      api<Postmortem>(incidentPath(ref, '/postmortem/document'), {
        method: 'PUT',
        body: { document: draft },
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.postmortem(ref), saved);
      setDraft({});
      notify(
        'green',
        saved.findings.length
          ? `Saved. ${saved.findings.length} sentence(s) may attribute blame: see the suggestions.`
          : 'Saved.',
      );
    },
  });
  const dirty = Object.keys(draft).length > 0;
  return (
    <form
      aria-label="Post-mortem document"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        {sectionWords.map(([section, label, hint]) => {
          const findings = pm.findings.filter((f) => f.section === section);
          return (
            <Stack key={section} gap={4}>
              {canEdit ? (
                <Textarea
                  label={label}
                  description={hint || undefined}
                  autosize
                  minRows={2}
                  maxRows={14}
                  value={draft[section] ?? pm.document[section]}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setDraft((d) => ({ ...d, [section]: value }));
                  }}
                />
              ) : (
                <>
                  <Title order={3} size="h6">
                    {label}
                  </Title>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {pm.document[section] || '—'}
                  </Text>
                </>
              )}
              {findings.map((f) => (
                <Alert
                  key={f.sentence}
                  styles={{ title: { color: 'var(--mantine-color-text)' } }}
                  color="orange"
                  variant="light"
                  title="This sentence may attribute blame"
                >
                  <Text size="sm">“{f.sentence}”</Text>
                  <Text size="sm">Consider: “{f.suggestion}”</Text>
                  <Text size="xs" className={classes.muted}>
                    Say what the system or process allowed, not who.
                  </Text>
                </Alert>
              ))}
            </Stack>
          );
        })}
        {formError(save.error, []) && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {formError(save.error, [])}
          </Text>
        )}
        {canEdit && (
          <Group>
            <Button type="submit" disabled={!dirty} loading={save.isPending}>
              Save the document
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function StartPostmortem({ incidentRef: ref }: { incidentRef: string }) {
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () => api<Postmortem>(incidentPath(ref, '/postmortem'), { method: 'POST', body: {} }),
    onSuccess: (pm) => {
      queryClient.setQueryData(keys.postmortem(ref), pm);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
    },
  });
  return (
    <Stack gap="xs" align="flex-start">
      <Text size="sm">
        No post-mortem yet. Resolved P1 and P2 incidents, data loss and skipped steps get one by themselves;
        any other can have one.
      </Text>
      <Button variant="default" loading={start.isPending} onClick={() => start.mutate()}>
        Start a post-mortem
      </Button>
      {start.error && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {start.error.message}
        </Text>
      )}
    </Stack>
  );
}

/** The Post-mortem panel of the incident room. */
export function PostmortemPanel({
  incident,
  incidentRef: ref,
  canWork,
}: {
  incident: Incident;
  incidentRef: string;
  canWork: boolean;
}) {
  const pm = useQuery({
    queryKey: keys.postmortem(ref),
    // Most incidents have none: asked through the list, so "none" is an empty answer, not a 404.
    queryFn: async ({ signal }) => {
      const found = await api<{ items: PostmortemSummary[] }>(
        `/postmortems?incident=${encodeURIComponent(ref)}`,
        { signal },
      );
      if (found.items.length === 0) return null;
      return api<Postmortem>(incidentPath(ref, '/postmortem'), { signal });
    },
  });
  const ended = incident.status === 'resolved' || incident.status === 'closed';
  if (pm.data === null && !(ended && canWork)) return null;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="postmortem-title" id="postmortem">
      <Title order={2} size="h4" id="postmortem-title" mb="xs">
        Post-mortem
      </Title>
      {pm.isPending ? (
        <LoadingState label="Loading the post-mortem" />
      ) : pm.isError ? (
        <ErrorState error={pm.error} onRetry={() => void pm.refetch()} />
      ) : pm.data === null ? (
        <StartPostmortem incidentRef={ref} />
      ) : (
        <Stack gap="md">
          <Group gap="xs">
            <Badge variant="light" color={pm.data.status === 'published' ? 'green' : 'blue'}>
              {statusWords[pm.data.status]}
            </Badge>
            <Text size="sm">
              Owner {pm.data.owner.name} · due {pm.data.dueOn} · needed because{' '}
              {requiredWords[pm.data.requiredBy]}
            </Text>
          </Group>
          {canWork && pm.data.status !== 'published' && (
            <PostmortemOwner key={`${pm.data.owner.id} ${pm.data.dueOn}`} pm={pm.data} incidentRef={ref} />
          )}
          <DocumentEditor
            pm={pm.data}
            incidentRef={ref}
            canEdit={canWork && pm.data.status !== 'published'}
          />
          <PostmortemActions pm={pm.data} incidentRef={ref} canWork={canWork} />
          <PostmortemReview pm={pm.data} incidentRef={ref} canWork={canWork} />
        </Stack>
      )}
    </Card>
  );
}
