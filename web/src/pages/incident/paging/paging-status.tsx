// Paging under the incident's header, for everyone: the escalation's state, and when a client is
// set its SLA clocks and emergency contacts; people who work incidents can notify those contacts.
import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconBellRinging } from '@tabler/icons-react';
import { useState } from 'react';
import type { Escalation, Incident } from '../../../api/types.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { usePeople } from '../../../lib/paging-data.ts';
import { allows } from '../../../lib/permissions.ts';
import { when } from '../../../lib/time.ts';
import { DialogForm } from '../dialog-form.tsx';
import { NotifyClientForm } from './notify-client-form.tsx';
import { useEscalations, useRouting, useSla } from './paging-queries.ts';
import { SlaClocks } from './sla-clocks.tsx';

const stateWords: Record<Escalation['state'], { text: string; color: string; fg: string }> = {
  active: { text: 'Paging now', color: 'red.9', fg: 'white' },
  acknowledged: { text: 'Acknowledged', color: 'teal.9', fg: 'white' },
  exhausted: { text: 'Nobody acknowledged', color: 'orange.9', fg: 'black' },
  cancelled: { text: 'Stopped', color: 'gray.7', fg: 'white' },
};

function EscalationLine({ e }: { e: Escalation }) {
  const people = usePeople();
  const look = stateWords[e.state];
  return (
    <Group gap="xs" wrap="wrap" data-testid="escalation-state">
      <Badge color={look.color} c={look.fg} tt="none" leftSection={<IconBellRinging size={12} aria-hidden />}>
        {look.text}
      </Badge>
      <Text size="sm">
        <strong>{e.policyName}</strong>: level {Math.min(e.level + 1, e.levels)} of {e.levels}
        {e.round > 0 && `, round ${e.round + 1}`}
        {e.state === 'acknowledged' && e.acknowledgedAt && (
          <>
            {' '}
            · acknowledged by {e.acknowledgedBy ? people.name(e.acknowledgedBy) : 'someone'}{' '}
            {when(e.acknowledgedAt)}
          </>
        )}
        {e.state === 'active' && <> · started {when(e.startedAt)}</>}
      </Text>
    </Group>
  );
}

/**
 * Under the incident's header: the escalation state and, when a client is set, the SLA clocks and
 * the client's emergency contacts (with "Notify client contacts" for people who work incidents).
 */
export function PagingStatus({ incident }: { incident: Incident }) {
  const ref = String(incident.number);
  const me = useCurrentUser();
  const work = allows(me.role, 'incidents:work');
  const escalations = useEscalations(ref);
  const sla = useSla(ref);
  const [notifying, setNotifying] = useState(false);
  const list = escalations.data ?? [];
  const active = list.filter((e) => e.state === 'active');
  const shown = active.length ? active : list.slice(0, 1);
  const routing = useRouting(ref, shown.length > 0);
  // The dialog stays mounted even if the client or its contacts go away meanwhile, so that the
  // refusal can still be read in it.
  const close = () => setNotifying(false);
  const dialog = work ? (
    <DialogForm title="Notify client contacts" opened={notifying} onClose={close}>
      <NotifyClientForm incident={incident} onClose={close} />
    </DialogForm>
  ) : null;
  if (!shown.length && !sla.data?.client) return dialog;
  return (
    <>
      <Stack gap="xs">
        {shown.map((e) => (
          <EscalationLine key={e.id} e={e} />
        ))}
        {shown.length > 0 && routing.data && (
          <Text size="sm" data-testid="paged-because">
            Paged because: {routing.data.because}
          </Text>
        )}
        {sla.data && <SlaClocks sla={sla.data} onNotify={work ? () => setNotifying(true) : undefined} />}
      </Stack>
      {dialog}
    </>
  );
}
