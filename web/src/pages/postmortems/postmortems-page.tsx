// Post-mortems: the ones still to write (those due first, overdue flagged), then the published,
// each linking to its incident's Post-mortem panel.
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useLiveUpdates } from '../../api/live.ts';
import type { PostmortemSummary } from '../../api/types.ts';
import { mutedColor } from '../../components/incident-row.tsx';
import { LoadingNote, QuietState } from '../../components/quiet-state.tsx';
import { ErrorState } from '../../components/states.tsx';

const statusWords: Record<PostmortemSummary['status'], string> = {
  draft: 'Draft',
  'in-review': 'In review',
  published: 'Published',
};

/** The Post-mortems view. */
export function PostmortemsPage() {
  useDocumentTitle('Post-mortems · Expedite');
  useLiveUpdates();
  const list = useQuery({
    queryKey: keys.postmortems,
    queryFn: async ({ signal }) =>
      (await api<{ items: PostmortemSummary[] }>('/postmortems', { signal })).items,
  });
  let content;
  if (list.isPending) content = <LoadingNote label="Loading the post-mortems" />;
  else if (!list.data) content = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.length === 0)
    content = (
      <QuietState>
        No post-mortems yet. Resolved P1 and P2 incidents, data loss and skipped steps get one by themselves.
      </QuietState>
    );
  else
    content = (
      <Stack
        gap="xs"
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label="Post-mortems"
      >
        {list.data.map((p) => (
          <Card key={p.id} component="li" withBorder padding="sm">
            <Group justify="space-between" gap="sm">
              <Stack gap={0}>
                <Anchor component={Link} to={`/incidents/${p.incident.number}#postmortem`} fw={600}>
                  #{p.incident.number} {p.incident.title}
                </Anchor>
                <Text size="xs" c={mutedColor}>
                  Owner {p.owner.name} · due {p.dueOn} · {p.openActions} open action item
                  {p.openActions === 1 ? '' : 's'}
                </Text>
              </Stack>
              <Group gap="xs">
                {p.overdue && (
                  <Badge color="red" variant="light">
                    Overdue
                  </Badge>
                )}
                <Badge variant="light" color={p.status === 'published' ? 'green' : 'blue'}>
                  {statusWords[p.status]}
                </Badge>
              </Group>
            </Group>
          </Card>
        ))}
      </Stack>
    );
  return (
    <Stack>
      <Title order={1}>Post-mortems</Title>
      <Text>Blameless write-ups of what happened, agreed with the team and shared with management.</Text>
      {content}
    </Stack>
  );
}
