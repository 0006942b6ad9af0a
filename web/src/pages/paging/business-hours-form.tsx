// The organisation's business hours: P3/P4 incidents page only within them (unless their policy
// says any hour). A time zone, the days, and from–to.
import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { BusinessHours } from '../../api/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { notify } from '../../lib/notify.ts';
import { timeZones, weekdays } from '../../lib/paging-words.ts';

function HoursForm({ initial }: { initial: BusinessHours }) {
  const queryClient = useQueryClient();
  const [zone, setZone] = useState(initial.timeZone);
  const [days, setDays] = useState(initial.window.days.map(String));
  const [start, setStart] = useState(initial.window.start);
  const [end, setEnd] = useState(initial.window.end === '24:00' ? '23:59' : initial.window.end);
  const [missing, setMissing] = useState<string>();
  const save = useMutation({
    mutationFn: (body: BusinessHours) => api<BusinessHours>('/business-hours', { method: 'PUT', body }),
    onSuccess: (bh) => {
      notify('Business hours saved.');
      queryClient.setQueryData(keys.businessHours, bh);
    },
  });
  const server = fieldsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(days.length ? undefined : 'Choose at least one day');
    if (!days.length) return;
    save.mutate({
      timeZone: zone,
      window: { days: days.map(Number).sort((a, b) => a - b), start, end },
    });
  };
  const general = generalError(save.error, (f) =>
    ['body.timeZone', 'body.window.days', 'body.window.start', 'body.window.end'].includes(f),
  );
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="business-hours-title"
    >
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="business-hours-title">
            Business hours
          </Title>
          <Text size="sm" c="dimmed">
            P1 and P2 incidents page at once, day or night. P3 and P4 wait for business hours unless their
            policy pages at any hour.
          </Text>
        </div>
        <NativeSelect
          label="Time zone"
          value={zone}
          onChange={(e) => setZone(e.currentTarget.value)}
          data={timeZones(zone)}
          error={server['body.timeZone']}
          maw={360}
        />
        <Checkbox.Group
          label="Days"
          value={days}
          onChange={setDays}
          error={missing ?? server['body.window.days']}
        >
          <Group gap="sm" mt={6}>
            {weekdays.map((d) => (
              <Checkbox key={d.value} value={String(d.value)} label={d.label} />
            ))}
          </Group>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 2 }} spacing="sm" maw={360}>
          <TextInput
            type="time"
            label="From"
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            error={server['body.window.start']}
          />
          <TextInput
            type="time"
            label="Until"
            value={end}
            onChange={(e) => setEnd(e.currentTarget.value)}
            error={server['body.window.end']}
          />
        </SimpleGrid>
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save business hours
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Business hours, loaded then editable. */
export function BusinessHoursForm() {
  const hours = useQuery({
    queryKey: keys.businessHours,
    queryFn: ({ signal }) => api<BusinessHours>('/business-hours', { signal }),
  });
  if (hours.isPending) return <LoadingState label="Loading business hours" />;
  if (hours.error) return <ErrorState error={hours.error} onRetry={() => void hours.refetch()} />;
  return <HoursForm initial={hours.data} />;
}
