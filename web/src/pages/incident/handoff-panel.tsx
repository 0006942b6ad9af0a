// The incident's ticket in the team's tracker: its link and last known state once handed off;
// "Hand to tracker" for people who work incidents (when a tracker is set up for it); where the
// hand-off stands while it runs, or why it failed. Readers see it only once there is a ticket.
import { Anchor, Badge, Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Handoff, Incident } from '../../api/types.ts';
import { mutedColor } from '../../components/incident-row.tsx';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

const kindWords = { github: 'GitHub', gitlab: 'GitLab', jira: 'Jira', webhook: 'Webhook' } as const;

/** The Tracker strip of the incident room. */
export function HandoffPanel({
  incident,
  incidentRef: ref,
  canWork,
}: {
  incident: Incident;
  incidentRef: string;
  canWork: boolean;
}) {
  const handoff = useQuery({
    queryKey: keys.handoff(ref),
    queryFn: ({ signal }) => api<Handoff>(incidentPath(ref, '/handoff'), { signal }),
    // The job reports no progress on the timeline until the ticket exists: look again meanwhile.
    refetchInterval: (q) => (q.state.data?.pending && !q.state.data.pending.done ? 3_000 : false),
  });
  const hand = useIncidentMutation(
    ref,
    () => api<Handoff>(incidentPath(ref, '/handoff'), { method: 'POST' }),
    {
      success: (h) => `Handing #${incident.number} to ${h.tracker?.name ?? 'the tracker'}`,
      failure: 'Not handed to the tracker',
    },
  );
  const h = handoff.data;
  if (!h) return null;
  const { ticket, pending, tracker } = h;
  if (!ticket && (!canWork || !tracker)) return null;

  return (
    <Group gap="sm" wrap="wrap" aria-label="Tracker" role="group">
      <Text size="sm" fw={500}>
        Tracker
      </Text>
      {ticket ? (
        <>
          <Text size="sm">
            {ticket.tracker}{' '}
            {ticket.url ? (
              <Anchor href={ticket.url} target="_blank" rel="noreferrer" underline="always">
                {ticket.ref}
              </Anchor>
            ) : (
              <strong>{ticket.ref}</strong>
            )}
          </Text>
          {ticket.state && (
            <Badge
              variant="dot"
              tt="none"
              color={ticket.state === 'open' ? 'blue' : 'green'}
              c="var(--mantine-color-text)"
            >
              {ticket.state === 'open' ? 'Open' : 'Closed'}
            </Badge>
          )}
        </>
      ) : (
        <>
          {pending && !pending.done && (
            <Text size="sm" c={mutedColor}>
              Creating the ticket in {tracker?.name}
              {pending.attempts > 0 ? ` (tried ${pending.attempts} times; trying again)` : '…'}
            </Text>
          )}
          {pending?.done && (
            <Text size="sm" role="status">
              The ticket was not created: {pending.lastError ?? 'the tracker refused it'}
            </Text>
          )}
          {(!pending || pending.done) && tracker && (
            <Button
              size="xs"
              variant="default"
              loading={hand.isPending}
              onClick={() => hand.mutate(undefined)}
            >
              {pending?.done ? 'Try again' : `Hand to tracker (${kindWords[tracker.kind]}: ${tracker.name})`}
            </Button>
          )}
        </>
      )}
    </Group>
  );
}
