// The effect of a schedule change before it is saved: when it takes effect, who is on call now and
// the next shifts as they are and as they would be. Shifts before the change stay as they were.
import { Alert, Button, List, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { ScheduleDefinition, ShiftView } from '../../api/types.ts';
import { usePeople } from '../../lib/paging-data.ts';
import { dayTime } from './schedule-time.ts';

/** When a change to the layers takes effect. */
export type ApplyFrom = 'next-handoff' | 'now';

interface Side {
  onCallNow: string[];
  shifts: ShiftView[];
}
interface Preview {
  appliesFrom: string;
  before: Side;
  after: Side;
}

/** Asks the server what a change would do, without saving it. */
export function usePreview(id: string) {
  return useMutation({
    mutationFn: (v: { name: string; definition: ScheduleDefinition; applyFrom: ApplyFrom }) =>
      api<Preview>(`/schedules/${id}/preview`, { method: 'POST', body: v }),
  });
}

function SideList({ title, side, zone }: { title: string; side: Side; zone: string }) {
  const people = usePeople();
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {title}
      </Title>
      <Text size="sm">
        On call now: <strong>{side.onCallNow.map(people.name).join(', ') || 'nobody'}</strong>
      </Text>
      <List size="sm" spacing={2}>
        {side.shifts.slice(0, 8).map((s) => (
          <List.Item key={`${s.userId}-${s.start}`}>
            {dayTime(s.start, zone)}: {people.name(s.userId)}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** The "takes effect" choice and the preview of a change to an existing schedule. */
export function ChangePreview(props: {
  applyFrom: ApplyFrom;
  onApplyFrom: (v: ApplyFrom) => void;
  preview: ReturnType<typeof usePreview>;
  onPreview: () => void;
  zone: string;
}) {
  const { preview, zone } = props;
  return (
    <Stack gap="sm" aria-labelledby="preview-title" component="section">
      <Title order={2} size="h4" id="preview-title">
        When the change takes effect
      </Title>
      <NativeSelect
        label="Takes effect"
        description="Shifts before then stay as they were; the person on call keeps their shift until then"
        value={props.applyFrom}
        onChange={(e) => props.onApplyFrom(e.currentTarget.value as ApplyFrom)}
        data={[
          { value: 'next-handoff', label: 'At the next handoff' },
          { value: 'now', label: 'Now (may hand over the shift under way)' },
        ]}
      />
      <div>
        <Button variant="default" onClick={props.onPreview} loading={preview.isPending}>
          Preview the change
        </Button>
      </div>
      {preview.error && (
        <Alert color="red" role="alert" title="No preview">
          {preview.error.message}
        </Alert>
      )}
      {preview.data && (
        <Stack gap="xs" aria-live="polite" data-testid="schedule-preview">
          <Text size="sm">
            Takes effect <strong>{dayTime(preview.data.appliesFrom, zone)}</strong>.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <SideList title="As it is" side={preview.data.before} zone={zone} />
            <SideList title="After the change" side={preview.data.after} zone={zone} />
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
