// The Deployments view (/deployments): recent deployments by service and environment, newest
// first, each in words ("deployed v4.2.2 at 14:10 — rolled back at 14:18") with who, when and its
// link. CI steps, webhooks and PagerDuty change events record them; see the README.
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Deployment } from '../../api/types.ts';
import { LoadingNote, QuietState } from '../../components/quiet-state.tsx';
import { ErrorState } from '../../components/states.tsx';
import { deploymentWords } from '../../lib/deployment-words.ts';
import { when } from '../../lib/time.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { allows } from '../../lib/permissions.ts';
import { HooksSection } from './hooks-section.tsx';

const statusColor: Record<Deployment['status'], string> = {
  started: 'blue',
  finished: 'green',
  failed: 'red',
  'rolled-back': 'orange',
};

const statusWord: Record<Deployment['status'], string> = {
  started: 'In progress',
  finished: 'Deployed',
  failed: 'Failed',
  'rolled-back': 'Rolled back',
};

/** Deployments grouped by service and environment, groups in order of their latest deployment. */
function groups(
  list: Deployment[],
): { key: string; service: string; environment: string; items: Deployment[] }[] {
  const byKey = new Map<string, { key: string; service: string; environment: string; items: Deployment[] }>();
  for (const d of list) {
    const key = `${d.service.id}|${d.environment}`;
    const group = byKey.get(key) ?? { key, service: d.service.name, environment: d.environment, items: [] };
    group.items.push(d);
    byKey.set(key, group);
  }
  return [...byKey.values()];
}

function Row({ d }: { d: Deployment }) {
  return (
    <Stack gap={2} component="li">
      <Group gap="xs" wrap="wrap">
        <Badge color={statusColor[d.status]} variant="dot" tt="none" c="var(--mantine-color-text)">
          {statusWord[d.status]}
        </Badge>
        <Text size="sm">{deploymentWords(d)}</Text>
      </Group>
      <Group gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed">
          {when(d.startedAt)}
          {d.by ? ` · by ${d.by}` : ''}
          {d.commit ? ` · commit ${d.commit.slice(0, 7)}` : ''} · from {d.source}
        </Text>
        {d.url && (
          <Anchor size="xs" href={d.url} target="_blank" rel="noreferrer">
            {`${d.version}: details`}
          </Anchor>
        )}
      </Group>
    </Stack>
  );
}

/** The Deployments page. */
export function DeploymentsPage() {
  useDocumentTitle('Deployments · Expedite');
  const me = useCurrentUser();
  const list = useQuery({
    queryKey: keys.deployments,
    queryFn: ({ signal }) => api<{ deployments: Deployment[] }>('/deployments?limit=200', { signal }),
  });

  let content;
  if (list.isPending) content = <LoadingNote label="Loading the deployments" />;
  else if (!list.data) content = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.deployments.length === 0)
    content = (
      <QuietState>
        No deployments recorded yet. A CI step runs “expedite deploy”, or a GitHub or GitLab webhook sends
        them.
      </QuietState>
    );
  else
    content = (
      <Stack gap="md">
        {groups(list.data.deployments).map((g) => (
          <Card
            key={g.key}
            withBorder
            padding="md"
            component="section"
            aria-label={`${g.service} in ${g.environment}`}
          >
            <Title order={2} size="h4" mb="xs">
              {g.service}{' '}
              <Text span c="dimmed" inherit>
                · {g.environment}
              </Text>
            </Title>
            <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {g.items.map((d) => (
                <Row key={d.id} d={d} />
              ))}
            </Stack>
          </Card>
        ))}
      </Stack>
    );

  return (
    <Stack gap="md">
      <Title order={1}>Deployments</Title>
      <Text c="dimmed" size="sm">
        Recent deployments by service and environment, newest first. Each is also noted on the timeline of the
        service’s open incidents.
      </Text>
      {content}
      {allows(me.role, 'integrations:manage') && <HooksSection />}
    </Stack>
  );
}
