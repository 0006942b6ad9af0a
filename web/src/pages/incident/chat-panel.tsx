// The incident's chat: its Slack channel (opened here on demand) and whether it affects
// deployments (set and lifted here, posted to the deployments channel). Shown to readers only
// when there is something to show.
import { Badge, Button, Group, Switch, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Incident } from '../../api/types.ts';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

interface IncidentChat {
  broadcast: { channelId: string; ts: string } | null;
  channel: { id: string; name: string; createdAt: string } | null;
  affectsDeployments: boolean;
  slackConfigured: boolean;
}

// Under 'incidents': live changes of the incident refresh it.
const chatKey = (ref: string) => ['incidents', 'chat', ref] as const;

/** The Chat strip of the incident room. */
export function ChatPanel({
  incident,
  incidentRef: ref,
  canWork,
}: {
  incident: Incident;
  incidentRef: string;
  canWork: boolean;
}) {
  const chat = useQuery({
    queryKey: chatKey(ref),
    queryFn: ({ signal }) => api<IncidentChat>(incidentPath(ref, '/chat'), { signal }),
  });
  const open = useIncidentMutation(
    ref,
    () => api<IncidentChat>(incidentPath(ref, '/chat-channel'), { method: 'POST' }),
    { success: (c) => `Opened #${c.channel?.name ?? ''}`, failure: 'The channel was not opened' },
  );
  const flag = useIncidentMutation(
    ref,
    (on: boolean) =>
      api<IncidentChat>(incidentPath(ref, '/affects-deployments'), {
        method: 'PUT',
        body: { affectsDeployments: on },
      }),
    {
      success: (c) =>
        c.affectsDeployments ? 'Deployments are told to hold' : 'Deployments are told the hold is lifted',
      failure: 'The deployments flag did not change',
    },
  );
  const data = chat.data;
  if (!data || (!canWork && !data.channel && !data.affectsDeployments)) return null;
  const closed = ['resolved', 'closed', 'declined'].includes(incident.status);

  return (
    <Group gap="md" wrap="wrap" aria-label="Chat" role="group">
      <Text size="sm" fw={500}>
        Chat
      </Text>
      {data.channel ? (
        <Text size="sm">
          Slack channel <strong>#{data.channel.name}</strong>
        </Text>
      ) : (
        canWork &&
        data.slackConfigured &&
        !closed && (
          <Button size="xs" variant="default" loading={open.isPending} onClick={() => open.mutate(undefined)}>
            Open a Slack channel
          </Button>
        )
      )}
      {canWork ? (
        <Switch
          label="Affects deployments"
          checked={data.affectsDeployments}
          disabled={flag.isPending}
          onChange={(e) => flag.mutate(e.currentTarget.checked)}
        />
      ) : (
        data.affectsDeployments && (
          <Badge color="orange" variant="dot" tt="none" c="var(--mantine-color-text)">
            Affects deployments
          </Badge>
        )
      )}
    </Group>
  );
}
