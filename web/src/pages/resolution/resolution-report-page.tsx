// The resolution report of one incident on a page of its own (/incidents/:ref/report): both
// versions to edit, fill again from the incident, share and download.
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useCurrentUser } from '../../app/session.tsx';
import { ReportEditor } from '../../features/resolution-report/report-editor.tsx';
import { allows } from '../../lib/permissions.ts';

/** The report page. */
export function ResolutionReportPage() {
  const { ref = '' } = useParams();
  const me = useCurrentUser();
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/incidents/${encodeURIComponent(ref)}`} size="sm">
        ← Back to incident #{ref}
      </Anchor>
      <div>
        <Title order={1}>Resolution report · #{ref}</Title>
        <Text c="dimmed">
          What happened, the impact, the fixes, the hours spent, side effects, what is still not working and
          any data lost: technical for the team, plain words for everyone else.
        </Text>
      </div>
      <ReportEditor incidentRef={ref} canWork={allows(me.role, 'incidents:work')} />
    </Stack>
  );
}
