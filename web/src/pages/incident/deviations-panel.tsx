// "Fix: deviations": the incident's deviations from process (why, what is skipped, the
// justification) and the tech-debt items that bring the temporary fixes to standard, with their
// state, hours against budget, owner and due day. A deviation without its item holds off closing;
// its "Add its tech-debt item" releases the hold. Shown to readers only when there is something.
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { DebtItem, Incident, IncidentDeviations } from '../../api/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { debtStatusLabels, reasonLabels, skipLabels, spentWords } from '../../lib/tech-debt.ts';
import { DebtDialog, DeviationDialog } from './deviation-dialog.tsx';
import classes from './room.module.css';
import { incidentPath } from './use-incident.ts';

function ItemLine({ item }: { item: DebtItem }) {
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={500}>
          Tech debt: {item.title}
        </Text>
        <Badge variant="light" color={item.status === 'done' ? 'green' : 'gray'}>
          {debtStatusLabels[item.status]}
        </Badge>
        {item.overrun && (
          <Badge variant="light" color="red">
            Overrun
          </Badge>
        )}
        {item.overdue && (
          <Badge variant="light" color="orange">
            Overdue
          </Badge>
        )}
      </Group>
      <Text size="sm" className={classes.muted}>
        {spentWords(item)} · {item.owner.name} · due {item.dueOn}
      </Text>
    </Stack>
  );
}

/** The Fix: deviations panel of the incident room. */
export function DeviationsPanel({
  incident,
  incidentRef: ref,
  canWork,
}: {
  incident: Incident;
  incidentRef: string;
  canWork: boolean;
}) {
  const [dialog, setDialog] = useState<{ kind: 'deviation' } | { kind: 'debt'; deviationId?: string } | null>(
    null,
  );
  const data = useQuery({
    queryKey: keys.deviations(ref),
    queryFn: ({ signal }) => api<IncidentDeviations>(incidentPath(ref, '/deviations'), { signal }),
  });
  const d = data.data;
  if (!canWork && (!d || (d.deviations.length === 0 && d.items.length === 0))) return null;
  const close = () => setDialog(null);
  const byId = new Map((d?.items ?? []).map((i) => [i.id, i]));
  const linked = new Set((d?.deviations ?? []).map((x) => x.techDebtId));
  const loose = (d?.items ?? []).filter((i) => !linked.has(i.id));

  return (
    <Card component="section" withBorder padding="md" aria-labelledby="deviations-title">
      <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
        <Title order={2} size="h4" id="deviations-title">
          Fix: deviations
        </Title>
        {canWork && (
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'debt' })}>
              Add tech debt
            </Button>
            <Button size="xs" color="red.9" onClick={() => setDialog({ kind: 'deviation' })}>
              We are breaking process
            </Button>
          </Group>
        )}
      </Group>
      {data.isPending ? (
        <LoadingState label="Loading deviations" />
      ) : data.isError ? (
        <ErrorState error={data.error} onRetry={() => void data.refetch()} />
      ) : d!.deviations.length === 0 && loose.length === 0 ? (
        <Text size="sm" className={classes.muted}>
          No deviation from process recorded.
        </Text>
      ) : (
        <ul className={classes.list} aria-label="Deviations and tech debt">
          {d!.deviations.map((x) => {
            const item = x.techDebtId ? byId.get(x.techDebtId) : undefined;
            return (
              <li key={x.id} className={classes.item}>
                <Stack gap={4} style={{ flex: 1 }}>
                  <Text size="sm">
                    <strong>Skipped {x.skipped.map((s) => skipLabels[s] ?? s).join(', ')}</strong> because of{' '}
                    {x.reasons.map((r) => (reasonLabels[r] ?? r).toLowerCase()).join(', ')}
                  </Text>
                  <Text size="sm">{x.justification}</Text>
                  {item ? (
                    <ItemLine item={item} />
                  ) : (
                    <Group gap="xs" wrap="wrap">
                      <Badge variant="light" color="red">
                        No tech-debt item: closing is held off
                      </Badge>
                      {canWork && (
                        <Button
                          size="xs"
                          variant="light"
                          onClick={() => setDialog({ kind: 'debt', deviationId: x.id })}
                        >
                          Add its tech-debt item
                        </Button>
                      )}
                    </Group>
                  )}
                </Stack>
              </li>
            );
          })}
          {loose.map((i) => (
            <li key={i.id} className={classes.item}>
              <ItemLine item={i} />
            </li>
          ))}
        </ul>
      )}
      {d && d.items.length > 0 && (
        <Text size="sm" mt="xs">
          <Link to="/tech-debt">All tech debt</Link>
        </Text>
      )}
      {canWork && (
        <>
          <DeviationDialog
            incident={incident}
            incidentRef={ref}
            opened={dialog?.kind === 'deviation'}
            onClose={close}
          />
          <DebtDialog
            incident={incident}
            incidentRef={ref}
            opened={dialog?.kind === 'debt'}
            deviationId={dialog?.kind === 'debt' ? dialog.deviationId : undefined}
            onClose={close}
          />
        </>
      )}
    </Card>
  );
}
