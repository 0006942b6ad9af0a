// My notifications and account (/me): where pages reach me (contact methods, each verified with a
// code), in which order (notification rules), the address of my on-call calendar feed, and where I
// am signed in (sessions, password).
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
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
