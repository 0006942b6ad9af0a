// Action items: what post-mortems agreed, open ones by due date, overdue flagged; mine or
// everyone's. Whoever works incidents ticks one done here.
import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { PostmortemAction } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { mutedColor } from '../../components/incident-row.tsx';
import { LoadingNote, QuietState } from '../../components/quiet-state.tsx';
import { ErrorState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { allows } from '../../lib/permissions.ts';

const kindWords: Record<PostmortemAction['kind'], string> = {
  technical: 'Technical change',
  training: 'Staff training',
  policy: 'Policy change',
};

function ActionItem({ action, canWork }: { action: PostmortemAction; canWork: boolean }) {
  const queryClient = useQueryClient();
  const done = useMutation({
    mutationFn: () =>
      api<PostmortemAction>(`/actions/${action.id}`, { method: 'PATCH', body: { status: 'done' } }),
    onSuccess: (a) => {
      notify(`Done: ${a.title}`);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
    },
    onError: (err) => notify(errorMessage(err), 'blue'),
  });
  return (
    <Card component="li" withBorder padding="sm">
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Text fw={600}>{action.title}</Text>
          {action.overdue && (
            <Badge color="red" variant="light" style={{ flexShrink: 0 }}>
              Overdue
            </Badge>
          )}
        </Group>
        <Text size="xs" c={mutedColor}>
          {kindWords[action.kind]} · {action.owner.name} · due {action.dueOn} ·{' '}
          <Anchor
            component={Link}
            to={`/incidents/${action.incident.number}#postmortem`}
            size="xs"
            underline="always"
          >
            #{action.incident.number} {action.incident.title}
          </Anchor>
        </Text>
        {canWork && (
          <Button
            size="xs"
            variant="light"
            loading={done.isPending}
            onClick={() => done.mutate()}
            aria-label={`Mark done: ${action.title}`}
            style={{ alignSelf: 'flex-start' }}
          >
            Mark done
          </Button>
        )}
      </Stack>
    </Card>
  );
}

/** The Action items view. */
export function ActionsPage() {
  useDocumentTitle('Action items · Expedite');
  const me = useCurrentUser();
  const canWork = allows(me.role, 'incidents:work');
  const [whose, setWhose] = useState<'mine' | 'all'>('mine');
  const mine = whose === 'mine';
  const list = useQuery({
    queryKey: keys.actions(mine),
    queryFn: async ({ signal }) =>
      (await api<{ items: PostmortemAction[] }>(`/actions${mine ? '?mine=true' : ''}`, { signal })).items,
  });
  let content;
  if (list.isPending) content = <LoadingNote label="Loading the action items" />;
  else if (!list.data) content = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.length === 0)
    content = <QuietState>{mine ? 'No open action items of yours.' : 'No open action items.'}</QuietState>;
  else
    content = (
      <Stack
        gap="xs"
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label="Open action items"
      >
        {list.data.map((a) => (
          <ActionItem key={a.id} action={a} canWork={canWork} />
        ))}
      </Stack>
    );
  return (
    <Stack>
      <Title order={1}>Action items</Title>
      <Text>
        What post-mortems agreed, the ones due first. The owner is reminded by email when one is due.
      </Text>
      <SegmentedControl
        aria-label="Whose action items"
        value={whose}
        onChange={(v) => setWhose(v === 'all' ? 'all' : 'mine')}
        data={[
          { value: 'mine', label: 'Mine' },
          { value: 'all', label: "Everyone's" },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {content}
    </Stack>
  );
}
