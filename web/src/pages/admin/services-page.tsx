// Services (/admin/services): each service with its owner, team, escalation policy and integrations,
// and who would be paged for it now — the one screen that connects an alert to a person.
import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCurrentUser } from '../../app/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { allows } from '../../lib/permissions.ts';
import { readableColors } from '../../lib/readable.ts';
import { ServiceChainForm } from './service-chain-form.tsx';
import { useServiceChains, type PersonReach, type ServiceChain } from '../../lib/setup-data.ts';

/** Who a service pages now, in words: names with how they are reached, or why nobody. */
export function OnCallNow({ service }: { service: ServiceChain }) {
  if (!service.pagingPolicyId)
    return (
      <Text size="sm" c="var(--mantine-color-error)">
        Pages nobody: no escalation policy (its own or its team’s).
      </Text>
    );
  const people: PersonReach[] = service.onCallNow;
  if (people.length === 0)
    return (
      <Text size="sm" c="var(--mantine-color-error)">
        Pages nobody now: its policy’s first level names nobody on call.
      </Text>
    );
  return (
    <Stack
      gap={2}
      component="ul"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      aria-label={`Paged now for ${service.name}`}
    >
      {people.map((p) => (
        <Text key={p.id} component="li" size="sm" c={p.reachable ? undefined : 'var(--mantine-color-error)'}>
          {p.name} —{' '}
          {p.reachable
            ? `by ${p.methods.map((m) => m.kind).join(', ')}`
            : 'no verified contact method: cannot be reached'}
        </Text>
      ))}
    </Stack>
  );
}

function ServiceCard({
  service,
  onEdit,
  canEdit,
}: {
  service: ServiceChain;
  onEdit: () => void;
  canEdit: boolean;
}) {
  const row = (label: string, value: React.ReactNode) => (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={120} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <div style={{ minWidth: 0 }}>{value}</div>
    </Group>
  );
  return (
    <Card withBorder padding="md" component="li" aria-labelledby={`service-${service.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4" id={`service-${service.id}`} style={{ overflowWrap: 'anywhere' }}>
            {service.name}
          </Title>
          {canEdit && (
            <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit chain of ${service.name}`}>
              Edit chain
            </Button>
          )}
        </Group>
        {row('Escalation policy', <Text size="sm">{service.escalationPolicy?.name ?? 'None'}</Text>)}
        {row('Owner', <Text size="sm">{service.owner?.name ?? 'Nobody'}</Text>)}
        {row('Team', <Text size="sm">{service.team?.name ?? 'None'}</Text>)}
        {row(
          'Integrations',
          service.integrations.length === 0 ? (
            <Text size="sm">None</Text>
          ) : (
            <Group gap={6}>
              {service.integrations.map((g) => (
                <Anchor key={g.id} component={Link} to={`/admin/integrations/${g.id}`} size="sm">
                  {g.name}
                </Anchor>
              ))}
            </Group>
          ),
        )}
        {row('Paged now', <OnCallNow service={service} />)}
      </Stack>
    </Card>
  );
}

/** The services page. */
export function ServicesPage() {
  useDocumentTitle('Services · Expedite');
  const me = useCurrentUser();
  const canEdit = allows(me.role, 'paging:manage');
  const services = useServiceChains();
  const [editing, setEditing] = useState<ServiceChain | null>(null);
  const items = services.data ?? [];
  const unrouted = items.filter((s) => !s.pagingPolicyId).length;
  return (
    <Stack gap="lg" style={readableColors}>
      <div>
        <Title order={1}>Services</Title>
        <Text c="dimmed" size="sm">
          What each service’s alerts and incidents page: its escalation policy, owner and team.
        </Text>
      </div>
      {unrouted > 0 && (
        <Badge color="red" variant="light" tt="none" c="var(--mantine-color-text)">
          {unrouted === 1 ? 'One service pages nobody' : `${unrouted} services page nobody`}
        </Badge>
      )}
      {services.isPending ? (
        <LoadingState label="Loading services" />
      ) : services.error ? (
        <ErrorState error={services.error} onRetry={() => void services.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>
          No services yet. An{' '}
          <Anchor component={Link} to="/admin/integrations">
            integration
          </Anchor>{' '}
          names the service its alerts are about; it appears here to be given an escalation policy.
        </EmptyState>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((s) => (
            <ServiceCard key={s.id} service={s} canEdit={canEdit} onEdit={() => setEditing(s)} />
          ))}
        </Stack>
      )}
      <ServiceChainForm service={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}
