// SLA compliance for a period: per client, how many of each clock were met, breached or are still
// running for incidents that began in it, and the share met.
import { Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { SlaReportLine } from '../../api/types.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { clockLabel } from '../../lib/paging-words.ts';

const clocks = ['acknowledge', 'respond', 'resolve'] as const;

/** A date input value (local calendar) `days` from today. */
function dateInput(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** Local midnight of a date input value, as an ISO instant; null when not a date. */
function startOf(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function nextDay(value: string): string | null {
  const iso = startOf(value);
  if (!iso) return null;
  const d = new Date(iso);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/** The report section. */
export function SlaReport() {
  const [from, setFrom] = useState(() => dateInput(-30));
  const [to, setTo] = useState(() => dateInput(0));
  const fromIso = startOf(from);
  const toIso = nextDay(to);
  const valid = !!fromIso && !!toIso && fromIso < toIso;
  const report = useQuery({
    queryKey: keys.slaReport(fromIso ?? '', toIso ?? ''),
    queryFn: async ({ signal }) =>
      (
        await api<{ items: SlaReportLine[] }>(
          `/clients/sla-report?from=${encodeURIComponent(fromIso!)}&to=${encodeURIComponent(toIso!)}`,
          { signal },
        )
      ).items,
    enabled: valid,
  });
  const items = report.data ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sla-report-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3" id="sla-report-title">
            SLA compliance
          </Title>
          <Text size="sm" c="dimmed">
            For incidents that began in the period: each clock met, breached, or still running.
          </Text>
        </div>
        <SimpleGrid cols={2} spacing="sm" maw={420}>
          <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput
            type="date"
            label="To (including)"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={fromIso && toIso && !valid ? 'Must be on or after From' : undefined}
          />
        </SimpleGrid>
        {!valid ? null : report.isPending ? (
          <LoadingState label="Working out compliance" />
        ) : report.error ? (
          <ErrorState error={report.error} onRetry={() => void report.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState>No incidents for clients began in this period.</EmptyState>
        ) : (
          <Table.ScrollContainer
            minWidth={720}
            type="native"
            style={{ position: 'relative' }}
            tabIndex={0}
            role="region"
            aria-label="Compliance by client"
          >
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Client</Table.Th>
                  <Table.Th>Tier</Table.Th>
                  <Table.Th>Incidents</Table.Th>
                  {clocks.map((c) => (
                    <Table.Th key={c}>{clockLabel[c]}</Table.Th>
                  ))}
                  <Table.Th>Met</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((line) => (
                  <Table.Tr key={line.client}>
                    <Table.Td fw={500}>{line.client}</Table.Td>
                    <Table.Td>{line.tier}</Table.Td>
                    <Table.Td>{line.incidents}</Table.Td>
                    {clocks.map((c) => {
                      const n = line.clocks[c] ?? { met: 0, breached: 0, running: 0 };
                      return (
                        <Table.Td key={c}>
                          {n.met} met, {n.breached} breached
                          {n.running > 0 && `, ${n.running} running`}
                        </Table.Td>
                      );
                    })}
                    <Table.Td fw={600}>
                      {line.compliance === null ? '—' : `${Math.round(line.compliance * 100)}%`}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
