// Incidents in sections by urgency — P1 first, unclassified last — so the most urgent work is on top.
import { Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import type { Incident } from '../../api/types.ts';
import { IncidentCardList, mutedColor } from '../../components/incident-row.tsx';
import { urgencies, type Urgency } from '../../lib/labels.ts';

const groupOrder: (Urgency | null)[] = [...urgencies, null];

function UrgencySection({
  urgency,
  incidents,
  now,
}: {
  urgency: Urgency | null;
  incidents: Incident[];
  now: number;
}) {
  const id = useId();
  return (
    <Stack component="section" aria-labelledby={id} gap="xs">
      <div>
        <Title order={2} size="h4" id={id}>
          {urgency ?? 'No urgency yet'}{' '}
          <Text span inherit fw={400} c={mutedColor}>
            · {incidents.length} open
          </Text>
        </Title>
        {urgency === null && (
          <Text size="sm" c={mutedColor}>
            Set who is affected and how badly to get an urgency.
          </Text>
        )}
      </div>
      <IncidentCardList incidents={incidents} now={now} />
    </Stack>
  );
}

/** Non-empty urgency groups in order P1, P2, P3, P4, then "No urgency yet". */
export function UrgencyGroups({ incidents, now }: { incidents: Incident[]; now: number }) {
  return (
    <Stack gap="lg">
      {groupOrder.map((u) => {
        const group = incidents.filter((i) => i.urgency === u);
        return group.length ? (
          <UrgencySection key={u ?? 'none'} urgency={u} incidents={group} now={now} />
        ) : null;
      })}
    </Stack>
  );
}
