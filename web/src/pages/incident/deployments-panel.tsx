// "Fix: deployments" in the incident room: the deployments of the incident's service it saw, each
// as one line ("deployed v4.2.2 at 14:10 — rolled back at 14:18") with its link, and the
// "affects deployments" hold when set. Shown only when there is something to show.
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { IncidentDeployments } from '../../api/types.ts';
import { deploymentWords } from '../../lib/deployment-words.ts';
import { incidentPath } from './use-incident.ts';

/** The room's deployments strip. */
export function DeploymentsPanel({ incidentRef: ref }: { incidentRef: string }) {
  const query = useQuery({
    queryKey: keys.incidentDeployments(ref),
    queryFn: ({ signal }) => api<IncidentDeployments>(incidentPath(ref, '/deployments'), { signal }),
  });
  const data = query.data;
  if (!data || (data.deployments.length === 0 && !data.affectsDeployments)) return null;
  return (
    <Stack gap={4} role="group" aria-label="Fix: deployments">
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={500}>
          Fix: deployments
        </Text>
        {data.affectsDeployments && (
          <Badge color="orange" variant="dot" tt="none" c="var(--mantine-color-text)">
            Affects deployments: hold new ones
          </Badge>
        )}
      </Group>
      {data.deployments.length > 0 && (
        <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {data.deployments.map((d) => (
            <Group key={d.id} component="li" gap="xs" wrap="wrap">
              <Text size="sm" c="dimmed">
                {d.service.name} · {d.environment}
              </Text>
              <Text size="sm">{deploymentWords(d)}</Text>
              {d.url && (
                <Anchor size="sm" href={d.url} target="_blank" rel="noreferrer">
                  {`${d.service.name} ${d.version}: details`}
                </Anchor>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
