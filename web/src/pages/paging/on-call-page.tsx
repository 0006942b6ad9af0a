// On call (/on-call): who answers pages right now on each schedule, and until when, and how many
// of its people no page can reach. Admins create schedules from here.
import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { ScheduleView, ShiftView } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { usePeople, useSchedules } from '../../lib/paging-data.ts';
import { allows } from '../../lib/permissions.ts';
import { cannotBePaged } from '../../lib/paging-words.ts';
import { readableColors } from '../../lib/readable.ts';
import { useSchedulesUnreachable } from '../../lib/setup-data.ts';
import { useNow } from '../../lib/use-now.ts';
import { dayTime, onCallUntil } from './schedule-time.ts';

const DAY = 86_400_000;

/** The shifts of a schedule over the next `days` days from a fixed `from` (one key per minute). */
export function useShifts(id: string, days: number) {
  const [range] = useState(() => {
    const from = Math.floor(Date.now() / 60_000) * 60_000;
    return { from: new Date(from).toISOString(), to: new Date(from + days * DAY).toISOString() };
  });
  return useQuery({
    queryKey: keys.shifts(id, range.from, range.to),
    queryFn: ({ signal }) =>
      api<{ onCall: string[]; shifts: ShiftView[] }>(
        `/schedules/${id}/shifts?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`,
        { signal },
      ),
  });
}

function OnCallNow({ schedule }: { schedule: ScheduleView }) {
  const people = usePeople();
  const shifts = useShifts(schedule.id, 14);
  const now = useNow(60_000);
  const zone = schedule.definition.timeZone;
  const until = new Map(onCallUntil(shifts.data?.shifts ?? [], now).map((x) => [x.userId, x.until] as const));
  if (schedule.onCallNow.length === 0) return <Text size="sm">Nobody is on call now.</Text>;
  return (
    <Stack gap={4}>
      {schedule.onCallNow.map((id) => {
        const end = until.get(id);
        return (
          <Text key={id} size="sm">
            <strong>{people.name(id)}</strong>
            {end !== undefined ? (
              <> until {dayTime(end, zone)}</>
            ) : shifts.isPending ? (
              ''
            ) : (
              ' for at least 14 days'
            )}
          </Text>
        );
      })}
    </Stack>
  );
}

/** The on-call overview at /on-call. */
export function OnCallPage() {
  const me = useCurrentUser();
  const schedules = useSchedules();
  const items = schedules.data ?? [];
  const unreachable = useSchedulesUnreachable(items.map((s) => s.id));
  return (
    <Stack gap="md" style={readableColors}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>On call</Title>
          <Text c="dimmed" size="sm">
            Who answers pages now on each schedule. Open a schedule for its next two weeks.
          </Text>
        </div>
        {allows(me.role, 'paging:manage') && (
          <Button component={Link} to="/on-call/new" leftSection={<IconCalendarPlus size={16} aria-hidden />}>
            New schedule
          </Button>
        )}
      </Group>
      {schedules.isPending ? (
        <LoadingState label="Loading schedules" />
      ) : schedules.error ? (
        <ErrorState error={schedules.error} onRetry={() => void schedules.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>
          No schedules yet.
          {allows(me.role, 'paging:manage') ? ' Create one to say who answers pages when.' : ''}
        </EmptyState>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((s) => (
            <Card key={s.id} withBorder padding="md" component="li" aria-labelledby={`schedule-${s.id}`}>
              <Stack gap="xs">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Title order={2} size="h4" id={`schedule-${s.id}`}>
                    <Anchor component={Link} to={`/on-call/${s.id}`} inherit>
                      {s.name}
                    </Anchor>
                  </Title>
                  <Group gap={6}>
                    {(unreachable.get(s.id) ?? 0) > 0 && (
                      <Badge variant="light" color="orange" tt="none" c="var(--mantine-color-text)">
                        {cannotBePaged(unreachable.get(s.id)!)}
                      </Badge>
                    )}
                    <Badge variant="light" color="gray" tt="none" c="var(--mantine-color-text)">
                      {s.definition.timeZone}
                    </Badge>
                  </Group>
                </Group>
                <OnCallNow schedule={s} />
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
