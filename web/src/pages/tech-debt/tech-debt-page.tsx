// Tech debt (/tech-debt): the items that bring temporary fixes to company standards, oldest first,
// with their budget, hours spent, overrun, owner and due day; lists of open, overrun, overdue, mine
// or all; each links to its incident. People who work incidents start, finish or drop an item.
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useLiveUpdates } from '../../api/live.ts';
import type { DebtFilter, DebtItem, DebtStatus } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { mutedColor } from '../../components/incident-row.tsx';
import { LoadingNote, QuietState } from '../../components/quiet-state.tsx';
import { ErrorState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { allows } from '../../lib/permissions.ts';
import { debtHours, debtStatusLabels } from '../../lib/tech-debt.ts';

const filters: { value: DebtFilter; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'overrun', label: 'Overrun' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'mine', label: 'Mine' },
  { value: 'all', label: 'All' },
];

const empty: Record<DebtFilter, string> = {
  open: 'No open tech debt: every temporary fix is up to standard.',
  overrun: 'No item has spent more than its budget.',
  overdue: 'No item is past its due day.',
  mine: 'You own no open tech debt.',
  all: 'No tech debt has been created yet.',
};

function Change({ item }: { item: DebtItem }) {
  const queryClient = useQueryClient();
  const [dropping, setDropping] = useState(false);
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: (body: { status: DebtStatus; dropReason?: string }) =>
      api<DebtItem>(`/tech-debt/${item.id}`, { method: 'PATCH', body }),
    onSuccess: (i) => {
      notify(`${i.title}: ${debtStatusLabels[i.status].toLowerCase()}`);
      setDropping(false);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
    },
  });
  if (item.status === 'done' || item.status === 'dropped') return null;
  return (
    <Group gap="xs" wrap="wrap">
      {item.status === 'open' && (
        <Button
          size="xs"
          variant="light"
          loading={change.isPending && change.variables?.status === 'in-progress'}
          onClick={() => change.mutate({ status: 'in-progress' })}
          aria-label={`Start: ${item.title}`}
        >
          Start
        </Button>
      )}
      <Button
        size="xs"
        variant="light"
        color="green.9"
        loading={change.isPending && change.variables?.status === 'done'}
        onClick={() => change.mutate({ status: 'done' })}
        aria-label={`Mark done: ${item.title}`}
      >
        Mark done
      </Button>
      <Button
        size="xs"
        variant="default"
        onClick={() => setDropping(true)}
        aria-label={`Drop: ${item.title}`}
      >
        Drop…
      </Button>
      {!dropping && change.error && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {change.error.message}
        </Text>
      )}
      <ConfirmDialog
        opened={dropping}
        title="Drop this tech-debt item"
        confirmLabel="Drop it"
        danger
        pending={change.isPending}
        error={dropping ? change.error : null}
        onClose={() => setDropping(false)}
        onConfirm={() => change.mutate({ status: 'dropped', dropReason: reason })}
      >
        <Text size="sm">{item.title}</Text>
        <Textarea
          label="Why it is no longer worth doing"
          withAsterisk
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </ConfirmDialog>
    </Group>
  );
}

function ItemCard({ item, canWork }: { item: DebtItem; canWork: boolean }) {
  return (
    <Card component="li" withBorder padding="sm">
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Text fw={600}>{item.title}</Text>
          <Group gap={6}>
            <Badge variant="light" color={item.status === 'done' ? 'green' : 'gray'}>
              {debtStatusLabels[item.status]}
            </Badge>
            {item.overrun && (
              <Badge variant="filled" color="red.8">
                Overrun by {debtHours(item.overrunHours)}
              </Badge>
            )}
            {item.overdue && (
              <Badge variant="filled" color="orange.9">
                Overdue
              </Badge>
            )}
          </Group>
        </Group>
        <Anchor component={Link} to={`/incidents/${item.incident.number}`} size="sm" underline="always">
          #{item.incident.number} {item.incident.title}
        </Anchor>
        <Text size="sm">
          Budget {debtHours(item.budgetHours)} · spent {debtHours(item.spentHours)} · owner {item.owner.name}{' '}
          · due {item.dueOn}
        </Text>
        <Text size="xs" c={mutedColor}>
          {item.ageDays === 0
            ? 'Created today'
            : `${item.ageDays} ${item.ageDays === 1 ? 'day' : 'days'} old`}
          {item.dropReason ? ` · dropped because: ${item.dropReason}` : ''}
        </Text>
        {canWork && <Change item={item} />}
      </Stack>
    </Card>
  );
}

/** The tech-debt view. */
export function TechDebtPage() {
  useDocumentTitle('Tech debt · Expedite');
  const me = useCurrentUser();
  const canWork = allows(me.role, 'incidents:work');
  useLiveUpdates();
  const [params, setParams] = useSearchParams();
  const asked = params.get('filter');
  const filter: DebtFilter = filters.some((f) => f.value === asked) ? (asked as DebtFilter) : 'open';
  const list = useQuery({
    queryKey: keys.techDebt(filter),
    queryFn: ({ signal }) => api<{ items: DebtItem[] }>(`/tech-debt?filter=${filter}`, { signal }),
  });

  let content;
  if (list.isPending) content = <LoadingNote label="Loading tech debt" />;
  else if (!list.data) content = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0) content = <QuietState>{empty[filter]}</QuietState>;
  else
    content = (
      <Stack
        gap="xs"
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label="Tech debt"
      >
        {list.data.items.map((i) => (
          <ItemCard key={i.id} item={i} canWork={canWork} />
        ))}
      </Stack>
    );

  return (
    <Stack gap="md">
      <Title order={1}>Tech debt</Title>
      <Text c={mutedColor}>
        When process is broken to fix fast, time is budgeted to bring the temporary fix to company standards.
        Hours logged against an item count towards its budget.
      </Text>
      <SegmentedControl
        aria-label="Which items"
        data={filters}
        value={filter}
        onChange={(v) => setParams(v === 'open' ? {} : { filter: v }, { replace: true })}
        style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
      />
      {content}
    </Stack>
  );
}
