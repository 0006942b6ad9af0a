// Hours spent on the incident, with the total the resolution report needs, and logging more.
import { Button, Group, NativeSelect, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { IncidentDeviations, TimeEntry } from '../../api/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldError, formError } from '../../lib/form-errors.ts';
import classes from './room.module.css';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

function hours(h: number): string {
  return `${h.toLocaleString(undefined, { maximumFractionDigits: 2 })} h`;
}

function LogTime({ incidentRef: ref }: { incidentRef: string }) {
  const [amount, setAmount] = useState<number | string>('');
  const [what, setWhat] = useState('');
  const [debt, setDebt] = useState('');
  // Time spent bringing a temporary fix to standard counts towards its tech-debt item's budget.
  const items = useQuery({
    queryKey: keys.deviations(ref),
    queryFn: ({ signal }) => api<IncidentDeviations>(incidentPath(ref, '/deviations'), { signal }),
  }).data?.items.filter((i) => i.status === 'open' || i.status === 'in-progress');
  const [missing, setMissing] = useState<{ hours?: string; what?: string }>({});
  const log = useIncidentMutation(
    ref,
    (body: { hours: number; description: string; techDebtId?: string }) =>
      api<{ ok: true }>(incidentPath(ref, '/time'), { method: 'POST', body }),
    { success: (_r, v) => `Logged ${hours(v.hours)}` },
  );
  const fields = ['body.hours', 'body.description', 'body.techDebtId'];
  return (
    <form
      aria-label="Log time"
      onSubmit={(e) => {
        e.preventDefault();
        const h = typeof amount === 'number' ? amount : Number.NaN;
        const m = {
          hours: h > 0 ? undefined : 'Enter the hours spent, e.g. 1.5',
          what: what.trim() ? undefined : 'Say what the time was spent on',
        };
        setMissing(m);
        if (m.hours || m.what) return;
        log.mutate(
          { hours: Math.round(h * 100) / 100, description: what, ...(debt ? { techDebtId: debt } : {}) },
          {
            onSuccess: () => {
              setAmount('');
              setWhat('');
              setDebt('');
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <NumberInput
            label="Hours"
            w={96}
            min={0.01}
            max={1000}
            step={0.25}
            decimalScale={2}
            value={amount}
            onChange={(v) => {
              setAmount(v);
              setMissing((m) => ({ ...m, hours: undefined }));
            }}
            error={missing.hours ?? fieldError(log.error, 'body.hours')}
          />
          <TextInput
            label="Spent on"
            style={{ flex: 1 }}
            value={what}
            onChange={(e) => {
              setWhat(e.currentTarget.value);
              setMissing((m) => ({ ...m, what: undefined }));
            }}
            error={missing.what ?? fieldError(log.error, 'body.description')}
          />
        </Group>
        {items && items.length > 0 && (
          <NativeSelect
            label="On tech debt"
            value={debt}
            onChange={(e) => setDebt(e.currentTarget.value)}
            error={fieldError(log.error, 'body.techDebtId')}
            data={[
              { value: '', label: 'No: the incident itself' },
              ...items.map((i) => ({ value: i.id, label: i.title })),
            ]}
          />
        )}
        {formError(log.error, fields) && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {formError(log.error, fields)}
          </Text>
        )}
        <Button type="submit" variant="default" loading={log.isPending}>
          Log time
        </Button>
      </Stack>
    </form>
  );
}

/** Time entries and their total; `canWork` allows logging. */
/** The time logged on an incident. */
export function useTime(incidentRef: string) {
  return useQuery({
    queryKey: keys.time(incidentRef),
    queryFn: ({ signal }) =>
      api<{ items: TimeEntry[]; totalHours: number }>(incidentPath(incidentRef, '/time'), { signal }),
  });
}

export function TimePanel({ incidentRef, canWork }: { incidentRef: string; canWork: boolean }) {
  const time = useTime(incidentRef);
  const items = time.data?.items ?? [];
  return (
    <section aria-labelledby="time-title">
      <Title order={2} size="h4" id="time-title" mb="xs">
        Time spent{' '}
        {time.data && <span className={classes.muted}>({hours(time.data.totalHours)} in total)</span>}
      </Title>
      {time.isPending ? (
        <LoadingState label="Loading time entries" />
      ) : time.isError ? (
        <ErrorState error={time.error} onRetry={() => void time.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" className={classes.muted}>
          No time logged yet.
        </Text>
      ) : (
        <ul className={classes.list}>
          {items.map((e) => (
            <li key={e.id} className={classes.item}>
              <span>
                <strong>{hours(e.hours)}</strong> {e.description}
                {e.techDebtId && <span className={classes.muted}> (tech debt)</span>}
              </span>
              <span className={classes.muted}>{e.person.name}</span>
            </li>
          ))}
        </ul>
      )}
      {canWork && (
        <Stack mt="sm">
          <LogTime incidentRef={incidentRef} />
        </Stack>
      )}
    </section>
  );
}
