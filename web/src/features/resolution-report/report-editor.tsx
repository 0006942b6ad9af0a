// The resolution report's editor: both versions side by side in tabs, generated from the incident
// until someone saves an edit (then kept), the plain version checked for jargon as it is typed,
// filled again from the incident on request, shared, and downloaded. Readers see both versions.
import { Alert, Badge, Button, Group, Paper, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { findJargon } from '../../../../src/resolutions/jargon.ts';
import { api, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { ReportVersion, ResolutionReport } from '../../api/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { when } from '../../lib/time.ts';
import { ReportDownloads } from './report-downloads.tsx';
import { ReportFacts } from './report-facts.tsx';
import { ReportShare } from './report-share.tsx';
import { reportPath, useResolutionReport, versionWords } from './use-report.ts';

type Texts = Record<ReportVersion, string>;

/** Where the report stands: generated, edited by someone, shared. */
export function ReportState({ report }: { report: ResolutionReport }) {
  return (
    <Group gap="xs">
      <Badge variant="light" color={report.saved ? 'blue' : 'gray'}>
        {report.saved ? 'Edited' : 'Generated'}
      </Badge>
      {report.sharedAt && (
        <Badge variant="filled" color="teal.9">
          Shared
        </Badge>
      )}
      <Text size="sm" c="dimmed">
        {report.saved && report.updatedAt
          ? `Saved ${when(report.updatedAt)}${report.editedBy ? ` by ${report.editedBy.name}` : ''}`
          : 'From the incident as it is now; edit and save to keep your words.'}
      </Text>
    </Group>
  );
}

function JargonWarnings({ plain }: { plain: string }) {
  const found = useMemo(() => findJargon(plain, [window.location.origin]), [plain]);
  if (!found.length) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title="Jargon in plain words"
    >
      <Stack gap={4}>
        {found.map((j) => (
          <Text key={`${j.kind}:${j.text}`} size="sm">
            “{j.text}”: {j.message}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

function Editor({
  incidentRef: ref,
  report,
  canWork,
}: {
  incidentRef: string;
  report: ResolutionReport;
  canWork: boolean;
}) {
  const queryClient = useQueryClient();
  // Local words once someone types or fills; until then the report follows the incident live.
  const [edited, setEdited] = useState<Texts | null>(null);
  const [tab, setTab] = useState<ReportVersion>('plain');
  const texts: Texts = edited ?? { technical: report.technical, plain: report.plain };
  const save = useMutation({
    mutationFn: (body: Texts) => api<ResolutionReport>(reportPath(ref), { method: 'PUT', body }),
    onSuccess: (r) => {
      queryClient.setQueryData(keys.resolutionReport(ref), r);
      setEdited(null);
      notify('The resolution report was saved');
    },
  });
  const change = (v: ReportVersion, value: string) => setEdited({ ...texts, [v]: value });
  return (
    <Stack gap="lg">
      <ReportState report={report} />
      {canWork && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Start from the incident
          </Title>
          <ReportFacts
            incidentRef={ref}
            facts={report.facts}
            onDraft={(d) => setEdited({ technical: d.technical, plain: d.plain })}
          />
        </Paper>
      )}
      <Tabs value={tab} onChange={(v) => setTab((v as ReportVersion | null) ?? 'plain')}>
        <Tabs.List>
          <Tabs.Tab value="plain">{versionWords.plain.label}</Tabs.Tab>
          <Tabs.Tab value="technical">{versionWords.technical.label}</Tabs.Tab>
        </Tabs.List>
        {(['plain', 'technical'] as ReportVersion[]).map((v) => (
          <Tabs.Panel key={v} value={v} pt="sm">
            <Stack gap="xs">
              {v === 'plain' && <JargonWarnings plain={texts.plain} />}
              <Textarea
                label={`${versionWords[v].label} version (Markdown)`}
                description={versionWords[v].for}
                autosize
                minRows={12}
                maxRows={40}
                readOnly={!canWork}
                value={texts[v]}
                onChange={(e) => change(v, e.currentTarget.value)}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
            </Stack>
          </Tabs.Panel>
        ))}
      </Tabs>
      {canWork && (
        <Group>
          <Button
            onClick={() => save.mutate(texts)}
            loading={save.isPending}
            disabled={!edited && report.saved}
          >
            Save both versions
          </Button>
          {edited && (
            <Button variant="subtle" onClick={() => setEdited(null)}>
              Discard changes
            </Button>
          )}
          {save.error && (
            <Text size="sm" c="var(--mantine-color-error)" role="alert">
              {errorMessage(save.error)}
            </Text>
          )}
        </Group>
      )}
      {canWork && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Share
          </Title>
          <ReportShare incidentRef={ref} report={report} unsaved={!!edited} />
        </Paper>
      )}
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Download
        </Title>
        <ReportDownloads incidentRef={ref} />
      </Paper>
    </Stack>
  );
}

/** The report of incident `incidentRef`, editable by those who work on incidents. */
export function ReportEditor({ incidentRef, canWork }: { incidentRef: string; canWork: boolean }) {
  const query = useResolutionReport(incidentRef);
  if (query.isPending) return <LoadingState label="Loading the resolution report" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <Editor incidentRef={incidentRef} report={query.data} canWork={canWork} />;
}
