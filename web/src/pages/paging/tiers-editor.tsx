// Coverage tiers and their SLA targets (minutes to acknowledge, to first response, to resolve),
// edited as a table and saved as a whole. A tier clients still use cannot be removed.
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { ClientTier } from '../../api/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { move } from '../../lib/list.ts';
import { notify } from '../../lib/notify.ts';
import { useTiers } from '../../lib/paging-data.ts';

type Num = number | string;
interface Row {
  key: string;
  name: string;
  ackMinutes: Num;
  responseMinutes: Num;
  resolveMinutes: Num;
}
const numbers = ['ackMinutes', 'responseMinutes', 'resolveMinutes'] as const;
const columnLabel: Record<(typeof numbers)[number], string> = {
  ackMinutes: 'Acknowledge within (minutes)',
  responseMinutes: 'First response within (minutes)',
  resolveMinutes: 'Resolve within (minutes)',
};
const maxOf: Record<(typeof numbers)[number], number> = {
  ackMinutes: 100_000,
  responseMinutes: 100_000,
  resolveMinutes: 1_000_000,
};

let seq = 0;
const row = (t?: ClientTier): Row => ({
  key: `tier-${++seq}`,
  name: t?.name ?? '',
  ackMinutes: t?.ackMinutes ?? 30,
  responseMinutes: t?.responseMinutes ?? 60,
  resolveMinutes: t?.resolveMinutes ?? 480,
});

function Editor({ initial }: { initial: ClientTier[] }) {
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => initial.map(row));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (items: ClientTier[]) =>
      api<{ items: ClientTier[] }>('/client-tiers', { method: 'PUT', body: { items } }),
    onSuccess: (res) => {
      notify('Tiers saved.');
      queryClient.setQueryData(keys.clientTiers, res.items);
    },
  });
  const server = fieldsOf(save.error);
  const err = (i: number, f: string) => problems[`${i}.${f}`] ?? server[`body.items.${i}.${f}`];
  const change = (i: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      const n = r.name.trim();
      if (!n) found[`${i}.name`] = 'Name the tier';
      else if (seen.has(n)) found[`${i}.name`] = 'Another tier has this name';
      seen.add(n);
      for (const f of numbers) {
        const v = Number(r[f]);
        if (r[f] === '' || !Number.isInteger(v) || v < 1 || v > maxOf[f])
          found[`${i}.${f}`] = 'Whole minutes, at least 1';
      }
    });
    if (rows.length === 0) found.items = 'Keep at least one tier';
    setProblems(found);
    if (Object.keys(found).length) return;
    save.mutate(
      rows.map((r) => ({
        name: r.name.trim(),
        ackMinutes: Number(r.ackMinutes),
        responseMinutes: Number(r.responseMinutes),
        resolveMinutes: Number(r.resolveMinutes),
      })),
    );
  };
  const general =
    problems.items ??
    generalError(save.error, (f) =>
      /^body\.items\.\d+\.(name|ackMinutes|responseMinutes|resolveMinutes)$/.test(f),
    );

  return (
    <form onSubmit={submit} noValidate aria-label="Coverage tiers">
      <Stack gap="sm">
        <Table.ScrollContainer minWidth={720} type="native" style={{ position: 'relative' }}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Tier</Table.Th>
                {numbers.map((f) => (
                  <Table.Th key={f}>{columnLabel[f]}</Table.Th>
                ))}
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => {
                const title = r.name.trim() || `tier ${i + 1}`;
                return (
                  <Table.Tr key={r.key}>
                    <Table.Td>
                      <TextInput
                        aria-label={`Name of tier ${i + 1}`}
                        maxLength={50}
                        value={r.name}
                        onChange={(e) => change(i, { name: e.currentTarget.value })}
                        error={err(i, 'name')}
                        miw={120}
                      />
                    </Table.Td>
                    {numbers.map((f) => (
                      <Table.Td key={f}>
                        <NumberInput
                          aria-label={`${columnLabel[f]} for ${title}`}
                          min={1}
                          max={maxOf[f]}
                          allowDecimal={false}
                          value={r[f]}
                          onChange={(v) => change(i, { [f]: v })}
                          error={err(i, f)}
                          miw={100}
                        />
                      </Table.Td>
                    ))}
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Move ${title} up`}
                          disabled={i === 0}
                          onClick={() => setRows((rs) => move(rs, i, -1))}
                        >
                          <IconArrowUp size={16} aria-hidden />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Move ${title} down`}
                          disabled={i === rows.length - 1}
                          onClick={() => setRows((rs) => move(rs, i, 1))}
                        >
                          <IconArrowDown size={16} aria-hidden />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${title}`}
                          onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
                        >
                          <IconX size={16} aria-hidden />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setRows((rs) => [...rs, row()])}
            disabled={rows.length >= 20}
          >
            Add tier
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save tiers
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The tiers section. */
export function TiersEditor() {
  const tiers = useTiers();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tiers-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3" id="tiers-title">
            Coverage tiers
          </Title>
          <Text size="sm" c="dimmed">
            Each client has a tier; its targets start the SLA clocks when an incident is for that client. A
            warning comes at 75% of a target.
          </Text>
        </div>
        {tiers.isPending ? (
          <LoadingState label="Loading tiers" />
        ) : tiers.error ? (
          <ErrorState error={tiers.error} onRetry={() => void tiers.refetch()} />
        ) : (
          <Editor key={JSON.stringify(tiers.data)} initial={tiers.data} />
        )}
      </Stack>
    </Paper>
  );
}
