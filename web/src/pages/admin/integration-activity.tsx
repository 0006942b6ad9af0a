// What an integration has received: the deliveries it refused (when, why, and the body as it came,
// folded away) and its recent alerts with status, how often they fired and the incident they opened.
import { Anchor, Badge, Button, Code, Collapse, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Alert, Delivery } from '../../api/types.ts';
import {
  AlertStatusBadge,
  LabelBadges,
  SeverityBadge,
  SuppressedBadge,
} from '../../components/alert-badges.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { when } from '../../lib/time.ts';

const outcomeLabel: Record<Delivery['outcome'], string> = {
  accepted: 'Accepted',
  rejected: 'Refused: malformed',
  unauthorized: 'Refused: not authorised',
};

/** A refused delivery: when, why, and its body on demand. */
function RefusedDelivery({ delivery }: { delivery: Delivery }) {
  const [open, { toggle }] = useDisclosure(false);
  const bodyId = useId();
  return (
    <Stack
      gap={4}
      component="li"
      py="xs"
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <Group gap="xs" wrap="wrap">
        <Text size="sm" component="time" dateTime={delivery.receivedAt}>
          {when(delivery.receivedAt)}
        </Text>
        <Badge color={delivery.outcome === 'unauthorized' ? 'red.9' : 'orange.6'} variant="filled" tt="none">
          {outcomeLabel[delivery.outcome]}
        </Badge>
      </Group>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {delivery.error ?? 'No reason recorded'}
      </Text>
      {delivery.body !== null && (
        <>
          <Group>
            <Button
              size="compact-sm"
              variant="default"
              onClick={toggle}
              aria-expanded={open}
              aria-controls={bodyId}
            >
              {open ? 'Hide the body' : 'Show the body'}
            </Button>
          </Group>
          <Collapse expanded={open} id={bodyId}>
            <Code
              block
              tabIndex={0}
              role="region"
              aria-label={`Body received ${when(delivery.receivedAt)}`}
              style={{ maxHeight: 320, overflow: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            >
              {delivery.body}
            </Code>
          </Collapse>
        </>
      )}
    </Stack>
  );
}

/** Deliveries the integration refused, newest first. */
export function RefusedDeliveries({ integrationId }: { integrationId: string }) {
  const deliveries = useQuery({
    queryKey: keys.deliveries(integrationId),
    queryFn: async ({ signal }) =>
      (
        await api<{ items: Delivery[] }>(
          `/integrations/${encodeURIComponent(integrationId)}/deliveries?refused=true&limit=50`,
          { signal },
        )
      ).items,
  });
  const items = deliveries.data ?? [];
  return (
    <Stack gap="xs" component="section" aria-labelledby="refused-title">
      <Group justify="space-between">
        <Title order={2} size="h4" id="refused-title">
          Refused deliveries
        </Title>
        <Button
          size="compact-sm"
          variant="default"
          aria-label="Refresh refused deliveries"
          onClick={() => void deliveries.refetch()}
          loading={deliveries.isFetching}
        >
          Refresh
        </Button>
      </Group>
      {deliveries.isPending ? (
        <LoadingState label="Loading deliveries" />
      ) : deliveries.isError ? (
        <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing refused: every delivery so far was readable and authorised.
        </Text>
      ) : (
        <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {items.map((d) => (
            <RefusedDelivery key={d.id} delivery={d} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function AlertRow({ alert }: { alert: Alert }) {
  return (
    <Stack
      gap={4}
      component="li"
      py="xs"
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <Group gap="xs" wrap="wrap">
        <AlertStatusBadge status={alert.status} />
        <SeverityBadge severity={alert.severity} />
        <SuppressedBadge by={alert.suppressedBy} />
        <Text fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {alert.title}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {alert.eventCount.toLocaleString()} {alert.eventCount === 1 ? 'event' : 'events'} · last seen{' '}
        {when(alert.lastSeenAt)}
        {alert.incidentId && (
          <>
            {' · '}
            <Anchor component={Link} to={`/incidents/${alert.incidentId}`} inherit>
              Open its incident
            </Anchor>
          </>
        )}
      </Text>
      <LabelBadges labels={alert.labels} max={8} />
    </Stack>
  );
}

/** The integration's alerts, most recently seen first. */
export function IntegrationAlerts({ integrationId }: { integrationId: string }) {
  const alerts = useQuery({
    queryKey: keys.integrationAlerts(integrationId),
    queryFn: async ({ signal }) =>
      (
        await api<{ items: Alert[] }>(
          `/integrations/${encodeURIComponent(integrationId)}/alerts?status=all&limit=50`,
          {
            signal,
          },
        )
      ).items,
  });
  const items = alerts.data ?? [];
  return (
    <Stack gap="xs" component="section" aria-labelledby="alerts-title">
      <Group justify="space-between">
        <Title order={2} size="h4" id="alerts-title">
          Recent alerts
        </Title>
        <Button
          size="compact-sm"
          variant="default"
          aria-label="Refresh recent alerts"
          onClick={() => void alerts.refetch()}
          loading={alerts.isFetching}
        >
          Refresh
        </Button>
      </Group>
      {alerts.isPending ? (
        <LoadingState label="Loading alerts" />
      ) : alerts.isError ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No alerts received yet.
        </Text>
      ) : (
        <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {items.map((a) => (
            <AlertRow key={a.id} alert={a} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
