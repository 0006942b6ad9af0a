// Sharing the report through the update paths: technical to the team, plain to stakeholders, the
// client's contacts and the status pages. Only once the incident is resolved.
import { Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { ResolutionReport, ShareAudience } from '../../api/types.ts';
import { notify } from '../../lib/notify.ts';
import { when } from '../../lib/time.ts';
import { reportPath } from './use-report.ts';

const audienceWords: { value: ShareAudience; label: string }[] = [
  { value: 'team', label: 'The team (technical, email and chat)' },
  { value: 'stakeholders', label: 'Stakeholders (plain words)' },
  { value: 'clients', label: "The client's contacts (plain words)" },
  { value: 'public', label: 'The public status pages (plain words)' },
];

/** Choose who hears of it and share; says when it was last shared. */
export function ReportShare({
  incidentRef: ref,
  report,
  unsaved,
}: {
  incidentRef: string;
  report: ResolutionReport;
  unsaved: boolean;
}) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string[]>(['team', 'stakeholders']);
  const share = useMutation({
    mutationFn: () =>
      api<ResolutionReport>(reportPath(ref, '/share'), { method: 'POST', body: { audiences: chosen } }),
    onSuccess: (r) => {
      queryClient.setQueryData(keys.resolutionReport(ref), r);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
      notify('The resolution report was shared');
    },
  });
  return (
    <Stack gap="xs">
      <Checkbox.Group label="Share with" value={chosen} onChange={setChosen}>
        <Stack gap={6} mt={6}>
          {audienceWords.map((a) => (
            <Checkbox key={a.value} value={a.value} label={a.label} />
          ))}
        </Stack>
      </Checkbox.Group>
      {!report.resolved && (
        <Text size="sm" c="dimmed">
          The report can be shared once the incident is resolved.
        </Text>
      )}
      {unsaved && (
        <Text size="sm" c="dimmed">
          Save your changes first: what is saved is what is shared.
        </Text>
      )}
      {share.error && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {errorMessage(share.error)}
        </Text>
      )}
      <Group>
        <Button
          onClick={() => share.mutate()}
          loading={share.isPending}
          disabled={!report.resolved || unsaved || chosen.length === 0}
        >
          Share the report
        </Button>
        <Text size="sm" c="dimmed">
          {report.sharedAt ? `Last shared ${when(report.sharedAt)}` : 'Not shared yet'}
        </Text>
      </Group>
    </Stack>
  );
}
