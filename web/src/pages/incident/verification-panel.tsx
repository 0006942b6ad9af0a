// The Verification panel of the room: the metric that verifies the fix (a PromQL query with its
// threshold, an integration's alert rate, or the rate of the incident's alerts), the window and its progress, the state, and a
// before/after chart. Verified: it says so and offers to resolve. Responders choose the metric here.
import { Alert, Badge, Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Incident, Verification, VerificationSeries } from '../../api/types.ts';
import { LoadingState } from '../../components/states.tsx';
import { when } from '../../lib/time.ts';
import classes from './room.module.css';
import { StatusDialog } from './status-dialog.tsx';
import { incidentPath } from './use-incident.ts';
import { MetricForm } from './verification-metric-form.tsx';

const VerificationChart = lazy(() =>
  import('./verification-chart.tsx').then((m) => ({ default: m.VerificationChart })),
);

const stateWords: Record<string, { label: string; color: string }> = {
  waiting: { label: 'Waiting for the metric to be good', color: 'yellow.6' },
  good: { label: 'Good, counting the window', color: 'blue.7' },
  verified: { label: 'Verified', color: 'teal.9' },
  failed: { label: 'Failed: bad again within the window', color: 'red.9' },
  stopped: { label: 'Stopped', color: 'gray.6' },
};

/** The Verification panel of the incident room. */
export function VerificationPanel({
  incident,
  incidentRef: ref,
  canWork,
}: {
  incident: Incident;
  incidentRef: string;
  canWork: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [resolving, setResolving] = useState(false);
  const monitoring = incident.status === 'monitoring';
  const verification = useQuery({
    queryKey: keys.verification(ref),
    queryFn: ({ signal }) => api<Verification>(incidentPath(ref, '/verification'), { signal }),
    refetchInterval: monitoring ? 30_000 : false,
  });
  const v = verification.data;
  const series = useQuery({
    queryKey: keys.verificationSeries(ref),
    queryFn: ({ signal }) => api<VerificationSeries>(incidentPath(ref, '/verification/series'), { signal }),
    enabled: !!v && v.metric.kind !== 'none',
    refetchInterval: monitoring ? 30_000 : false,
  });
  if (!v || (!canWork && v.metric.kind === 'none')) return null;
  const run = v.run;
  const state = run ? stateWords[run.state] : undefined;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="verification-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="verification-title">
            Verification
          </Title>
          {state && (
            // Outlined, the text in the theme's colour: readable in both themes.
            <Badge color={state.color} variant="outline" c="var(--mantine-color-text)" tt="none">
              {state.label}
            </Badge>
          )}
        </Group>
        <Text size="sm">
          <strong>Metric:</strong> {v.metric.description} · <strong>Window:</strong> {v.windowMinutes} min
        </Text>
        {!run && (
          <Text size="sm" className={classes.muted}>
            Monitoring starts when a fix is deployed or the status moves to monitoring.
          </Text>
        )}
        {run && (
          <>
            {(run.state === 'good' || run.state === 'verified') && (
              <Progress
                value={Math.round(run.progress * 100)}
                color={run.state === 'verified' ? 'green' : 'blue'}
                aria-label={`Window: ${Math.round(run.progress * 100)}% good`}
              />
            )}
            <Text size="sm" className={classes.muted}>
              Started {when(run.startedAt)}
              {run.deploymentId ? ' after a deployment' : ''}
              {run.verifiesAt ? ` · verified at ${when(run.verifiesAt)} if it stays good` : ''}
              {run.detail ? ` · last check: ${run.detail}` : ''}
            </Text>
          </>
        )}
        {v.verified && monitoring && (
          <Alert color="green" variant="light" title="The fix is verified">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">The metric stayed good for the whole window.</Text>
              {canWork && (
                <Button size="xs" color="green" onClick={() => setResolving(true)}>
                  Resolve
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        {v.metric.kind !== 'none' && (
          <Suspense fallback={<LoadingState label="Loading the chart" />}>
            {series.data && <VerificationChart series={series.data} />}
          </Suspense>
        )}
        {canWork &&
          (editing ? (
            <MetricForm incidentRef={ref} verification={v} />
          ) : (
            <Group>
              <Button size="xs" variant="default" onClick={() => setEditing(true)}>
                {v.metric.kind === 'query' || v.metric.kind === 'integration'
                  ? 'Change the metric'
                  : 'Watch a metric'}
              </Button>
            </Group>
          ))}
      </Stack>
      <StatusDialog
        incident={incident}
        incidentRef={ref}
        opened={resolving}
        onClose={() => setResolving(false)}
        initial="resolved"
      />
    </Card>
  );
}
