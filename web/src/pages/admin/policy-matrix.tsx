// The urgency matrix: rows are who is affected (scope), columns what happens (criticality), each
// cell the urgency P1–P4. A table on wide screens; on phones one card per scope, so every select
// stays large enough to use. Each select is named by its row and column.
import { Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { UrgencyPolicy } from '../../api/types.ts';
import {
  criticalities,
  labels,
  scopes,
  urgencyColor,
  type Criticality,
  type Scope,
  type Urgency,
} from '../../lib/labels.ts';
import { urgencyOptions } from './policy-text.ts';

type Matrix = UrgencyPolicy['matrix'];

interface Props {
  matrix: Matrix;
  saved: Matrix;
  readOnly: boolean;
  onChange: (scope: Scope, criticality: Criticality, urgency: Urgency) => void;
}

function Dot({ urgency }: { urgency: Urgency }) {
  return (
    <span
      aria-hidden
      style={{
        width: 10,
        height: 10,
        borderRadius: '50%',
        background: `var(--mantine-color-${urgencyColor[urgency]!.replace('.', '-')})`,
      }}
    />
  );
}

function Cell({ s, c, labelledBy, p }: { s: Scope; c: Criticality; labelledBy: string; p: Props }) {
  const value = p.matrix[s][c];
  if (p.readOnly) {
    return (
      <Group gap={6} wrap="nowrap" aria-labelledby={labelledBy} role="group">
        <Dot urgency={value} />
        <Text fw={600} size="sm">
          {value}
        </Text>
      </Group>
    );
  }
  const changed = value !== p.saved[s][c];
  return (
    <NativeSelect
      aria-labelledby={labelledBy}
      data={urgencyOptions}
      value={value}
      onChange={(e) => p.onChange(s, c, e.currentTarget.value as Urgency)}
      leftSection={<Dot urgency={value} />}
      rightSectionPointerEvents="none"
      styles={
        changed
          ? { input: { fontWeight: 700, borderWidth: 2, borderColor: 'var(--mantine-color-indigo-6)' } }
          : undefined
      }
      miw={96}
    />
  );
}

function Heading({ id, code, text }: { id: string; code: string; text: string }) {
  return (
    <div id={id}>
      <Text fw={700} size="sm">
        {code}
      </Text>{' '}
      <Text size="xs" c="dimmed" fw={400}>
        {text}
      </Text>
    </div>
  );
}

/** The matrix, editable unless `readOnly`; cells that differ from `saved` are emphasised. */
export function PolicyMatrix(props: Props) {
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const rowId = (s: Scope) => `policy-scope-${s}`;
  const colId = (s: Scope | null, c: Criticality) => (narrow ? `policy-crit-${s}-${c}` : `policy-crit-${c}`);

  if (narrow) {
    return (
      <Stack gap="sm">
        {scopes.map((s) => (
          <Paper key={s} withBorder p="sm" role="group" aria-labelledby={rowId(s)}>
            <Heading id={rowId(s)} code={s} text={labels.scope[s]} />
            <SimpleGrid cols={1} spacing="xs" mt="xs">
              {criticalities.map((c) => (
                <div
                  key={c}
                  style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}
                >
                  <Heading id={colId(s, c)} code={c} text={labels.criticality[c]} />
                  <Cell s={s} c={c} labelledBy={`${rowId(s)} ${colId(s, c)}`} p={props} />
                </div>
              ))}
            </SimpleGrid>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={620} type="native">
      <Table withTableBorder withColumnBorders verticalSpacing="xs" layout="fixed">
        <Table.Caption>Urgency by who is affected (rows) and what happens (columns)</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w="28%">
              <Text size="xs" c="dimmed" fw={500}>
                Who is affected ↓ · What happens →
              </Text>
            </Table.Th>
            {criticalities.map((c) => (
              <Table.Th key={c} scope="col">
                <Heading id={colId(null, c)} code={c} text={labels.criticality[c]} />
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {scopes.map((s) => (
            <Table.Tr key={s}>
              <Table.Th scope="row">
                <Heading id={rowId(s)} code={s} text={labels.scope[s]} />
              </Table.Th>
              {criticalities.map((c) => (
                <Table.Td key={c}>
                  <Cell s={s} c={c} labelledBy={`${rowId(s)} ${colId(null, c)}`} p={props} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
