// A section of the Insights page: its chart, hidden from assistive technology and out of the tab
// order, and the table of the same figures that screen readers and keyboards use.
import { Card, Stack, Table, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled section: a chart (hidden from assistive technology) and its table. */
export function Section({
  title,
  chart,
  children,
}: {
  title: string;
  chart?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {title}
        </Title>
        {chart && (
          <div aria-hidden="true" data-chart={title}>
            {chart}
          </div>
        )}
        {/* Scrolls sideways on a phone; focusable so a keyboard can scroll it too. */}
        <div tabIndex={0} role="group" aria-label={`${title}: figures`} style={{ overflowX: 'auto' }}>
          <Stack gap="sm">{children}</Stack>
        </div>
      </Stack>
    </Card>
  );
}

/** A table with a caption, a header row and its body rows. */
export function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <Table striped withTableBorder captionSide="top">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {head.map((h) => (
            <Table.Th key={h} scope="col">
              {h}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((cells, i) => (
          <Table.Tr key={i}>
            {cells.map((c, j) =>
              j === 0 ? (
                <Table.Th key={j} scope="row">
                  {c}
                </Table.Th>
              ) : (
                <Table.Td key={j}>{c}</Table.Td>
              ),
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Charts out of the tab order: the table beside each is the accessible version. */
export const quiet = { accessibilityLayer: false, tabIndex: -1 };
