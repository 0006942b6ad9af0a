// My notifications and account (/me): where pages reach me (contact methods, each verified with a
// code), in which order (notification rules), the address of my on-call calendar feed, and where I
// am signed in (sessions, password).
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { CopyField } from '../../components/copy-field.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { readableColors } from '../../lib/readable.ts';
import { ContactMethods } from './contact-methods.tsx';
import { NotificationRules } from './notification-rules.tsx';
import { Sessions } from './sessions.tsx';

function CalendarFeed() {
  const feed = useQuery({
    queryKey: keys.onCallFeed,
    queryFn: ({ signal }) => api<{ url: string }>('/me/on-call-feed', { signal }),
    staleTime: Infinity,
  });
  const queryClient = useQueryClient();
  // A new address when the old one leaked: the old one stops at once.
  const reset = useMutation({
    mutationFn: () => api<{ url: string }>('/me/on-call-feed/reset', { method: 'POST' }),
    onSuccess: (data) => queryClient.setQueryData(keys.onCallFeed, data),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="feed-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3" id="feed-title">
            My on-call calendar
          </Title>
          <Text size="sm" c="dimmed">
            Subscribe to this address in your calendar app to see your on-call shifts. Keep it private: anyone
            with it can read your shifts.
          </Text>
        </div>
        {feed.isPending ? (
          <LoadingState label="Loading the address" />
        ) : feed.error ? (
          <ErrorState error={feed.error} onRetry={() => void feed.refetch()} />
        ) : (
          <CopyField label="Calendar feed address" value={feed.data.url} />
        )}
        <Group gap="sm">
          <Button variant="default" onClick={() => reset.mutate()} loading={reset.isPending}>
            Reset the address
          </Button>
          <Text size="sm" c="dimmed" aria-live="polite">
            {reset.isSuccess
              ? 'New address made: the old one no longer works. Subscribe again with this one.'
              : 'If the address leaked: the old one stops working.'}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The person's own notification settings at /me. */
export function MePage() {
  const me = useCurrentUser();
  return (
    <Stack gap="xl" style={readableColors}>
      <div>
        <Title order={1}>My notifications</Title>
        <Text c="dimmed" size="sm">
          How Expedite reaches you, {me.name}, when you are paged.
        </Text>
      </div>
      <ContactMethods />
      <NotificationRules />
      <CalendarFeed />
      <Sessions />
    </Stack>
  );
}
