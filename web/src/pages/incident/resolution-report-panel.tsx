// The "Report" panel of the incident room: once a fix is on its way, where the resolution report
// stands (generated, edited, shared), a way to open it to edit and share, and its printable pages
// and Markdown. The report itself is edited on its own page (/incidents/:ref/report).
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconReportAnalytics } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Incident } from '../../api/types.ts';
import { ReportDownloads } from '../../features/resolution-report/report-downloads.tsx';
import { ReportState } from '../../features/resolution-report/report-editor.tsx';
import { useResolutionReport } from '../../features/resolution-report/use-report.ts';

const late = new Set(['fixing', 'monitoring', 'resolved', 'closed']);

/** The panel, shown from fixing on. */
export function ResolutionReportPanel({
  incident,
  incidentRef: ref,
  canWork,
}: {
  incident: Incident;
  incidentRef: string;
  canWork: boolean;
}) {
  if (!late.has(incident.status)) return null;
  return <Panel incidentRef={ref} canWork={canWork} />;
}

function Panel({ incidentRef: ref, canWork }: { incidentRef: string; canWork: boolean }) {
  const report = useResolutionReport(ref).data;
  return (
    <Card withBorder padding="md" aria-labelledby="report-title" component="section">
      <Stack gap="sm">
        <Group gap="xs">
          <IconReportAnalytics aria-hidden size={20} />
          <Title order={2} size="h4" id="report-title">
            Report
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          The resolution report: technical for the team, plain words for stakeholders and clients.
        </Text>
        {report && <ReportState report={report} />}
        <Group>
          <Button component={Link} to={`/incidents/${encodeURIComponent(ref)}/report`} variant="light">
            {canWork ? 'Edit and share the report' : 'Read the report'}
          </Button>
        </Group>
        <ReportDownloads incidentRef={ref} />
      </Stack>
    </Card>
  );
}
