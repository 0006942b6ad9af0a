// "Fix: hotfix": the hotfixes of the incident (repository, branch, commits, pull requests) and
// whether each long-lived branch holds them yet ("merged back: main ✓, develop ✗"); responders
// record one and check now. Shown to readers only when there is a hotfix.
import { Anchor, Badge, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Hotfix, HotfixBody, HotfixRepository, Incident } from '../../api/types.ts';
import { fieldError, fieldsOf, generalError } from '../../lib/form-errors.ts';
import { branchNotes, mergedBackLabel, mergedBackWords, shortSha } from '../../lib/hotfix-words.ts';
import { DialogBody, DialogForm } from './dialog-form.tsx';
import classes from './room.module.css';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

const words = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((w) => w.trim())
    .filter(Boolean);

function RecordForm({ incidentRef: ref, onClose }: { incidentRef: string; onClose: () => void }) {
  const repos = useQuery({
    queryKey: keys.hotfixRepositories,
    queryFn: ({ signal }) => api<{ items: HotfixRepository[] }>('/repositories', { signal }),
  });
  const [repository, setRepository] = useState<string | null>(null);
  const [branch, setBranch] = useState('');
  const [commits, setCommits] = useState('');
  const [links, setLinks] = useState('');
  const save = useIncidentMutation(
    ref,
    (body: HotfixBody) => api<Hotfix>(incidentPath(ref, '/hotfixes'), { method: 'POST', body }),
    { success: (h) => `Hotfix on ${h.branch} recorded; its merge back is checked from now on` },
  );
  const options = (repos.data?.items ?? []).map((r) => ({ value: r.name, label: r.name }));
  const fields = ['body.repository', 'body.branch', 'body.commits', 'body.links'];
  // A commit or link is named by its place (body.commits.2): shown at its field.
  const at = (prefix: string) =>
    Object.entries(fieldsOf(save.error)).find(([f]) => f.startsWith(prefix))?.[1];
  return (
    <DialogBody
      onSubmit={() =>
        save.mutate(
          {
            repository: repository ?? '',
            branch: branch.trim(),
            commits: words(commits),
            links: words(links),
          },
          { onSuccess: onClose },
        )
      }
      onCancel={onClose}
      submitLabel="Record hotfix"
      pending={save.isPending}
      error={generalError(save.error, (f) => fields.some((p) => f === p || f.startsWith(`${p}.`)))}
    >
      <Select
        label="Repository"
        data={options}
        value={repository}
        onChange={setRepository}
        required
        description={
          options.length === 0 && !repos.isPending
            ? 'An admin adds repositories on the Hotfixes page.'
            : undefined
        }
        error={fieldError(save.error, 'body.repository')}
      />
      <TextInput
        label="Branch"
        description="The branch the fix was made on, e.g. hotfix/login"
        value={branch}
        onChange={(e) => setBranch(e.currentTarget.value)}
        required
        error={fieldError(save.error, 'body.branch')}
      />
      <TextInput
        label="Commits"
        description="SHAs of the fix, separated by spaces or commas"
        value={commits}
        onChange={(e) => setCommits(e.currentTarget.value)}
        required
        error={fieldError(save.error, 'body.commits') ?? at('body.commits.')}
      />
      <TextInput
        label="Pull requests"
        description="Links, separated by spaces (optional)"
        value={links}
        onChange={(e) => setLinks(e.currentTarget.value)}
        error={fieldError(save.error, 'body.links') ?? at('body.links.')}
      />
    </DialogBody>
  );
}

function HotfixItem({
  hotfix: h,
  canWork,
  incidentRef: ref,
}: {
  hotfix: Hotfix;
  canWork: boolean;
  incidentRef: string;
}) {
  const check = useIncidentMutation(
    ref,
    () =>
      api<HotfixRepository>(`/repositories/${encodeURIComponent(h.repository.name)}/check`, {
        method: 'POST',
      }),
    {
      success: (r) => (r.checkError ? `The check failed: ${r.checkError}` : `Checked ${r.name}`),
      failure: 'Not checked',
    },
  );
  return (
    <li>
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={500}>
            {h.repository.name} · {h.branch}
          </Text>
          {h.outstanding ? (
            <Badge color="yellow.4" c="black">
              Merge back outstanding
            </Badge>
          ) : (
            <Badge color="teal.9" c="white">
              Merged back everywhere
            </Badge>
          )}
        </Group>
        <Text size="sm" aria-label={mergedBackLabel(h)}>
          merged back: {mergedBackWords(h)}
        </Text>
        {branchNotes(h).map((note) => (
          <Text key={note} size="xs">
            {note}
          </Text>
        ))}
        <Text size="xs" className={classes.muted}>
          {h.commits.map(shortSha).join(', ')}
          {h.links.map((l) => (
            <span key={l}>
              {' · '}
              <Anchor href={l} target="_blank" rel="noreferrer" size="xs" underline="always">
                {l.replace(/^https?:\/\//, '')}
              </Anchor>
            </span>
          ))}
        </Text>
        {canWork && h.outstanding && (
          <Group>
            <Button
              size="xs"
              variant="default"
              loading={check.isPending}
              onClick={() => check.mutate(undefined)}
            >
              Check now
            </Button>
          </Group>
        )}
      </Stack>
    </li>
  );
}

/** The "Fix: hotfix" panel of the incident room. */
export function HotfixPanel({
  incident,
  incidentRef: ref,
  canWork,
}: {
  incident: Incident;
  incidentRef: string;
  canWork: boolean;
}) {
  const [recording, setRecording] = useState(false);
  const list = useQuery({
    queryKey: keys.hotfixes(ref),
    queryFn: ({ signal }) => api<{ items: Hotfix[] }>(incidentPath(ref, '/hotfixes'), { signal }),
  });
  const items = list.data?.items ?? [];
  if (!list.data || (!canWork && items.length === 0)) return null;
  return (
    <section aria-labelledby="hotfix-title">
      <Group justify="space-between" gap="xs" mb="xs">
        <Title order={2} size="h4" id="hotfix-title">
          Fix: hotfix
        </Title>
        {canWork && (
          <Button size="xs" variant="light" onClick={() => setRecording(true)}>
            Record a hotfix
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <Text size="sm" className={classes.muted}>
          None recorded. A fix made straight on a long-lived branch is recorded here, to track its merge back.
        </Text>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((h) => (
            <HotfixItem key={h.id} hotfix={h} canWork={canWork} incidentRef={ref} />
          ))}
        </Stack>
      )}
      <DialogForm
        title={`Hotfix of #${incident.number}`}
        opened={recording}
        onClose={() => setRecording(false)}
      >
        <RecordForm incidentRef={ref} onClose={() => setRecording(false)} />
      </DialogForm>
    </section>
  );
}
