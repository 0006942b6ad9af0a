// The communication of an incident: when the next update is due ("next update due in 12 min", or
// flagged overdue), who is reminded (the comms lead, else the owner), writing an update for its
// audiences, and the updates sent. "Regular communication is essential"; if you are on the fix,
// consider giving the comms lead role to someone else.
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconSpeakerphone } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Incident } from '../../api/types.ts';
import { LoadingState } from '../../components/states.tsx';
import { useNow } from '../../lib/use-now.ts';
import { ConclusionSection } from './conclusion-section.tsx';
import { entryTime } from './incident-model.ts';
import { UpdateForm } from './update-form.tsx';
import { audienceWords, dueWords, stages, stageWords, type Stage, type Updates } from './update-model.ts';
import { incidentPath } from './use-incident.ts';

const updatesKey = (ref: string) => ['incidents', 'updates', ref];

/** The incident's updates, cadence and drafts; read again each minute so "due in" stays true. */
function useUpdates(ref: string) {
  return useQuery({
    queryKey: updatesKey(ref),
    queryFn: ({ signal }) => api<Updates>(incidentPath(ref, '/updates'), { signal }),
    refetchInterval: 60_000,
  });
}

/** The stage a new update starts from: the one matching the incident's status. */
function stageFor(incident: Incident): Stage {
  if (incident.status === 'resolved' || incident.status === 'closed') return 'resolved';
  return stages.find((s) => s === incident.status) ?? 'investigating';
}

export function CommunicationPanel({
  incident,
  incidentRef: ref,
  canWork,
}: {
  incident: Incident;
  incidentRef: string;
  canWork: boolean;
}) {
  const updates = useUpdates(ref);
  const [writing, setWriting] = useState(false);
  const now = useNow();
  if (!updates.data) return <LoadingState label="Loading the updates" />;
  const { cadence, drafts } = updates.data;
  const due = dueWords(cadence, now);

  return (
    <Card withBorder padding="md" aria-labelledby="communication-title" component="section">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <IconSpeakerphone aria-hidden size={20} />
            <Title order={2} size="h4" id="communication-title">
              Communication
            </Title>
          </Group>
          {due && (
            <Badge
              color={due.overdue ? 'red' : 'blue'}
              variant={due.overdue ? 'filled' : 'light'}
              role="status"
            >
              {due.text}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {cadence.minutes ? `An update every ${cadence.minutes} min` : 'Updates on change'}
          {cadence.remind
            ? `; ${cadence.remind} is reminded.`
            : '; nobody to remind: give someone the comms lead role.'}
        </Text>
        {canWork &&
          (writing ? (
            <UpdateForm
              incidentRef={ref}
              drafts={drafts}
              firstStage={stageFor(incident)}
              onSent={() => setWriting(false)}
            />
          ) : (
            <Group>
              <Button variant="light" onClick={() => setWriting(true)}>
                Write an update
              </Button>
            </Group>
          ))}
        {updates.data.updates.length > 0 && (
          <Stack
            gap="xs"
            component="ul"
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
            aria-label="Sent updates"
          >
            {updates.data.updates.map((u) => (
              <li key={u.id}>
                <Group gap={6} wrap="wrap">
                  <Badge variant="outline">{stageWords[u.stage]}</Badge>
                  {u.audiences.map((a) => (
                    <Badge key={a} variant="light" color="gray">
                      {audienceWords[a].label}
                    </Badge>
                  ))}
                  <Text size="xs" c="dimmed">
                    {entryTime(u.sentAt)}
                    {u.author ? ` · ${u.author.name}` : ''}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {u.plain || u.technical}
                </Text>
              </li>
            ))}
          </Stack>
        )}
        <ConclusionSection incidentRef={ref} canWork={canWork} />
      </Stack>
    </Card>
  );
}
