// One schedule (/on-call/:id): who is on call now, the next 14 days day by day, the overrides, and
// for admins a form to add an override (someone covers a period, for anyone or for one person).
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import type { ScheduleView } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { ReachWarning } from '../../components/reach-warning.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { usePeople, useSchedules } from '../../lib/paging-data.ts';
import { allows } from '../../lib/permissions.ts';
import { readableColors } from '../../lib/readable.ts';
import { useNow } from '../../lib/use-now.ts';
import { useShifts } from './on-call-page.tsx';
import { OverridesPanel } from './overrides-panel.tsx';
import { agendaDays, clockTime, dayTime, onCallUntil, shiftsOfDay } from './schedule-time.ts';

const DAYS = 14;

function Agenda({ schedule }: { schedule: ScheduleView }) {
  const people = usePeople();
  const shifts = useShifts(schedule.id, DAYS);
  const zone = schedule.definition.timeZone;
  const now = useNow(60_000);
  const today = new Date(now).toDateString();
  // The days change at midnight, not with every tick.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const days = useMemo(() => agendaDays(new Date(now), zone, DAYS), [zone, today]);
  const layerName = new Map(schedule.definition.layers.map((l) => [l.id, l.name] as const));
  if (shifts.isPending) return <LoadingState label="Loading shifts" />;
  if (shifts.error) return <ErrorState error={shifts.error} onRetry={() => void shifts.refetch()} />;
  const list = shifts.data.shifts;
  return (
    <Stack gap="xs" component="ol" aria-label={`Shifts of the next ${DAYS} days`} p={0} m={0}>
      {days.map((day, i) => {
        const pieces = shiftsOfDay(list, day);
        return (
          <Card key={day.date} withBorder padding="sm" component="li" aria-labelledby={`day-${day.date}`}>
            <Group gap="xs" mb={4}>
              <Title order={3} size="h5" id={`day-${day.date}`}>
                {day.label}
              </Title>
              {i === 0 && (
                <Badge size="sm" variant="light" tt="none" c="var(--mantine-color-text)">
                  Today
                </Badge>
              )}
            </Group>
            {pieces.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nobody on call.
              </Text>
            ) : (
              <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
                {pieces.map((s) => {
                  const current = s.from <= now && now < s.to;
                  return (
                    <Group key={`${s.userId}-${s.from}`} component="li" gap="xs" wrap="wrap">
                      <Text size="sm" ff="monospace" miw={110}>
                        {clockTime(s.from, zone)}–{s.to === day.end ? '24:00' : clockTime(s.to, zone)}
                      </Text>
                      <Text size="sm" fw={600}>
                        {people.name(s.userId)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {s.layerId === 'override' ? 'Override' : (layerName.get(s.layerId) ?? s.layerId)}
                      </Text>
                      {current && (
                        <Badge size="sm" color="teal.9" tt="none">
                          On call now
                        </Badge>
                      )}
                    </Group>
                  );
                })}
              </Stack>
            )}
          </Card>
        );
      })}
    </Stack>
  );
}

function NowLine({ schedule }: { schedule: ScheduleView }) {
  const people = usePeople();
  const shifts = useShifts(schedule.id, DAYS);
  const now = useNow(60_000);
  const until = new Map(onCallUntil(shifts.data?.shifts ?? [], now).map((x) => [x.userId, x.until]));
  if (schedule.onCallNow.length === 0) return <Text>Nobody is on call now.</Text>;
  return (
    <Text>
      On call now:{' '}
      {schedule.onCallNow.map((id, i) => {
        const end = until.get(id);
        return (
          <span key={id}>
            {i > 0 && ', '}
            <strong>{people.name(id)}</strong>
            {end !== undefined && ` until ${dayTime(end, schedule.definition.timeZone)}`}
          </span>
        );
      })}
    </Text>
  );
}

/** The schedule page at /on-call/:id. */
export function SchedulePage() {
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const schedules = useSchedules();
  if (schedules.isPending) return <LoadingState label="Loading the schedule" />;
  if (schedules.error) return <ErrorState error={schedules.error} onRetry={() => void schedules.refetch()} />;
  const schedule = schedules.data.find((s) => s.id === id);
  const back = (
    <Button
      component={Link}
      to="/on-call"
      variant="subtle"
      leftSection={<IconArrowLeft size={16} aria-hidden />}
    >
      All schedules
    </Button>
  );
  if (!schedule)
    return (
      <Stack align="flex-start">
        <Title order={1}>Schedule not found</Title>
        <Text>There is no such schedule. It may have been removed.</Text>
        {back}
      </Stack>
    );
  const admin = allows(me.role, 'paging:manage');
  return (
    <Stack gap="md" style={readableColors}>
      <Group justify="space-between" align="flex-end" gap="xs">
        <div>
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {schedule.name}
          </Title>
          <Text c="dimmed" size="sm">
            Times in {schedule.definition.timeZone}.
          </Text>
        </div>
        <Group gap="xs">
          {back}
          {admin && (
            <Button
              component={Link}
              to={`/on-call/${schedule.id}/edit`}
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
            >
              Edit schedule
            </Button>
          )}
        </Group>
      </Group>
      <NowLine schedule={schedule} />
      <ReachWarning targets={[{ type: 'schedule', id: schedule.id }]} what="this schedule" />
      {schedule.definition.layers.length === 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="No rotation yet">
          This schedule has no layers, so only overrides put anyone on call.
        </Alert>
      )}
      <Title order={2} size="h3">
        Next {DAYS} days
      </Title>
      {schedule.definition.layers.length === 0 && schedule.definition.overrides.length === 0 ? (
        <EmptyState>Nobody is on call on this schedule.</EmptyState>
      ) : (
        <Agenda schedule={schedule} />
      )}
      <OverridesPanel schedule={schedule} canEdit={admin} />
    </Stack>
  );
}
