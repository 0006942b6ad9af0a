// Incidents as a table for wide screens: one line each, scannable by column.
import { Box, Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Incident } from '../../api/types.ts';
import { DecisionBadge, StatusBadge } from '../../components/badges.tsx';
import {
  IncidentAge,
  IncidentLink,
  IncidentUrgency,
  OwnerName,
  mutedColor,
} from '../../components/incident-row.tsx';

/** A cell whose content keeps its full width (badges would otherwise be cut to "TRIA…"). */
function Tight({ children }: { children: ReactNode }) {
  return (
    <Table.Td style={{ whiteSpace: 'nowrap' }}>
      <Box w="max-content">{children}</Box>
    </Table.Td>
  );
}

/** A table of incidents; the tagline links to each incident. */
export function IncidentTable({ incidents, now }: { incidents: Incident[]; now: number }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table highlightOnHover verticalSpacing="xs">
        <caption>
          <VisuallyHidden>Incidents matching the filters</VisuallyHidden>
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">#</Table.Th>
            <Table.Th scope="col">Incident</Table.Th>
            <Table.Th scope="col">Urgency</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Decision</Table.Th>
            <Table.Th scope="col">Owner</Table.Th>
            <Table.Th scope="col">Opened</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {incidents.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td c={mutedColor}>{i.number}</Table.Td>
              <Table.Td>
                <IncidentLink incident={i} />
              </Table.Td>
              <Tight>
                <IncidentUrgency incident={i} />
              </Tight>
              <Tight>
                <StatusBadge status={i.status} />
              </Tight>
              <Tight>
                <DecisionBadge decision={i.decision} />
              </Tight>
              <Tight>
                <OwnerName incident={i} />
              </Tight>
              <Tight>
                <IncidentAge incident={i} now={now} />
              </Tight>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
