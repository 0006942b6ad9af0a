// The Backlog: incidents decided "not an emergency", out of the open views, newest first; people
// who work incidents pull one back into the procedure (to triage) with a note for the timeline.
import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { fetchIncidents } from '../../api/incidents.ts';
import { keys } from '../../api/keys.ts';
import { useLiveUpdates } from '../../api/live.ts';
import type { BacklogTicket, Incident, ListQuery } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { IncidentAge, IncidentLink, UrgencyMark, mutedColor } from '../../components/incident-row.tsx';
import { LoadingNote, QuietState } from '../../components/quiet-state.tsx';
import { ErrorState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { allows } from '../../lib/permissions.ts';

const query: ListQuery = { status: 'backlogged', limit: 200 };

function PullBack({ incident }: { incident: Incident }) {
  const queryClient = useQueryClient();
  const pull = useMutation({
    mutationFn: () =>
      api<Incident>(`/incidents/${incident.number}/status`, {
        method: 'POST',
        body: { status: 'triage', note: 'Pulled back from the Backlog' },
      }),
    onSuccess: () => {
      notify(`#${incident.number} is back in triage`);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
    },
    onError: (err) =>
      notifications.show({
        color: 'red',
        title: 'Not pulled back',
        message: err instanceof Error ? err.message : String(err),
        closeButtonProps: { 'aria-label': 'Close notification' },
      }),
  });
  return (
    <Button
      size="xs"
      variant="light"
      loading={pull.isPending}
      onClick={() => pull.mutate()}
      aria-label={`Pull back #${incident.number} into triage`}
    >
      Pull back
    </Button>
  );
}

/** The incident's ticket in the team's tracker, linked, with its last known state. */
function Ticket({ ticket }: { ticket: BacklogTicket }) {
  const state = ticket.state === 'closed' ? ' (closed)' : ticket.state === 'open' ? ' (open)' : '';
  const label = `${ticket.tracker} ${ticket.ref}`;
  return (
    <Text size="xs" c={mutedColor}>
      Ticket:{' '}
      {ticket.url ? (
        <Anchor href={ticket.url} target="_blank" rel="noreferrer" underline="always" size="xs">
          {label}
        </Anchor>
      ) : (
        label
      )}
      {state}
    </Text>
  );
}

/** The Backlog view. */
export function BacklogPage() {
  useDocumentTitle('Backlog · Expedite');
  const me = useCurrentUser();
  const canWork = allows(me.role, 'incidents:work');
  useLiveUpdates();
  const list = useQuery({
    queryKey: keys.incidentList(query),
    queryFn: ({ signal }) => fetchIncidents(query, signal),
  });
  const tickets = useQuery({
    queryKey: keys.backlogTickets,
    queryFn: ({ signal }) => api<{ items: BacklogTicket[] }>('/backlog/tickets', { signal }),
  });
  const ticketOf = new Map(tickets.data?.items.map((t) => [t.incidentId, t]));

  let content;
  if (list.isPending) content = <LoadingNote label="Loading the Backlog" />;
  else if (!list.data) content = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0)
    content = <QuietState>The Backlog is empty: nothing is waiting for the normal backlog.</QuietState>;
  else
    content = (
      <Stack
        gap="xs"
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label="Backlog"
      >
        {list.data.items.map((i) => (
          <Card key={i.id} component="li" withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Group gap="sm" wrap="nowrap">
                <UrgencyMark urgency={i.urgency} />
                <Stack gap={0}>
                  <IncidentLink incident={i} />
                  <Text size="xs" c={mutedColor}>
                    <IncidentAge incident={i} />
                  </Text>
                  {ticketOf.has(i.id) && <Ticket ticket={ticketOf.get(i.id)!} />}
                </Stack>
              </Group>
              {canWork && <PullBack incident={i} />}
            </Group>
          </Card>
        ))}
      </Stack>
    );

  return (
    <Stack gap="md">
      <Title order={1}>Backlog</Title>
      <Text c={mutedColor}>
        Incidents decided “not an emergency”. They stay out of the open views until pulled back.{' '}
        <Anchor component={Link} to="/incidents?status=backlogged" underline="always">
          See them in the incident list
        </Anchor>
      </Text>
      {content}
    </Stack>
  );
}
